"""The training lab's jobs: run with a progress bar and a Stop button, shared once finished.

A run is deterministic for its configuration, so the whole class sees the same curves and
only the first student to ask waits for it. Results are read-only once stored; the store
keeps the most recent MAX_RESULTS and is guarded by a lock (sessions run in threads).
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

import plotly.graph_objects as go
import streamlit as st

from ui.display import chart, lang, tr

MAX_RESULTS = 32


class ResultStore:
    """A bounded, thread-safe map from a run's configuration to its finished result."""

    def __init__(self, capacity: int = MAX_RESULTS) -> None:
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def get(self, key: Hashable):
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: Hashable, value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)


@st.cache_resource
def store() -> ResultStore:
    """The server's one store (cache_resource: the same object for every session)."""
    return ResultStore()


def finished(result) -> bool:
    """A comparison whose runs all ended by themselves, or a sweep that ran every value."""
    if hasattr(result, "histories"):
        return all(h.status in ("finished", "diverged") for h in result.histories)
    return result.status == "finished"


def run_with_progress(
    key: tuple,
    job: Callable[[Callable], object],
    live: Callable[[object], go.Figure] | None = None,
):
    """Run job(report) with a progress bar and a Stop button; store its result if it finished.

    Stop (like any click) makes Streamlit rerun the page, which interrupts the job. `live`
    draws a chart of a progress report (every eighth evaluation), e.g. the accuracy so far.
    """
    bar = st.progress(0.0, text=tr("p8.starting"))
    stop_slot = st.empty()
    stop_slot.button(tr("p8.stop"), key=f"stop_{key[0]}")
    live_slot = st.empty()
    language = lang()
    redraws = itertools.count()

    def report(progress) -> bool:
        bar.progress(min(progress.fraction, 1.0), text=progress.text(language))
        if live and progress.histories and len(progress.histories[0].eval_step) % 8 == 1:
            with live_slot:  # a fresh key per redraw: the placeholder holds one chart at a time
                chart(live(progress), key=f"live_{next(redraws)}")
        return True

    result = job(report)
    for slot in (bar, stop_slot, live_slot):
        slot.empty()
    if finished(result):
        store().put(key, result)
    return result


def stopped(key: tuple) -> bool:
    """This rerun came from the Stop button of the job `key`."""
    return bool(st.session_state.get(f"stop_{key[0]}"))
