"""Santurkar et al.'s measurement on the small MLP: BN makes the loss along −∇L smoother."""

import time

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from normviz import landscape as ls


@pytest.fixture(scope="module")
def default_landscape():
    return ls.measure_landscape()


def test_shapes_and_start_point(default_landscape):
    land = default_landscape
    k = land.step_sizes.size
    for curve in (land.plain, land.batch_norm):
        assert curve.loss.shape == curve.grad_norm.shape == curve.grad_change.shape == (k,)
        assert np.isfinite(curve.loss_at_start) and curve.grad_norm_at_start > 0
    assert not land.plain.with_bn and land.batch_norm.with_bn


def test_a_tiny_step_barely_moves_loss_and_gradient():
    land = ls.measure_landscape(step_sizes=[0.0, 1e-6])
    for curve in (land.plain, land.batch_norm):
        assert curve.loss[0] == pytest.approx(curve.loss_at_start, abs=1e-12)
        assert curve.grad_change[0] == pytest.approx(0, abs=1e-12)
        # first order: L(θ − ηg) ≈ L(θ) − η‖g‖²
        expected = curve.loss_at_start - 1e-6 * curve.grad_norm_at_start**2
        assert curve.loss[1] == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize("with_bn", [False, True])
def test_hand_written_gradient_matches_torch_autograd(with_bn):
    inputs, labels = ls._data(4)
    params = ls._init(4, inputs.shape[1], 16, 3, 3)
    loss, grads = ls.loss_and_grad(params, inputs, labels, with_bn)
    leaves = [torch.tensor(p, requires_grad=True) for p in params]
    hidden = torch.tensor(inputs)
    for i in range(0, len(leaves) - 2, 2):
        hidden = hidden @ leaves[i].T + leaves[i + 1]
        if with_bn:
            hidden = F.batch_norm(hidden, None, None, training=True, eps=ls.BN_EPS)
        hidden = torch.relu(hidden)
    reference = F.cross_entropy(hidden @ leaves[-2].T + leaves[-1], torch.tensor(labels))
    reference.backward()
    assert loss == pytest.approx(reference.item(), abs=1e-12)
    for grad, leaf in zip(grads, leaves, strict=True):
        np.testing.assert_allclose(grad, leaf.grad.numpy(), rtol=0, atol=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_bn_is_smoother_at_initialization(seed):
    land = ls.measure_landscape(seed=seed)
    plain, bn = land.plain, land.batch_norm
    assert bn.loss_range < plain.loss_range
    assert np.nanmax(bn.grad_norm) < np.nanmax(plain.grad_norm)
    assert np.nanmax(bn.grad_change) < np.nanmax(plain.grad_change)


def test_deterministic_and_fast():
    ls.measure_landscape(step_sizes=[0.1])  # warm up torch
    times, results = [], []
    for _ in range(3):
        start = time.perf_counter()
        results.append(ls.measure_landscape())
        times.append(time.perf_counter() - start)
    np.testing.assert_array_equal(results[0].plain.loss, results[1].plain.loss)
    np.testing.assert_array_equal(results[0].batch_norm.grad_norm, results[2].batch_norm.grad_norm)
    # about 0.05 s on an idle core; the best of three ignores bursts of load from others
    assert min(times) < 1.0


def test_training_steps_lower_the_loss():
    before = ls.measure_landscape(step_sizes=[0.0])
    after = ls.measure_landscape(step_sizes=[0.0], train_steps=20)
    assert after.plain.loss_at_start < before.plain.loss_at_start
    assert after.batch_norm.loss_at_start < before.batch_norm.loss_at_start


def test_bad_arguments_raise_clear_errors():
    with pytest.raises(ValueError, match="Step sizes"):
        ls.measure_landscape(step_sizes=[-1.0])
    with pytest.raises(ValueError, match="hidden layers"):
        ls.measure_landscape(depth=0)
    with pytest.raises(ValueError, match="learning rate"):
        ls.measure_landscape(learning_rate=0)
