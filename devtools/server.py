"""Start a real `streamlit run app.py` for benchmarks and tests, and read its memory.

    with streamlit_server({"runner.postScriptGC": "true"}) as (port, pid):
        ...

Extra flags are passed as `--key value` on the command line, so they override
.streamlit/config.toml. The server is started the way Streamlit's own e2e suite does
(headless, a free port, no file watcher unless a flag says otherwise), polled on
/_stcore/health, and stopped by its PID.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Headless Chromium on a machine without network: without these flags it keeps trying to
# reach closed addresses (see ../shared/docs/streamlit-notes.md).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"  # a script run has ended


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _flag_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@contextlib.contextmanager
def streamlit_server(
    flags: Mapping[str, object] | None = None,
    script: str = "app.py",
    timeout: float = 90.0,
    env: Mapping[str, str] | None = None,
    cwd: str | Path | None = None,
    log_path: str | Path | None = None,
    warm: bool = True,
) -> Iterator[tuple[int, int]]:
    """`streamlit run <script>` on a free port with extra `--key value` flags.

    cwd: the app's directory (default: this repository), e.g. a copy with a code change.
    warm: normviz's app.py is started as deployed, by `python -m ui.cli` (ui/warmup.py
    first); False: by plain `streamlit run app.py`.

    Yields (port, pid); the server's log goes to log_path (kept), else to a temporary file
    (deleted), whose tail is raised if the server fails to start. The server is stopped by
    its PID (SIGTERM, then SIGKILL).
    """
    port = free_port()
    options: dict[str, object] = {
        "server.headless": True,
        "server.port": port,
        "server.address": "127.0.0.1",
        "server.fileWatcherType": "none",
        "browser.gatherUsageStats": False,
        **(flags or {}),  # e.g. server.fileWatcherType=auto, Streamlit's own default
    }
    if warm and script == "app.py" and (Path(cwd or ROOT) / "ui" / "cli.py").exists():
        command = [sys.executable, "-m", "ui.cli"]  # as deployed: warmed up before it serves
    else:
        command = [sys.executable, "-m", "streamlit", "run", script]
    for key, value in options.items():
        command += [f"--{key}", _flag_value(value)]
    if log_path is None:
        fd, log = tempfile.mkstemp(prefix="streamlit-", suffix=".log")
    else:
        log = str(log_path)
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    proc = subprocess.Popen(
        command,
        cwd=cwd or ROOT,
        stdout=fd,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, **(env or {})},
    )
    os.close(fd)
    try:
        _wait_healthy(proc, port, timeout, log)
        yield port, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if log_path is None:
            with contextlib.suppress(OSError):
                os.unlink(log)


def _tail(path: str, chars: int = 3000) -> str:
    with contextlib.suppress(OSError):
        return Path(path).read_text(errors="replace")[-chars:]
    return ""


def _wait_healthy(proc: subprocess.Popen, port: int, timeout: float, log: str) -> None:
    """Poll /_stcore/health until it answers "ok"."""
    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{port}/_stcore/health"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{_tail(log)}")
        with (
            contextlib.suppress(OSError),
            urllib.request.urlopen(url, timeout=2) as response,
        ):
            if response.read().decode().strip() == "ok":
                return
        time.sleep(0.2)
    raise TimeoutError(f"streamlit did not become healthy within {timeout} s:\n{_tail(log)}")


# ---------------------------------------------------------------------------------------
# Memory


def _children(pid: int) -> list[int]:
    """All descendants of pid (from /proc/<pid>/task/*/children, else a /proc scan)."""
    found: list[int] = []
    todo = [pid]
    while todo:
        parent = todo.pop()
        kids: set[int] = set()
        task_dir = Path(f"/proc/{parent}/task")
        with contextlib.suppress(OSError):
            for task in task_dir.iterdir():
                with contextlib.suppress(OSError):
                    kids.update(int(k) for k in (task / "children").read_text().split())
        found += sorted(kids)
        todo += sorted(kids)
    return found


def _summed_kib(pid: int, proc_file: str, field: str) -> int:
    """The KiB of `field` in /proc/<p>/<proc_file> over pid and its child processes (0 for
    a process that is gone)."""
    total = 0
    for p in (pid, *_children(pid)):
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{p}/{proc_file}").read_text().splitlines():
                if line.startswith(field):
                    total += int(line.split()[1])
                    break
    return total


def rss_kib(pid: int) -> int:
    """VmRSS of pid plus its child processes, in KiB."""
    return _summed_kib(pid, "status", "VmRSS:")


def pss_kib(pid: int) -> int:
    """Proportional set size of pid plus its child processes, in KiB: like VmRSS, but a page
    shared by n of them (torch's libraries in the server and its training workers) counts
    1/n in each, so the sum is the memory they really use together."""
    return _summed_kib(pid, "smaps_rollup", "Pss:")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of pid and its children so far, in seconds."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for p in (pid, *_children(pid)):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


@contextlib.contextmanager
def hall_server(
    replicas: int, timeout: float = 180.0, log_path: str | Path | None = None
) -> Iterator[tuple[int, int]]:
    """`python deploy/serve.py`: `replicas` servers behind nginx on loopback (nginx must be
    installed). Yields (nginx's port, the PID of serve.py, whose descendants are the replicas,
    their workers and nginx)."""
    port, first = free_port(), free_port()
    while any(not _port_free(first + i) for i in range(replicas)):
        first = free_port()
    command = [
        sys.executable,
        "deploy/serve.py",
        f"--replicas={replicas}",
        f"--port={port}",
        f"--first-replica-port={first}",
    ]
    log = str(log_path) if log_path else tempfile.mkstemp(prefix="hall-", suffix=".log")[1]
    with open(log, "w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_healthy(proc, port, timeout, log)
        yield port, proc.pid
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


@contextlib.contextmanager
def streamlit_url(timeout: float = 90.0) -> Iterator[str]:
    """streamlit_server with this repository's settings, as the base URL a browser opens."""
    with streamlit_server(timeout=timeout) as (port, _pid):
        yield f"http://127.0.0.1:{port}"
