"""ui.sweep: every position computed once per process, the asked one at once, the others
in one background thread nearest first; errors reach each caller; positions outside the
sweep are neither kept nor swept."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from normviz import prepost as pp
from normviz.i18n import InputError
from ui import compute
from ui.sweep import Sweep


class Recorder:
    """A compute function that records the positions it was called with, in order."""

    def __init__(self, fail_at: int | None = None, gate: threading.Event | None = None):
        self.calls: list[int] = []
        self.fail_at = fail_at
        self.gate = gate
        self._lock = threading.Lock()

    def __call__(self, position: int) -> int:
        with self._lock:
            self.calls.append(position)
        if self.gate is not None:
            self.gate.wait(5)
        if position == self.fail_at or position < 0:
            raise InputError("errors.prepost.parameter", which=position, valid="0..9")
        return position * position


def test_the_asked_position_first_then_every_other_nearest_first_each_once():
    record = Recorder()
    sweep = Sweep(record, range(1, 8))
    assert sweep.get(5) == 25
    sweep.sweeper.join(5)
    assert record.calls[0] == 5
    assert sorted(record.calls) == list(range(1, 8))  # each once
    distances = [abs(p - 5) for p in record.calls]
    assert distances == sorted(distances)  # nearest first
    assert [sweep.get(p) for p in range(1, 8)] == [p * p for p in range(1, 8)]
    assert len(record.calls) == 7  # nothing computed again
    assert sweep.get(6) == 36


def test_a_position_being_computed_is_waited_for_not_computed_again():
    gate = threading.Event()
    record = Recorder(gate=gate)
    sweep = Sweep(record, range(3))
    results = []
    askers = [threading.Thread(target=lambda: results.append(sweep.get(2))) for _ in range(3)]
    for asker in askers:
        asker.start()
    gate.set()
    for asker in askers:
        asker.join(5)
    sweep.sweeper.join(5)
    assert results == [4, 4, 4]
    assert sorted(record.calls) == [0, 1, 2]


def test_one_sweeper_however_many_sessions_ask():
    sweep = Sweep(Recorder(), range(4))
    sweep.get(0)
    first = sweep.sweeper
    sweep.get(3)
    assert sweep.sweeper is first


def test_an_error_reaches_every_caller_and_is_not_computed_again():
    record = Recorder(fail_at=2)
    sweep = Sweep(record, range(4))
    for _ in range(2):
        with pytest.raises(InputError):
            sweep.get(2)
    sweep.sweeper.join(5)
    assert record.calls.count(2) == 1
    assert sweep.get(3) == 9  # the other positions are unaffected


def test_a_position_outside_the_sweep_is_computed_each_time_and_not_kept():
    record = Recorder()
    sweep = Sweep(record, range(3))
    assert sweep.get(10) == 100
    assert sweep.get(10) == 100
    assert record.calls == [10, 10]
    assert sweep.sweeper is None  # and it starts no sweep
    with pytest.raises(InputError):
        sweep.get(-1)


def test_the_pages_gradients_are_normviz_prepost_s():
    for parameter in ("ffn2", "attn_out"):
        expected = pp.init_gradients(2, parameter)
        got = compute.prepost_gradients(2, parameter)
        assert (got.layers, got.parameter, got.seeds) == (2, parameter, expected.seeds)
        assert (got.post == expected.post).all() and (got.pre == expected.pre).all()


def test_an_unknown_weight_or_layer_count_is_an_input_error():
    with pytest.raises(InputError):
        compute.prepost_gradients(2, "bias")
    with pytest.raises(InputError):
        compute.prepost_gradients(pp.MAX_LAYERS + 1, "ffn2")


def test_positions_need_not_be_integers_and_are_swept_by_slider_steps():
    record = Recorder()
    offsets = (0.0, 0.25, 0.5, 0.75, 1.0)
    sweep = Sweep(lambda x: record(int(x * 4)), offsets)
    assert sweep.get(0.75) == 9
    sweep.sweeper.join(5)
    assert record.calls == [3, 2, 4, 1, 0]  # 0.75, then one step away, then two, then three
    assert sweep.get(0.3) == 1  # off the slider's steps: computed, not kept
    assert record.calls[-1] == 1 and len(record.calls) == 6


def test_the_transformer_page_s_measures_for_every_offset_of_its_slider():
    from normviz import transformer_norms as tn

    assert compute.SEQUENCE_OFFSETS[0] == 0.0 and compute.SEQUENCE_OFFSETS[-1] == 3.0
    spread, padding, mismatch = compute._offset_sweep().get(0.5)
    spec = tn.SequenceSpec(sequence_offset=0.5)
    expected = tn.batch_spread(spec, compute.TRANSFORMER_BATCH_SIZES)
    np.testing.assert_allclose(spread.mean_spread, expected.mean_spread)
    np.testing.assert_allclose(padding.mean_gap, tn.padding_effect(spec).mean_gap)
