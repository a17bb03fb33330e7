"""A lecture hall on loopback: two `streamlit run` replicas behind nginx (deploy/serve.py and
deploy/nginx.conf.template), sessions opened through nginx with the websocket client.

Skipped where nginx is not installed, unless NORMVIZ_REQUIRE_NGINX is set (CI installs nginx
and sets it: then a missing nginx fails).
"""

from __future__ import annotations

import asyncio
import io
import os
import shutil
import time
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from deploy.serve import Hall, compose_config, nginx_config
from devtools.server import free_port
from devtools.streamlit_client import Session

NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
if NGINX is None and os.environ.get("NORMVIZ_REQUIRE_NGINX"):
    raise RuntimeError("NORMVIZ_REQUIRE_NGINX is set but nginx is not installed")
pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed")
SESSIONS = 8


def get(url: str, cookie: str = "") -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=20) as reply:
            return reply.status, dict(reply.headers), reply.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def replica_cookie(headers: dict[str, str]) -> str:
    """The normviz_replica=… pair nginx set."""
    value = headers.get("Set-Cookie", "")
    assert value.startswith("normviz_replica="), headers
    return value.split(";")[0]


def replica_logs(hall: Hall) -> str:
    """The replicas' logs, for a failure's message (an error page shows no details)."""
    return "\n".join(p.read_text()[-3000:] for p in sorted(hall.work.glob("replica-*.log")))


def active_sessions(port: int) -> int:
    _, _, body = get(f"http://127.0.0.1:{port}/_stcore/metrics")
    line = next(x for x in body.decode().splitlines() if x.startswith("active_sessions"))
    return int(float(line.split()[-1]))


@pytest.fixture(scope="module")
def hall(tmp_path_factory):
    work = tmp_path_factory.mktemp("hall")
    port = free_port()
    hall = Hall(2, f"127.0.0.1:{port}", [free_port(), free_port()], work)
    # the test client sends no XSRF token (a browser takes it from Streamlit's cookie)
    hall.start(env={"STREAMLIT_SERVER_ENABLE_XSRF_PROTECTION": "false"})
    try:
        status, _, _ = get(f"http://127.0.0.1:{port}/_stcore/health")
        assert status == 200, (work / "error.log").read_text()
        yield hall, port
    finally:
        hall.stop()


def test_the_configuration_names_every_replica(tmp_path):
    text = nginx_config("127.0.0.1:8501", [8601, 8602, 8603], tmp_path)
    assert text.count("server 127.0.0.1:86") == 3 and "@" not in text
    assert "hash $normviz_replica consistent" in text


def test_composes_configuration_is_generated_from_the_template():
    shipped = (Path(__file__).parents[1] / "deploy" / "nginx.compose.conf").read_text()
    assert shipped == compose_config(), "run: python deploy/serve.py --compose-config"


def test_nginx_keeps_the_servers_metrics_private(hall):
    hall, port = hall
    assert get(f"http://127.0.0.1:{port}/_stcore/metrics")[0] == 404
    assert get(f"http://127.0.0.1:{hall.ports[0]}/_stcore/metrics")[0] == 200  # it exists


def npy(x: np.ndarray) -> bytes:
    out = io.BytesIO()
    np.save(out, x)
    return out.getvalue()


def test_sessions_through_nginx_spread_over_both_replicas_and_stay_on_theirs(hall):
    hall, port = hall
    cookies = []
    for _ in range(SESSIONS):
        status, headers, _ = get(f"http://127.0.0.1:{port}/")
        assert status == 200
        cookies.append(replica_cookie(headers))
    assert len(set(cookies)) == SESSIONS  # a new key for every new browser

    async def student(i: int, cookie: str) -> str:
        async with Session(port, cookie=cookie) as s:
            run = await s.load("Step_by_step", timeout=120)
            assert not run.exceptions, replica_logs(hall)
            # the upload's PUT is a separate request: on the other replica it would be refused
            # ("Invalid session_id"), so this only works if nginx keeps the browser on its replica
            x = np.random.default_rng(i).standard_normal((2, 3, 4, 5)).astype(np.float32)
            run = await s.upload("_w_upload_file", f"x{i}.npy", npy(x), timeout=120)
            assert not run.exceptions, replica_logs(hall)
            counts = [active_sessions(p) for p in hall.ports]
            return s.query_string, counts

    async def everyone():
        return await asyncio.gather(*(student(i, c) for i, c in enumerate(cookies)))

    results = asyncio.run(everyone())
    assert all("src=" in query for query, _ in results)  # every upload reached its session
    peak = [max(counts[k] for _, counts in results) for k in range(2)]
    assert all(n >= 1 for n in peak), peak  # both replicas served sessions


IDLE_STUDENTS = 390  # with `ulimit -n 1024` about 300 idle websockets locked everyone out;
# nginx lets one address hold 400 connections (limit_conn)


def test_the_hall_raises_the_open_files_limit_so_idle_students_lock_nobody_out(tmp_path):
    """deploy/serve.py started under a soft open-files limit of 1024 (a common default) raises
    it to the hard limit for nginx and the replicas: 390 idle websockets through nginx, and a
    new student still gets a page (390: under nginx's 400 connections per address)."""
    import resource
    import subprocess
    import sys

    from websockets.asyncio.client import connect

    from devtools.streamlit_client import SUBPROTOCOL

    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 4 * IDLE_STUDENTS:
        pytest.skip(f"the hard open-files limit ({hard}) is too low to hold {IDLE_STUDENTS}")

    def soft_1024() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (1024, hard))

    port, first = free_port(), free_port()
    root = Path(__file__).parents[1]
    log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115 - closed below
    serve = subprocess.Popen(
        [sys.executable, "deploy/serve.py", "--replicas", "1", "--port", str(port)]
        + ["--first-replica-port", str(first)],
        cwd=root,
        preexec_fn=soft_1024,  # noqa: PLW1509 - the limit of the process under test
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 180
        while "normviz: 1 replicas behind nginx" not in (tmp_path / "serve.log").read_text():
            assert serve.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            assert time.monotonic() < deadline
            time.sleep(0.5)
        raised = hard if hard != resource.RLIM_INFINITY else 1 << 20
        assert f"open files {raised};" in (tmp_path / "serve.log").read_text()

        async def idle_then_one_more() -> list[str]:
            url = f"ws://127.0.0.1:{port}/_stcore/stream"
            sockets = []
            try:
                for _ in range(IDLE_STUDENTS):
                    sockets.append(await connect(url, subprotocols=[SUBPROTOCOL]))
                async with Session(port) as s:
                    run = await s.load("Step_by_step", timeout=120)
                    return run.exceptions
            finally:
                await asyncio.gather(*(w.close() for w in sockets), return_exceptions=True)

        assert asyncio.run(idle_then_one_more()) == []
    finally:
        serve.terminate()
        serve.wait(timeout=60)
        log.close()
