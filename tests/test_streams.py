"""The stream of batches and its running statistics, checked against nn.BatchNorm1d/2d."""

import math
from types import SimpleNamespace

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import normviz as nv
from normviz.figures.running import estimate_name
from normviz.methods import training_refusal
from normviz.streams import (
    RELU_MEAN,
    RELU_VAR,
    Population,
    batch_moments,
    batch_stats_of,
    batch_weights,
    bn_output,
    draw_batches,
    running_trajectory,
    sample_batch_stats,
    sample_in_random_batches,
    sample_slice_moments,
    simulate_stream,
    slice_moments_of,
    with_fixed_sample,
)

TOL = 1e-9  # float64 against float64: the brief asks for 1e-6, we get ~1e-15
MOMENTA = [0.1, 0.5, 0.0, 1.0, None]
SHAPES = [(4, 3, 5, 5), (6, 3), (5, 3, 7)]  # BatchNorm2d, BatchNorm1d (N×C), BatchNorm1d (N×C×L)


def torch_bn(shape, momentum, **kwargs):
    """The torch layer for this shape, in float64."""
    layer = torch.nn.BatchNorm2d if len(shape) == 4 else torch.nn.BatchNorm1d
    return layer(shape[1], momentum=momentum, **kwargs).double()


def a_population(channels=3, **kwargs):
    rng = np.random.default_rng(7)
    return Population(
        tuple(rng.normal(0, 3, channels)), tuple(rng.uniform(0.5, 2, channels)), **kwargs
    )


# --- the population ------------------------------------------------------------------


def test_from_spec_has_the_channel_offsets_of_make_tensor():
    shape = (3, 4, 2, 2)
    spec = nv.TensorSpec(scale=0.0, shift=1.5, channel_spread=3.0)
    x = nv.make_tensor(shape, spec, seed=11)
    pop = Population.from_spec(shape, spec, seed=11)
    # with no noise every value of channel c is the channel's center
    for c in range(4):
        np.testing.assert_allclose(x[:, c], pop.center[c], rtol=1e-6)
    np.testing.assert_allclose(pop.mean, pop.center)


@pytest.mark.parametrize(
    "spec",
    [
        nv.TensorSpec(scale=2.0, shift=1.0, channel_spread=1.0),
        nv.TensorSpec(scale=1.5, relu_like=True),
        nv.TensorSpec(scale=1.0, sample_spread=2.0),
        nv.TensorSpec(scale=1.0, shift=-1.0, channel_spread=2.0, outlier_fraction=0.02),
    ],
    ids=["gaussian", "relu", "sample offsets", "outliers"],
)
def test_population_moments_match_drawn_values_and_make_tensor(spec):
    shape = (400, 3, 10, 10)
    pop = Population.from_spec(shape, spec, seed=4)
    drawn = pop.draw(shape, np.random.default_rng(0))
    made = nv.make_tensor(shape, spec, seed=4).astype(np.float64)
    # 4 standard errors of a mean over 400 samples of 100 values sharing an offset
    stderr = np.sqrt((pop.var + 99 * pop.within_sample_cov) / 40_000)
    for x in (drawn, made):
        values = x.transpose(1, 0, 2, 3).reshape(3, -1)
        np.testing.assert_allclose(values.mean(axis=1), pop.mean, atol=4 * stderr.max())
        np.testing.assert_allclose(values.var(axis=1), pop.var, rtol=0.08)


def test_relu_moments_are_those_of_a_rectified_gaussian():
    z = np.random.default_rng(0).standard_normal(2_000_000)
    r = np.maximum(z + 0.5, 0)
    assert abs(r.mean() - RELU_MEAN) < 2e-3
    assert abs(r.var() - RELU_VAR) < 3e-3


def test_population_is_hashable_and_validated():
    a = Population.gaussian([1.0, 2.0], 0.5)
    b = Population((1, 2), (0.5, 0.5))
    assert a == b and hash(a) == hash(b)
    with pytest.raises(ValueError, match="one center and one noise scale per channel"):
        Population((1.0, 2.0), (1.0,))
    with pytest.raises(ValueError, match="cannot be negative"):
        Population((1.0,), (-1.0,))
    with pytest.raises(ValueError, match="between 0 and 1"):
        Population((1.0,), (1.0,), outlier_fraction=1.5)
    with pytest.raises(ValueError, match="finite"):
        Population((np.nan,), (1.0,))
    with pytest.raises(ValueError, match="cannot be negative"):
        Population.from_spec((2, 2), nv.TensorSpec(scale=-1.0))


def test_select_channels_keeps_their_statistics():
    pop = a_population(4, sample_spread=0.5, outlier_fraction=0.1)
    one = pop.select_channels([2])
    assert one.channels == 1 and one.sample_spread == 0.5 and one.outlier_fraction == 0.1
    np.testing.assert_allclose(one.mean, pop.mean[[2]])
    np.testing.assert_allclose(one.var, pop.var[[2]])
    with pytest.raises(ValueError, match="not among"):
        pop.select_channels([4])


def test_draw_batches_is_deterministic_by_seed():
    pop = a_population()
    a = draw_batches(pop, (2, 3, 4), 5, seed=1)
    assert a.shape == (5, 2, 3, 4)
    np.testing.assert_array_equal(a, draw_batches(pop, (2, 3, 4), 5, seed=1))
    assert not np.array_equal(a, draw_batches(pop, (2, 3, 4), 5, seed=2))
    with pytest.raises(ValueError, match="C = 5"):
        draw_batches(pop, (2, 5), 1)


# --- running statistics against torch -------------------------------------------------


@pytest.mark.parametrize("momentum", MOMENTA)
@pytest.mark.parametrize("shape", SHAPES)
def test_running_stats_after_each_batch_equal_torch(shape, momentum):
    pop = a_population(sample_spread=0.5)
    batches = draw_batches(pop, shape, 8, seed=3)
    trajectory = running_trajectory(batch_stats_of(batches), momentum=momentum)
    layer = torch_bn(shape, momentum)
    for k, batch in enumerate(batches):
        layer(torch.from_numpy(batch))
        mean, var = layer.running_mean.numpy(), layer.running_var.numpy()
        np.testing.assert_allclose(trajectory.running_mean["pytorch"][k], mean, atol=TOL)
        np.testing.assert_allclose(trajectory.running_var["pytorch"][k], var, atol=TOL)
    assert int(layer.num_batches_tracked) == trajectory.steps[-1] == 8


@settings(max_examples=25, deadline=None)
@given(
    momentum=st.floats(0.0, 1.0),
    n=st.integers(1, 5),
    c=st.integers(1, 4),
    hw=st.sampled_from([(), (1, 2), (3, 1), (2, 3)]),
    seed=st.integers(0, 2**16),
)
def test_running_stats_equal_torch_for_any_momentum_and_shape(momentum, n, c, hw, seed):
    shape = (n, c, *hw)
    if n * math.prod(hw) < 2:
        return  # training undefined; tested below
    rng = np.random.default_rng(seed)
    pop = Population(tuple(rng.normal(0, 5, c)), tuple(rng.uniform(0.1, 3, c)))
    batches = draw_batches(pop, shape, 4, seed=seed)
    trajectory = running_trajectory(batch_stats_of(batches), momentum=momentum)
    layer = torch_bn(shape, momentum)
    for batch in batches:
        layer(torch.from_numpy(batch))
    np.testing.assert_allclose(trajectory.running_mean["pytorch"][-1], layer.running_mean, atol=TOL)
    np.testing.assert_allclose(trajectory.running_var["pytorch"][-1], layer.running_var, atol=TOL)


def test_cumulative_is_pytorch_momentum_none_and_the_bn_paper_estimate():
    shape = (3, 2, 4, 4)
    batches = draw_batches(a_population(2), shape, 6, seed=5)
    trajectory = running_trajectory(batch_stats_of(batches), momentum=0.3)
    layer = torch_bn(shape, None)
    for batch in batches:
        layer(torch.from_numpy(batch))
    np.testing.assert_allclose(trajectory.running_mean["cumulative"][-1], layer.running_mean)
    np.testing.assert_allclose(trajectory.running_var["cumulative"][-1], layer.running_var)
    # the BN paper: E[x] = mean of batch means, Var = m/(m−1)·mean of batch variances
    m = 3 * 16
    axes = (1, 3, 4)
    np.testing.assert_allclose(
        trajectory.running_mean["bn_paper"][-1], batches.mean(axis=axes).mean(axis=0)
    )
    np.testing.assert_allclose(
        trajectory.running_var["bn_paper"][-1], m / (m - 1) * batches.var(axis=axes).mean(axis=0)
    )
    for quantity in (trajectory.running_mean, trajectory.running_var):
        np.testing.assert_allclose(quantity["bn_paper"], quantity["cumulative"], rtol=1e-12)


def test_keras_convention_is_pytorch_with_one_minus_momentum_and_biased_variance():
    shape = (4, 3, 2, 2)
    batches = draw_batches(a_population(), shape, 5, seed=8)
    stats = batch_stats_of(batches)
    trajectory = running_trajectory(stats, momentum=0.1, keras_momentum=0.9)
    np.testing.assert_allclose(trajectory.running_mean["keras"], trajectory.running_mean["pytorch"])
    # moving = 0.9·moving + 0.1·batch, with the biased batch variance
    moving = np.ones(3)
    for k in range(5):
        moving = 0.9 * moving + 0.1 * batches[k].var(axis=(0, 2, 3))
        np.testing.assert_allclose(trajectory.running_var["keras"][k], moving, rtol=1e-12)


def test_worked_example_after_one_step():
    trajectory = running_trajectory(batch_stats_of(nv.worked_example()[None]))
    np.testing.assert_allclose(trajectory.running_mean["pytorch"][0], [0.45, 0.70])
    np.testing.assert_allclose(trajectory.running_var["pytorch"][0], [1.50, 3.30])


def test_batch_weights_rebuild_the_running_mean():
    shape = (2, 3, 3, 3)
    batches = draw_batches(a_population(), shape, 7, seed=2)
    stats = batch_stats_of(batches)
    for momentum, convention, key in ((0.2, "pytorch", "pytorch"), (0.8, "keras", "keras")):
        weights, initial = batch_weights(7, momentum, convention)
        assert weights.sum() + initial == pytest.approx(1.0)
        trajectory = running_trajectory(stats, momentum=0.2, keras_momentum=0.8)
        # running mean starts at 0, so it is the weighted sum of the batch means
        np.testing.assert_allclose(trajectory.running_mean[key][-1], weights @ stats.mean)
    weights, initial = batch_weights(4, None)
    np.testing.assert_allclose(weights, 0.25)
    assert initial == 0.0
    np.testing.assert_allclose(batch_weights(5, 0.1)[0], batch_weights(5, 0.9, "keras")[0])


def test_simulate_stream_converges_to_the_population():
    pop = a_population(4)
    trajectory = simulate_stream(pop, (16, 4, 8, 8), 300, momentum=0.1, seed=1)
    assert trajectory.running_mean["pytorch"].shape == (300, 4)
    last = trajectory.running_mean["cumulative"][-1]
    np.testing.assert_allclose(last, pop.mean, atol=0.02 * pop.std.max())
    np.testing.assert_allclose(trajectory.running_var["cumulative"][-1], pop.var, rtol=0.03)
    np.testing.assert_allclose(trajectory.true_var, pop.var)
    again = simulate_stream(pop, (16, 4, 8, 8), 300, momentum=0.1, seed=1)
    np.testing.assert_array_equal(again.running_var["keras"], trajectory.running_var["keras"])


# --- slice moments: the sampling shortcut ---------------------------------------------


@settings(max_examples=30, deadline=None)
@given(k=st.integers(1, 3), n=st.integers(1, 6), c=st.integers(1, 3), hw=st.integers(1, 9))
def test_batch_moments_of_slices_equal_direct_statistics(k, n, c, hw):
    if n * hw < 2:
        return
    batches = draw_batches(a_population(c, sample_spread=1.0), (n, c, hw), k, seed=n * hw)
    slices = slice_moments_of(batches)
    for size in range(max(1, 2 // hw), n + 1):
        if size * hw < 2:
            continue
        stats = batch_moments(slices, size)
        np.testing.assert_allclose(stats.mean, batches[:, :size].mean(axis=(1, 3)), atol=1e-12)
        np.testing.assert_allclose(stats.var, batches[:, :size].var(axis=(1, 3)), atol=1e-12)


def test_with_fixed_sample_equals_the_concatenated_batch_in_torch():
    pop = a_population()
    others = draw_batches(pop, (3, 3, 4, 4), 5, seed=9)
    sample = pop.draw((1, 3, 4, 4), np.random.default_rng(1))[0]
    slices = with_fixed_sample(sample, slice_moments_of(others))
    stats = batch_moments(slices)
    for k in range(5):
        batch = torch.from_numpy(np.concatenate([sample[None], others[k]]))
        y = torch.nn.functional.batch_norm(batch, None, None, training=True).numpy()
        ours = (sample - stats.mean[k][:, None, None]) / np.sqrt(stats.var[k][:, None, None] + 1e-5)
        np.testing.assert_allclose(ours, y[0], atol=TOL)


@pytest.mark.parametrize(
    "pop",
    [
        a_population(2, sample_spread=1.5),
        a_population(2, outlier_fraction=0.05, outlier_center=1.0, outlier_size=8.0),
    ],
    ids=["sample offsets", "outliers"],
)
def test_sampled_and_drawn_slice_moments_agree_in_distribution(pop):
    routes = [
        batch_moments(
            sample_slice_moments(pop, 3000, 4, 16, np.random.default_rng(1), draw_values=draw)
        )
        for draw in (False, True)
    ]
    (fast, drawn) = routes
    sd = pop.std
    np.testing.assert_allclose(fast.mean.mean(0), drawn.mean.mean(0), atol=0.1 * sd.max())
    np.testing.assert_allclose(fast.mean.std(0), drawn.mean.std(0), rtol=0.08)
    np.testing.assert_allclose(fast.var.mean(0), drawn.var.mean(0), rtol=0.05)
    np.testing.assert_allclose(fast.var.std(0), drawn.var.std(0), rtol=0.1)


def test_sample_batch_stats_is_deterministic_and_unbiased_in_the_mean():
    pop = a_population()
    a = sample_batch_stats(pop, (8, 3, 4, 4), 500, seed=3)
    np.testing.assert_array_equal(a.mean, sample_batch_stats(pop, (8, 3, 4, 4), 500, seed=3).mean)
    assert not np.array_equal(a.mean, sample_batch_stats(pop, (8, 3, 4, 4), 500, seed=4).mean)
    np.testing.assert_array_less(
        np.abs(a.mean.mean(0) - pop.mean), 4 * pop.std / np.sqrt(128 * 500)
    )
    # E[biased σ²_B] = (m−1)/m·σ² for independent values, so the unbiased one is unbiased
    np.testing.assert_allclose(a.var_unbiased.mean(0), pop.var, rtol=0.03)


# --- one sample in train and eval mode --------------------------------------------------


def outputs_in_batches(
    batches,
    element,
    *,
    sample_index=0,
    running_mean=None,
    running_var=None,
    gamma=None,
    beta=None,
    eps=1e-5,
):
    """The textbook reference for real batches (K, N, C, ...): BN's output at one element of
    one sample in each batch (train), and in eval mode with running or batch statistics."""
    c = element[0]
    gamma = np.ones(batches.shape[2]) if gamma is None else gamma
    beta = np.zeros(batches.shape[2]) if beta is None else beta
    values = batches[(slice(None), sample_index, *element)]
    stats = batch_stats_of(batches)
    train = bn_output(values, stats.mean[:, c], stats.var[:, c], gamma[c], beta[c], eps)
    run_mean = 0.0 if running_mean is None else running_mean[c]
    run_var = 1.0 if running_var is None else running_var[c]
    first = float(values[0])
    eval_running = float(bn_output(first, run_mean, run_var, gamma[c], beta[c], eps))
    return SimpleNamespace(
        value=first, train=train, eval_running=eval_running, eval_untracked=train
    )


@pytest.mark.parametrize("shape", [(4, 3, 3, 3), (5, 3)])
@pytest.mark.parametrize("momentum", [0.1, None])
def test_outputs_in_batches_equal_torch_train_eval_and_untracked(shape, momentum):
    pop = a_population(sample_spread=0.7)
    batches = draw_batches(pop, shape, 6, seed=2)
    sample = batches[0, 1].copy()
    batches[:, 1] = sample  # the same sample, at index 1, in six different batches
    gamma, beta = np.array([2.0, 0.5, -1.0]), np.array([0.3, -2.0, 1.0])
    element = (2, 1, 0) if len(shape) == 4 else (2,)
    layer = torch_bn(shape, momentum)
    untracked = torch_bn(shape, momentum, track_running_stats=False)
    for bn in (layer, untracked):
        bn.weight.data = torch.from_numpy(gamma)
        bn.bias.data = torch.from_numpy(beta)
    index = (1, *element)
    torch_train = [layer(torch.from_numpy(b)).detach().numpy()[index] for b in batches]
    layer.eval()
    untracked.eval()
    torch_eval = layer(torch.from_numpy(batches[0])).detach().numpy()[index]
    torch_untracked = [untracked(torch.from_numpy(b)).detach().numpy()[index] for b in batches]

    trajectory = running_trajectory(batch_stats_of(batches), momentum=momentum)
    ours = outputs_in_batches(
        batches,
        element,
        sample_index=1,
        running_mean=trajectory.running_mean["pytorch"][-1],
        running_var=trajectory.running_var["pytorch"][-1],
        gamma=gamma,
        beta=beta,
    )
    np.testing.assert_allclose(ours.train, torch_train, atol=TOL)
    np.testing.assert_allclose(ours.eval_running, torch_eval, atol=TOL)
    np.testing.assert_allclose(ours.eval_untracked, torch_untracked, atol=TOL)
    assert np.ptp(ours.train) > 1e-3  # a spread in training, one value in eval


def test_sample_in_random_batches_matches_drawn_batches_in_distribution():
    pop = a_population(sample_spread=0.5)
    sample = pop.draw((1, 3, 4, 4), np.random.default_rng(5))[0]
    element = (1, 2, 3)
    sampled = sample_in_random_batches(pop, sample, element, 4, num_batches=3000, seed=1)
    batches = draw_batches(pop, (4, 3, 4, 4), 3000, seed=2)
    batches[:, 0] = sample
    drawn = outputs_in_batches(batches, element)
    assert sampled.value == drawn.value == sample[element]
    assert sampled.train.mean() == pytest.approx(drawn.train.mean(), abs=0.03)
    assert sampled.train.std() == pytest.approx(drawn.train.std(), rel=0.08)
    # eval mode with a fresh layer (0, 1) and with the population's statistics
    assert sampled.eval_running == pytest.approx(sample[element] / math.sqrt(1 + 1e-5))
    ideal = bn_output(sample[element], pop.mean[1], pop.var[1])
    assert sampled.eval_population == pytest.approx(ideal)
    again = sample_in_random_batches(pop, sample, element, 4, num_batches=3000, seed=1)
    np.testing.assert_array_equal(again.train, sampled.train)


def test_a_batch_of_one_sample_normalizes_like_instance_norm():
    pop = a_population()
    sample = pop.draw((1, 3, 5, 5), np.random.default_rng(0))[0]
    result = sample_in_random_batches(pop, sample, (0, 2, 2), 1, num_batches=10)
    instance = nv.normalize(sample[None], "instance").y[0, 0, 2, 2]
    np.testing.assert_allclose(result.train, instance, atol=1e-6)


# --- errors a student can read ----------------------------------------------------------


def test_one_value_per_channel_in_training_is_explained():
    message = training_refusal((1, 3, 1, 1), "batch")
    assert "Expected more than 1 value per channel when training" in message
    assert training_refusal((1, 3), "batch") is not None
    assert training_refusal((2, 3), "batch") is None
    assert training_refusal((1, 3, 2, 1), "batch") is None
    pop = a_population()
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        sample_batch_stats(pop, (1, 3), 5)
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        sample_in_random_batches(pop, np.zeros(3), (0,), 1)
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        batch_stats_of(np.zeros((2, 1, 3)))
    # torch agrees that this is an error
    with pytest.raises(ValueError, match="Expected more than 1 value per channel"):
        torch.nn.BatchNorm1d(3)(torch.zeros(1, 3))


@pytest.mark.parametrize("momentum", [-0.1, 1.5, float("nan"), float("inf")])
def test_momentum_outside_zero_one_is_refused(momentum):
    stats = batch_stats_of(draw_batches(a_population(), (2, 3), 2))
    with pytest.raises(ValueError, match=r"outside \[0, 1\]"):
        running_trajectory(stats, momentum=momentum)
    with pytest.raises(ValueError, match=r"outside \[0, 1\]"):
        running_trajectory(stats, keras_momentum=momentum)
    with pytest.raises(ValueError, match=r"outside \[0, 1\]"):
        batch_weights(3, momentum)


def test_other_bad_inputs_are_refused():
    pop = a_population()
    sample = np.zeros((3, 2, 2))
    with pytest.raises(ValueError, match="not an index"):
        sample_in_random_batches(pop, sample, (3, 0, 0), 4)
    with pytest.raises(ValueError, match="not an index"):
        sample_in_random_batches(pop, sample, (0, 0), 4)
    with pytest.raises(ValueError, match="C = 3 channels, the tensor 2"):
        sample_in_random_batches(pop, np.zeros((2, 2, 2)), (0, 0, 0), 4)
    with pytest.raises(ValueError, match="whole number"):
        sample_batch_stats(pop, (2, 3), 0)
    with pytest.raises(ValueError, match="Unknown estimate"):
        estimate_name("tensorflow")
    with pytest.raises(ValueError, match="PyTorch's option only"):
        batch_weights(3, None, "keras")


def test_estimate_labels_name_the_convention():
    assert "PyTorch" in estimate_name("pytorch", 0.1) and "0.1" in estimate_name("pytorch", 0.1)
    assert "Keras" in estimate_name("keras", keras_momentum=0.99)
    assert "None" in estimate_name("pytorch", None)
    assert "n/(n−1)" in estimate_name("bn_paper")


def test_running_stats_update_from_stats_matches_update():
    batch = np.random.default_rng(0).normal(size=(4, 3, 2, 2))
    a, b = nv.RunningStats(3, 0.3), nv.RunningStats(3, 0.3)
    mean, var = a.update(batch)
    b.update_from_stats(mean, var, 16)
    np.testing.assert_array_equal(a.mean, b.mean)
    np.testing.assert_array_equal(a.var, b.var)
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        b.update_from_stats(mean, var, 1)
