"""Fair shares (ui/throttle.py): a session's runs beyond MAX_RUNS in WINDOW seconds wait,
a person's pace never does, and the page says why."""

from __future__ import annotations

import pytest

from tests.helpers import ok, open_app, warnings
from ui import throttle
from ui.throttle import WINDOW, RunLimiter

pytestmark = pytest.mark.throttled  # the limits as they are, not the tests' (conftest)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_person_s_pace_never_waits():
    clock = Clock()
    limiter = RunLimiter(clock)
    for _ in range(200):  # a control moved every half second for 100 s
        assert limiter.wait() == 0.0
        clock.now += 0.5


def test_back_to_back_runs_wait_and_the_wait_is_bounded():
    clock = Clock()
    limiter = RunLimiter(clock)
    assert all(limiter.wait() == 0.0 for _ in range(throttle.MAX_RUNS))  # a burst is fine
    delay = limiter.wait()
    assert delay == pytest.approx(WINDOW)  # the 13th in the same instant waits a window
    clock.now += delay
    waits = []
    for _ in range(60):  # a script flooding the server for a while
        waits.append(limiter.wait())
        clock.now += 0.01
    assert max(waits) <= throttle.MAX_WAIT
    assert sum(waits) > 30  # it is held back most of the time...
    clock.now += 2 * throttle.MAX_WAIT + WINDOW
    assert limiter.wait() == 0.0  # ...and free again once it stops


def test_a_flooding_session_is_told_to_slow_down(monkeypatch):
    monkeypatch.setattr(throttle, "MAX_WAIT", 0.05)  # keep the test fast
    at = ok(open_app("app_pages/2_Step_by_step.py", {"lang": "zh"}))
    for _ in range(throttle.MAX_RUNS):
        at.run()
    assert any("放慢" in w for w in warnings(at)), warnings(at)
    ok(at)
