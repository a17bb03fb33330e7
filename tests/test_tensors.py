"""The tensor generator and its presets: deterministic by seed, and each preset does what
its description says."""

from __future__ import annotations

import numpy as np
import pytest

import normviz as nv

SHAPE = (16, 32, 8, 8)
GENERATED = [name for name, p in nv.PRESETS.items() if p.fixed_shape is None]


def channel_means(x: np.ndarray) -> np.ndarray:
    return x.mean(axis=(0, *range(2, x.ndim)))


def sample_means(x: np.ndarray) -> np.ndarray:
    return x.reshape(x.shape[0], -1).mean(axis=1)


@pytest.mark.parametrize("shape", [(4, 3), (4, 3, 7), (2, 3, 4, 5)])
def test_same_seed_same_tensor_other_seed_other_tensor(shape) -> None:
    spec = nv.TensorSpec(scale=2.0, shift=1.0, channel_spread=1.0, outlier_fraction=0.1)
    a = nv.make_tensor(shape, spec, seed=3)
    np.testing.assert_array_equal(a, nv.make_tensor(shape, spec, seed=3))
    assert not np.array_equal(a, nv.make_tensor(shape, spec, seed=4))
    assert a.shape == shape and a.dtype == np.float32


@pytest.mark.parametrize("name", list(nv.PRESETS))
def test_every_preset_is_deterministic_finite_and_shaped(name) -> None:
    preset = nv.PRESETS[name]
    x = nv.preset_tensor(name, SHAPE, seed=1)
    np.testing.assert_array_equal(x, nv.preset_tensor(name, SHAPE, seed=1))
    assert x.shape == (preset.fixed_shape or SHAPE) and np.isfinite(x).all()
    assert preset.name == name and preset.description.endswith(".")


def test_the_worked_example_is_the_first_preset() -> None:
    name = next(iter(nv.PRESETS))
    preset = nv.PRESETS[name]
    assert name == "Worked example" and preset.fixed_shape == (2, 2, 2, 2)
    assert preset.gamma == (2.0, 5.0) and preset.beta == (3.0, 8.0)
    np.testing.assert_array_equal(nv.preset_tensor(name, (8, 8), seed=9), nv.worked_example())
    np.testing.assert_array_equal(nv.worked_example()[1, 1], [[8, 10], [12, 14]])


def test_standard_normal_is_already_normalized() -> None:
    x = nv.preset_tensor("Standard normal", SHAPE)
    assert abs(x.mean()) < 0.02 and abs(x.std() - 1) < 0.02
    assert nv.saturation(x).saturated_fraction < 0.01


def test_badly_scaled_preset_saturates_and_normalizing_fixes_it() -> None:
    """Scale 6 around 3: P(|x| > 2.944) ≈ 0.66; after BN ≈ 0.3%."""
    x = nv.preset_tensor("Badly scaled, saturating", SHAPE)
    before = nv.saturation(x)
    after = nv.saturation(nv.normalize(x, "BN").y)
    assert before.saturated_fraction > 0.6 and before.mean_grad < 0.1
    assert after.saturated_fraction < 0.01 and after.mean_grad > 0.2


def test_per_channel_offsets_spread_the_channel_means_and_bn_removes_them() -> None:
    x = nv.preset_tensor("Per-channel offsets", SHAPE)
    plain = nv.preset_tensor("Standard normal", SHAPE)
    assert channel_means(x).std() > 2.0 > 0.1 > channel_means(plain).std()
    assert np.max(np.abs(channel_means(nv.normalize(x, "BN").y))) < 1e-5
    assert sample_means(x).std() < 0.5  # samples are not offset


def test_per_sample_offsets_spread_the_sample_means_and_ln_in_remove_them() -> None:
    x = nv.preset_tensor("Per-sample offsets", SHAPE)
    plain = nv.preset_tensor("Standard normal", SHAPE)
    assert sample_means(x).std() > 2.0 > 0.1 > sample_means(plain).std()
    for method in ("LN", "IN"):
        assert np.max(np.abs(sample_means(nv.normalize(x, method).y))) < 1e-5
    assert channel_means(x).std() < 0.5 * sample_means(x).std()


def test_relu_like_preset_is_non_negative_and_skewed() -> None:
    x = nv.preset_tensor("ReLU-like (skewed)", SHAPE)
    assert x.min() == 0.0
    assert 0.25 < np.mean(x == 0) < 0.37  # P(z + 0.5 < 0) ≈ 0.31
    assert x.mean() > np.median(x)


def test_outlier_preset_has_one_percent_of_10_sigma_values() -> None:
    x = nv.preset_tensor("Outliers", SHAPE)
    assert np.count_nonzero(np.abs(x) == 10.0) == round(0.01 * x.size)
    assert x.var() > 1.5  # the outliers inflate the variance


def test_spec_scale_and_shift() -> None:
    x = nv.make_tensor(SHAPE, nv.TensorSpec(scale=3.0, shift=-2.0), seed=2)
    assert x.mean() == pytest.approx(-2.0, abs=0.05)
    assert x.std() == pytest.approx(3.0, rel=0.02)


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (nv.TensorSpec(outlier_fraction=1.5), "outlier fraction"),
        (nv.TensorSpec(outlier_fraction=-0.1), "outlier fraction"),
        (nv.TensorSpec(scale=-1.0), "cannot be negative"),
        (nv.TensorSpec(channel_spread=-1.0), "cannot be negative"),
        (nv.TensorSpec(sample_spread=-1.0), "cannot be negative"),
    ],
)
def test_bad_specs_are_refused(spec, message) -> None:
    with pytest.raises(ValueError, match=message):
        nv.make_tensor((2, 3), spec)


@pytest.mark.parametrize("shape", [(5,), (2, 3, 4, 5, 6), (0, 3), (2, 3, 0, 4)])
def test_bad_shapes_are_refused(shape) -> None:
    with pytest.raises(ValueError, match="dimension"):
        nv.make_tensor(shape)


def test_unknown_preset_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown preset 'Nope'; choose one of"):
        nv.preset_tensor("Nope", SHAPE)
