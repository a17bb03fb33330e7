"""Fair shares: a session that sends reruns faster than a person can slows only itself.

Every page run starts in the shared sidebar, which asks this module first. A session may
start MAX_RUNS runs in any WINDOW seconds: far more than a teacher dragging a slider needs
(Streamlit sends a slider's value when it is released), far fewer than a script sending
reruns back to back. A run beyond that waits, sleeping in its own thread (the interpreter
lock is free meanwhile, so every other session keeps drawing), and the page says why.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

import streamlit as st

from ui.display import tr

WINDOW = 5.0  # seconds
MAX_RUNS = 12  # runs of one session started in any WINDOW
MAX_WAIT = 10.0  # seconds: a run never waits longer (then it runs, and the page says so)
RUNS = "_throttle_runs"  # session state: start times of the session's recent runs


class RunLimiter:
    """Start times of one session's runs; how long the next one must wait."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._starts: deque[float] = deque()

    def wait(self) -> float:
        """Seconds the run starting now must wait (0: none); records its start."""
        now = self._clock()
        while self._starts and self._starts[0] <= now - WINDOW:
            self._starts.popleft()
        delay = 0.0
        if len(self._starts) >= MAX_RUNS:
            delay = min(MAX_WAIT, self._starts[-MAX_RUNS] + WINDOW - now)
        self._starts.append(now + delay)
        return delay


def fair_share() -> None:
    """Make this run wait if its session is flooding the server, and say so."""
    limiter = st.session_state.setdefault(RUNS, RunLimiter())
    delay = limiter.wait()
    if delay > 0:
        time.sleep(delay)
        st.warning(tr("throttle.slow_down", seconds=f"{delay:.1f}"))
