"""A slider's every position, computed ahead: one table of results per server process.

Why (issue 15): Pre-LN vs post-LN's layer slider asks for gradient norms at initialization
of ten freshly built models (two placements, five seeds), 0.03–0.4 s of torch for each layer
count; the Transformers page's offset slider for BN's measures on sequences, 0.36 s for
each offset. A person moves a slider one step at a time. The position asked for is computed
at once, in the asking run; the first request also starts one background thread that
computes every other position, nearest first, so the next step is ready by the time it is
taken. Each position is computed once for all sessions, and never twice at the same time.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Hashable, Iterable
from concurrent.futures import Future
from typing import Generic, TypeVar

Position = TypeVar("Position", bound=Hashable)
Result = TypeVar("Result")
_SWEEPS: weakref.WeakSet[Sweep] = weakref.WeakSet()  # every sweep of the process


class Sweep(Generic[Position, Result]):
    """compute(position) for each of `positions` (a slider's values, in order), shared by
    every session of the process."""

    def __init__(
        self, compute: Callable[[Position], Result], positions: Iterable[Position]
    ) -> None:
        self._compute = compute
        self._positions = tuple(positions)
        self._lock = threading.Lock()
        self._results: dict[Position, Future[Result]] = {}
        self.sweeper: threading.Thread | None = None  # the background thread, once started
        _SWEEPS.add(self)

    def get(self, position: Position) -> Result:
        """The result at `position`: computed here, or waited for if the sweep is on it.

        A position outside the sweep is computed each time and not kept (the compute
        function says what is wrong with it)."""
        if position not in self._positions:
            return self._compute(position)
        future, mine = self._claim(position)
        if mine:
            self._fill(position, future)
        self._start(position)
        return future.result()

    def _claim(self, position: Position) -> tuple[Future[Result], bool]:
        """The position's future, and whether the caller must compute it."""
        with self._lock:
            future = self._results.get(position)
            if future is not None:
                return future, False
            future = self._results[position] = Future()
            return future, True

    def _fill(self, position: Position, future: Future[Result]) -> None:
        try:
            future.set_result(self._compute(position))
        except Exception as err:  # noqa: BLE001 - kept, and raised to each caller of get
            future.set_exception(err)

    def _start(self, first: Position) -> None:
        """Start the background thread once: every position, nearest to `first` first (in
        slider steps)."""
        with self._lock:
            if self.sweeper is not None:
                return
            at = self._positions.index(first)
            steps = sorted(range(len(self._positions)), key=lambda i: abs(i - at))
            order = [self._positions[i] for i in steps]
            self.sweeper = threading.Thread(
                target=self._sweep, args=(order,), name="normviz-sweep", daemon=True
            )
        self.sweeper.start()

    def _sweep(self, order: list[Position]) -> None:
        for position in order:
            future, mine = self._claim(position)
            if mine:
                self._fill(position, future)


def wait_for_sweeps() -> None:
    """Return when every sweep's background thread has ended.

    For tests: torch's global generator is the process's, so a sweep still building seeded
    models would take turns with the next test's seeded builds but not with its unseeded
    draws (a test's own torch.manual_seed), and the two would change each other's numbers.
    """
    for sweep in list(_SWEEPS):
        if sweep.sweeper is not None:
            sweep.sweeper.join()
