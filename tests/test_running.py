"""RunningStats against nn.BatchNorm1d/2d (PyTorch's convention) and Keras' formula."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import normviz as nv

STEPS = 6
SHAPES = [(8, 3), (4, 3, 5), (4, 3, 5, 6)]  # N×C and N×C×L use BatchNorm1d, 4-D BatchNorm2d


def batches(shape: tuple[int, ...], seed: int = 0) -> list[np.ndarray]:
    """STEPS float64 batches, each channel with its own drifting offset and scale."""
    rng = np.random.default_rng(seed)
    c = shape[1]
    ones = (1,) * (len(shape) - 2)
    out = []
    for _ in range(STEPS):
        offset = rng.normal(0.0, 3.0, size=c).reshape(1, c, *ones)
        scale = rng.uniform(0.5, 4.0, size=c).reshape(1, c, *ones)
        out.append(offset + scale * rng.standard_normal(shape))
    return out


def torch_batch_norm(shape: tuple[int, ...], momentum: float | None) -> torch.nn.Module:
    layer = torch.nn.BatchNorm2d if len(shape) == 4 else torch.nn.BatchNorm1d
    return layer(shape[1], momentum=momentum).double().train()


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: "x".join(map(str, s)))
@pytest.mark.parametrize("momentum", [0.1, 0.5, 0.0, 1.0, None])
def test_running_stats_follow_torch_batch_norm(shape, momentum) -> None:
    """Batch by batch, running mean and (unbiased) running var equal torch's to 1e-10."""
    layer = torch_batch_norm(shape, momentum)
    ours = nv.RunningStats(shape[1], momentum)
    for step, batch in enumerate(batches(shape), start=1):
        with torch.no_grad():
            layer(torch.from_numpy(batch))
        ours.update(batch)
        np.testing.assert_allclose(ours.mean, layer.running_mean.numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(ours.var, layer.running_var.numpy(), rtol=1e-10, atol=1e-12)
        assert ours.num_batches_tracked == int(layer.num_batches_tracked) == step


def test_update_returns_the_batch_mean_and_biased_variance() -> None:
    batch = batches((4, 3, 5, 6))[0]
    mean, var = nv.RunningStats(3).update(batch)
    np.testing.assert_allclose(mean, batch.mean(axis=(0, 2, 3)), rtol=1e-12)
    np.testing.assert_allclose(var, batch.var(axis=(0, 2, 3)), rtol=1e-12)


def test_start_values_and_momentum_extremes() -> None:
    """Start at (0, 1); momentum 0 never moves; momentum 1 keeps the last batch only."""
    batch = batches((4, 3, 5, 6))[0]
    frozen, last = nv.RunningStats(3, 0.0), nv.RunningStats(3, 1.0)
    np.testing.assert_array_equal(frozen.mean, 0.0)
    np.testing.assert_array_equal(frozen.var, 1.0)
    for rs in (frozen, last):
        rs.update(batch)
    np.testing.assert_array_equal(frozen.mean, 0.0)
    np.testing.assert_array_equal(frozen.var, 1.0)
    m = batch.size // 3
    np.testing.assert_allclose(last.mean, batch.mean(axis=(0, 2, 3)), rtol=1e-12)
    np.testing.assert_allclose(last.var, batch.var(axis=(0, 2, 3)) * m / (m - 1), rtol=1e-12)


@pytest.mark.parametrize("momentum", [0.99, 0.9, 0.5])
def test_keras_convention_follows_its_formula(momentum) -> None:
    """moving = momentum·moving + (1 − momentum)·batch, with the biased batch variance."""
    shape = (4, 3, 5, 6)
    ours = nv.RunningStats.keras(3) if momentum == 0.99 else nv.RunningStats.keras(3, momentum)
    assert ours.convention == "keras" and ours.momentum == momentum and not ours.unbiased
    moving_mean, moving_var = np.zeros(3), np.ones(3)
    for batch in batches(shape, seed=1):
        ours.update(batch)
        moving_mean = momentum * moving_mean + (1 - momentum) * batch.mean(axis=(0, 2, 3))
        moving_var = momentum * moving_var + (1 - momentum) * batch.var(axis=(0, 2, 3))
        np.testing.assert_allclose(ours.mean, moving_mean, rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(ours.var, moving_var, rtol=1e-12)
    assert ours.weight_of_new == pytest.approx(1 - momentum)


def test_momentum_converters() -> None:
    assert nv.keras_to_pytorch_momentum(0.99) == pytest.approx(0.01)
    assert nv.pytorch_to_keras_momentum(0.1) == pytest.approx(0.9)
    for m in (0.0, 0.1, 0.5, 0.99, 1.0):
        assert nv.keras_to_pytorch_momentum(nv.pytorch_to_keras_momentum(m)) == pytest.approx(m)


def test_converted_momentum_gives_the_same_running_mean() -> None:
    """Keras(0.9) equals PyTorch(keras_to_pytorch(0.9) = 0.1) with the biased variance."""
    keras = nv.RunningStats.keras(3, 0.9)
    pytorch = nv.RunningStats(3, nv.keras_to_pytorch_momentum(0.9), unbiased=False)
    for batch in batches((4, 3, 5)):
        keras.update(batch)
        pytorch.update(batch)
    np.testing.assert_allclose(keras.mean, pytorch.mean, rtol=1e-13)
    np.testing.assert_allclose(keras.var, pytorch.var, rtol=1e-13)


@pytest.mark.parametrize("shape", [(1, 3), (1, 3, 1), (1, 3, 1, 1)])
def test_one_value_per_channel_is_refused_like_torch(shape) -> None:
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        torch_batch_norm(shape, 0.1)(torch.zeros(shape, dtype=torch.float64))
    rs = nv.RunningStats(3)
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        rs.update(np.zeros(shape))
    assert rs.num_batches_tracked == 0
    np.testing.assert_array_equal(rs.mean, 0.0)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: nv.RunningStats(3, 1.5), "between 0 and 1"),
        (lambda: nv.RunningStats(3, -0.1), "between 0 and 1"),
        (lambda: nv.RunningStats(3, None, convention="keras"), "PyTorch's option only"),
        (lambda: nv.RunningStats(3, convention="tf"), "Unknown convention"),
        (lambda: nv.RunningStats(0), "at least 1"),
    ],
)
def test_bad_settings_are_refused(make, message) -> None:
    with pytest.raises(ValueError, match=message):
        make()


@pytest.mark.parametrize(
    ("batch", "message"),
    [
        (np.zeros((4, 2, 5)), "C = 3 channels"),
        (np.zeros(6), "C = 3 channels"),
        (np.full((4, 3), np.nan), "NaN or infinite"),
        (np.full((4, 3), np.inf), "NaN or infinite"),
    ],
)
def test_bad_batches_are_refused(batch, message) -> None:
    with pytest.raises(ValueError, match=message):
        nv.RunningStats(3).update(batch)
