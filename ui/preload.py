"""Plotly's code loaded while the first page is read, not when the first chart is drawn.

Why (issue 15, bench/bench_perceived.py): Streamlit loads its Plotly chunk (4.7 MB of
JavaScript) when a page first draws a chart, so the first chart page of a browser session
took about 1.4 s to switch to, against about 0.4 s for the others. Drawing a hidden chart on
the home page moved that wait onto the first page (2.2 s → 3.5 s). Instead, the sidebar ends
with a script that imports the same chunk once the browser is idle: the module is then in
the browser's module map when Streamlit asks for it. The script is the sidebar's last
element in every run, so it never moves the sidebar's widgets, and an unchanged element is
not run again. Nothing is fetched from outside: the chunk is one of Streamlit's own static
files, served by this server.
"""

from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st

STATIC_JS = Path(st.__file__).parent / "static" / "static" / "js"

# The chunk's URL is resolved against the app's own index script, so it holds under a path
# prefix (behind nginx) too. An idle callback: the page on screen is drawn first.
SCRIPT = """<script>
(() => {
  const index = document.querySelector('script[src*="static/js/index."]');
  if (!index) return;
  const chunk = new URL("./%s", index.src).href;
  const load = () => import(chunk).catch(() => {});
  if (window.requestIdleCallback) window.requestIdleCallback(load, {timeout: 3000});
  else setTimeout(load, 500);
})();
</script>"""


@functools.cache
def plotly_chunk() -> str | None:
    """The file name of Streamlit's Plotly chunk (hashed per release), or None if absent."""
    found = sorted(STATIC_JS.glob("PlotlyChart.*.js"))
    return found[0].name if found else None


def preload_plotly() -> None:
    """The script that imports Plotly's chunk when the browser is idle (the sidebar's end)."""
    chunk = plotly_chunk()
    if chunk is None:
        return
    st.html(SCRIPT % chunk, unsafe_allow_javascript=True)
