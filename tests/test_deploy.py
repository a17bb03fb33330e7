"""normviz.deploy against PyTorch: BN folded into the conv or linear layer before it, and the
four deployment pitfalls (model.eval(), requires_grad=False, track_running_stats=False,
per-device statistics vs SyncBatchNorm's global ones)."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.fusion import fuse_conv_bn_eval, fuse_conv_bn_weights, fuse_linear_bn_eval

import normviz as nv
from normviz import deploy
from normviz.i18n import InputError

DTYPES = {"float32": torch.float32, "float64": torch.float64}
TOLERANCE = {"float32": 2e-6, "float64": 1e-13}  # relative to the output's largest |value|


def trained_pair(kind: str, c_in: int, c_out: int, bias: bool, dtype, seed: int):
    """A conv (or linear) layer and a BN whose γ, β and running statistics are not trivial."""
    torch.manual_seed(seed)
    if kind == "conv":
        layer = nn.Conv2d(c_in, c_out, 3, padding=1, bias=bias, dtype=dtype)
        bn = nn.BatchNorm2d(c_out, dtype=dtype)
    else:
        layer = nn.Linear(c_in, c_out, bias=bias, dtype=dtype)
        bn = nn.BatchNorm1d(c_out, dtype=dtype)
    with torch.no_grad():
        bn.weight.uniform_(-2, 2)
        bn.bias.normal_(0, 3)
        bn.running_mean.normal_(0, 2)
        bn.running_var.uniform_(0.01, 5)
    return layer.eval(), bn.eval()


def as_numpy(t: torch.Tensor | None):
    return None if t is None else t.detach().numpy()


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("kind", ["conv", "linear"])
@pytest.mark.parametrize("seed", range(6))
def test_fold_bn_matches_torch_eval_mode_and_torchs_own_fusion(kind, bias, dtype, seed):
    rng = np.random.default_rng(seed)
    c_in, c_out = int(rng.integers(1, 7)), int(rng.integers(1, 9))
    layer, bn = trained_pair(kind, c_in, c_out, bias, DTYPES[dtype], seed)
    bn.eps = float(rng.choice([1e-5, 1e-3, 0.1]))
    shape = (int(rng.integers(1, 5)), c_in, *((rng.integers(1, 7, 2)) if kind == "conv" else ()))
    x = torch.from_numpy(rng.normal(1.5, 3, shape).astype(dtype))
    w, b = deploy.fold_bn(
        as_numpy(layer.weight),
        as_numpy(layer.bias),
        as_numpy(bn.weight),
        as_numpy(bn.bias),
        as_numpy(bn.running_mean),
        as_numpy(bn.running_var),
        bn.eps,
    )
    assert w.dtype == np.dtype(dtype) and b.dtype == np.dtype(dtype)
    # oracle 1: the unfolded layers in eval mode
    with torch.no_grad():
        expected = bn(layer(x))
        out = (
            F.conv2d(x, torch.from_numpy(w), torch.from_numpy(b), padding=1)
            if kind == "conv"
            else F.linear(x, torch.from_numpy(w), torch.from_numpy(b))
        )
    scale = max(1.0, float(expected.abs().max()))
    assert float((out - expected).abs().max()) <= TOLERANCE[dtype] * scale
    # oracle 2: torch.nn.utils.fusion's W′, b′
    tw, tb = fuse_conv_bn_weights(
        layer.weight, layer.bias, bn.running_mean, bn.running_var, bn.eps, bn.weight, bn.bias
    )
    np.testing.assert_allclose(w, as_numpy(tw), rtol=4 * TOLERANCE[dtype], atol=1e-300)
    np.testing.assert_allclose(b, as_numpy(tb), rtol=4 * TOLERANCE[dtype], atol=1e-6)


def test_fold_bn_is_the_formula_written_out():
    weight = np.arange(12.0).reshape(2, 6)
    w, b = deploy.fold_bn(weight, [1.0, -1.0], [2.0, 3.0], [0.5, -4.0], [3.0, 1.0], [3.0, 8.0], 1.0)
    np.testing.assert_allclose(w, [weight[0] * 2 / 2, weight[1] * 3 / 3])
    np.testing.assert_allclose(b, [0.5 + 2 * (1 - 3) / 2, -4 + 3 * (-1 - 1) / 3])


def test_fold_bn_refuses_a_zero_denominator_and_wrong_sizes():
    with pytest.raises(InputError) as zero:
        deploy.fold_bn(np.ones((2, 3)), None, [1, 1], [0, 0], [0, 0], [0.0, 1.0], 0.0)
    assert zero.value.key == "p11.error.fold_variance"
    with pytest.raises(InputError) as size:
        deploy.fold_bn(np.ones((2, 3)), None, [1, 1, 1], [0, 0], [0, 0], [1, 1], 1e-5)
    assert size.value.key == "p11.error.fold_size"


@pytest.mark.parametrize("bias", [True, False])
@pytest.mark.parametrize("shape", [(2, 2, 2, 2), (5, 3, 4, 6), (8, 4), (3, 1, 1, 9)])
def test_fold_check_compares_torchs_unfolded_and_folded_layers(shape, bias):
    x = np.random.default_rng(1).normal(2, 4, shape)
    gamma = np.linspace(-2, 3, shape[1])
    beta = np.linspace(1, -1, shape[1])
    demo = deploy.fold_demo(x, gamma, beta, 1e-3, bias=bias, seed=3)
    layer = demo.layer
    assert (layer.bias is not None) == bias and layer.stats_refusal is None
    # the layer is what the library says it is, rebuilt with torch from the same numbers
    kind = nn.Conv2d if x.ndim == 4 else nn.Linear
    args = (shape[1], shape[1], 3) if x.ndim == 4 else (shape[1], shape[1])
    extra = {"padding": 1} if x.ndim == 4 else {}
    torch.manual_seed(3)
    ref = kind(*args, bias=bias, dtype=torch.float64, **extra)
    np.testing.assert_array_equal(layer.weight, as_numpy(ref.weight))
    bn = (nn.BatchNorm2d if x.ndim == 4 else nn.BatchNorm1d)(
        shape[1], eps=1e-3, momentum=None, dtype=torch.float64
    )
    with torch.no_grad():
        bn.weight.copy_(torch.from_numpy(gamma))
        bn.bias.copy_(torch.from_numpy(beta))
        z = ref(torch.from_numpy(x))
        bn.train()(z)
        expected = bn.eval()(z).numpy()
    # running statistics: the batch's mean and unbiased variance (momentum=None, one batch)
    axes = (0, 2, 3) if x.ndim == 4 else (0,)
    np.testing.assert_allclose(layer.running_mean, z.numpy().mean(axis=axes), rtol=1e-12)
    np.testing.assert_allclose(layer.running_var, z.numpy().var(axis=axes, ddof=1), rtol=1e-12)
    for dtype, check in demo.checks.items():
        scale = max(1.0, check.max_abs_output)
        assert check.max_difference <= TOLERANCE[dtype] * scale, (dtype, check.max_difference)
        assert check.torch_fused_difference <= TOLERANCE[dtype] * scale
        np.testing.assert_allclose(
            check.unfolded, expected, rtol=0, atol=10 * TOLERANCE[dtype] * scale
        )
        assert check.folded.dtype == np.dtype(dtype)
    # float64 is far closer than float32: the difference is rounding, nothing else
    assert demo.checks["float64"].max_difference < demo.checks["float32"].max_difference


def test_torchs_fusion_modules_agree_with_the_library():
    layer, bn = trained_pair("linear", 5, 4, True, torch.float64, 9)
    fused = fuse_linear_bn_eval(layer, bn)
    w, b = deploy.fold_bn(
        *(as_numpy(t) for t in (layer.weight, layer.bias, bn.weight, bn.bias)),
        as_numpy(bn.running_mean),
        as_numpy(bn.running_var),
        bn.eps,
    )
    np.testing.assert_allclose(w, as_numpy(fused.weight), rtol=1e-13)
    np.testing.assert_allclose(b, as_numpy(fused.bias), rtol=1e-13, atol=1e-13)
    conv, bn2 = trained_pair("conv", 3, 2, False, torch.float32, 4)
    fused_conv = fuse_conv_bn_eval(conv, bn2)
    w, b = deploy.fold_bn(
        as_numpy(conv.weight),
        None,
        *(as_numpy(t) for t in (bn2.weight, bn2.bias, bn2.running_mean, bn2.running_var)),
        bn2.eps,
    )
    np.testing.assert_allclose(w, as_numpy(fused_conv.weight), rtol=1e-6)
    np.testing.assert_allclose(b, as_numpy(fused_conv.bias), rtol=1e-6, atol=1e-6)


def test_one_value_per_channel_keeps_the_initial_running_statistics():
    layer = deploy.deployed_layer(np.ones((1, 3)), [1, 2, 3], [0, 0, 0])
    assert layer.stats_refusal is not None and layer.stats_refusal.key == "errors.bn_one_value"
    np.testing.assert_array_equal(layer.running_mean, 0)
    np.testing.assert_array_equal(layer.running_var, 1)


def test_fold_input_keeps_the_work_within_the_budget():
    assert deploy.fold_input(np.zeros((64, 2, 4, 4))).shape == (64, 2, 4, 4)
    big = deploy.fold_input(np.zeros((4, 1024, 8, 8)))
    assert (
        big.shape[:2] == (1, 1024)
        and 1024 * 1024 * 9 * big.shape[2] * big.shape[3] <= deploy.FOLD_BUDGET
    )
    wide = deploy.fold_input(np.zeros((500, 1024)))
    assert wide.shape == (deploy.FOLD_BUDGET // 1024**2, 1024)


# --- pitfalls ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dependence():
    return deploy.batch_dependence(0)


def test_forgetting_eval_makes_a_prediction_depend_on_its_batch(dependence):
    train, evaluated = dependence.train, dependence.eval
    assert train.max_difference > 0.1  # the same image, other batch mates, other output
    assert evaluated.max_difference <= 1e-6  # eval mode: running statistics, no dependence
    assert evaluated.accuracy_mixed == evaluated.accuracy_sorted
    assert train.accuracy_sorted < train.accuracy_mixed - 0.3
    for probs in (train.mixed, train.one_class, evaluated.mixed):
        assert probs.shape == (10,) and abs(probs.sum() - 1) < 1e-6
    assert "Expected more than 1 value per channel when training" in dependence.single_refusal


def test_eval_mode_probabilities_are_the_models_on_the_image_alone(dependence):
    model = deploy.train_digits_mlp(True)
    image = torch.tensor(nv_digits().test_x[0].reshape(1, 64))
    with torch.no_grad():
        alone = torch.softmax(model.eval()(image), dim=1).numpy()[0]
    np.testing.assert_allclose(dependence.eval.mixed, alone, atol=1e-6)
    assert dependence.eval.label == int(nv_digits().test_y[0])


def nv_digits():
    from normviz.digits import load_digits

    return load_digits()


def test_train_mode_probabilities_are_bn_with_the_batch_statistics(dependence):
    """Rebuild the one-class batch's train-mode output from F.batch_norm(training=True)."""
    model = deploy.train_digits_mlp(True)
    digits = nv_digits()
    labels = digits.test_y
    rng = np.random.default_rng(deploy.DEMO_SEED)
    others = np.flatnonzero(np.arange(labels.size) != 0)
    rng.choice(others, deploy.BATCH - 1, replace=False)  # the mixed batch's draw comes first
    same = np.flatnonzero((labels == labels[0]) & (np.arange(labels.size) != 0))
    batch = np.concatenate([[0], rng.choice(same, deploy.BATCH - 1, replace=False)])
    x = torch.tensor(digits.test_x[batch].reshape(-1, 64))
    bn = model[1]
    with torch.no_grad():
        h = model[0](x)
        z = F.batch_norm(h, None, None, bn.weight, bn.bias, training=True, eps=bn.eps)
        probs = torch.softmax(model[3](torch.relu(z)), dim=1).numpy()[0]
    np.testing.assert_allclose(dependence.train.one_class, probs, atol=1e-6)


def test_untracked_bn_in_eval_mode_is_training_mode(dependence):
    untracked = deploy.untracked_stats(0)
    assert untracked.running_mean_is_none
    # same seed, same steps: the same weights; in eval mode it still uses batch statistics
    np.testing.assert_allclose(untracked.eval.mixed, dependence.train.mixed, atol=1e-6)
    np.testing.assert_allclose(untracked.eval.one_class, dependence.train.one_class, atol=1e-6)
    assert untracked.eval.max_difference > 0.1
    assert untracked.eval.accuracy_sorted == dependence.train.accuracy_sorted


def test_requires_grad_false_does_not_freeze_the_running_statistics():
    result = deploy.frozen_fine_tune()
    assert result.affine_change == {"grad": 0.0, "eval": 0.0}  # γ, β did not move
    assert result.mean_change("grad") > 0.1 and result.var_change("grad") > 0.01
    assert result.mean_change("eval") == 0.0 and result.var_change("eval") == 0.0
    trail = result.mean_trail["grad"]
    assert trail.shape == (result.steps + 1, deploy.HIDDEN)
    np.testing.assert_array_equal(trail[0], result.mean_before)
    np.testing.assert_array_equal(trail[-1], result.mean_after["grad"])
    assert (result.mean_trail["eval"] == result.mean_before).all()
    assert result.train_mode_after_model_train  # model.train() undoes bn.eval()
    assert result.momentum == 0.1


def test_a_frozen_bn_in_training_mode_updates_by_the_momentum_rule():
    """What the page says happens, step by step, in plain torch."""
    bn = nn.BatchNorm1d(3)
    bn.weight.requires_grad_(False)
    bn.bias.requires_grad_(False)
    before = bn.running_mean.clone()
    x = torch.randn(8, 3) + 5
    bn.train()(x)
    np.testing.assert_allclose(bn.running_mean, 0.9 * before + 0.1 * x.mean(0), rtol=1e-6)


@pytest.mark.parametrize("devices,per,spatial", [(8, 2, (4, 4)), (4, 4, (1, 1)), (2, 3, ())])
def test_device_statistics_against_torch(devices, per, spatial):
    rng = np.random.default_rng(devices)
    x = rng.normal(3, 2, (devices * per, 1, *spatial))
    stats = deploy.device_statistics(x, devices, eps=1e-5)
    t = torch.from_numpy(x)
    # SyncBatchNorm's statistics are those of the global batch: BN over all N·H·W values
    dims = [0, *range(2, x.ndim)]
    assert stats.global_mean == pytest.approx(float(t.mean(dims)), rel=1e-12)
    assert stats.global_var == pytest.approx(float(t.var(dims, unbiased=False)), rel=1e-12)
    y = F.batch_norm(t, None, None, training=True, eps=1e-5)
    assert stats.element_global == pytest.approx(float(y.reshape(-1)[0]), rel=1e-10)
    for d, part in enumerate(t.reshape(devices, per, *t.shape[1:])):
        assert stats.device_mean[d] == pytest.approx(float(part.mean(dims)), rel=1e-12)
        assert stats.device_var[d] == pytest.approx(
            float(part.var(dims, unbiased=False)), rel=1e-12
        )
    first = F.batch_norm(t[:per], None, None, training=True, eps=1e-5)
    assert stats.element_device == pytest.approx(float(first.reshape(-1)[0]), rel=1e-10)
    # equal counts: the global statistics pool the devices' (what SyncBatchNorm gathers)
    assert stats.global_mean == pytest.approx(stats.device_mean.mean(), rel=1e-12)
    pooled = (stats.device_var + (stats.device_mean - stats.global_mean) ** 2).mean()
    assert stats.global_var == pytest.approx(pooled, rel=1e-12)
    assert stats.device_refusal is None


def test_one_value_per_device_is_refused_for_plain_bn_only():
    x = np.random.default_rng(0).normal(size=(16, 1))
    stats = deploy.device_statistics(x, 16)
    assert stats.device_refusal is not None
    with pytest.raises(ValueError, match="Expected more than 1 value per channel"):
        nn.BatchNorm1d(1).train()(torch.from_numpy(x[:1]).float())
    assert stats.global_var > 0 and np.isfinite(stats.element_global)


def test_device_statistics_refuses_uneven_splits():
    with pytest.raises(InputError):
        deploy.device_statistics(np.zeros((10, 1, 2, 2)) + np.arange(4).reshape(2, 2), 4)


def test_the_pitfalls_are_fast():
    import time

    deploy.train_digits_mlp(True)
    deploy.train_digits_mlp(False)  # trained once, then cached like on the page
    for run in (
        lambda: deploy.batch_dependence(5),
        deploy.frozen_fine_tune,
        lambda: deploy.untracked_stats(5),
        lambda: deploy.fold_demo(nv.worked_example(), [2, 5], [3, 8]),
    ):
        start = time.perf_counter()
        run()
        assert time.perf_counter() - start < 1.0  # the page's budget is 0.5 s; shared CI
    model = copy.deepcopy(deploy.train_digits_mlp(True))
    assert not model.training


# --- figures -------------------------------------------------------------------------------


def test_figures_draw_the_numbers_they_are_given():
    from normviz.figures.deploy import (
        device_statistics_figure,
        probabilities_figure,
        running_mean_drift_figure,
    )

    a, b = np.full(10, 0.1), np.eye(10)[3]
    fig = probabilities_figure({"A": a, "B": b}, title="t")
    assert [tr.name for tr in fig.data] == ["A", "B"]
    np.testing.assert_array_equal(fig.data[1].y, b)
    with pytest.raises(ValueError):
        probabilities_figure({"A": a, "B": b[:9]}, title="t")
    trail = np.cumsum(np.ones((4, 3)), axis=0)
    fig = running_mean_drift_figure(
        {"grad": trail, "eval": np.ones((4, 3))}, {"grad": "g", "eval": "e"}
    )
    np.testing.assert_array_equal(fig.data[0].y, [0, 1, 2, 3])
    np.testing.assert_array_equal(fig.data[1].y, 0)
    fig = device_statistics_figure(np.array([1.0, 3.0]), np.array([0.5, 2.0]), 2.0, 1.5)
    assert (
        len(fig.data) == 4
        and list(fig.data[2].y) == [0.5, 2.0]
        and list(fig.data[3].y) == [1.5, 1.5]
    )
