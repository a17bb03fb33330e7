"""Per page of the classroom app: how long a rerun takes on the server and how much it sends.

Two tensors: the default (the 2×2×2×2 worked example) and 32×64×56×56 (the size of an early
ResNet activation, `?n=32&c=64&h=56&w=56&preset=Standard+normal`). Changes a teacher
makes: switch the method BN → LN (the tensor stays cached, the normalization is new),
N + 1 (a new tensor), and on the pages with controls of their own one step of the main one
("page control": the PyTorch momentum, the sampled batches, the upstream gradient, p). For each:

- server: the median time of the rerun that follows the change under AppTest, timed inside
  the script runner (widget callbacks plus the page script; caches cleared, then one
  warm-up run, so the tensor is cached for the method change and not for N + 1);
- browser: a real `streamlit run` driven by Chromium, the time from the click or key press
  until the script state is notRunning, and the bytes of every websocket frame the browser
  received in that time, split by element type.

Goals (checked on the server time and the bytes): a rerun under 100 ms at the default size
and under 1 s at 32×64×56×56; under 300 KB sent per rerun at any size. `--profile` prints
cProfile of one rerun, taken on the script's thread.

Run: python bench/bench_pages.py [--repeats 3] [--no-browser] [--pages PAGE ...]
     [--profile PAGE SIZE CHANGE]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import math
import os
import pstats
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402
from streamlit.runtime.scriptrunner import script_runner  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from devtools.server import CHROMIUM_ARGS, IDLE, streamlit_url  # noqa: E402

PAGES = {  # name → (script relative to app.py, URL path)
    "home": ("app.py", ""),
    "Reduction axes": ("app_pages/1_Reduction_axes.py", "Reduction_axes"),
    "Step by step": ("app_pages/2_Step_by_step.py", "Step_by_step"),
    "Sigmoid saturation": ("app_pages/3_Sigmoid_saturation.py", "Sigmoid_saturation"),
    "Train vs eval": ("app_pages/4_Train_vs_eval.py", "Train_vs_eval"),
    "Batch size": ("app_pages/5_Batch_size.py", "Batch_size"),
    "Gradients": ("app_pages/6_Gradients.py", "Gradients"),
    "Dropout": ("app_pages/7_Dropout.py", "Dropout"),
}
BIG = "32×64×56×56"
SIZES = {
    "2×2×2×2": {},
    BIG: {"n": "32", "c": "64", "h": "56", "w": "56", "preset": "Standard normal"},
}
TIME_GOAL = {"2×2×2×2": 0.100, BIG: 1.0}  # seconds per rerun
BYTES_GOAL = 300_000  # per rerun, any size
ELEMENT = "element h + 1"
CHANGES = ("method BN→LN", "N + 1", ELEMENT, "page control")
PAGE_CONTROL = "page control"
# The chosen element moves one row down (the sidebar's h slider): nothing about the tensor or
# the normalization changes, so on the pages whose whole-tensor work does not depend on it,
# goal: under ELEMENT_GOAL s of server time at 32×64×56×56. (Train vs eval and Batch size
# draw batches around the chosen sample itself: the general goal applies there.)
ELEMENT_GOAL = 0.030
ELEMENT_PAGES = ("Step by step", "Sigmoid saturation")


@dataclass(frozen=True)
class Control:
    """A page's own widget, moved one step: in AppTest to `value`, in the browser by one
    ArrowRight (slider) or a click on the option `value` (radio); `url` shows it is done."""

    kind: str  # "slider" or "radio"
    key: str
    value: object
    url: str


CONTROLS = {
    "Train vs eval": Control("slider", "momentum", 0.11, "momentum=0.11"),
    "Batch size": Control("slider", "sampled_batches", 220, "sampled_batches=220"),
    "Gradients": Control("radio", "upstream", "half sum of squares", "upstream=half"),
    "Dropout": Control("slider", "p", 0.55, "p=0.55"),
}


def changes(page: str) -> tuple[str, ...]:
    return CHANGES if page in CONTROLS else CHANGES[:3]


CHROMIUM = "/usr/bin/chromium"


@dataclass
class Row:
    """One page, size and change: the measurements and what they are made of."""

    page: str
    size: str
    change: str
    apptest_s: float = float("nan")
    browser_s: float = float("nan")
    sent_bytes: int = 0
    by_element: Counter = field(default_factory=Counter)

    def ok(self) -> bool:
        """The goals hold for the server's time; the browser's adds rendering on this box."""
        element_goal = self.change == ELEMENT and self.page in ELEMENT_PAGES and self.size == BIG
        goal = ELEMENT_GOAL if element_goal else TIME_GOAL[self.size]
        return self.apptest_s < goal and self.sent_bytes < BYTES_GOAL


# ---------------------------------------------------------------------------------------
# AppTest: the server-side time of one rerun


def open_app(script: str, params: dict[str, str]) -> AppTest:
    """A fresh session on `script`, opened by a link with `params`."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    for key, value in params.items():
        at.query_params[key] = value
    if script != "app.py":
        at.switch_page(script)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def apply_change(at: AppTest, change: str, page: str = "") -> AppTest:
    """Make one change in the sidebar or the page (without running)."""
    if change == "method BN→LN":
        return at.sidebar.radio(key="_w_method").set_value("LN")
    if change == PAGE_CONTROL:
        control = CONTROLS[page]
        return getattr(at, control.kind)(key=control.key).set_value(control.value)
    if change == ELEMENT:
        h = at.sidebar.number_input(key="_w_at2")  # the element is a row of index boxes
        return h.set_value(h.value + 1)
    n = at.sidebar.slider(key="_w_n")
    return n.set_value(n.value + 1)


@contextlib.contextmanager
def script_timer(profiler: cProfile.Profile | None = None) -> Iterator[list[float]]:
    """Seconds of each script run (widget callbacks plus the page script), on its own thread.

    AppTest runs the script on a thread and polls for its end; timing inside the runner
    leaves the polling out, and cProfile must run on that thread to see the page's code.
    """
    durations: list[float] = []
    original = script_runner.exec_func_with_error_handling

    def timed(func, ctx):
        def run():
            start = time.perf_counter()
            try:
                return profiler.runcall(func) if profiler else func()
            finally:
                durations.append(time.perf_counter() - start)

        return original(run, ctx)

    script_runner.exec_func_with_error_handling = timed
    try:
        yield durations
    finally:
        script_runner.exec_func_with_error_handling = original


def apptest_rerun(page: str, params: dict[str, str], change: str, repeats: int) -> float:
    """Median seconds of the rerun after `change`, from cold caches plus one warm-up run."""
    script = PAGES[page][0]
    times = []
    for _ in range(repeats):
        st.cache_data.clear()
        at = open_app(script, params)
        apply_change(at, change, page)
        with script_timer() as durations:
            at.run()
        assert not at.exception, [e.value for e in at.exception]
        times.append(sum(durations))
    return statistics.median(times)


def profile(page: str, size: str, change: str, top: int = 30) -> str:
    """cProfile of one rerun after `change`: the functions with the most cumulative time."""
    script = PAGES[page][0]
    st.cache_data.clear()
    at = open_app(script, SIZES[size])
    apply_change(at, change, page)
    profiler = cProfile.Profile()
    with script_timer(profiler) as durations:
        at.run()
    out = io.StringIO()
    print(f"{page}, {size}, {change}: script run {sum(durations) * 1000:.0f} ms", file=out)
    stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative")
    stats.print_stats(top)
    return out.getvalue()


# ---------------------------------------------------------------------------------------
# Browser: wall time and websocket bytes of one rerun against `streamlit run`


class FrameMeter:
    """Counts the bytes of websocket frames the browser receives, by element type."""

    def __init__(self, page) -> None:
        self.total = 0
        self.by_element: Counter = Counter()
        page.on("websocket", lambda ws: ws.on("framereceived", self._on_frame))

    def reset(self) -> None:
        self.total = 0
        self.by_element = Counter()

    def _on_frame(self, payload) -> None:
        data = payload if isinstance(payload, bytes) else payload.encode()
        self.total += len(data)
        self.by_element[frame_kind(data)] += len(data)


def frame_kind(data: bytes) -> str:
    """What one ForwardMsg carries: an element type, a block, or a control message."""
    msg = ForwardMsg()
    try:
        msg.ParseFromString(data)
    except Exception:  # noqa: BLE001 - a frame that is not a ForwardMsg
        return "other"
    kind = msg.WhichOneof("type") or "other"
    if kind == "delta":
        delta = msg.delta
        kind = delta.WhichOneof("type") or "delta"
        if kind == "new_element":
            kind = delta.new_element.WhichOneof("type") or "element"
    return kind


def browser_changes(pw_browser, url: str, page_name: str, size: str) -> dict[str, Row]:
    """Open the page by its link, then make each change once and measure it."""
    path = PAGES[page_name][1]
    query = urlencode(SIZES[size])
    rows = {}
    context = pw_browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(120_000)
    meter = FrameMeter(page)
    page.goto(f"{url}/{path}" + (f"?{query}" if query else ""))
    page.wait_for_selector(IDLE)
    page.wait_for_selector(".st-key-_w_method [data-testid='stRadioOption']")
    page.wait_for_timeout(500)
    for change in changes(page_name):
        meter.reset()
        start = time.perf_counter()
        if change == "method BN→LN":
            options = page.locator(".st-key-_w_method [data-testid='stRadioOption']")
            options.filter(has_text="LN").click()
            fragment = "method=layer"
        elif change == PAGE_CONTROL:
            control = CONTROLS[page_name]
            if control.kind == "radio":
                options = page.locator(f".st-key-{control.key} [data-testid='stRadioOption']")
                options.filter(has_text=str(control.value)).click()
            else:
                page.locator(f".st-key-{control.key} input[type='range']").focus()
                page.keyboard.press("ArrowRight")
            fragment = control.url
        elif change == ELEMENT:
            box = page.locator(".st-key-_w_at2 input")
            box.fill("1")
            box.press("Enter")
            fragment = "at=0,0,1,0"
        else:
            before = page.locator(".st-key-_w_n input[type='range']").input_value()
            page.locator(".st-key-_w_n input[type='range']").focus()
            page.keyboard.press("ArrowRight")
            fragment = f"n={int(before) + 1}"
        page.wait_for_url(lambda u, f=fragment: f in unquote(u))
        page.wait_for_selector(IDLE)
        elapsed = time.perf_counter() - start
        assert page.locator("[data-testid='stException']").count() == 0, (page_name, change)
        row = Row(page_name, size, change, browser_s=elapsed, sent_bytes=meter.total)
        row.by_element = meter.by_element
        rows[change] = row
        page.wait_for_timeout(300)
    context.close()
    return rows


# ---------------------------------------------------------------------------------------
# Report


def fmt_ms(seconds: float) -> str:
    return "—" if math.isnan(seconds) else f"{seconds * 1000:,.0f}"


def table(rows: list[Row]) -> str:
    head = (
        f"{'page':<19} {'tensor':<12} {'change':<13} {'server ms':>10} {'browser ms':>10} "
        f"{'sent KB':>8}  goal"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        lines.append(
            f"{r.page:<19} {r.size:<12} {r.change:<13} {fmt_ms(r.apptest_s):>10} "
            f"{fmt_ms(r.browser_s):>10} {r.sent_bytes / 1000:>8.1f}  "
            f"{'ok' if r.ok() else 'MISSED'}"
        )
    return "\n".join(lines)


def breakdown(rows: list[Row], top: int = 4) -> str:
    """Where the bytes of each rerun go, largest first."""
    lines = []
    for r in rows:
        parts = ", ".join(f"{k} {v / 1000:.1f}" for k, v in r.by_element.most_common(top))
        lines.append(f"{r.page:<19} {r.size:<12} {r.change:<13} KB: {parts}")
    return "\n".join(lines)


def run(repeats: int, browser: bool, pages: list[str]) -> list[Row]:
    rows: dict[tuple[str, str, str], Row] = {}
    if browser:
        from playwright.sync_api import sync_playwright

        with streamlit_url() as url, sync_playwright() as p:
            pw_browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for size in SIZES:
                for name in pages:
                    for change, row in browser_changes(pw_browser, url, name, size).items():
                        rows[(name, size, change)] = row
            pw_browser.close()
    for size in SIZES:
        for name in pages:
            for change in changes(name):
                row = rows.setdefault((name, size, change), Row(name, size, change))
                row.apptest_s = apptest_rerun(name, SIZES[size], change, repeats)
    return [rows[(n, s, c)] for s in SIZES for n in pages for c in changes(n)]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="AppTest reruns per cell")
    parser.add_argument("--no-browser", action="store_true", help="AppTest times only")
    parser.add_argument(
        "--pages", nargs="+", choices=list(PAGES), help="measure these pages only (all by default)"
    )
    parser.add_argument(
        "--profile",
        nargs=3,
        metavar=("PAGE", "SIZE", "CHANGE"),
        help=f"cProfile one rerun, e.g. 'Step by step' '{BIG}' 'N + 1'",
    )
    args = parser.parse_args(argv)
    if args.profile:
        print(profile(*args.profile))
        return
    browser = not args.no_browser and os.path.exists(CHROMIUM)
    rows = run(args.repeats, browser, args.pages or list(PAGES))
    print(table(rows))
    print(
        f"\ngoals: rerun < {TIME_GOAL['2×2×2×2'] * 1000:.0f} ms at 2×2×2×2, "
        f"< {TIME_GOAL[BIG]:.0f} s at {BIG} ({ELEMENT} on {' and '.join(ELEMENT_PAGES)}: "
        f"< {ELEMENT_GOAL * 1000:.0f} ms); "
        f"< {BYTES_GOAL // 1000} KB sent per rerun"
    )
    print(
        "server ms: callbacks + page script, median of AppTest reruns (cold caches + warm-up)\n"
        "browser ms: click or key press until script state notRunning, Chromium on this box\n"
        "sent KB: websocket frames the browser received during that rerun"
    )
    if browser:
        print("\nbytes per rerun by message type (largest first)")
        print(breakdown(rows))


if __name__ == "__main__":
    main()
