"""Serve normviz to a lecture hall: several server processes behind nginx, with one command.

    python deploy/serve.py                     # one replica per core, on http://HOST:8501
    python deploy/serve.py --replicas 4 --port 80 --host 0.0.0.0

One Streamlit process runs the pages' Python on one core; replicas use the others. nginx
(Debian: `apt-get install nginx`) keeps each browser on one replica (a cookie, hashed; see
deploy/nginx.conf.template) and carries the limits a public server needs. The replicas share
the class check's rooms through one SQLite file (NORMVIZ_ROOMS_DB). The open-files limit is
raised to its hard limit first: every student holds a websocket, and with `ulimit -n 1024`
about 300 idle ones lock everyone out. Ctrl-C (or SIGTERM) stops everything.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).with_name("nginx.conf.template")


def raise_open_files() -> int:
    """The soft RLIMIT_NOFILE raised to the hard one (inherited by the servers); the new value."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        target = hard if hard != resource.RLIM_INFINITY else 1 << 20
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def nginx_config(listen: str, upstreams: list[int] | list[str], work: Path) -> str:
    """deploy/nginx.conf.template for these replicas (loopback ports, or host:port names as in
    compose.yaml), with nginx's own files under `work`."""
    servers = "\n".join(
        f"        server {u if isinstance(u, str) else f'127.0.0.1:{u}'};" for u in upstreams
    )
    values = {
        "LISTEN": listen,
        "SERVERS": servers,
        "PID_FILE": str(work / "nginx.pid"),
        "ERROR_LOG": str(work / "error.log"),
        "TEMP": str(work),
    }
    text = TEMPLATE.read_text()
    for name, value in values.items():
        text = text.replace(f"@{name}@", value)
    return text


def start_replica(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "ui.cli",  # streamlit run app.py, warmed up before it serves
        "--server.address=127.0.0.1",
        f"--server.port={port}",
        "--server.headless=true",
    ]
    with open(log, "ab") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_healthy(port: int, timeout: float = 120.0) -> None:
    """Until http://127.0.0.1:port/_stcore/health answers (a replica, or nginx before them)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the replica on port {port} did not become healthy in {timeout:g} s")


COMPOSE_REPLICAS = ["normviz-1:8501", "normviz-2:8501"]


def compose_config() -> str:
    """The template for compose.yaml's nginx container (its files under /tmp)."""
    return nginx_config("80", COMPOSE_REPLICAS, Path("/tmp"))


class Hall:
    """Replicas and nginx, started together and stopped together."""

    def __init__(self, replicas: int, listen: str, ports: list[int], work: Path) -> None:
        self.listen, self.ports, self.work = listen, ports[:replicas], work
        self.processes: list[subprocess.Popen] = []

    def start(self, env: dict[str, str] | None = None) -> None:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            raise SystemExit("nginx is not installed (Debian: apt-get install nginx)")
        env = {**os.environ, **(env or {})}
        env.setdefault("NORMVIZ_ROOMS_DB", str(self.work / "rooms.sqlite"))
        for port in self.ports:
            self.processes.append(start_replica(port, env, self.work / f"replica-{port}.log"))
        for port in self.ports:
            wait_healthy(port)
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.work / sub).mkdir(parents=True, exist_ok=True)
        conf = self.work / "nginx.conf"
        conf.write_text(nginx_config(self.listen, self.ports, self.work))
        command = [nginx, "-c", str(conf), "-p", str(self.work), "-g", "daemon off;"]
        nginx_process = subprocess.Popen(command, stderr=subprocess.STDOUT)
        self.processes.append(nginx_process)
        port = int(self.listen.rsplit(":", 1)[-1])
        try:
            wait_healthy(port, timeout=30)  # through nginx, to a replica
        except RuntimeError:
            log = self.work / "error.log"
            raise RuntimeError(
                f"nginx (exit {nginx_process.poll()}) did not answer on port {port}: "
                + (log.read_text()[-2000:] if log.exists() else "no error log")
            ) from None

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes = []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replicas", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--host", default="127.0.0.1", help="nginx's address (0.0.0.0: all)")
    parser.add_argument("--port", type=int, default=8501, help="nginx's port")
    parser.add_argument("--first-replica-port", type=int, default=8601)
    parser.add_argument(
        "--compose-config",
        action="store_true",
        help="print the nginx configuration compose.yaml uses (deploy/nginx.compose.conf)",
    )
    args = parser.parse_args(argv)
    if args.compose_config:
        print(compose_config(), end="")
        return 0
    files = raise_open_files()
    work = Path(tempfile.mkdtemp(prefix="normviz-hall-"))
    ports = [args.first_replica_port + i for i in range(args.replicas)]
    hall = Hall(args.replicas, f"{args.host}:{args.port}", ports, work)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        hall.start()
        print(
            f"normviz: {args.replicas} replicas behind nginx on http://{args.host}:{args.port} "
            f"(open files {files}; logs in {work})",
            flush=True,
        )
        while all(p.poll() is None for p in hall.processes):
            time.sleep(1)
        return 1  # a process ended on its own
    except KeyboardInterrupt:
        return 0
    finally:
        hall.stop()


if __name__ == "__main__":
    sys.exit(main())
