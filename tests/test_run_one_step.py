"""One training step of nn.BatchNorm2d on a tensor, then eval mode (normviz.running), and the
stream of batches whose first batches do not depend on its length (normviz.streams)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from normviz.i18n import InputError
from normviz.running import bn_with_stats, one_training_step
from normviz.streams import Population, sample_batch_stats, simulate_stream

# domain.md §2: the worked example, γ = (2, 5), β = (3, 8)
WORKED = np.array(
    [
        [[[1, 2], [3, 4]], [[0, 2], [4, 6]]],
        [[[5, 6], [7, 8]], [[8, 10], [12, 14]]],
    ],
    dtype=np.float64,
)
GAMMA, BETA = np.array([2.0, 5.0]), np.array([3.0, 8.0])


def torch_layer(x: np.ndarray, momentum, gamma, beta, eps) -> torch.nn.Module:
    """The nn.BatchNorm1d/2d/3d that matches x's rank, float64, with γ and β set."""
    layer = {2: torch.nn.BatchNorm1d, 3: torch.nn.BatchNorm1d, 4: torch.nn.BatchNorm2d}.get(
        x.ndim, torch.nn.BatchNorm3d
    )
    bn = layer(x.shape[1], eps=eps, momentum=momentum, dtype=torch.float64)
    with torch.no_grad():
        bn.weight.copy_(torch.from_numpy(gamma))
        bn.bias.copy_(torch.from_numpy(beta))
    return bn


def test_worked_example_one_step_is_the_lecture_notes_numbers():
    step = one_training_step(WORKED, momentum=0.1)
    np.testing.assert_allclose(step.batch_mean, [4.5, 7.0])
    np.testing.assert_allclose(step.batch_var, [5.25, 21.0])
    np.testing.assert_allclose(step.batch_var_unbiased, [6.0, 24.0])
    np.testing.assert_allclose(step.running_mean, [0.45, 0.70], rtol=1e-12)
    np.testing.assert_allclose(step.running_var, [1.50, 3.30], rtol=1e-12)
    assert step.count == 8
    y = bn_with_stats(WORKED, step.batch_mean, step.batch_var, GAMMA, BETA)
    np.testing.assert_allclose(y[0, 0], [[-0.0550, 0.8178], [1.6907, 2.5636]], atol=5e-5)
    np.testing.assert_allclose(y[1, 1], [[9.0911, 11.2733], [13.4554, 15.6376]], atol=5e-5)
    # eval mode: 2·(1 − 0.45)/√(1.5 + 1e-5) + 3 for x = 1
    y_eval = bn_with_stats(WORKED, step.running_mean, step.running_var, GAMMA, BETA)
    assert y_eval[0, 0, 0, 0] == pytest.approx(2 * 0.55 / np.sqrt(1.5 + 1e-5) + 3, rel=1e-12)


def test_worked_example_matches_torch_batchnorm2d_train_then_eval():
    bn = torch_layer(WORKED, 0.1, GAMMA, BETA, 1e-5).train()
    x = torch.from_numpy(WORKED)
    with torch.no_grad():
        y_train = bn(x).numpy()
        y_eval = bn.eval()(x).numpy()
    step = one_training_step(WORKED, 0.1)
    np.testing.assert_allclose(bn.running_mean.numpy(), [0.45, 0.70], rtol=1e-12)
    np.testing.assert_allclose(bn.running_var.numpy(), [1.50, 3.30], rtol=1e-12)
    np.testing.assert_allclose(step.running_mean, bn.running_mean.numpy(), rtol=1e-12)
    np.testing.assert_allclose(step.running_var, bn.running_var.numpy(), rtol=1e-12)
    np.testing.assert_allclose(
        bn_with_stats(WORKED, step.batch_mean, step.batch_var, GAMMA, BETA), y_train, rtol=1e-10
    )
    np.testing.assert_allclose(
        bn_with_stats(WORKED, step.running_mean, step.running_var, GAMMA, BETA),
        y_eval,
        rtol=1e-10,
    )


SHAPES = [
    (2, 3),
    (5, 1),
    (7, 4),
    (1, 2, 3),
    (3, 5, 1, 1),
    (1, 3, 2, 2),
    (4, 2, 3, 5),
    (2, 3, 2, 2, 2),
]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("momentum", [0.1, 0.0, 1.0, 0.37, None])
def test_one_step_equals_torch_on_random_shapes(shape, momentum):
    rng = np.random.default_rng(sum(shape) * 7 + (0 if momentum is None else int(momentum * 100)))
    x = rng.normal(rng.uniform(-3, 3), rng.uniform(0.5, 4), shape)
    channels = shape[1]
    gamma, beta = rng.uniform(-2, 3, channels), rng.uniform(-2, 2, channels)
    eps = float(rng.choice([1e-5, 1e-3]))
    bn = torch_layer(x, momentum, gamma, beta, eps).train()
    tx = torch.from_numpy(x)
    with torch.no_grad():
        y_train = bn(tx).numpy()
        y_eval = bn.eval()(tx).numpy()
    step = one_training_step(x, momentum)
    np.testing.assert_allclose(step.running_mean, bn.running_mean.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(step.running_var, bn.running_var.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(
        bn_with_stats(x, step.batch_mean, step.batch_var, gamma, beta, eps),
        y_train,
        rtol=1e-9,
        atol=1e-10,
    )
    np.testing.assert_allclose(
        bn_with_stats(x, step.running_mean, step.running_var, gamma, beta, eps),
        y_eval,
        rtol=1e-9,
        atol=1e-10,
    )


@pytest.mark.parametrize("shape", [(1, 3), (1, 2, 1, 1)])
def test_one_value_per_channel_is_refused_as_torch_does(shape):
    with pytest.raises(InputError) as info:
        one_training_step(np.ones(shape))
    assert info.value.key == "errors.bn_one_value"
    with pytest.raises(ValueError, match="Expected more than 1 value per channel"):
        torch.nn.BatchNorm1d(shape[1])(torch.ones(shape[:2]))


def test_eps_zero_on_a_constant_channel_is_refused():
    x = np.ones((2, 1, 2, 2))
    step = one_training_step(x)
    with pytest.raises(InputError) as info:
        bn_with_stats(x, step.batch_mean, step.batch_var, eps=0.0)
    assert info.value.key == "errors.eps_zero_constant"


POPULATIONS = [
    Population.gaussian(np.array([1.0]), 2.0),
    Population.gaussian(np.array([0.5, -1.0]), 1.0, sample_spread=0.7),
    Population((0.0,), (1.0,), relu_like=True),
    Population((2.0,), (1.0,), outlier_fraction=0.05, outlier_center=2.0),
]


@pytest.mark.parametrize("population", POPULATIONS)
def test_a_longer_stream_starts_with_the_same_batches(population):
    shape = (4, population.channels, 3, 3)
    short = sample_batch_stats(population, shape, 10, seed=5)
    for length in (17, 30, 100, 500):
        longer = sample_batch_stats(population, shape, length, seed=5)
        assert longer.mean.shape[0] == length
        np.testing.assert_array_equal(longer.mean[:10], short.mean)
        np.testing.assert_array_equal(longer.var[:10], short.var)
    other_seed = sample_batch_stats(population, shape, 10, seed=6)
    assert not np.array_equal(other_seed.mean, short.mean)


def test_running_trajectory_prefix_does_not_depend_on_the_stream_length():
    population = Population.gaussian(np.array([4.5]), np.sqrt(5.25))
    short = simulate_stream(population, (2, 1, 2, 2), 40, seed=0)
    longer = simulate_stream(population, (2, 1, 2, 2), 400, seed=0)
    for key in short.running_mean:
        np.testing.assert_array_equal(longer.first(40).running_mean[key], short.running_mean[key])
        np.testing.assert_array_equal(longer.first(40).running_var[key], short.running_var[key])
