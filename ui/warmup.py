"""Off the first visitor's path: what every server process does once, before it serves.

`normviz` (ui.cli) calls warm() before Streamlit starts: it imports every module of the app
(normviz, ui, plotly's figure classes), runs the numba kernels once for float32 and float64
(from numba's cache, or compiled there once) and serializes one figure of each kind the
pages draw (Plotly loads its validators on first use). Without it the first student after a
start waits for all of that inside the first page's script run.

It runs in the main thread before any session exists, so no two threads import the same
modules at once. The app's cached functions are not called: Streamlit's caches belong to
its runtime, which starts after this.

Last, it freezes what it made (gc.freeze): the ~340,000 objects of the imported libraries
live as long as the process, and a full garbage collection walked them all with the
interpreter lock held (170 ms, measured), stalling every session's run. After the freeze a
full collection (ui.memory.release, or Python's own oldest generation) skips them.
"""

from __future__ import annotations

import gc
import importlib
import logging
import pkgutil
import time

import numpy as np
import streamlit  # noqa: F401 - its loggers exist (and are set up) before one is quieted

PACKAGES = ("normviz", "ui")
SKIPPED = ("normviz.data.make_digits",)  # a script that writes the shipped data


def modules() -> list[str]:
    """Every module of the app's packages."""
    names = []
    for package_name in PACKAGES:
        package = importlib.import_module(package_name)
        names.append(package_name)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            if info.name not in SKIPPED:
                names.append(info.name)
    return names


def warm() -> dict[str, float]:
    """Import, compile and draw once; the seconds each part took."""
    spent: dict[str, float] = {}
    start = time.perf_counter()
    # decorating a cached function outside a runtime logs a warning per function
    caching_log = logging.getLogger("streamlit.runtime.caching.cache_data_api")
    level = caching_log.level
    caching_log.setLevel(logging.ERROR)
    try:
        for name in modules():
            importlib.import_module(name)
    finally:
        caching_log.setLevel(level)
    spent["imports"] = time.perf_counter() - start

    start = time.perf_counter()
    import normviz as nv

    x = nv.worked_example()
    for values in (x.astype(np.float32), x.astype(np.float64)):
        for method in nv.METHODS:  # every kernel: the conv methods' and token LN/RMSNorm's
            nv.normalize(values, method, groups=nv.default_groups(x.shape[1]))
    spent["kernels"] = time.perf_counter() - start

    start = time.perf_counter()
    import plotly.graph_objects as go
    import plotly.io as pio

    figure = go.Figure()
    for trace in (go.Scatter, go.Heatmap, go.Bar, go.Histogram, go.Scatter3d, go.Mesh3d):
        figure.add_trace(trace())
    pio.to_json(figure)
    spent["figures"] = time.perf_counter() - start

    gc.collect()  # what warming left unreachable is freed, not frozen
    gc.freeze()
    return spent
