"""Dropout: masks, the two scalings, the expectation over many masks, and the variance
shift of Dropout → BN.

Statistical bound: the mean of k outputs of one unit stays within the Hoeffding bound
|x|·s·√(ln(2/δ)/(2k)) of its expectation with probability ≥ 1 − δ (s the training scale,
δ = 1e-6; no normal approximation). Over 200 seeds × 16 units the chance that any one
check fails is below 3.2e-3; the seeds are fixed, so the test is deterministic.
"""

import numpy as np
import pytest

from normviz import dropout as dr

X = np.linspace(-2.0, 3.0, 16)


@pytest.mark.parametrize("mode", dr.MODES)
@pytest.mark.parametrize("p", [0.1, 0.5, 0.8])
def test_mean_over_masks_stays_within_the_hoeffding_bound_for_many_seeds(mode, p):
    k = 500
    bound = dr.expectation_bound(X, p, k, mode=mode, delta=1e-6)
    z_scores = []
    for seed in range(200):
        avg = dr.mask_average(X, p, k, mode=mode, seed=seed, num_counts=2)
        error = np.abs(avg.running_mean[-1] - avg.target)
        assert np.all(error <= bound + 1e-12), seed
        unit_std = np.abs(X) * dr.scales(p, mode)[0] * np.sqrt(p * (1 - p) / k)
        z_scores.append(error[unit_std > 0] / unit_std[unit_std > 0])
    # and the errors are the size the central limit theorem says: mean z² ≈ 1
    assert np.mean(np.square(z_scores)) == pytest.approx(1.0, abs=0.1)


def test_inverted_dropout_preserves_the_expectation_and_classic_scales_it():
    inv = dr.mask_average(X, 0.5, 5000, seed=1)
    classic = dr.mask_average(X, 0.5, 5000, mode="classic", seed=1)
    np.testing.assert_allclose(inv.target, X)
    np.testing.assert_allclose(classic.target, 0.5 * X)
    # the test-time output of each form equals the training expectation
    for mode, avg in (("inverted", inv), ("classic", classic)):
        np.testing.assert_allclose(dr.dropout(X, 0.5, mode=mode).test_output, avg.target)


def test_running_mean_error_shrinks_like_one_over_sqrt_k():
    avg = dr.mask_average(X, 0.3, 4000, seed=2)
    assert avg.counts[0] == 1 and avg.counts[-1] == 4000
    assert np.all(np.diff(avg.counts) > 0)
    assert avg.running_mean.shape == (avg.counts.size, X.size)
    assert avg.max_error[-1] < avg.max_error[0]
    np.testing.assert_allclose(avg.standard_error * np.sqrt(avg.counts), avg.standard_error[0])


def test_running_mean_is_exact_on_a_tensor_across_chunks(monkeypatch):
    x = np.arange(24, dtype=float).reshape(2, 3, 4) - 10
    monkeypatch.setattr(dr, "_CHUNK_VALUES", 50)  # 2 masks per chunk
    chunked = dr.mask_average(x, 0.4, 37, seed=3, num_counts=37)
    monkeypatch.setattr(dr, "_CHUNK_VALUES", 1 << 20)
    whole = dr.mask_average(x, 0.4, 37, seed=3, num_counts=37)
    np.testing.assert_allclose(chunked.running_mean, whole.running_mean, atol=1e-12)
    # and by hand: the first mask alone
    kept = np.random.default_rng(3).random(x.size) >= 0.4
    np.testing.assert_allclose(
        whole.running_mean[0], np.where(kept, x.ravel() / 0.6, 0).reshape(x.shape)
    )


def test_one_pass_masks_and_scales():
    x = np.ones((4, 5, 6))
    d = dr.dropout(x, 0.25, seed=0)
    assert d.mask.shape == x.shape and d.mask.dtype == bool
    np.testing.assert_allclose(d.train_output[d.mask], 1 / 0.75)
    assert np.all(d.train_output[~d.mask] == 0)
    np.testing.assert_array_equal(d.test_output, x)
    c = dr.dropout(x, 0.25, mode="classic", seed=0)
    np.testing.assert_array_equal(c.mask, d.mask)
    np.testing.assert_allclose(c.train_output[c.mask], 1.0)
    np.testing.assert_allclose(c.test_output, 0.75)
    assert dr.dropout(x, 0.0).kept_fraction == 1.0
    assert 0.6 < d.kept_fraction < 0.9


@pytest.mark.parametrize("bad", [-0.1, 1.0, 1.5, float("nan"), "half"])
def test_p_outside_zero_one_raises_a_clear_error(bad):
    with pytest.raises(ValueError, match="dropout probability p"):
        dr.dropout(X, bad)
    with pytest.raises(ValueError, match="dropout probability p"):
        dr.mask_average(X, bad)
    with pytest.raises(ValueError, match="dropout probability p"):
        dr.variance_shift([0.1, bad])


def test_p_error_message_says_what_is_allowed():
    with pytest.raises(ValueError, match=r"0 ≤ p < 1"):
        dr.check_p(1.0)
    with pytest.raises(ValueError, match="inverted"):
        dr.dropout(X, 0.5, mode="sideways")


@pytest.mark.parametrize("mode", dr.MODES)
def test_variance_shift_matches_the_closed_form(mode):
    shift = dr.variance_shift(mean=1.0, std=2.0, mode=mode, num_batches=200)
    np.testing.assert_allclose(shift.train_var, shift.train_var_predicted, rtol=0.03)
    np.testing.assert_allclose(shift.test_var, shift.test_var_predicted, rtol=0.03)
    # BN's output at inference: variance test/train < 1 as soon as p > 0
    np.testing.assert_allclose(shift.output_var, shift.shift_ratio, rtol=0.05)
    assert shift.output_std[0] == pytest.approx(1.0, abs=0.02)
    assert np.all(np.diff(shift.output_std) < 0)
    np.testing.assert_allclose(shift.output_mean, 0.0, atol=0.05)


def test_zero_mean_input_shift_ratio_is_one_minus_p():
    shift = dr.variance_shift([0.0, 0.2, 0.5])
    np.testing.assert_allclose(shift.shift_ratio, [1.0, 0.8, 0.5])
    np.testing.assert_allclose(shift.output_std, np.sqrt([1.0, 0.8, 0.5]), rtol=0.03)
