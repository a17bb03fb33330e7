"""The server's memory budget (ui.memory): the gate's order, capacity and patience, the
byte-bounded store, and a page that waits or says the server is busy instead of crashing."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import numpy as np
import pytest

from normviz.i18n import InputError
from tests.helpers import ok, open_app
from ui import memory

MB = 2**20


def test_budget_comes_from_one_setting(monkeypatch):
    monkeypatch.setenv(memory.BUDGET_ENV, "3000")
    assert memory.budget_bytes() == 3000 * MB
    monkeypatch.setenv(memory.BUDGET_ENV, "lots")
    assert memory.budget_bytes() == memory.DEFAULT_MB * MB
    monkeypatch.delenv(memory.BUDGET_ENV)
    assert memory.budget_bytes() == memory.DEFAULT_MB * MB


def run_together(gate: memory.Gate, estimates: list[int], hold: float, timeout: float = 10):
    """Threads asking the gate one after another (10 ms apart); returns the order in which
    they were admitted and the most bytes ever in flight."""
    order, peak, lock = [], [0], threading.Lock()

    def work(i: int, estimate: int) -> None:
        with gate.admit(estimate, timeout=timeout):
            with lock:
                order.append(i)
                peak[0] = max(peak[0], gate.in_flight)
            time.sleep(hold)

    threads = [threading.Thread(target=work, args=(i, e)) for i, e in enumerate(estimates)]
    for thread in threads:
        thread.start()
        time.sleep(0.01)
    for thread in threads:
        thread.join()
    return order, peak[0]


def test_gate_admits_no_more_than_its_capacity_in_order_of_arrival():
    gate = memory.Gate(100)
    order, peak = run_together(gate, [40] * 8, hold=0.05)
    assert peak <= 100 and peak == 80  # two at a time
    assert order == list(range(8))
    assert gate.in_flight == 0 and gate.waiting == 0


def test_a_request_larger_than_the_gate_runs_alone():
    gate = memory.Gate(100)
    order, peak = run_together(gate, [30, 500, 30], hold=0.05)
    assert order == [0, 1, 2] and peak == 100  # capped at the capacity, never beside others


def test_a_small_request_does_not_overtake_a_large_one_waiting():
    gate = memory.Gate(100)
    order, _ = run_together(gate, [60, 60, 10], hold=0.1)
    assert order == [0, 1, 2]  # first come, first served: the 10 waits behind the 60


def test_waiting_too_long_is_a_translated_refusal_not_a_hang():
    gate = memory.Gate(100)
    entered, done = threading.Event(), threading.Event()

    def hold() -> None:
        with gate.admit(100):
            entered.set()
            done.wait(5)

    threading.Thread(target=hold).start()
    entered.wait(5)
    assert gate.would_wait(10)
    start = time.monotonic()
    with pytest.raises(InputError) as refused, gate.admit(10, timeout=0.2):
        pass
    assert 0.2 <= time.monotonic() - start < 2
    assert refused.value.key == "memory.busy"
    assert "busy" in refused.value.message("en") and "服务器" in refused.value.message("zh")
    assert gate.waiting == 0  # the refused request left the line
    done.set()


def test_the_gate_is_reentrant_and_calls_back_when_idle():
    idle = []
    gate = memory.Gate(100, on_idle=lambda: idle.append(gate.in_flight))
    with gate.admit(100):
        assert gate.holds()
        with gate.admit(100, timeout=0.1):  # nested: no second estimate, no deadlock
            assert gate.in_flight == 100
    assert not gate.holds() and gate.in_flight == 0 and idle == [0]


@dataclass
class Result:
    x: np.ndarray
    parts: dict


def test_nbytes_counts_the_arrays_a_result_holds():
    r = Result(np.zeros(1000), {"a": np.zeros(10, np.float32), "b": [np.zeros(5)], "c": "x"})
    assert memory.nbytes(r) == 8000 + 40 + 40


def test_store_is_bounded_in_bytes_and_drops_the_least_recently_used():
    store = memory.ArrayStore(3 * MB)
    for k in "abc":
        store.put(k, np.zeros(MB // 8))  # 1 MB each
    assert store.get("a") is not None  # a is now the most recent
    store.put("d", np.zeros(MB // 8))
    assert store.get("b") is None and store.get("a") is not None
    assert store.nbytes == 3 * MB and len(store) == 3
    store.put("huge", np.zeros(MB))  # 8 MB: larger than the store, never kept
    assert store.get("huge") is None and store.nbytes == 3 * MB


def test_store_computes_a_missing_value_once_for_every_thread_that_asks():
    store, calls = memory.ArrayStore(10 * MB), []

    def compute():
        calls.append(1)
        time.sleep(0.1)
        return Result(np.ones(100), {})

    results = []
    threads = [
        threading.Thread(target=lambda: results.append(store.get_or_compute("k", compute)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1 and len(results) == 8
    assert all(r is results[0] for r in results)
    with pytest.raises(ValueError):
        results[0].x[0] = 2.0  # shared: read-only


def test_kept_keys_on_the_arguments():
    calls = []

    @memory.kept
    def square(n: int) -> np.ndarray:
        calls.append(n)
        return np.full(3, n * n)

    assert square(3) is square(3) and calls == [3]
    assert square(4)[0] == 16 and calls == [3, 4]


def test_release_collects_and_is_rate_limited():
    assert memory.release(force=True)
    assert not memory.release()  # a second one within RELEASE_AFTER_BURST: skipped


# ---------------------------------------------------------------------------------------
# Pages

LARGE = {"preset": "Custom", "n": "17", "c": "64", "h": "32", "w": "32"}  # > HEAVY_ELEMENTS


@pytest.fixture
def full_gate(monkeypatch):
    """The server's gate with all of its capacity held by another (slow) session."""
    gate = memory.Gate(memory.gate().capacity)
    monkeypatch.setattr(memory, "_GATE", gate)
    monkeypatch.setattr(memory, "WAIT_SECONDS", 0.3)
    entered, done = threading.Event(), threading.Event()

    def other_session() -> None:
        with gate.admit(gate.capacity, timeout=5):
            entered.set()
            done.wait(30)

    threading.Thread(target=other_session, daemon=True).start()
    entered.wait(5)
    yield gate
    done.set()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_page_on_a_large_tensor_says_the_server_is_busy_when_it_waited_too_long(full_gate, lang):
    at = ok(open_app("app_pages/3_Sigmoid_saturation.py", LARGE, lang=lang))
    warnings = " ".join(w.value for w in at.warning)
    assert ("busy" if lang == "en" else "服务器正忙") in warnings
    assert not at.get("plotly_chart")  # stopped before drawing, not crashed
    assert full_gate.waiting == 0


def test_a_small_tensor_never_waits_at_the_gate(full_gate):
    at = ok(open_app("app_pages/3_Sigmoid_saturation.py"))
    assert not [w for w in at.warning if "busy" in w.value]
    assert at.get("plotly_chart")


def test_a_large_tensor_is_drawn_once_admitted():
    at = ok(open_app("app_pages/3_Sigmoid_saturation.py", LARGE))
    assert at.get("plotly_chart") and not [w for w in at.warning if "busy" in w.value]
    assert memory.gate().in_flight == 0
