"""Load test: many concurrent sessions against a real `streamlit run app.py`, over the websocket.

Each simulated user is a `devtools.streamlit_client.Session`: it speaks Streamlit's browser
protocol (BackMsg.rerun_script with the full widget state, ForwardMsg back), opens a page,
discovers its sliders and other numeric widgets from the deltas (never by label), moves one a
few steps, and times the rerun from the send to the run's final `script_finished`. Every
session walks through every page (each starts at a different one): in `class` a session acts
every ~5 s (±40%), opening its next page or moving a slider, its 24 actions spread over the 9
pages; in `stress` it opens a page, moves 4 sliders, opens the next, with no pause.
Errors counted: exception elements, compile errors, page_not_found, dropped connections,
timeouts, cache misses.
On pages whose first run shows a progress bar (the training lab) only sidebar widgets are
moved, unless --all-widgets: their own widgets start training runs of many seconds.

Scenarios:

    python bench/bench_load.py class            # 40 sessions, an action every ~5 s, 120 s
    python bench/bench_load.py stress           # 12 sessions back to back, 40 s, run twice:
                                                #   Streamlit's defaults, then tuned
    python bench/bench_load.py classcheck       # the Class check: a teacher and 40 students
                                                #   answering within 10 s (see classcheck());
                                                #   with NORMVIZ_ROOMS_DB=FILE set, the rooms
                                                #   live in the SQLite file replicas share
    python bench/bench_load.py flood            # 1 session rerunning back to back beside 10
                                                #   people (ui/throttle.py's fair share)
    python bench/bench_load.py class --quick    # short smoke runs (also: stress --quick)
    python bench/bench_load.py class --sessions 150 --hall 2
                                                # a lecture hall: 2 replicas behind nginx
    python bench/bench_load.py stress --profile # + py-spy profile of the server
                                                #   (pip install py-spy)

Before measuring, each server gets a warm-up (one visit of every page) and --prime seconds
(default 20) of back-to-back reruns by 4 sessions, so that imports, numba compilations and
shared caches are paid for before, not inside, the measured run.

`class` goal: p95 < 500 ms for slider reruns and no errors on 2 cores. `stress` goal: tuned
throughput >= 3x the default one. The default run passes Streamlit's own default for every
option we tune as a CLI flag (DEFAULT_FLAGS), which overrides .streamlit/config.toml. The
tuned run passes TUNED_FLAGS (empty: the tuned settings live in .streamlit/config.toml),
plus any `--set KEY=VALUE` given (to try settings before they go into config.toml):

    python bench/bench_load.py stress --set runner.postScriptGC=false

Memory: the server's RSS (VmRSS of the process and its children) after the warm-up, at peak,
and --settle seconds (default 20) after every session closed. Streamlit keeps a closed
session for server.disconnectedSessionTTL (120 s by default) in case the tab reconnects, so
memory is not expected to return to the baseline within that time.

Other options: --sessions N, --duration S, --interval S (class), --settle S, --prime S,
--changes-per-page N, --ramp S, --seed N, --only default|tuned (stress), --all-widgets,
--profile-out PREFIX (keep py-spy's raw stacks), --app-dir DIR (run a copy of the app,
e.g. with a code change, to compare).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from devtools import class_check  # noqa: E402
from devtools.server import cpu_seconds, hall_server, rss_kib, streamlit_server  # noqa: E402
from devtools.streamlit_client import RunError, Session  # noqa: E402

# Streamlit 1.67's own default for every option this benchmark tunes (the "before"):
# - runner.postScriptGC: a full gc.collect(2) after every script run; with torch, numba and
#   plotly loaded it was ~80% of the server's Python time in the default stress run;
# - server.fileWatcherType "auto": every session watches the app's modules, and after runs
#   that imported something it re-walks all of sys.modules on the event loop (~20% of the
#   Python time, 9 s first loads under load).
DEFAULT_FLAGS: dict[str, object] = {
    "runner.postScriptGC": True,
    "server.fileWatcherType": "auto",
}
# The tuned settings live in .streamlit/config.toml; --set KEY=VALUE adds to these.
TUNED_FLAGS: dict[str, object] = {}

PRIME_SESSIONS = 4
RERUN_TIMEOUT = 60.0  # s: a rerun slower than this counts as a timeout
LOAD, CHANGE = "page load", "slider"


# ---------------------------------------------------------------------------------------
# Statistics


@dataclass
class Sample:
    what: str  # LOAD or CHANGE
    page: str
    latency: float
    finished: float  # time.monotonic()
    detail: str  # the widget moved and its new value


@dataclass
class Stats:
    samples: list[Sample] = field(default_factory=list)
    errors: collections.Counter = field(default_factory=collections.Counter)
    examples: dict[str, str] = field(default_factory=dict)
    error_alerts: int = 0  # st.error boxes: expected input errors, reported, not counted
    pages_seen: set[str] = field(default_factory=set)
    sessions: int = 0
    held: int = 0
    reconnects: int = 0
    bytes: int = 0

    def error(self, kind: str, detail: str = "") -> None:
        self.errors[kind] += 1
        self.examples.setdefault(kind, detail[:300])

    def record(self, what: str, page: str, run, detail: str = "") -> None:
        self.samples.append(Sample(what, page or "(main)", run.latency, time.monotonic(), detail))
        self.bytes += run.bytes_received
        for text in run.exceptions:
            self.error("exception", f"{what} on {page or '(main)'} {detail}: {text}")
        if run.page_not_found is not None:
            self.error("page_not_found", run.page_not_found)
        self.error_alerts += len(run.error_alerts)

    def latencies(self, what: str | None = None, until: float | None = None) -> list[float]:
        return [
            s.latency
            for s in self.samples
            if (what is None or s.what == what) and (until is None or s.finished <= until)
        ]

    @property
    def reruns(self) -> int:
        return len(self.samples)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


# ---------------------------------------------------------------------------------------
# One simulated user


@dataclass
class Plan:
    duration: float  # s, from the start of the ramp
    interval: float  # s between actions, a slider move or a page switch (0: back to back)
    actions_per_page: float  # a page switch, then slider moves, before the next page
    ramp: float  # s over which sessions connect
    all_widgets: bool
    job_pages: set[str]  # pages whose first run showed a progress bar (long jobs)


def pick_widget(session: Session, page_name: str, plan: Plan, rng: random.Random):
    """A movable numeric widget of the current page (sidebar ones on pages with long jobs)."""
    candidates = [w for w in session.widgets.values() if w.numeric and not w.disabled]
    if page_name in plan.job_pages and not plan.all_widgets:
        candidates = [w for w in candidates if w.in_sidebar]
    return rng.choice(candidates) if candidates else None


async def timed(stats: Stats, what: str, page: str, coro, detail: str = "") -> bool:
    """Await a rerun and record it; False when the session is no longer usable."""
    try:
        run = await coro
    except RunError as err:
        stats.error(err.kind, str(err))
        return False
    except (OSError, TimeoutError) as err:
        stats.error("dropped", repr(err))
        return False
    stats.record(what, page, run, detail)
    return True


async def user(index: int, port: int, plan: Plan, stats: Stats, start: float, seed: int):
    """One browser tab: connect, walk the pages, move sliders until the end of the run.

    Returns the session (still open) so that every session closes at the same time.
    """
    rng = random.Random(seed * 1000 + index)
    await asyncio.sleep(plan.ramp * index / max(1, stats.sessions))
    end = start + plan.duration
    session = Session(port)
    lost = False
    page_order: list[str] = []
    step = 0
    while time.monotonic() < end:
        if not session.connected:
            if step:  # a session that lost its connection: open a new tab
                stats.reconnects += 1
                lost = True
                await session.close()
                session = Session(port)
            try:
                await session.connect()
            except Exception as err:  # noqa: BLE001 - any failure to connect is an error
                stats.error("connect", repr(err))
                await asyncio.sleep(1.0)
                continue
            if not await timed(stats, LOAD, "", session.load(timeout=RERUN_TIMEOUT)):
                await session.close()
                continue
            names = [p.url_pathname for p in session.pages]
            page_order = names[index % len(names) :] + names[: index % len(names)]
        visit = int(step / plan.actions_per_page)
        page = page_order[visit % len(page_order)]
        is_load = step == 0 or visit != int((step - 1) / plan.actions_per_page)
        step += 1
        if plan.interval:
            think = plan.interval * rng.uniform(0.6, 1.4)
            await asyncio.sleep(min(think, max(0.0, end - time.monotonic())))
            if time.monotonic() >= end:
                break
        if is_load:
            target = None if page == "" else session.page(page)
            if await timed(stats, LOAD, page, session.load(target, timeout=RERUN_TIMEOUT)):
                stats.pages_seen.add(page or "(main)")
            else:
                await session.close()  # reconnect: a timed-out run leaves the tab unusable
            continue
        widget = pick_widget(session, page, plan, rng)
        if widget is None:
            continue
        value = widget.nudge(rng)
        detail = f"{widget.id.rpartition('-')[2]}: {widget.value} -> {value}"
        rerun = session.set_widget(widget.id, value, RERUN_TIMEOUT)
        if not await timed(stats, CHANGE, page, rerun, detail):
            await session.close()
    if session.connected and not lost:
        stats.held += 1
    return session


# ---------------------------------------------------------------------------------------
# One server run


@dataclass
class Result:
    name: str
    flags: dict[str, object]
    stats: Stats
    start: float  # time.monotonic() when the sessions started
    duration: float  # s: the planned run; reruns finishing later are stragglers
    wall: float  # s: until the last session's last rerun finished
    rss_start: int
    rss_warm: int
    rss_before: int
    rss_peak: int
    rss_after: int
    settle: float
    server_cpu: float
    client_cpu: float
    profile: str = ""
    server_errors: str = ""  # the server log's tracebacks (the page only shows a redacted one)
    others_cpu: float = 0.0  # s of CPU used by other processes on the machine meanwhile


async def warm_up(port: int, skip: tuple[str, ...] = ()) -> set[str]:
    """One visit of every page but `skip` (the teacher's own), so that imports and shared
    caches are paid for before measuring. Returns the pages whose run showed a progress bar."""
    jobs: set[str] = set()
    async with Session(port) as s:
        await s.load(timeout=300)
        for page in s.pages[1:]:
            if page.url_pathname in skip:
                continue
            run = await s.load(page, timeout=300)
            if run.of_kind("progress"):
                jobs.add(page.url_pathname)
    return jobs


async def drive(port: int, pid: int, plan: Plan, sessions: int, seed: int) -> tuple:
    stats = Stats(sessions=sessions)
    peak = rss_kib(pid)
    running = True

    async def sample() -> None:
        nonlocal peak
        while running:
            peak = max(peak, rss_kib(pid))
            await asyncio.sleep(0.5)

    sampler = asyncio.create_task(sample())
    start = time.monotonic()
    tabs = await asyncio.gather(*(user(i, port, plan, stats, start, seed) for i in range(sessions)))
    wall = time.monotonic() - start
    peak = max(peak, rss_kib(pid))
    await asyncio.gather(*(t.close() for t in tabs))
    running = False
    await sampler
    return stats, start, wall, peak


def run_server(
    name: str, flags: dict[str, object], args, sessions: int, duration: float, interval: float
) -> Result:
    print(f"\n== {name}: {sessions} sessions, {duration:g} s, flags {flags or '{} (config.toml)'}")
    fd, log = tempfile.mkstemp(prefix="streamlit-load-", suffix=".log")
    os.close(fd)
    server = (
        hall_server(args.hall, log_path=log)
        if args.hall
        else streamlit_server(flags, cwd=args.app_dir, log_path=log)
    )
    with server as (port, pid):
        rss_start = rss_kib(pid)
        job_pages = asyncio.run(warm_up(port))
        if job_pages:
            print(
                f"   pages with long jobs (only sidebar widgets moved there): {sorted(job_pages)}"
            )
        rss_warm = rss_kib(pid)
        if args.prime:
            # the same kind of walk, back to back, by a few sessions: compiles every numba
            # signature and fills the caches the measured run would otherwise pay for first
            prime = Plan(args.prime, 0.0, 3, 0.0, args.all_widgets, job_pages)
            primed = asyncio.run(drive(port, pid, prime, PRIME_SESSIONS, args.seed + 1))[0]
            print(
                f"   primed: {primed.reruns} reruns by {PRIME_SESSIONS} sessions in "
                f"{args.prime:g} s (slowest {ms(max(primed.latencies(), default=0))} ms)"
            )
        rss_before = rss_kib(pid)
        # class: a session's actions spread over the 9 pages, so that it opens every page
        # once in the run; stress: a page switch, then 4 slider moves
        per_page = max(2.0, duration / interval / 9) if interval else 5.0
        plan = Plan(
            duration=duration,
            interval=interval,
            actions_per_page=args.changes_per_page + 1 if args.changes_per_page else per_page,
            ramp=args.ramp
            if args.ramp is not None
            else (min(10.0, duration / 6) if interval else 0),
            all_widgets=args.all_widgets,
            job_pages=job_pages,
        )
        profiler = start_profile(pid, duration) if args.profile else None
        cpu0, client0, machine0 = cpu_seconds(pid), time.process_time(), machine_busy()
        stats, start, wall, peak = asyncio.run(drive(port, pid, plan, sessions, args.seed))
        server_cpu, client_cpu = cpu_seconds(pid) - cpu0, time.process_time() - client0
        others = machine_busy() - machine0 - server_cpu - client_cpu  # other processes' CPU
        keep = f"{args.profile_out}.{name}.txt" if args.profile_out else None
        profile = finish_profile(profiler, keep) if profiler else ""
        print(f"   sessions closed; waiting {args.settle:g} s for the server to release memory")
        time.sleep(args.settle)
        rss_after = rss_kib(pid)
    server_errors = last_traceback(Path(log).read_text(errors="replace"))
    os.unlink(log)
    return Result(
        name,
        flags,
        stats,
        start,
        duration,
        wall,
        rss_start,
        rss_warm,
        rss_before,
        peak,
        rss_after,
        args.settle,
        server_cpu,
        client_cpu,
        profile,
        server_errors,
        max(0.0, others),
    )


def machine_busy() -> float:
    """CPU seconds the whole machine has spent busy (all cores), from /proc/stat."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    ticks = [int(v) for v in fields]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle + iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def last_traceback(log: str, limit: int = 3) -> str:
    """How many tracebacks the server logged, and the last `limit` of them in short."""
    blocks = log.split("Traceback (most recent call last):")[1:]
    if not blocks:
        return ""
    shown = []
    for block in blocks[-limit:]:
        lines = [line for line in block.strip().splitlines() if line.strip()]
        where = [line.strip() for line in lines if line.strip().startswith("File ")][-2:]
        error = next((line for line in reversed(lines) if not line.startswith(" ")), "")
        shown.append(" / ".join([*where, error]))
    return f"{len(blocks)} traceback(s) in the server log; last: " + " || ".join(shown)


# ---------------------------------------------------------------------------------------
# Profile (py-spy, sampling the server process from outside)


def start_profile(pid: int, duration: float):
    exe = shutil.which("py-spy")
    if exe is None:
        print("   --profile: py-spy is not installed (pip install py-spy); no profile")
        return None
    fd, out = tempfile.mkstemp(prefix="pyspy-", suffix=".txt")
    os.close(fd)
    command = [
        exe,
        "record",
        "--pid",
        str(pid),
        "--duration",
        str(int(duration)),
        "--rate",
        "50",
        "--gil",  # the thread holding the GIL: what the server's Python actually spends
        "--format",
        "raw",
        "--output",
        out,
        "--nonblocking",
    ]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return proc, out


# Where a sample's time goes: the first rule that matches a frame of the stack, innermost
# frame first, names the bucket. py-spy prints frames as "func (short/path.py:line)".
OUR_CODE = re.compile(r"\((app\.py|\d+_\w+\.py|ui/|normviz/)")
BUCKETS = (
    ("post-script gc.collect (runner.postScriptGC)", re.compile(r"_on_script_finished \(")),
    ("plotly figure building (normviz/figures)", re.compile(r"\(normviz/figures/")),
    ("numeric work (normviz, numpy, torch)", re.compile(r"\((normviz|torch|numpy)/")),
    ("st.cache_data (hashing, pickled copies)", re.compile(r"runtime/caching/")),
    ("st.plotly_chart marshalling (to_json, validation)", re.compile(r"plotly_chart\.py|plotly/")),
    ("other st.* elements and widgets", re.compile(r"streamlit/(elements|delta_generator)")),
    ("app, page and ui code itself", OUR_CODE),
    ("protobuf, message hashing and queueing", re.compile(r"forward_msg|protobuf|_pb2")),
    ("script runner, session state", re.compile(r"scriptrunner|runtime/state/")),
    ("server: websocket, event loop", re.compile(r"asyncio|uvicorn|websockets|starlette")),
)


def finish_profile(profiler, keep: str | None = None) -> str:
    proc, path = profiler
    try:
        proc.wait(timeout=120)
    except subprocess.TimeoutExpired:
        proc.terminate()
        proc.wait()
    text = Path(path).read_text(errors="replace") if os.path.exists(path) else ""
    if keep:
        Path(keep).write_text(text)
    with contextlib.suppress(OSError):
        os.unlink(path)
    if not text.strip():
        err = proc.stderr.read() if proc.stderr else ""
        return f"(py-spy recorded nothing: {err.strip()[-300:]})"
    return summarize_profile(text)


def summarize_profile(raw: str, top: int = 15) -> str:
    """Collapsed stacks ("f1;f2;... count") → share by bucket and the top self frames."""
    buckets: collections.Counter = collections.Counter()
    own: collections.Counter = collections.Counter()
    ours: collections.Counter = collections.Counter()  # inclusive, our code only
    total = 0
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = stack.split(";")
        total += n
        inner_first = frames[::-1]
        for name, pattern in BUCKETS:
            if any(pattern.search(f) for f in inner_first):
                buckets[name] += n
                break
        else:
            buckets["other"] += n
        own[_short(frames[-1])] += n
        for f in {_short(f, line=False) for f in frames if OUR_CODE.search(f)}:
            ours[f] += n
    if not total:
        return "(no samples)"
    lines = [
        f"py-spy: {total} samples of the thread holding the GIL (50 Hz)",
        "  where the time goes:",
    ]
    for name, n in buckets.most_common():
        lines.append(f"    {100 * n / total:5.1f}%  {name}")
    lines.append("  top frames by own time:")
    for name, n in own.most_common(top):
        lines.append(f"    {100 * n / total:5.1f}%  {name}")
    lines.append("  our code, inclusive:")
    for name, n in ours.most_common(top):
        lines.append(f"    {100 * n / total:5.1f}%  {name}")
    return "\n".join(lines)


def _short(frame: str, line: bool = True) -> str:
    """'func (path/to/file.py:12)' → 'func (to/file.py:12)', or without ':12'."""
    name, _, where = frame.partition(" (")
    where = where.rstrip(")")
    if not line:
        where = where.rpartition(":")[0] or where
    parts = where.split("/")
    return f"{name} ({'/'.join(parts[-2:])})" if where else name


# ---------------------------------------------------------------------------------------
# Report


def mib(kib: int) -> str:
    return f"{kib / 1024:.0f}"


def ms(seconds: float) -> str:
    return "-" if seconds != seconds else f"{1000 * seconds:.0f}"


def throughput(r: Result) -> float:
    """Reruns per second that finished within the planned duration."""
    return len(r.stats.latencies(until=r.start + r.duration)) / r.duration


def spread(values: list[float]) -> str:
    return "/".join(ms(percentile(values, q)) for q in (0.5, 0.95, 1.0))


def report(results: list[Result], goal: str) -> None:
    print()
    header = (
        f"{'run':<8} {'held':>6} {'reruns':>6} {'rr/s':>6} "
        f"{'slider p50/p95/max ms':>22} {'page p50/p95/max ms':>22} {'errors':>6} "
        f"{'RSS MiB before/peak/after':>26} {'srv CPU':>7} {'ms CPU/rr':>9}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        s = r.stats
        print(
            f"{r.name:<8} {f'{s.held}/{s.sessions}':>6} {s.reruns:>6} {throughput(r):>6.2f} "
            f"{spread(s.latencies(CHANGE)):>22} {spread(s.latencies(LOAD)):>22} "
            f"{sum(s.errors.values()):>6} "
            f"{f'{mib(r.rss_before)}/{mib(r.rss_peak)}/{mib(r.rss_after)}':>26} "
            f"{100 * r.server_cpu / r.wall:>6.0f}% "
            f"{1000 * r.server_cpu / max(1, s.reruns):>9.0f}"
        )
    print(
        "held: sessions connected to the end; rr/s: reruns (slider moves and page loads) "
        "finished within the planned duration, per second; srv CPU: of one core"
    )
    for r in results:
        s = r.stats
        print(
            f"\n[{r.name}] planned {r.duration:g} s, last rerun done at {r.wall:.0f} s; "
            f"{len(s.latencies(CHANGE))} slider reruns, {len(s.latencies(LOAD))} page loads; "
            f"all reruns p50/p95/max {spread(s.latencies())} ms; "
            f"{s.bytes / max(1, s.reruns) / 1024:.0f} KiB received per rerun"
        )
        print("   by page: reruns, p50/p95/max ms")
        by_page = collections.defaultdict(list)
        for sample in s.samples:
            by_page[sample.page].append(sample.latency)
        for page, values in sorted(by_page.items()):
            print(f"     {page:<20} {len(values):>5}  {spread(values)}")
        slowest = sorted(s.samples, key=lambda x: -x.latency)[:3]
        print(
            "   slowest: "
            + "; ".join(
                f"{ms(x.latency)} ms {x.what} on {x.page} {x.detail}".strip() for x in slowest
            )
        )
        print(
            f"   errors: {dict(s.errors) or 'none'}; reconnects {s.reconnects}; "
            f"st.error boxes shown (not counted) {s.error_alerts}"
        )
        for kind, example in s.examples.items():
            print(f"     e.g. {kind}: {example}")
        if r.server_errors:
            print(f"   server log: {r.server_errors[:1500]}")
        print(
            f"   memory: {mib(r.rss_start)} MiB fresh, {mib(r.rss_warm)} MiB after warm-up, "
            f"{mib(r.rss_before)} MiB after priming (before), "
            f"{mib(r.rss_peak)} MiB peak, {mib(r.rss_after)} MiB {r.settle:g} s after all "
            f"sessions closed ({_returned(r)})"
        )
        print(
            f"   CPU: server {r.server_cpu:.1f} s "
            f"({100 * r.server_cpu / r.wall:.0f}% of one core), "
            f"load generator {r.client_cpu:.1f} s; other processes on the machine "
            f"{r.others_cpu / r.wall:.2f} cores on average "
            f"({os.cpu_count()} cores; more than ~0.3 makes the latencies noisy)"
        )
        if r.profile:
            print("   " + r.profile.replace("\n", "\n   "))
    if goal:
        print("\n" + goal)


def _returned(r: Result) -> str:
    grown = r.rss_peak - r.rss_before
    if grown <= 0:
        return "no growth"
    back = (r.rss_peak - r.rss_after) / grown
    return f"{100 * back:.0f}% of the growth released"


# ---------------------------------------------------------------------------------------
# CLI


# ---------------------------------------------------------------------------------------
# The Class check: a teacher and a class answering one question


ANSWER_WINDOW = 10.0  # s: every student answers within this window, at a random moment
STUDENT_POLL = 2.0  # s: a student's question fragment (app_pages/12: STUDENT_REFRESH)
TEACHER_POLL = 1.0  # s: the teacher's count fragment (app_pages/12: TEACHER_REFRESH)


async def _class_check(port: int, students: int, seed: int) -> dict:
    """Open a room, ask, let `students` tabs (joined first, polling as browsers do) answer
    within ANSWER_WINDOW, while the teacher's tab refreshes its count every TEACHER_POLL s.
    Returns the acknowledgement latencies, the ack times, the teacher's (finish time, count)
    samples and the errors."""
    rng = random.Random(seed)
    teacher = await class_check.open_room(port)
    await teacher.ask_momentum()
    joined = await asyncio.gather(*(class_check.join(port, teacher.code) for _ in range(students)))
    acks: list[tuple[float, float]] = []  # (ack time, latency)
    counts: list[tuple[float, int]] = []  # (teacher's screen drawn at, count shown)
    errors: collections.Counter = collections.Counter()
    start = time.perf_counter()
    end = start + ANSWER_WINDOW + 3 * TEACHER_POLL

    async def student(session: Session, at: float) -> None:
        fragment = next(iter(session.auto_reruns), "")
        answered, next_poll = False, start + rng.uniform(0, STUDENT_POLL)
        while time.perf_counter() < end:
            now = time.perf_counter()
            if not answered and now >= start + at:
                option = rng.choice(("pytorch", "keras"))
                run = await class_check.send(session, option)
                if class_check.recorded(run, option):
                    acks.append((run.finished, run.latency))
                else:
                    errors["answer not acknowledged"] += 1
                answered = True
            elif now >= next_poll and fragment:
                await session.rerun_fragment(fragment)
                next_poll = now + STUDENT_POLL
            await asyncio.sleep(0.02)

    async def teacher_screen() -> None:
        while time.perf_counter() < end:
            tick = time.perf_counter()
            run = await teacher.refresh()
            count = class_check.answered(run)
            if count is None or run.exceptions:
                errors["teacher's count missing"] += 1
            else:
                counts.append((run.finished, count))
            await asyncio.sleep(max(0.0, tick + TEACHER_POLL - time.perf_counter()))

    times = [rng.uniform(0, ANSWER_WINDOW) for _ in range(students)]
    await asyncio.gather(
        teacher_screen(), *(student(s, t) for (s, _), t in zip(joined, times, strict=True))
    )
    final = class_check.answered(await teacher.refresh())
    for s, _ in joined:
        await s.close()
    await teacher.session.close()
    return {"acks": acks, "counts": counts, "errors": errors, "final": final}


def staleness(acks: list[tuple[float, float]], counts: list[tuple[float, int]]) -> list[float]:
    """For the k-th acknowledged answer: how long until the teacher's screen showed a count of
    at least k (the screen is current when it counts every answer acknowledged so far)."""
    out = []
    for k, (acked, _) in enumerate(sorted(acks), start=1):
        shown = [at for at, count in counts if count >= k and at >= acked]
        out.append((min(shown) - acked) if shown else float("inf"))
    return out


def classcheck(args) -> int:
    students = args.sessions or (10 if args.quick else 40)
    print(f"\n== classcheck: 1 teacher, {students} students answering within {ANSWER_WINDOW:g} s")
    with streamlit_server(TUNED_FLAGS) as (port, pid):
        asyncio.run(warm_up(port))
        cpu0 = cpu_seconds(pid)
        result = asyncio.run(_class_check(port, students, args.seed))
        cpu = cpu_seconds(pid) - cpu0
    latencies = [latency for _, latency in result["acks"]]
    late = staleness(result["acks"], result["counts"])
    print(
        f"   acknowledgement: p50 {ms(percentile(latencies, 0.5))} ms, "
        f"p95 {ms(percentile(latencies, 0.95))} ms, max {ms(max(latencies, default=0))} ms "
        f"({len(latencies)} of {students} acknowledged)"
    )
    print(
        f"   teacher's screen behind an answer: p50 {ms(percentile(late, 0.5))} ms, "
        f"p95 {ms(percentile(late, 0.95))} ms, max {ms(max(late, default=0))} ms "
        f"({len(result['counts'])} refreshes, final count {result['final']})"
    )
    print(f"   server CPU {cpu:.1f} s; errors: {dict(result['errors']) or 'none'}")
    ok = (
        len(latencies) == students
        and max(latencies, default=0) <= 1.0
        and max(late, default=0) <= 2.0
        and result["final"] == students
        and not result["errors"]
    )
    print(
        f"classcheck goal (every answer acknowledged within 1 s, the teacher's screen "
        f"current within 2 s, each answer counted once): {'MET' if ok else 'NOT MET'}"
    )
    return 0 if ok else 1


# ---------------------------------------------------------------------------------------
# A flooding client beside a class (ui/throttle.py)

FLOOD_PAGE = "Step_by_step"


def _sidebar_slider(session: Session):
    return next(w for w in session.widgets.values() if w.numeric and w.in_sidebar)


async def _flood(port: int, others: int, duration: float, seed: int) -> dict:
    """One session sends reruns back to back; `others` sessions move a slider every ~2 s."""
    rng = random.Random(seed)
    end = time.perf_counter() + duration
    latencies: list[float] = []
    flooded = 0

    async def flooder() -> None:
        nonlocal flooded
        async with Session(port) as s:
            await s.load(FLOOD_PAGE)
            while time.perf_counter() < end:
                w = _sidebar_slider(s)
                await s.set_widget(w.id, w.nudge(rng), timeout=120)
                flooded += 1

    async def person(index: int) -> None:
        async with Session(port) as s:
            await s.load(FLOOD_PAGE)
            await asyncio.sleep(rng.uniform(0, 2))
            while time.perf_counter() < end:
                w = _sidebar_slider(s)
                run = await s.set_widget(w.id, w.nudge(rng), timeout=120)
                latencies.append(run.latency)
                await asyncio.sleep(rng.uniform(1.5, 2.5))

    await asyncio.gather(flooder(), *(person(i) for i in range(others)))
    return {"latencies": latencies, "flooded": flooded}


def flood(args) -> int:
    others = args.sessions or 10
    duration = args.duration or 30.0
    print(f"\n== flood: 1 session rerunning back to back beside {others} people, {duration:g} s")
    with streamlit_server(TUNED_FLAGS) as (port, _pid):
        asyncio.run(warm_up(port))
        result = asyncio.run(_flood(port, others, duration, args.seed))
    lat = result["latencies"]
    p95 = percentile(lat, 0.95)
    print(
        f"   the others: {len(lat)} slider reruns, p50 {ms(percentile(lat, 0.5))} ms, "
        f"p95 {ms(p95)} ms, max {ms(max(lat, default=0))} ms; the flooder: "
        f"{result['flooded']} reruns ({result['flooded'] / duration:.1f}/s)"
    )
    ok = bool(lat) and p95 < 1.0
    print(f"flood goal (the others' slider p95 < 1 s): {'MET' if ok else 'NOT MET'}")
    return 0 if ok else 1


def parse_set(items: list[str]) -> dict[str, str]:
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise SystemExit(f"--set wants KEY=VALUE, got {item!r}")
        out[key.strip()] = value.strip()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("scenario", choices=("class", "stress", "classcheck", "flood"))
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    parser.add_argument("--sessions", type=int, help="class 40, stress 12")
    parser.add_argument("--duration", type=float, help="seconds: class 120, stress 40")
    parser.add_argument(
        "--interval", type=float, default=5.0, help="class: s between a session's actions"
    )
    parser.add_argument("--changes-per-page", type=int, help="slider moves before a page switch")
    parser.add_argument("--ramp", type=float, help="s over which sessions connect")
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="extra flag for the tuned run (and the class run)",
    )
    parser.add_argument(
        "--prime", type=float, help="s of back-to-back reruns before measuring (default 20)"
    )
    parser.add_argument("--settle", type=float, help="s to wait after closing (default 20)")
    parser.add_argument("--profile", action="store_true", help="py-spy the server")
    parser.add_argument(
        "--profile-out", metavar="PREFIX", help="keep py-spy's raw stacks in PREFIX.<run>.txt"
    )
    parser.add_argument(
        "--all-widgets",
        action="store_true",
        help="also move widgets of pages that start long jobs (training)",
    )
    parser.add_argument("--only", choices=("default", "tuned"), help="stress: one of the two")
    parser.add_argument(
        "--hall",
        type=int,
        default=0,
        help="N replicas behind nginx (deploy/serve.py) instead of one streamlit run",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--app-dir", help="run the app from this directory (e.g. a copy with a code change)"
    )
    args = parser.parse_args(argv)
    tuned = {**TUNED_FLAGS, **parse_set(args.set)}
    if args.settle is None:
        args.settle = 5.0 if args.quick else 20.0
    if args.prime is None:
        args.prime = 5.0 if args.quick else 20.0

    if args.scenario == "classcheck":
        return classcheck(args)
    if args.scenario == "flood":
        return flood(args)
    if args.scenario == "class":
        sessions = args.sessions or (8 if args.quick else 40)
        duration = args.duration or (20.0 if args.quick else 120.0)
        name = f"class, {args.hall} replicas behind nginx" if args.hall else "class"
        result = run_server(name, tuned, args, sessions, duration, args.interval)
        s = result.stats
        p95 = percentile(s.latencies(CHANGE), 0.95)
        ok = p95 < 0.5 and not s.errors and s.held == s.sessions
        report(
            [result],
            f"class goal (slider p95 < 500 ms, no errors, all sessions held): "
            f"{'MET' if ok else 'NOT MET'} (p95 {ms(p95)} ms, {sum(s.errors.values())} errors, "
            f"{s.held}/{s.sessions} held)",
        )
        return 0 if ok else 1

    sessions = args.sessions or (4 if args.quick else 12)
    duration = args.duration or (10.0 if args.quick else 40.0)
    results = []
    if args.only in (None, "default"):
        results.append(run_server("default", DEFAULT_FLAGS, args, sessions, duration, 0.0))
    if args.only in (None, "tuned"):
        results.append(run_server("tuned", tuned, args, sessions, duration, 0.0))
    goal = ""
    if len(results) == 2:
        rate = [throughput(r) for r in results]
        ratio = rate[1] / rate[0] if rate[0] else float("inf")
        cpu = [1000 * r.server_cpu / max(1, r.stats.reruns) for r in results]
        goal = (
            f"stress: tuned {rate[1]:.2f} reruns/s vs default {rate[0]:.2f} reruns/s = "
            f"{ratio:.2f}x (goal >= 3x: {'MET' if ratio >= 3 else 'NOT MET'}); server CPU per "
            f"rerun {cpu[0]:.0f} -> {cpu[1]:.0f} ms"
        )
    report(results, goal)
    return 0


if __name__ == "__main__":
    sys.exit(main())
