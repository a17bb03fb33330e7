"""BN's batch noise by batch size and feature-map size, and one sample's output spread."""

import time

import numpy as np
import pytest
import torch

import normviz as nv
from normviz.batch_noise import (
    DEFAULT_BATCH_SIZES,
    GN_PAPER_AT_32,
    GN_PAPER_BATCH_SIZES,
    GN_PAPER_ERRORS,
    noise_by_feature_map,
    sample_batch_estimates,
    sample_output_spread,
    shrinkage,
    spread_summary,
    theoretical_std_of_batch_mean,
)
from normviz.i18n import t
from normviz.reference import torch_normalize
from normviz.streams import Population, batch_moments, sample_slice_moments

SIZES = (1, 2, 4, 8, 16, 32)


def gaussian(channels=4, sample_spread=0.0):
    rng = np.random.default_rng(3)
    return Population(
        tuple(rng.normal(0, 2, channels)), (2.0,) * channels, sample_spread=sample_spread
    )


def test_std_of_batch_means_shrinks_like_one_over_sqrt_n_hw():
    # With a fixed seed, 2000 batches per size: the measured spread of μ_B is within 8 %
    # of σ/√(N·H·W) (the sampling error of a std over 2000×4 draws is about 1 %).
    pop = gaussian()
    for spatial in (1, 16):
        sizes = SIZES[1:] if spatial == 1 else SIZES
        estimates = sample_batch_estimates(pop, sizes, spatial, num_batches=2000, seed=5)
        ratio = estimates.measured_std_of_mean / estimates.theory_std_of_mean
        np.testing.assert_allclose(ratio, 1.0, atol=0.08)
        expected = pop.std * shrinkage(sizes, spatial)[:, None]
        np.testing.assert_allclose(estimates.theory_std_of_mean, expected)
        # quadrupling N·H·W halves the noise
        measured = estimates.measured_std_of_mean.mean(axis=1)
        np.testing.assert_allclose(measured[:-2] / measured[2:], 2.0, rtol=0.1)


def test_shared_sample_offsets_are_not_averaged_away_by_a_large_feature_map():
    pop = gaussian(sample_spread=1.5)
    estimates = sample_batch_estimates(pop, (2, 8, 32), 64, num_batches=2000, seed=1)
    np.testing.assert_allclose(
        estimates.measured_std_of_mean / estimates.theory_std_of_mean, 1.0, atol=0.08
    )
    # the offset's part, 1.5/√N, dominates: far above the naive σ/√(N·H·W)
    naive = pop.std * shrinkage((2, 8, 32), 64)[:, None]
    assert (estimates.theory_std_of_mean > 3 * naive).all()
    assert theoretical_std_of_batch_mean(pop, 8, 64) == pytest.approx(
        np.sqrt((pop.var + 63 * 1.5**2) / 512)
    )


@pytest.mark.parametrize(
    "spec",
    [nv.TensorSpec(scale=1.0, relu_like=True), nv.TensorSpec(scale=1.0, outlier_fraction=0.02)],
    ids=["relu", "outliers"],
)
def test_skewed_and_outlier_populations_follow_the_same_law(spec):
    pop = Population.from_spec((8, 2, 4, 4), spec, seed=0)
    estimates = sample_batch_estimates(pop, (2, 8), 16, num_batches=2000, seed=2)
    np.testing.assert_allclose(
        estimates.measured_std_of_mean / estimates.theory_std_of_mean, 1.0, atol=0.1
    )


def test_biased_batch_variance_is_low_by_m_minus_one_over_m():
    pop = gaussian()
    estimates = sample_batch_estimates(pop, (2, 4), 1, num_batches=4000, seed=0)
    m = np.array([2, 4])[:, None]
    np.testing.assert_allclose(estimates.var.mean(axis=1), pop.var * (m - 1) / m, rtol=0.06)
    np.testing.assert_allclose(
        estimates.var_unbiased.mean(axis=1), pop.var[None].repeat(2, 0), rtol=0.06
    )


def test_nested_batches_and_determinism():
    pop = gaussian()
    a = sample_batch_estimates(pop, (2, 5, 3), 4, num_batches=50, seed=9)
    b = sample_batch_estimates(pop, (2, 5, 3), 4, num_batches=50, seed=9)
    np.testing.assert_array_equal(a.mean, b.mean)
    np.testing.assert_array_equal(a.var, b.var)
    assert a.batch_sizes == (2, 5, 3) and a.mean.shape == (3, 50, 4)
    c = sample_batch_estimates(pop, (2, 5, 3), 4, num_batches=50, seed=10)
    assert not np.array_equal(a.mean, c.mean)
    # the batch of size N is the first N samples of one batch of the largest size
    slices = sample_slice_moments(pop, 50, 5, 4, np.random.default_rng(9))
    np.testing.assert_array_equal(a.mean[2], batch_moments(slices, 3).mean)


def test_sampling_is_interactive_at_classroom_size():
    pop = Population.from_spec((8, 8, 8, 8), nv.TensorSpec(), seed=0)
    sample_batch_estimates(pop, DEFAULT_BATCH_SIZES, 64, num_batches=20)  # warm up
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        sample_batch_estimates(pop, DEFAULT_BATCH_SIZES, 64, num_batches=200, seed=1)
        best = min(best, time.perf_counter() - start)
    assert best < 0.3, f"200 batches × 7 sizes took {best:.3f} s"


def test_noise_by_feature_map_a_large_feature_map_helps_independent_values():
    pop = gaussian()
    grid = noise_by_feature_map(pop, (1, 2, 8), (1, 16, 256), num_batches=1000, seed=0)
    assert np.isnan(grid.mean_noise[0, 0])  # N = 1, H·W = 1: undefined in training
    finite = np.isfinite(grid.mean_noise)
    np.testing.assert_allclose(
        grid.mean_noise[finite] / grid.mean_noise_theory[finite], 1, atol=0.1
    )
    # at N = 2, H·W = 256 is as calm as N = 512 with H·W = 1: about 1/√512
    assert grid.mean_noise[2, 1] == pytest.approx(1 / np.sqrt(512), rel=0.1)
    assert (np.diff(grid.mean_noise[1:], axis=0) < 0).all()  # more H·W, less noise
    assert (np.diff(grid.var_noise[1:], axis=1) < 0).all()  # more N, less noise in σ² too
    assert grid.num_batches == (1000, 1000, 1000)
    # adding a feature-map size does not change the other rows
    more = noise_by_feature_map(pop, (1, 2, 8), (1, 4, 16, 256), num_batches=1000, seed=0)
    np.testing.assert_array_equal(more.mean_noise[[0, 2, 3]], grid.mean_noise)


def test_output_spread_bn_moves_with_its_batch_and_the_others_do_not():
    pop = gaussian(channels=4)
    sample = pop.draw((1, 4, 4, 4), np.random.default_rng(0))[0]
    gamma, beta = np.array([1.0, 2.0, 0.5, 1.5]), np.array([0.0, 1.0, -1.0, 0.5])
    element = (1, 2, 3)
    result = sample_output_spread(
        pop, sample, element, SIZES, groups=2, num_batches=400, gamma=gamma, beta=beta, seed=3
    )
    assert result.bn_train.shape == (len(SIZES), 400)
    spread = result.bn_std
    assert spread[0] < 1e-12  # N = 1: the batch is the sample itself
    assert (np.diff(spread[1:]) < 0).all() and spread[1] > 3 * spread[-1]
    # at N = 1 BN normalizes the sample's own channel: that is InstanceNorm
    assert result.bn_train[0, 0] == pytest.approx(result.batch_free["IN"], abs=1e-9)
    # LN, IN, GN: the library's (and torch's) value for the sample alone
    for name, method, groups in (
        ("LN", "layer", None),
        ("IN", "instance", None),
        ("GN", "group", 2),
    ):
        expected = torch_normalize(sample[None], method, groups=groups, gamma=gamma, beta=beta)
        assert result.batch_free[name] == pytest.approx(expected[(0, *element)], abs=1e-9)
    # BN at large N approaches BN with the population's statistics
    x = sample[element]
    ideal = gamma[1] * (x - pop.mean[1]) / np.sqrt(pop.var[1] + 1e-5) + beta[1]
    assert result.bn_eval_population == pytest.approx(ideal)
    assert np.median(result.bn_train[-1]) == pytest.approx(ideal, abs=0.1)


def test_output_spread_bn_values_equal_torch_on_the_same_batch():
    # the fixed-sample route gives torch's output for a batch built from the same slices
    pop = gaussian(channels=2)
    sample = pop.draw((1, 2, 3, 3), np.random.default_rng(1))[0]
    result = sample_output_spread(pop, sample, (0, 1, 1), (3,), groups=1, num_batches=1, seed=4)
    others = sample_slice_moments(pop, 1, 2, 9, np.random.default_rng(4))
    # rebuild two samples whose slices have exactly those means and squared deviations
    rebuilt = np.empty((2, 2, 9))
    pattern = np.array([1, -1, 0, 0, 0, 0, 0, 0, 0], dtype=float)
    pattern /= np.sqrt(np.sum(pattern**2))
    for n in range(2):
        for c in range(2):
            rebuilt[n, c] = others.mean[0, n, c] + np.sqrt(others.sq_dev[0, n, c]) * pattern
    batch = np.concatenate([sample[None], rebuilt.reshape(2, 2, 3, 3)])
    y = torch.nn.functional.batch_norm(torch.from_numpy(batch), None, None, training=True)
    assert result.bn_train[0, 0] == pytest.approx(y.numpy()[0, 0, 1, 1], abs=1e-9)


def test_output_spread_for_an_n_by_c_tensor_leaves_out_instance_norm():
    pop = gaussian(channels=4)
    sample = pop.draw((1, 4), np.random.default_rng(0))[0]
    result = sample_output_spread(pop, sample, (2,), (2, 4, 64), groups=2, num_batches=100)
    assert set(result.batch_free) == {"LN", "GN"}
    with pytest.raises(ValueError, match="Start the batch sizes at 2"):
        sample_output_spread(pop, sample, (2,), (1, 2), groups=2)


def test_spread_summary_is_percentiles():
    values = np.random.default_rng(0).normal(size=(3, 500))
    summary = spread_summary(values)
    assert set(summary) == {"p05", "p25", "median", "p75", "p95", "mean", "std"}
    np.testing.assert_allclose(summary["p25"], np.percentile(values, 25, axis=1))
    np.testing.assert_allclose(summary["median"], np.median(values, axis=1))
    assert (summary["p05"] < summary["p25"]).all() and (summary["p75"] < summary["p95"]).all()


def test_gn_paper_numbers_are_the_published_ones():
    assert GN_PAPER_BATCH_SIZES == (32, 16, 8, 4, 2)
    assert GN_PAPER_ERRORS["BN"] == (23.6, 23.7, 24.8, 27.3, 34.7)
    assert GN_PAPER_ERRORS["GN"] == (24.1, 24.2, 24.0, 24.2, 24.1)
    assert GN_PAPER_AT_32 == {"BN": 23.6, "LN": 25.3, "IN": 28.4, "GN": 24.1}
    for lang in ("en", "zh"):  # the caption under the charts names the source precisely
        citation = t("p5.published.caption", lang)
        assert "Wu & He" in citation and "ECCV 2018" in citation
        assert all(where in citation for where in ("2", "1")), citation


def test_bad_batch_sizes_are_refused():
    pop = gaussian()
    with pytest.raises(ValueError, match="one value per channel"):
        sample_batch_estimates(pop, (1, 2), 1)
    with pytest.raises(ValueError, match="at least one batch size"):
        sample_batch_estimates(pop, (), 4)
    with pytest.raises(ValueError, match="whole number"):
        sample_batch_estimates(pop, (0, 2), 4)
    with pytest.raises(ValueError, match="whole number"):
        sample_batch_estimates(pop, (2.5,), 4)
    with pytest.raises(ValueError, match="not inside"):
        sample_output_spread(pop, np.zeros((4, 2)), (4, 0), (2,), groups=1)
    with pytest.raises(ValueError, match="G must divide C"):
        sample_output_spread(pop, np.zeros((4, 2)), (0, 0), (2,), groups=3)
