"""A class of 40, some of them mischievous, against one `streamlit run app.py` under a memory
limit: does the server stay up, and does everyone else still get their pages?

Each scenario starts its own server (devtools.server) with the address-space limit given
(--limit-gb, default 4: a memory cgroup of its own, as `docker run --memory 4g` sets, where
the machine lets this process make one, else RLIMIT_AS with prlimit; applied after the
warm-up, so the whole measured run is inside it), warms it up (every page; for large and
uploads, a class that is not training, every page but the two that start the training
workers, which are shut down after 3 idle minutes), drives it with the websocket client
(devtools.streamlit_client, which speaks the browser's protocol, uploads included) and prints
what a person would notice: latencies, errors, dropped sessions, the server's memory (VmRSS
of the process and its training workers, and their PSS, which counts shared pages once,
sampled every 0.25 s) and whether it survived.

    python bench/bench_abuse.py large       # 40 sessions, each on its own tensor at the
                                            #   element cap, opening the heavy pages
    python bench/bench_abuse.py uploads     # 40 sessions each uploading a ~50 MB .npy, then
                                            #   opening a page on it; and one client PUTting
                                            #   20 files to its own upload endpoint
    python bench/bench_abuse.py clearcache  # a client clears Streamlit's caches: another
                                            #   session's upload link and a finished run
    python bench/bench_abuse.py rush        # 40 students press Train with 40 different
                                            #   settings while 10 others move sliders
    python bench/bench_abuse.py rush --same # ... 40 identical settings
    (the flooding client: python bench/bench_load.py flood)

Goals on a 2-core machine (issue 16): large and uploads peak <= 2 GB and survive a 4 GB
limit with no dropped session; the rush's last 4-second run done within about 2 minutes,
the other pages' slider p95 < 500 ms, 40 identical presses train once; after clear_cache the
upload link and the stored run still work.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import io
import os
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.bench_load import ms, percentile, warm_up  # noqa: E402
from devtools.server import _children, cpu_seconds, pss_kib, rss_kib, streamlit_server  # noqa: E402
from devtools.streamlit_client import RunError, Session  # noqa: E402
from normviz.i18n import t  # noqa: E402

# the client uploads without an XSRF token (a browser sends the cookie's token)
FLAGS = {"server.enableXsrfProtection": False}
CAP_SHAPE = (32, 64, 62, 63)  # 7,999,488 elements: normviz.config.MAX_ELEMENTS is 8,000,000
WORKER_PAGES = ("Training_lab", "Pre_LN_vs_post_LN")  # their visit starts the training workers
HEAVY_PAGES = ("Sigmoid_saturation", "Step_by_step", "Reduction_axes")
UPLOAD_ELEMENTS = 6_200_000  # float64: 49.6 MB, under the 50 MB upload limit
SUCCESS = 4  # Alert.Format.SUCCESS


class Memory:
    """The server's RSS (with its workers), sampled in the background; alive or not."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.pss_peak, self.samples = pid, 0, 0, []
        self._task: asyncio.Task | None = None

    def now(self) -> int:
        return rss_kib(self.pid)

    async def _sample(self) -> None:
        while True:
            value = self.now()
            self.peak = max(self.peak, value)
            self.pss_peak = max(self.pss_peak, pss_kib(self.pid))
            self.samples.append((time.perf_counter(), value))
            await asyncio.sleep(0.25)

    def start(self) -> None:
        self._task = asyncio.create_task(self._sample())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


def mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except OSError:
        return False


def _memory_cgroup() -> Path | None:
    """This process's cgroup directory for memory (v1 "memory" or v2), if writable."""
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if "memory" in controllers.split(","):
            where = Path("/sys/fs/cgroup/memory") / path.lstrip("/")
        elif controllers == "":
            where = Path("/sys/fs/cgroup") / path.lstrip("/")
            if (
                not (where / "memory.max").exists()
                and not (where / "cgroup.subtree_control").exists()
            ):
                continue
        else:
            continue
        if where.is_dir() and os.access(where, os.W_OK):
            return where
    return None


def limit_memory(pid: int, gb: float) -> str:
    """Limit the server (and its workers) to `gb` GB: a memory cgroup of their own where this
    machine allows one (what `docker run --memory` does: resident memory, the kernel's OOM
    killer past it), else RLIMIT_AS (address space, which counts reservations that never
    become memory: torch, numba and pyarrow reserve ~2.3 GB of it before the first student).
    Returns what was applied."""
    if gb <= 0:
        return "no limit"
    limit = int(gb * 2**30)
    parent = _memory_cgroup()
    if parent is not None:
        group = parent / f"normviz-bench-{pid}"
        with contextlib.suppress(OSError):
            group.mkdir(exist_ok=True)
            knob = (
                "memory.limit_in_bytes"
                if (group / "memory.limit_in_bytes").exists()
                else "memory.max"
            )
            (group / knob).write_text(str(limit))
            for member in [pid, *_children(pid)]:
                (group / "cgroup.procs").write_text(str(member))
            return f"a memory cgroup of {gb:g} GB ({group})"
    resource.prlimit(pid, resource.RLIMIT_AS, (limit, limit))
    return f"RLIMIT_AS {gb:g} GB (no writable memory cgroup here)"


def texts(run) -> str:
    return " ".join(e.alert.body for e in run.of_kind("alert")) + " ".join(
        e.markdown.body for e in run.of_kind("markdown")
    )


def busy_text() -> str:
    return t("memory.busy", "en", seconds=0).split(" and ")[0]  # "The server is busy …"


# ---------------------------------------------------------------------------------------
# large: 40 distinct tensors at the element cap


async def _large(port: int, sessions: int, seed: int) -> dict:
    n, c, h, w = CAP_SHAPE
    latencies, errors, busy = [], [], 0
    rng = random.Random(seed)

    async def student(i: int) -> None:
        nonlocal busy
        query = f"preset=Custom&n={n}&c={c}&h={h}&w={w}&seed={1000 + i}"
        try:
            async with Session(port, query_string=query) as s:
                await asyncio.sleep(rng.uniform(0, 3))
                for page in HEAVY_PAGES:
                    run = await s.load(page, query_string=query, timeout=600)
                    latencies.append(run.latency)
                    if run.exceptions:
                        errors.append(run.exceptions[0])
                    if busy_text() in texts(run):
                        busy += 1
        except (RunError, OSError) as err:
            errors.append(f"dropped: {err}")
        except KeyError as err:
            errors.append(f"page {err} not among {[p.url_pathname for p in s.pages]}")

    await asyncio.gather(*(student(i) for i in range(sessions)))
    return {"latencies": latencies, "errors": errors, "busy": busy}


# ---------------------------------------------------------------------------------------
# uploads: 40 near-limit files, then a page on each; one client PUTting file after file


def npy_bytes(seed: int, elements: int) -> bytes:
    x = np.random.default_rng(seed).standard_normal(elements).reshape(-1, 62, 100)
    out = io.BytesIO()
    np.save(out, x)
    return out.getvalue()


async def _uploads(port: int, sessions: int, seed: int) -> dict:
    latencies, errors, shown, lost = [], [], 0, 0
    at_once = asyncio.Semaphore(8)  # the load generator's own memory: 8 files in hand at most

    async def student(i: int) -> None:
        nonlocal shown, lost
        try:
            async with Session(port) as s:
                await s.load("Step_by_step", timeout=300)
                async with at_once:
                    data = await asyncio.to_thread(npy_bytes, seed + i, UPLOAD_ELEMENTS)
                    run = await s.upload("_w_upload_file", f"acts{i}.npy", data, timeout=600)
                    del data
                latencies.append(run.latency)
                if run.exceptions:
                    errors.append(run.exceptions[0])
                run = await s.load("Sigmoid_saturation", timeout=600)
                latencies.append(run.latency)
                if "src=" in s.query_string:
                    shown += 1
                elif "not on this server" in texts(run):
                    lost += 1
                if run.exceptions:
                    errors.append(run.exceptions[0])
        except (RunError, OSError) as err:
            errors.append(f"dropped: {err}")

    await asyncio.gather(*(student(i) for i in range(sessions)))
    return {"latencies": latencies, "errors": errors, "shown": shown, "lost": lost}


async def _put_flood(port: int, files: int, memory: Memory) -> tuple[int, int]:
    data = npy_bytes(0, UPLOAD_ELEMENTS)
    async with Session(port) as s:
        await s.load(timeout=300)
        before = memory.now()
        for i in range(files):
            await s.put_file(f"junk{i}.npy", data)
        after = memory.now()
    return before, after


# ---------------------------------------------------------------------------------------
# clearcache: the stores that must survive a client's "Clear cache"


LAB_QUERY = "steps=50&lab_seed=7"


async def _finished_run(s: Session, timeout: float = 300) -> float:
    """Press Train on the lab and wait, as a browser does, until the result is on screen:
    the page's progress fragment reruns every run_every seconds (the server's auto_rerun),
    and when the job ends it reruns the whole page. Returns the seconds taken."""
    start = time.perf_counter()
    run = await s.set_widget(s.widget("train").id, True, timeout=timeout)
    while time.perf_counter() - start < timeout:
        if any(e.alert.format == SUCCESS for e in run.of_kind("alert")):
            return time.perf_counter() - start
        if not s.auto_reruns:  # no progress fragment (e.g. refused): look again at the page
            await asyncio.sleep(1.0)
            run = await s.rerun(timeout=timeout)
            continue
        fragment, interval = next(reversed(s.auto_reruns.items()))  # the latest registered
        await asyncio.sleep(interval)
        run = await s.rerun_fragment(fragment, timeout=timeout)
    raise RunError("timeout", "the run did not finish")


def cached_bytes(port: int) -> int:
    """Bytes in Streamlit's st.cache_data caches, from its /_stcore/metrics endpoint."""
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/metrics", timeout=10) as r:
        lines = r.read().decode().splitlines()
    return sum(
        int(float(line.rsplit(" ", 1)[1]))
        for line in lines
        if line.startswith("cache_memory_bytes") and "st_cache_data" in line
    )


async def _clearcache(port: int) -> dict:
    async with Session(port) as owner:
        await owner.load("Step_by_step", timeout=300)
        data = npy_bytes(1, 24_800)
        await owner.upload("_w_upload_file", "mine.npy", data)
        link = owner.query_string
        await owner.load("Training_lab", query_string=LAB_QUERY, timeout=300)
        trained = await _finished_run(owner)
    before = cached_bytes(port)
    async with Session(port) as prankster:
        await prankster.load(timeout=300)
        await prankster.clear_cache()
        await asyncio.sleep(6.0)  # /_stcore/metrics caches this family for 5 s
    cleared = cached_bytes(port)
    async with Session(port, query_string=link) as friend:
        run = await friend.load("Step_by_step", query_string=link, timeout=300)
        upload_kept = "src=" in friend.query_string and "not on this server" not in texts(run)
    async with Session(port, query_string=LAB_QUERY) as later:
        run = await later.load("Training_lab", query_string=LAB_QUERY, timeout=300)
        run_kept = any(e.alert.format == SUCCESS for e in run.of_kind("alert"))
        progress = bool(run.of_kind("progress"))
    return {
        "trained": trained,
        "cache": (before, cleared),
        "upload_kept": upload_kept,
        "run_kept": run_kept and not progress,
    }


# ---------------------------------------------------------------------------------------
# rush: 40 presses of Train within seconds, 10 others on another page


async def _rush(port: int, students: int, others: int, same: bool, seed: int) -> dict:
    from bench.bench_load import _sidebar_slider

    rng = random.Random(seed)
    done_at, slider, errors = [], [], []
    start = time.perf_counter()
    finished = asyncio.Event()

    async def student(i: int) -> None:
        query = "lab_seed=0" if same else f"lab_seed={i + 1}"
        try:
            async with Session(port, query_string=query) as s:
                await s.load("Training_lab", query_string=query, timeout=300)
                await asyncio.sleep(rng.uniform(0, 5))
                await _finished_run(s, timeout=900)
                done_at.append(time.perf_counter() - start)
        except (RunError, OSError) as err:
            errors.append(f"student: {err}")

    async def other(i: int) -> None:
        try:
            async with Session(port) as s:
                await s.load("Step_by_step", timeout=300)
                while not finished.is_set():
                    w = _sidebar_slider(s)
                    run = await s.set_widget(w.id, w.nudge(rng), timeout=300)
                    slider.append(run.latency)
                    await asyncio.sleep(rng.uniform(1.5, 2.5))
        except (RunError, OSError) as err:
            errors.append(f"other: {err}")

    async def watch() -> None:
        await asyncio.gather(*(student(i) for i in range(students)))
        finished.set()

    await asyncio.gather(watch(), *(other(i) for i in range(others)))
    return {"done_at": sorted(done_at), "slider": slider, "errors": errors}


# ---------------------------------------------------------------------------------------


def spread(values: list[float]) -> str:
    if not values:
        return "-"
    return "/".join(ms(v) for v in (percentile(values, 0.5), percentile(values, 0.95), max(values)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("scenario", choices=("large", "uploads", "clearcache", "rush"))
    parser.add_argument("--sessions", type=int, default=40)
    parser.add_argument("--others", type=int, default=10, help="rush: people on other pages")
    parser.add_argument("--same", action="store_true", help="rush: identical settings")
    parser.add_argument("--limit-gb", type=float, default=4.0, help="memory limit; 0: none")
    parser.add_argument("--put-files", type=int, default=20, help="uploads: the PUT flood")
    parser.add_argument("--memory-mb", type=str, default="", help="NORMVIZ_MEMORY_MB")
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE for the server")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--workers", action="store_true", help="large, uploads: the lab visited first (workers up)"
    )
    parser.add_argument("--log", default=None, help="keep the server's log in this file")
    args = parser.parse_args(argv)
    env = {"NORMVIZ_MEMORY_MB": args.memory_mb} if args.memory_mb else {}
    env.update(item.split("=", 1) for item in args.env)
    print(
        f"== {args.scenario}: {args.sessions} sessions"
        + "".join(f", {k}={v}" for k, v in env.items())
    )
    with streamlit_server(FLAGS, env=env, timeout=180, log_path=args.log) as (port, pid):
        # large and uploads: a class that is not training; the lab's pages would start the
        # training workers (~220 MB each, shut down after ui.jobs.WORKERS_IDLE_SECONDS idle)
        training = args.scenario in ("clearcache", "rush") or args.workers
        asyncio.run(warm_up(port, skip=() if training else WORKER_PAGES))
        print(f"   training workers: {'started' if training else 'not started'}")
        print(f"   memory limit: {limit_memory(pid, args.limit_gb)}")
        memory = Memory(pid)
        base = memory.now()
        cpu0 = cpu_seconds(pid)
        print(f"   after warm-up: {mib(base)}")

        async def measured(coro):
            memory.start()
            try:
                return await coro
            finally:
                await memory.stop()

        t0 = time.perf_counter()
        ok = True
        if args.scenario == "large":
            r = asyncio.run(measured(_large(port, args.sessions, args.seed)))
            print(
                f"   {len(r['latencies'])} page loads, p50/p95/max {spread(r['latencies'])} ms; "
                f"'busy' shown {r['busy']} times; errors {len(r['errors'])} {r['errors'][:2]}"
            )
            ok = not r["errors"]
        elif args.scenario == "uploads":
            r = asyncio.run(measured(_uploads(port, args.sessions, args.seed)))
            print(
                f"   uploads and page loads p50/p95/max {spread(r['latencies'])} ms; "
                f"{r['shown']} sessions shown their upload, {r['lost']} told it was dropped "
                f"for room; errors {len(r['errors'])} {r['errors'][:2]}"
            )
            mid = memory.now()
            before, after = asyncio.run(_put_flood(port, args.put_files, memory))
            print(
                f"   one client PUT {args.put_files} files of ~50 MB: the server's RSS went "
                f"from {mib(before)} to {mib(after)} (before the 40: {mib(mid)})"
            )
            ok = not r["errors"] and after - before < 200 * 1024
        elif args.scenario == "clearcache":
            r = asyncio.run(measured(_clearcache(port)))
            print(
                f"   a run trained in {r['trained']:.1f} s; a client's clear_cache took "
                f"st.cache_data from {r['cache'][0]:,} to {r['cache'][1]:,} bytes; after it: "
                f"the upload link works: {r['upload_kept']}; the finished run is shown "
                f"without training again: {r['run_kept']}"
            )
            ok = r["upload_kept"] and r["run_kept"]
        else:
            r = asyncio.run(measured(_rush(port, args.sessions, args.others, args.same, args.seed)))
            done = r["done_at"]
            print(
                f"   {len(done)} of {args.sessions} runs finished; first at "
                f"{done[0] if done else float('nan'):.0f} s, last at "
                f"{done[-1] if done else float('nan'):.0f} s; the others' slider p50/p95/max "
                f"{spread(r['slider'])} ms ({len(r['slider'])} moves); errors {r['errors'][:3]}"
            )
            ok = len(done) == args.sessions and not r["errors"]
        wall = time.perf_counter() - t0
        survived = alive(pid)
        print(
            f"   server: {'alive' if survived else 'DEAD'}; RSS peak {mib(memory.peak)} "
            f"(+{mib(memory.peak - base)} over the warm server; PSS peak {mib(memory.pss_peak)}), "
            f"now {mib(memory.now())}; "
            f"CPU {cpu_seconds(pid) - cpu0:.0f} s (with workers) in {wall:.0f} s"
        )
    return 0 if ok and survived else 1


if __name__ == "__main__":
    sys.exit(main())
