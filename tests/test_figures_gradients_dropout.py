"""The Gradients and Dropout figure builders: plain numbers in, a labelled go.Figure out,
small enough to send to a classroom of browsers."""

import numpy as np
import plotly.graph_objects as go
import pytest

import normviz as nv
from normviz import backward as bw
from normviz import dropout as dr
from normviz import landscape as ls
from normviz import scale_invariance as si
from normviz.figures import dropout as fdr
from normviz.figures import gradients as fgr

MAX_BYTES = 40_000  # a figure's JSON, plotly's default template (~6.5 kB) included


def check(fig: go.Figure, *, words: str) -> None:
    assert isinstance(fig, go.Figure)
    assert words.lower() in fig.layout.title.text.lower()
    axes = [fig.layout[k] for k in fig.layout if k.startswith(("xaxis", "yaxis"))]
    titled = [a for a in axes if a.title.text]
    assert titled, "axes need labels"
    assert len(fig.to_json()) < MAX_BYTES


@pytest.fixture(scope="module")
def grads():
    x = nv.make_tensor((8, 4, 6, 6), seed=1)
    grad_y = bw.upstream_gradient("weighted sum", x, seed=2)
    return bw.backward(x, "BN", grad_y, gamma=[1, 2, 3, 4])


def test_group_gradients(grads):
    s = bw.steps(grads, (0, 1, 2, 3))
    fig = fgr.group_gradients(
        s.group_grad_y, s.group_grad_x_hat, s.group_grad_x, chosen=5, method="BN"
    )
    check(fig, words="Σ ∂L/∂x")
    assert len(fig.data) == 3 and all(len(t.x) == fgr.MAX_BARS for t in fig.data)  # 288 → 64
    assert "first 64 of 288" in fig.layout.title.text


def test_removed_components(grads):
    d = bw.decomposition(grads, (0, 1, 2, 3))
    fig = fgr.removed_components(d.x_hat, d.arriving, d.passed)
    check(fig, words="along x̂")
    big = np.linspace(-2, 2, 10_000)
    big_fig = fgr.removed_components(big, big, big)
    assert len(big_fig.data[0].x) == fgr.MAX_POINTS
    assert len(big_fig.to_json()) < 100_000


def test_scale_invariance_figure():
    scan = si.scan_scales(scales=np.logspace(-1, 2, 7))
    fig = fgr.scale_invariance(
        scan.scales, scan.grad_w_norm, scan.grad_w_norm_predicted, scan.output_change, a_now=2.0
    )
    check(fig, words="scale invariance")
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"
    assert min(fig.data[2].y) > 0  # a = 1's zero change is drawn at the log floor


def test_loss_landscape_figure():
    land = ls.measure_landscape(step_sizes=np.logspace(-2, 0.5, 6))
    p, b = land.plain, land.batch_norm
    two = fgr.loss_landscape(land.step_sizes, p.loss, b.loss, p.grad_norm, b.grad_norm)
    check(two, words="smooth")
    three = fgr.loss_landscape(
        land.step_sizes, p.loss, b.loss, p.grad_norm, b.grad_norm, p.grad_change, b.grad_change
    )
    assert len(three.data) == 6 and len(two.data) == 4


def test_dropout_figures():
    x = np.linspace(-2, 3, 16)
    d = dr.dropout(x, 0.5, seed=1)
    check(fdr.dropout_vector(x, d.mask, d.train_output, d.test_output, 0.5), words="p = 0.5")
    check(fdr.mask_heatmap(dr.keep_mask((6, 6), 0.3, seed=0)), words="kept")
    avg = dr.mask_average(x, 0.5, 500)
    check(fdr.running_mean(avg.counts, avg.running_mean[:, :4], avg.target[:4]), words="masks")
    check(fdr.mask_average_error(avg.counts, avg.max_error, avg.standard_error), words="1/√k")
    v = dr.variance_shift()
    fig = fdr.variance_shift(
        v.p, v.train_var, v.test_var, v.train_var_predicted, v.test_var_predicted, v.output_std
    )
    check(fig, words="dropout before BN")


def test_large_inputs_are_capped():
    x = np.random.default_rng(0).standard_normal(5000)
    d = dr.dropout(x, 0.2)
    fig = fdr.dropout_vector(x, d.mask, d.train_output, d.test_output, 0.2)
    assert len(fig.data[0].x) == fdr.MAX_UNITS
    assert len(fdr.mask_heatmap(dr.keep_mask((500, 500), 0.2)).to_json()) < MAX_BYTES


def test_mismatched_lengths_raise():
    with pytest.raises(ValueError, match="different lengths"):
        fgr.group_gradients(np.ones(3), np.ones(3), np.ones(4))
    with pytest.raises(ValueError, match="different lengths"):
        fdr.mask_average_error(np.ones(3), np.ones(2), np.ones(3))
    with pytest.raises(ValueError, match="1-D or 2-D"):
        fdr.mask_heatmap(np.ones((2, 2, 2), dtype=bool))


def built_in(lang: str, grads) -> dict[str, go.Figure]:
    """Every Gradients and Dropout figure, built in one language."""
    s = bw.steps(grads, (0, 1, 2, 3))
    d = bw.decomposition(grads, (0, 1, 2, 3))
    scan = si.scan_scales(scales=np.logspace(-1, 2, 4))
    land = ls.measure_landscape(step_sizes=np.logspace(-2, 0.5, 3))
    p, b = land.plain, land.batch_norm
    x = np.linspace(-2, 3, 80)
    drop = dr.dropout(x, 0.5, seed=1)
    avg = dr.mask_average(x, 0.5, 100)
    v = dr.variance_shift()
    return {
        "group_gradients": fgr.group_gradients(
            s.group_grad_y, s.group_grad_x_hat, s.group_grad_x, method="BN", lang=lang
        ),
        "removed_components": fgr.removed_components(d.x_hat, d.arriving, d.passed, lang=lang),
        "scale_invariance": fgr.scale_invariance(
            scan.scales,
            scan.grad_w_norm,
            scan.grad_w_norm_predicted,
            scan.output_change,
            a_now=2.0,
            lang=lang,
        ),
        "loss_landscape": fgr.loss_landscape(
            land.step_sizes,
            p.loss,
            b.loss,
            p.grad_norm,
            b.grad_norm,
            p.grad_change,
            b.grad_change,
            lang=lang,
        ),
        "dropout_vector": fdr.dropout_vector(
            x, drop.mask, drop.train_output, drop.test_output, 0.5, lang=lang
        ),
        "mask_heatmap": fdr.mask_heatmap(dr.keep_mask((6, 6), 0.3, seed=0), lang=lang),
        "running_mean": fdr.running_mean(
            avg.counts, avg.running_mean[:, :4], avg.target[:4], lang=lang
        ),
        "mask_average_error": fdr.mask_average_error(
            avg.counts, avg.max_error, avg.standard_error, lang=lang
        ),
        "variance_shift": fdr.variance_shift(
            v.p,
            v.train_var,
            v.test_var,
            v.train_var_predicted,
            v.test_var_predicted,
            v.output_std,
            lang=lang,
        ),
    }


def test_every_figure_speaks_both_languages(grads, monkeypatch):
    monkeypatch.setenv("NORMVIZ_STRICT_I18N", "1")  # a missing text fails here
    english, chinese = built_in("en", grads), built_in("zh", grads)
    for name, fig in chinese.items():
        en_title, zh_title = english[name].layout.title.text, fig.layout.title.text
        assert zh_title and zh_title != en_title, name
        assert len(fig.data) == len(english[name].data), name
    assert "（" in chinese["group_gradients"].layout.title.text  # "(first 64 of 288)"
    assert chinese["loss_landscape"].data[0].name == "不加归一化"
    assert chinese["loss_landscape"].data[1].name == "加 BN"
    assert "保留" in chinese["mask_heatmap"].data[0].hovertemplate
