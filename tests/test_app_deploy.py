"""The BN-deployed page under Streamlit's AppTest, in English and Chinese: the folding
numbers it shows are those of a torch Conv2d/Linear + BatchNorm in eval mode rebuilt here,
and the pitfalls' numbers are those of normviz.deploy (itself checked against torch in
tests/test_deploy.py)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from helpers import chart, errors, ok, open_app, text, warnings
from torch import nn

import normviz as nv
from normviz import deploy
from normviz.config import ViewConfig
from ui import compute

PAGE = "app_pages/11_BN_deployed.py"
NUMBER = r"(-?\d+\.\d+)"


def torch_fold_reference(x: np.ndarray, gamma, beta, eps: float, bias: bool):
    """The page's layer, rebuilt in torch: Conv2d(C, C, 3, padding=1) → BatchNorm2d in eval
    mode, running statistics from one training pass with momentum=None."""
    c = x.shape[1]
    torch.manual_seed(deploy.DEMO_SEED)
    conv = nn.Conv2d(c, c, 3, padding=1, bias=bias, dtype=torch.float64)
    bn = nn.BatchNorm2d(c, eps=eps, momentum=None, dtype=torch.float64)
    with torch.no_grad():
        bn.weight.copy_(torch.tensor(gamma))
        bn.bias.copy_(torch.tensor(beta))
        z = conv(torch.from_numpy(x))
        bn.train()(z)
        y = bn.eval()(z)
    return conv, bn, y.numpy()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_shows_the_fold_and_the_pitfalls(lang):
    at = ok(open_app(PAGE, lang=lang))
    assert not errors(at), errors(at)
    prose = text(at)
    assert at.title[0].value == (
        "After training: BatchNorm as it is deployed"
        if lang == "en"
        else "训练之后：部署时的批量归一化"
    )
    # folding: the worked example, channel 0, numbers against torch
    x = nv.worked_example()
    conv, bn, y = torch_fold_reference(x, [2.0, 5.0], [3.0, 8.0], 1e-5, True)
    s = 2.0 / np.sqrt(float(bn.running_var[0]) + 1e-5)
    assert f"{s:.4f}" in prose
    b_folded = 3.0 + s * (float(conv.bias[0].detach()) - float(bn.running_mean[0]))
    assert f"{b_folded:.4f}" in prose
    assert (
        f"{float(bn.running_mean[0]):.4f}" in prose and f"{float(bn.running_var[0]):.4f}" in prose
    )
    first = f"{y[0, 0, 0, 0]:.4f}"  # the unfolded output, and the folded one: both shown
    assert prose.count(first) >= 2, first
    w00 = f"{float(conv.weight[0, 0, 0, 0].detach()):.4f}"
    w00_folded = f"{float(conv.weight[0, 0, 0, 0].detach()) * s:.4f}"
    assert w00 in prose and w00_folded in prose
    demo = deploy.fold_demo(x, [2.0, 5.0], [3.0, 8.0], 1e-5)
    shown = [float(m.value) for m in at.metric[:2]]
    assert shown[0] == pytest.approx(demo.checks["float32"].max_difference, rel=1e-2)
    assert shown[1] == pytest.approx(demo.checks["float64"].max_difference, rel=1e-2)
    assert 0 < shown[1] < 1e-12 < shown[0] < 1e-5  # rounding only, float64 far below float32
    # pitfall 1: the numbers of normviz.deploy, which tests/test_deploy.py checks against torch
    a = deploy.batch_dependence(0)
    assert f"{a.train.one_class.max():.3f}" in prose and f"{a.train.max_difference:.3f}" in prose
    assert f"{100 * a.train.accuracy_sorted:.1f}\u00a0%" in prose
    assert f"{100 * a.eval.accuracy_mixed:.1f}\u00a0%" in prose
    codes = [c.value for c in at.code]
    assert any("Expected more than 1 value per channel when training" in c for c in codes), codes
    # pitfall 2
    b = deploy.frozen_fine_tune()
    assert f"{b.mean_change('grad'):.3f}" in prose and f"{b.var_change('grad'):.3f}" in prose
    assert "0.9²⁰ = 0.12" in prose
    # pitfall 4: the device statistics drawn from the worked example's population
    stats = compute.device_statistics(ViewConfig(), 8, 2)
    assert stats.devices == 8 and stats.per_device == 2 and stats.values_per_device == 8
    for value in (stats.global_mean, stats.global_var, stats.element_device, stats.element_global):
        assert f"{value:.4f}" in prose
    assert f"{stats.mean_deviation:.2f}·σ" in prose
    for key in (
        "eval_probabilities",
        "freeze_drift",
        "untracked_probabilities",
        "device_statistics",
    ):
        chart(at, key)
    assert not warnings(at)
    if lang == "zh":
        assert "评估模式" in prose and "滑动均值" in prose


def test_page_params_live_in_the_url_and_change_the_numbers():
    at = ok(open_app(PAGE, image="7", devices="4", per_device="1", fold_bias="false"))
    prose = text(at)
    a = deploy.batch_dependence(7)
    assert "Test image 7 shows a 7" in prose
    assert f"{a.train.one_class.max():.3f}" in prose
    # no bias: b = 0 on screen, and b′ = β − s·μ
    assert "bias b = 0.0000" in prose
    # one value per device (1 sample, H·W = 4 values here): BN runs; with an N×C tensor it would not
    assert "4 = 4 × 1" in prose
    params = dict(at.query_params)
    assert params.get("image") in (["7"], "7") and params.get("devices") in (["4"], "4")


def test_a_bad_page_param_falls_back_with_a_note():
    at = ok(open_app(PAGE, image="9999"))
    assert any("image" in w for w in warnings(at)), warnings(at)
    assert "Test image 0 shows a 0" in text(at)


def test_fully_connected_tensor_folds_a_linear_layer_and_refuses_one_value_per_device():
    at = ok(open_app(PAGE, fc="1", n="3", c="4", preset="Standard normal", per_device="1"))
    prose = text(at)
    assert "Linear(C, C)" in prose and "BatchNorm1d(C)" in prose
    assert "fuse_linear_bn_eval" in prose
    shown = [float(m.value) for m in at.metric[:2]]
    assert shown[1] < 1e-12 and shown[0] < 1e-5
    # one sample per device, no H·W: plain BN has one value per channel, SyncBN does not
    assert any("SyncBatchNorm still works" in w for w in warnings(at)), warnings(at)


def test_one_value_per_channel_keeps_the_initial_running_statistics_on_screen():
    at = ok(open_app(PAGE, n="1", c="2", h="1", w="1", preset="Standard normal"))
    assert any("μ = 0, σ² = 1" in w for w in warnings(at)), warnings(at)
    assert "running_mean μ = 0.0000, running_var σ² = 1.0000" in text(at)


def test_steps_mode_reveals_the_sections_step_by_step():
    at = ok(open_app(PAGE, stepwise="1"))
    assert not at.metric  # the fold's numbers wait for the introduction's second step
    at.button(key="_step_p11.intro_next").click().run()
    ok(at)
    assert not at.metric  # … and for the fold's own second step
    at.button(key="_step_p11.fold_next").click().run()
    ok(at)
    assert len(at.metric) == 3


def test_a_large_feature_map_says_which_outputs_are_written_out():
    at = ok(open_app(PAGE, n="2", c="3", h="6", w="5", preset="Standard normal"))
    captions = [c.value for c in at.caption]
    assert any("first 4×4 of the 6×5 outputs" in c for c in captions), captions
