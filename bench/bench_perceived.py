"""What a person waits for: from a click or key press to the last change of the page, in
headless Chromium against `streamlit run`, next to a minimal Streamlit app measured in the
same run (one slider and one Plotly chart on each of two pages).

How it is timed, inside the page (an init script, so nothing is missed):
- the input's moment: a capturing `pointerdown` or `keydown` listener (performance.now());
- every change of the page: a MutationObserver on the whole document (nodes, attributes,
  text);
- the run's end: the last message from the server after the input (a run ends with
  script_finished), or stApp's data-test-script-state turning notRunning, whichever is later
  (a fragment's short run may start and end within one render, leaving the attribute as is);
- done: a script run has ended after the input and nothing has changed for QUIET_MS;
  the wait is the last change's moment minus the input's (capped at CAP_S: "≥").

Actions on every normviz page, at the default tensor (the 2×2×2×2 worked example) and at
32×64×56×56: the page switch (its link in the sidebar, from the page before it), the
sidebar's N slider one step (ArrowRight), the method switch BN → LN and back, opening a
later part of the page (ui.parts: the one that holds the page's own slider, else the first),
and the page's own first slider one step where it has one. The minimal app: its slider one
step, and its page switch from the sidebar. Each is measured in a new browser session after
one visit of every page has filled the server's shared caches (as after the first students;
the first page after a server start is measured on its own). The first page: from `goto` of the
home page on a server just healthy to its last change (normviz started as deployed, by
`python -m ui.cli`, which warms up before it answers its health check; --no-warmup: by plain
`streamlit run app.py`).

Goals (issue 15): slider moves and method switches ≤ 2× the minimal app's slider move, page
switches ≤ 2× its page switch (median over pages) and ≤ 3× (worst), the training lab's
controls ≤ 3×, the first page ≤ 3 s.

Run: python bench/bench_perceived.py [--repeats 2] [--sizes default big] [--pages NAME ...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devtools.server import CHROMIUM_ARGS, streamlit_server  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
QUIET_MS = 600  # no change for this long after a run ended: the page has settled
CAP_S = 20.0
VIEWPORT = {"width": 1440, "height": 900}  # a student's laptop
SIZES = {
    "default": {},
    "big": {"n": "32", "c": "64", "h": "56", "w": "56", "preset": "Standard normal"},
}
# (URL path, its own first slider's widget key or "", the later part (ui.parts) that holds
# that slider, else the page's first later part, or ""), in the sidebar's order
PAGES = {
    "Reduction axes": ("Reduction_axes", "", ""),
    "Step by step": ("Step_by_step", "", ""),
    "Sigmoid saturation": ("Sigmoid_saturation", "layers", "p3_layers"),
    "Train vs eval": ("Train_vs_eval", "momentum", "p4_sample"),
    "Batch size": ("Batch_size", "sampled_batches", "p5_map"),
    "Gradients": ("Gradients", "scale_a", "p6_scale"),
    "Dropout": ("Dropout", "p", "p7_bn"),
    "Training lab": ("Training_lab", "depth", ""),
    "Transformer norms": ("Transformer_norms", "seq_offset", "p9_bn"),
    "Pre-LN vs post-LN": ("Pre_LN_vs_post_LN", "pp_layers", ""),
    "BN deployed": ("BN_deployed", "devices", "p11_devices"),
    "Class check": ("Class_check", "", ""),
}

OBSERVER = """
(() => {
  window.__nv = {input: 0, last: 0, ended: 0};
  const mark = () => { window.__nv.last = performance.now(); };
  const input = () => { window.__nv.input = performance.now(); window.__nv.ended = 0; };
  window.addEventListener('pointerdown', input, true);
  window.addEventListener('keydown', input, true);
  // the server's messages: the last one of a run is its end (script_finished). A fragment's
  // run can start and end within one render, so stApp's script state may not change at all.
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', () => {
        if (window.__nv.input) window.__nv.ended = performance.now();
      });
    }
  };
  const watch = () => new MutationObserver((records) => {
    mark();
    for (const r of records) {
      if (r.type === 'attributes' && r.attributeName === 'data-test-script-state'
          && r.target.getAttribute('data-test-script-state') === 'notRunning') {
        window.__nv.ended = Math.max(window.__nv.ended, performance.now());
      }
    }
  }).observe(document, {subtree: true, childList: true, attributes: true,
                        characterData: true});
  watch();
})();
"""
SETTLED = f"""() => {{
  const s = window.__nv;
  return s.ended > s.input && performance.now() - s.last > {QUIET_MS};
}}"""
LOADED = f"""() => {{
  const s = window.__nv;
  return s.ended > 0 && performance.now() - s.last > {QUIET_MS};
}}"""

MINIMAL_PAGE = """
import numpy as np
import plotly.graph_objects as go
import streamlit as st

k = st.slider("k", 1, 50, 10, key="k")
x = np.linspace(0, 10, 200)
st.plotly_chart(go.Figure(go.Scatter(x=x, y=np.sin(k * x / 10))))
"""


@dataclass
class Waits:
    """Measured waits (s) by (page, action); `capped` marks a wait that hit CAP_S."""

    seconds: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    drawing: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    capped: set[tuple[str, str]] = field(default_factory=set)

    def add(self, page: str, action: str, wait: tuple[float, float] | None) -> None:
        """wait: (input to the last change, the script run's end to the last change)."""
        key = (page, action)
        if wait is None:
            self.capped.add(key)
            wait = (CAP_S, float("nan"))
        self.seconds.setdefault(key, []).append(wait[0])
        self.drawing.setdefault(key, []).append(wait[1])

    def median(self, page: str, action: str) -> float:
        values = self.seconds.get((page, action))
        return statistics.median(values) if values else float("nan")


def settle(page, action) -> tuple[float, float] | None:
    """Do `action` (a callable), then the wait from its input to the page's last change, and
    the part of it after the script run ended (the browser drawing what it was sent)."""
    action()
    try:
        page.wait_for_function(SETTLED, timeout=CAP_S * 1000, polling=100)
    except Exception:  # noqa: BLE001 - playwright's TimeoutError: never settled
        return None
    state = page.evaluate("() => window.__nv")
    return (state["last"] - state["input"]) / 1000, max(state["last"] - state["ended"], 0) / 1000


def loaded(page, url: str) -> float | None:
    """goto `url`, then the wait from the navigation's start to the page's last change."""
    page.goto(url)
    try:
        page.wait_for_function(LOADED, timeout=60_000, polling=100)
    except Exception:  # noqa: BLE001
        return None
    return page.evaluate("() => window.__nv.last") / 1000


def new_page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(OBSERVER)
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page


def open_expander(page, selector: str) -> None:
    """Open the closed expander (<details>) that holds `selector`, as a person would first
    (the sidebar's tensor sliders are in one); not timed."""
    opened = page.locator(selector).evaluate(
        """e => { const d = e.closest('details');
                  if (!d || d.open) return false;
                  d.querySelector('summary').click(); return true; }"""
    )
    if opened:
        page.wait_for_timeout(QUIET_MS)


def press_right(page, selector: str):
    def action() -> None:
        page.locator(selector).focus()
        page.keyboard.press("ArrowRight")

    return action


def click(page, locator):
    return lambda: locator.click()


def minimal(browser, repeats: int, waits: Waits) -> float:
    """The minimal app: first page, slider moves and page switches."""
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "pages").mkdir()
        (Path(tmp) / "app.py").write_text(MINIMAL_PAGE)
        (Path(tmp) / "pages" / "2_Other.py").write_text(MINIMAL_PAGE)
        with streamlit_server({"server.headless": "true"}, script="app.py", cwd=tmp) as (
            port,
            _,
        ):
            context, page = new_page(browser)
            first = loaded(page, f"http://127.0.0.1:{port}/")
            slider = ".st-key-k input[type='range']"
            links = page.locator("[data-testid='stSidebarNavLink']")
            for _ in range(max(5, 3 * repeats)):
                waits.add("minimal", "slider", settle(page, press_right(page, slider)))
                for index in (1, 0):
                    waits.add("minimal", "page switch", settle(page, click(page, links.nth(index))))
            context.close()
    return first if first is not None else float("nan")


def normviz(
    browser, repeats: int, sizes: list[str], pages: list[str], waits: Waits, warm: bool = True
) -> float:
    """normviz: first page after a start, then every page's actions at each size."""
    with streamlit_server(timeout=180, warm=warm) as (port, _):
        base = f"http://127.0.0.1:{port}"
        context, page = new_page(browser)
        first = loaded(page, f"{base}/")
        context.close()
        for size in sizes:  # the server's shared caches warm, as after the first students
            context, page = new_page(browser)
            query = urlencode(SIZES[size])
            loaded(page, f"{base}/" + (f"?{query}" if query else ""))
            for name in pages:
                link = page.locator(f"[data-testid='stSidebar'] a[href='{PAGES[name][0]}']").first
                settle(page, click(page, link))
                header = page.locator(f".st-key-part_{PAGES[name][2]} button")
                if PAGES[name][2] and header.count():  # the part's computations cached too
                    settle(page, click(page, header))
            context.close()
        for size in sizes:
            for _ in range(repeats):
                context, page = new_page(browser)
                query = urlencode(SIZES[size])
                loaded(page, f"{base}/" + (f"?{query}" if query else ""))
                for name in pages:
                    path, own, part = PAGES[name]
                    link = page.locator(f"[data-testid='stSidebar'] a[href='{path}']").first
                    waits.add(f"{name}|{size}", "page switch", settle(page, click(page, link)))
                    n_slider = ".st-key-_w_n input[type='range']"
                    if page.locator(n_slider).count():
                        open_expander(page, n_slider)
                        waits.add(
                            f"{name}|{size}", "N + 1", settle(page, press_right(page, n_slider))
                        )
                    method = page.locator(".st-key-_w_method [data-testid='stRadioOption']")
                    if method.count():
                        for label in ("LN", "BN"):
                            option = method.filter(has_text=label).first
                            waits.add(f"{name}|{size}", "method", settle(page, click(page, option)))
                    header = page.locator(f".st-key-part_{part} button")
                    if part and header.count():
                        waits.add(f"{name}|{size}", "open part", settle(page, click(page, header)))
                    own_slider = f".st-key-{own} input[type='range']"
                    if own and page.locator(own_slider).count():
                        waits.add(
                            f"{name}|{size}",
                            "own slider",
                            settle(page, press_right(page, own_slider)),
                        )
                context.close()
    return first if first is not None else float("nan")


def fmt(waits: Waits, page: str, action: str, reference: float) -> str:
    value = waits.median(page, action)
    if value != value:  # nan: not measured
        return "—"
    capped = "≥" if (page, action) in waits.capped else ""
    return f"{capped}{value * 1000:,.0f} ({value / reference:.1f}×)"


def report(waits: Waits, sizes: list[str], pages: list[str], firsts: tuple[float, float]) -> str:
    slider = waits.median("minimal", "slider")
    switch = waits.median("minimal", "page switch")
    lines = [
        f"minimal app: slider {slider * 1000:,.0f} ms, page switch {switch * 1000:,.0f} ms "
        f"(medians of {len(waits.seconds[('minimal', 'slider')])} and "
        f"{len(waits.seconds[('minimal', 'page switch')])})",
        f"first page after a server start: normviz {firsts[1]:.2f} s, minimal {firsts[0]:.2f} s",
        "",
    ]
    actions = ("page switch", "N + 1", "method", "open part", "own slider")
    for size in sizes:
        lines.append(f"## {size}: ms (× the minimal app's slider; page switch: × its switch)")
        lines.append("| page | " + " | ".join(actions) + " |")
        lines.append("|---" * (len(actions) + 1) + "|")
        for name in pages:
            key = f"{name}|{size}"
            cells = [
                fmt(waits, key, action, switch if action == "page switch" else slider)
                for action in actions
            ]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        switches = [waits.median(f"{n}|{size}", "page switch") for n in pages]
        switches = [s for s in switches if s == s]
        if switches:
            lines.append(
                f"page switches: median {statistics.median(switches) / switch:.1f}×, "
                f"worst {max(switches) / switch:.1f}× the minimal app's"
            )
        drawn = [d for (p, _), ds in waits.drawing.items() if p.endswith(f"|{size}") for d in ds]
        waited = [w for (p, _), ws in waits.seconds.items() if p.endswith(f"|{size}") for w in ws]
        drawn_total = sum(d for d in drawn if d == d)
        drawing_ms = {
            n: statistics.median(waits.drawing[(f"{n}|{size}", "page switch")]) * 1000
            for n in pages
            if (f"{n}|{size}", "page switch") in waits.drawing
        }
        lines.append(
            f"after the script run ended (the browser drawing): {drawn_total / sum(waited):.0%} "
            "of all the waiting; page switches: "
            + ", ".join(f"{n} {ms:,.0f} ms" for n, ms in drawing_ms.items())
        )
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--sizes", nargs="+", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--pages", nargs="+", default=list(PAGES), choices=list(PAGES))
    parser.add_argument(
        "--no-warmup", action="store_true", help="start normviz by plain `streamlit run app.py`"
    )
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    waits = Waits()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        started = time.perf_counter()
        first_minimal = minimal(browser, args.repeats, waits)
        first_normviz = normviz(
            browser, args.repeats, args.sizes, args.pages, waits, warm=not args.no_warmup
        )
        browser.close()
    print(report(waits, args.sizes, args.pages, (first_minimal, first_normviz)))
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
