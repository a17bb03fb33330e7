"""Sigmoid saturation's γ scan, and the Gradients page's demonstrations for every method:
scale invariance, the bias before the layer, and the loss landscape, checked against torch."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import normviz as nv
from normviz import landscape as ls
from normviz import scale_invariance as si
from normviz.figures.gradients import bias_outputs
from normviz.figures.saturation import histogram_with_sigmoid, resaturation_curve
from normviz.saturation import (
    SCALE_FACTORS,
    power_of_ten,
    resaturation,
    saturated_fraction_by_scale,
    saturation,
    saturation_cutoff,
)

METHODS = [("batch", None), ("layer", None), ("instance", None), ("group", 2)]


def torch_norm(z: np.ndarray, method: str, groups: int | None, eps: float = 1e-5):
    """PyTorch's own functional layers (no γ, β), in float64."""
    x = torch.from_numpy(np.asarray(z, dtype=np.float64))
    if method == "batch":
        return F.batch_norm(x, None, None, training=True, eps=eps).numpy()
    if method == "layer":
        return F.group_norm(x, 1, eps=eps).numpy()
    if method == "instance":
        return F.instance_norm(x, eps=eps).numpy()
    return F.group_norm(x, groups, eps=eps).numpy()


# ---------------------------------------------------------------------------------------
# The "saturates again" curve: its point at k = 1 is the layer's own saturated share


@pytest.mark.parametrize(("method", "groups"), METHODS)
@pytest.mark.parametrize("seed", range(3))
def test_curve_at_k_1_equals_the_metric_of_the_output(method, groups, seed):
    rng = np.random.default_rng(seed)
    x = (2.0 + 3.0 * rng.standard_normal((4, 4, 5, 5))).astype(np.float32)
    gamma, beta = rng.uniform(0.5, 4.0, 4), rng.uniform(-4.0, 4.0, 4)
    result = nv.normalize(x, method, groups=groups, gamma=gamma, beta=beta)
    scan = resaturation(result.x_hat_of_samples(4), result.gamma, result.beta)
    (now,) = np.flatnonzero(scan.scales == 1.0)
    assert scan.with_beta[now] == saturation(result.y).saturated_fraction
    # every other k by brute force in float64
    x_hat = result.x_hat_of_samples(4).astype(np.float64)
    g, b = gamma.reshape(1, -1, 1, 1), beta.reshape(1, -1, 1, 1)
    for i in (0, 17, 55, 80):
        k = scan.scales[i]
        assert scan.with_beta[i] == np.mean(np.abs(k * g * x_hat + b) > saturation_cutoff())
        assert scan.without_beta[i] == np.mean(np.abs(k * g * x_hat) > saturation_cutoff())


def test_worked_example_curve_reads_the_62_5_percent_of_the_page():
    result = nv.normalize(
        nv.worked_example(), "batch", gamma=np.array([2.0, 5.0]), beta=np.array([3.0, 8.0])
    )
    scan = resaturation(result.x_hat_of_samples(2), result.gamma, result.beta)
    assert scan.with_beta[scan.scales == 1.0][0] == 0.625
    # a tiny γ leaves y ≈ β = (3, 8): both beyond 2.944, everything saturated
    assert scan.with_beta[0] == 1.0 and scan.without_beta[0] == 0.0
    assert SCALE_FACTORS[0] == 0.01 and SCALE_FACTORS[-1] == 100.0


def test_zero_and_negative_gamma():
    x_hat = np.array([[[-1.0, 0.0, 2.0]], [[3.5, -3.5, 0.5]]]).reshape(2, 1, 3)
    fractions = saturated_fraction_by_scale(x_hat, [-1.0], [0.0], scales=[0.0, 1.0, 2.0])
    np.testing.assert_array_equal(fractions, [0.0, 2 / 6, 3 / 6])
    assert saturated_fraction_by_scale(x_hat, [1.0], [5.0], scales=[0.0])[0] == 1.0


def test_resaturation_figure_marks_k_1_and_labels_decades_only():
    scales = SCALE_FACTORS
    with_beta = np.linspace(1, 0, scales.size)
    fig = resaturation_curve(scales, with_beta, with_beta / 2, "the sidebar's γ = 2: 50.0%")
    marker = [t for t in fig.data if t.mode == "markers"][0]
    assert list(marker.x) == [1.0] and marker.y[0] == with_beta[40]
    axis = fig.layout.xaxis
    assert axis.type == "log" and axis.dtick == 1 and axis.minor.ticks == "outside"
    assert axis.range is None or axis.range[1] >= 2  # the curve's whole k range
    assert [s.x0 for s in fig.layout.shapes] == [1.0]  # a shape in data units, not log10


def test_histogram_marks_the_chosen_element_inside_the_axis():
    edges = np.linspace(-10, 10, 81)
    fig = histogram_with_sigmoid(
        edges, np.ones(80), title="x", cutoff=2.944, mark=14.0, mark_label="chosen"
    )
    line = fig.layout.shapes[-1]
    assert line.x0 == line.x1 == 10.0  # clipped to the axis, at the end bin
    assert fig.layout.annotations[0].text == "chosen"
    assert fig.layout.annotations[0].xanchor == "right"


def test_power_of_ten_reads_as_prose():
    assert power_of_ten(0.25**10) == "9.54 × 10⁻⁷"
    assert power_of_ten(25.0**10) == "9.54 × 10¹³"
    assert power_of_ten(0.5) == "0.5" and power_of_ten(0.0) == "0"


# ---------------------------------------------------------------------------------------
# Gradients: the demonstration layer under every method


@pytest.fixture(scope="module")
def model():
    return si.make_linear_bn(batch=si.DEMO_BATCH, positions=si.DEMO_POSITIONS)


@pytest.mark.parametrize(("method", "groups"), METHODS)
def test_scale_invariance_for_every_method(model, method, groups):
    scan = si.scan_scales(model, method=method, groups=groups)
    assert scan.output_change[scan.scales == 1.0][0] == 0
    np.testing.assert_allclose(scan.output_change, scan.output_change_by_eps, atol=1e-12)
    assert scan.output_change.max() < 1e-2  # ε's effect only
    assert scan.grad_w_formula_diff.max() < 1e-10
    product = scan.scales * scan.grad_w_norm
    assert np.abs(product / product[scan.scales == 1.0] - 1).max() < 2e-2
    # ∂L/∂W ⟂ W, so one SGD step grows ‖W‖² by exactly η²‖∂L/∂W‖² (up to ε)
    assert abs(scan.weight_cosine) < 1e-4
    grown = scan.weight_norm_sq + scan.step_growth_predicted
    assert scan.weight_norm_sq_after_step == pytest.approx(grown, rel=1e-5)
    assert scan.step_growth_predicted > 1e-3  # a growth one can read at 4 decimals


@pytest.mark.parametrize(("method", "groups"), METHODS)
def test_bias_effect_matches_torch(model, method, groups):
    effect = si.bias_effect(model, method, groups)
    z = np.einsum("cd,ndl->ncl", model.weight, model.u)
    every = np.full(4, si.DEMO_BIAS)
    one = np.array([si.DEMO_BIAS, 0.0, 0.0, 0.0])
    y0 = torch_norm(z, method, groups)
    y_every = torch_norm(z + every[None, :, None], method, groups)
    y_one = torch_norm(z + one[None, :, None], method, groups)
    np.testing.assert_allclose(effect.y_plain, y0[0].reshape(-1), atol=1e-12)
    np.testing.assert_allclose(effect.y_every, y_every[0].reshape(-1), atol=1e-12)
    np.testing.assert_allclose(effect.y_one, y_one[0].reshape(-1), atol=1e-12)
    assert effect.change_every == pytest.approx(np.abs(y_every - y0).max(), abs=1e-12)
    assert effect.change_one == pytest.approx(np.abs(y_one - y0).max(), abs=1e-12)
    # the same bias on every channel cancels in all four methods
    assert effect.change_every < 1e-12
    if method in ("batch", "instance"):  # a per-channel bias is constant over each group
        assert effect.change_one < 1e-12 and np.abs(effect.grad_b).max() < 1e-12
    else:  # LN, GN: a bias that differs within a group is not removed
        assert effect.change_one > 0.1 and np.abs(effect.grad_b).max() > 0.1
        per_group = effect.grad_b.reshape(groups or 1, -1).sum(axis=1)
        np.testing.assert_allclose(per_group, 0, atol=1e-12)  # zero only summed over a group


def test_groupnorm_cancels_a_bias_constant_within_each_group(model):
    z = np.einsum("cd,ndl->ncl", model.weight, model.u)
    by_group = np.array([3.0, 3.0, -1.0, -1.0])  # G = 2: channels (0, 1) and (2, 3)
    y0 = torch_norm(z, "group", 2)
    y = torch_norm(z + by_group[None, :, None], "group", 2)
    assert np.abs(y - y0).max() < 1e-12
    layer = torch_norm(z + by_group[None, :, None], "layer", None)
    assert np.abs(layer - torch_norm(z, "layer", None)).max() > 0.1  # LN = one group of 4


def test_bias_figure_shows_both_cases(model):
    effect = si.bias_effect(model, "layer", None)
    fig = bias_outputs(
        effect.y_plain,
        effect.y_every,
        effect.y_one,
        effect.change_every,
        effect.change_one,
        positions=effect.positions,
        value=effect.value,
        label="LN",
    )
    assert len(fig.data) == 4 and fig.data[0].x.size == 4 * si.DEMO_POSITIONS
    titles = [a.text for a in fig.layout.annotations]
    assert "b on channel 0 only" in titles[1] and "× 10" not in titles[1]  # 2.41, not 2.4e+00
    assert "LN" in fig.layout.title.text


@pytest.mark.parametrize(("method", "groups"), [("layer", 1), ("group", 4)])
def test_landscape_gradient_of_ln_and_gn_matches_torch_autograd(method, groups):
    inputs, labels = ls._data(4)
    params = ls._init(4, inputs.shape[1], 16, 3, 3)
    norm = ls._Norm(method, groups)
    loss, grads = ls.loss_and_grad(params, inputs, labels, True, norm)
    leaves = [torch.tensor(p, requires_grad=True) for p in params]
    hidden = torch.tensor(inputs)
    for i in range(0, len(leaves) - 2, 2):
        hidden = F.group_norm(hidden @ leaves[i].T + leaves[i + 1], groups, eps=ls.BN_EPS)
        hidden = torch.relu(hidden)
    reference = F.cross_entropy(hidden @ leaves[-2].T + leaves[-1], torch.tensor(labels))
    reference.backward()
    assert loss == pytest.approx(reference.item(), abs=1e-12)
    for grad, leaf in zip(grads, leaves, strict=True):
        np.testing.assert_allclose(grad, leaf.grad.numpy(), rtol=0, atol=1e-12)


@pytest.mark.parametrize(("method", "groups"), [("layer", 1), ("group", 2)])
def test_landscape_is_smoother_with_ln_and_gn_too(method, groups):
    land = ls.measure_landscape(method=method, groups=groups)
    assert land.method == method and land.batch_norm.loss_range < land.plain.loss_range / 10


def test_landscape_refuses_instance_norm():
    with pytest.raises(ValueError):
        ls.measure_landscape(method="instance")
