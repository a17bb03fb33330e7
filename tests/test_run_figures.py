"""The Dropout figures as a reader sees them: the chosen p marked, curves that reach the end
of their axis, integer cell positions on the mask, and log axes labelled at the decades."""

from __future__ import annotations

import numpy as np
import pytest

from normviz import dropout as dr
from normviz.figures import dropout as fdr


def shift_figure(mode: str, chosen_p: float | None):
    v = dr.variance_shift(mode=mode, num_batches=20)
    return fdr.variance_shift(
        v.p,
        v.train_var,
        v.test_var,
        v.train_var_predicted,
        v.test_var_predicted,
        v.output_std,
        mode=mode,
        chosen_p=chosen_p,
    )


@pytest.mark.parametrize("mode", dr.MODES)
@pytest.mark.parametrize("chosen_p", [0.0, 0.35, 0.95])
def test_variance_shift_marks_p_and_its_curves_span_the_axis(mode, chosen_p):
    fig = shift_figure(mode, chosen_p)
    end = fig.layout.xaxis.range[1]
    assert fig.layout.xaxis.range[0] == 0 and fig.layout.xaxis2.range[1] == end < 1
    for trace in fig.data:
        x = np.asarray(trace.x, dtype=float)
        assert x.min() == 0 and x.max() == end, trace.name  # data and axis end together
    formula = next(t for t in fig.data if t.name == "training (running_var), formula")
    train, _ = dr.predicted_variances(np.asarray(formula.x), mode=mode)
    np.testing.assert_allclose(formula.y, train, rtol=1e-12)
    marks = [s for s in fig.layout.shapes if s.x0 == s.x1 == chosen_p]
    assert sorted(s.xref for s in marks) == ["x", "x2"]
    labels = [a.text for a in fig.layout.annotations if a.text == f"chosen p = {chosen_p:g}"]
    assert len(labels) == 2


def test_variance_shift_without_p_marks_nothing():
    fig = shift_figure("inverted", None)
    assert len(fig.layout.shapes) == 1  # the std = 1 line only


@pytest.mark.parametrize("shape", [(2, 2), (5, 7), (28, 28), (1, 40)])
def test_mask_heatmap_ticks_sit_on_whole_cells(shape):
    fig = fdr.mask_heatmap(dr.keep_mask(shape, 0.3, seed=1))
    for axis, count in ((fig.layout.yaxis, shape[0]), (fig.layout.xaxis, shape[1])):
        assert axis.tickmode == "linear" and axis.tick0 == 0
        assert axis.dtick == int(axis.dtick) >= 1  # 0, 1, 2…: never ±0.5
        assert count / axis.dtick <= 8 + 1


def test_log_axes_label_decades_with_small_unlabelled_minor_ticks():
    x = np.linspace(-2, 3, 16)
    avg = dr.mask_average(x, 0.5, 1000)
    figures = [
        fdr.running_mean(avg.counts, avg.running_mean[:, :4], avg.target[:4]),
        fdr.mask_average_error(avg.counts, avg.max_error, avg.standard_error),
    ]
    axes = [figures[0].layout.xaxis, figures[1].layout.xaxis, figures[1].layout.yaxis]
    for axis in axes:
        assert axis.type == "log" and axis.dtick == 1
        assert axis.minor.dtick == "D1" and axis.minor.ticks == "outside"
        assert axis.minor.ticklen < 6
