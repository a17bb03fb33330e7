"""Training-lab figures: built from real (short) runs and from partial or empty histories."""

import numpy as np
import plotly.graph_objects as go
import pytest

from normviz.figures import palette
from normviz.figures.palette import method_color
from normviz.figures.training import (
    accuracy_figure,
    batch_size_sweep_figure,
    grad_norm_figure,
    layer_color,
    loss_figure,
    lr_sweep_figure,
    moving_average,
    percentiles_figure,
    saturation_figure,
)
from normviz.training import Progress, SweepResult, TrainConfig, compare


@pytest.fixture(scope="module")
def runs():
    return compare(TrainConfig(steps=12, eval_every=4)).histories


@pytest.fixture(scope="module")
def first_report():
    """The histories of the first progress report: one evaluation, no step yet."""
    reports: list[Progress] = []
    compare(TrainConfig(steps=4, eval_every=4), progress=lambda r: reports.append(r) or False)
    return reports[0].histories


def sweep(parameter="lr", values=(0.01, 0.1, 1.0, 10.0)) -> SweepResult:
    accuracy = np.array([[0.1, 0.5, 0.9, 0.1], [0.9, 0.95, 0.97, np.nan]])
    diverged = np.array([[False, False, False, True], [False, False, False, False]])
    return SweepResult(
        parameter,
        np.array(values),
        ("no norm", "BN"),
        accuracy,
        diverged,
        np.full(4, 100),
        np.array(values, dtype=float),
        "cancelled",
    )


def titles(fig: go.Figure) -> str:
    return fig.layout.title.text


def test_moving_average_is_a_trailing_mean():
    assert np.allclose(moving_average(np.array([1.0, 2, 3, 4, 5]), 2), [1, 1.5, 2.5, 3.5, 4.5])
    table = np.array([[1.0, 10], [3, 30], [5, 50]])
    assert np.allclose(moving_average(table, 3), [[1, 10], [2, 20], [3, 30]])
    assert np.allclose(moving_average(np.array([4.0, 6]), 1), [4, 6])
    assert moving_average(np.empty((0, 3)), 5).shape == (0, 3)


def test_colours_follow_the_method_and_the_layer_order():
    assert method_color("GN (G=10)") == method_color("GN") != method_color("BN")
    assert len({layer_color(i) for i in range(6)}) == 6  # the page's depths 1–6


def test_loss_and_accuracy_figures_show_both_runs(runs):
    loss = loss_figure(runs, smooth=5)
    assert len(loss.data) == 4  # raw and smoothed per run
    assert {t.name for t in loss.data if t.showlegend is not False} == {"no norm", "BN"}
    assert "Training loss" in titles(loss)
    assert loss.layout.xaxis.title.text == "training step"
    accuracy = accuracy_figure(runs)
    assert [list(t.x) for t in accuracy.data] == [[0, 4, 8, 12]] * 2
    assert accuracy.layout.yaxis.tickformat == ".0%"
    assert accuracy.layout.font.size >= 16  # readable on a projector


def test_percentiles_figure_has_one_panel_per_run_and_the_saturated_zones(runs):
    fig = percentiles_figure(runs, layer=2, unit=5)
    assert len(fig.data) == 6  # 3 percentiles × 2 runs
    expected = runs[1].percentiles[:, 2, 5, 1]
    assert np.allclose(fig.data[4].y, expected)  # BN's median
    assert "unit 5 of layer 3" in titles(fig)
    assert len(fig.layout.shapes) == 4  # two saturated bands per panel
    assert [a.text for a in fig.layout.annotations] == ["no norm", "BN"]
    with pytest.raises(ValueError, match="Layer 4 does not exist"):
        percentiles_figure(runs, layer=3)
    with pytest.raises(ValueError, match="Unit 100 does not exist"):
        percentiles_figure(runs, layer=0, unit=100)


def test_layer_figures_have_one_line_per_layer_in_each_panel(runs):
    sat = saturation_figure(runs)
    assert len(sat.data) == 2 * 3
    assert "Saturated" in titles(sat)
    grads = grad_norm_figure(runs, smooth=3)
    assert len(grads.data) == 2 * 4  # three hidden layers and the output layer
    assert grads.layout.yaxis.type == "log"
    assert [t.name for t in grads.data[:4]] == ["layer 1", "layer 2", "layer 3", "output"]
    # one colour per layer in both charts and both panels; the panels' titles in the method's
    colour = {(t.name, t.xaxis): t.line.color for t in (*sat.data, *grads.data)}
    for fig in (sat, grads):
        for trace in fig.data:
            assert trace.line.color == colour[(trace.name, "x")]
            assert trace.line.color not in palette.METHOD_COLORS.values()
        assert [a.font.color for a in fig.layout.annotations[:2]] == [
            method_color("no norm"),
            method_color("BN"),
        ]


def test_figures_of_a_run_that_has_not_stepped_yet(first_report):
    assert first_report[0].step.size == 0 and first_report[0].eval_step.size == 1
    for build in (loss_figure, accuracy_figure, saturation_figure, grad_norm_figure):
        assert isinstance(build(first_report), go.Figure)
    assert isinstance(percentiles_figure(first_report, layer=0), go.Figure)
    assert isinstance(loss_figure([]), go.Figure)
    assert isinstance(percentiles_figure([], layer=0), go.Figure)


def test_lr_sweep_figure_marks_diverged_runs_and_uses_a_log_axis():
    fig = lr_sweep_figure(sweep())
    assert fig.layout.xaxis.type == "log"
    names = [t.name for t in fig.data]
    assert names == ["no norm", "no norm: diverged (loss NaN or infinite)", "BN"]
    assert list(fig.data[1].x) == [10.0]


def test_batch_size_sweep_figure_shows_accuracy_like_the_lr_sweep_largest_batch_first():
    result = sweep("batch_size", values=(2, 8, 32, 64))
    fig = batch_size_sweep_figure(result)
    assert fig.layout.xaxis.autorange == "reversed"
    assert np.allclose(fig.data[0].y, result.final_accuracy[0])
    assert fig.layout.yaxis.title.text == lr_sweep_figure(sweep()).layout.yaxis.title.text
    error = batch_size_sweep_figure(result, as_error=True)
    assert np.allclose(error.data[0].y, 1 - result.final_accuracy[0])
    assert "error" in error.layout.yaxis.title.text


def test_every_figure_speaks_both_languages(runs, monkeypatch):
    monkeypatch.setenv("NORMVIZ_STRICT_I18N", "1")  # a missing text fails here
    builders = {
        "loss": lambda lang: loss_figure(runs, smooth=5, lang=lang),
        "accuracy": lambda lang: accuracy_figure(runs, lang=lang),
        "percentiles": lambda lang: percentiles_figure(runs, layer=1, unit=2, lang=lang),
        "no percentiles": lambda lang: percentiles_figure([], layer=0, lang=lang),
        "saturation": lambda lang: saturation_figure(runs, lang=lang),
        "grad_norm": lambda lang: grad_norm_figure(runs, smooth=3, lang=lang),
        "lr_sweep": lambda lang: lr_sweep_figure(sweep(), lang=lang),
        "batch_sweep": lambda lang: batch_size_sweep_figure(
            sweep("batch_size", (2, 8, 32, 64)), lang=lang
        ),
    }
    for name, build in builders.items():
        english, chinese = build("en"), build("zh")
        assert titles(chinese) and titles(chinese) != titles(english), name
        assert len(chinese.data) == len(english.data), name
    loss = loss_figure(runs, smooth=5, lang="zh")
    assert {t.name for t in loss.data if t.showlegend is not False} == {"无归一化", "BN"}
    grads = grad_norm_figure(runs, smooth=3, lang="zh")
    assert [t.name for t in grads.data[:4]] == ["第 1 层", "第 2 层", "第 3 层", "输出层"]
    percentiles = percentiles_figure(runs, layer=2, unit=5, lang="zh")
    assert [a.text for a in percentiles.layout.annotations] == ["无归一化", "BN"]
    names = [t.name for t in lr_sweep_figure(sweep(), lang="zh").data]
    assert names == ["无归一化", "无归一化：发散（损失为 NaN 或无穷大）", "BN"]


def test_progress_reports_speak_both_languages(monkeypatch):
    monkeypatch.setenv("NORMVIZ_STRICT_I18N", "1")
    reports: list[Progress] = []
    compare(TrainConfig(steps=4, eval_every=4), progress=lambda r: reports.append(r) or False)
    assert reports[0].message == "no norm and BN: step 0 of 4"
    assert reports[0].text("zh") == "无归一化与 BN：第 0 步，共 4 步"
    sweep_report = Progress(
        0.5,
        "training.progress.sweep",
        {"parameter": "lr", "value": 0.1, "labels": ("no norm", "BN"), "step": 3, "steps": 9},
        (),
    )
    assert sweep_report.message == "learning rate = 0.1 (no norm, BN): step 3 of 9"
    assert sweep_report.text("zh") == "学习率 = 0.1（无归一化、BN）：第 3 步，共 9 步"
