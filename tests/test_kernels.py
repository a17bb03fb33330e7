"""The compiled passes of normalize: exact moments, and safe to call from many threads."""

from __future__ import annotations

import threading

import numpy as np
import pytest

import normviz as nv
from normviz.kernels import row_moments, scale_and_shift


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("shape", [(1, 1), (3, 7), (2, 200_000), (64, 49)])
def test_row_moments_match_float64_two_pass(dtype, shape) -> None:
    rng = np.random.default_rng(1)
    rows = (rng.standard_normal(shape) * 3 + 1000).astype(dtype)  # far from zero
    shift, offset, m2 = row_moments(rows)
    mean = shift + offset
    exact = rows.astype(np.float64)
    exact_mean = exact.mean(axis=1)
    exact_m2 = ((exact - exact_mean[:, None]) ** 2).sum(axis=1)
    np.testing.assert_allclose(mean, exact_mean, rtol=1e-13, atol=0)
    np.testing.assert_allclose(m2, exact_m2, rtol=1e-9, atol=1e-9)


def test_mean_in_two_parts_keeps_x_minus_mu_exact_far_from_zero() -> None:
    """Two values 1e7 + a and 1e7 + b: x̂ must be exactly ±1 (ε = 0), every digit."""
    x = np.array([[[1e7 + 0.3, 1e7 + 0.7]]])
    np.testing.assert_array_equal(nv.normalize(x, "IN", eps=0.0).y, [[[-1.0, 1.0]]])


def test_scale_and_shift_is_the_affine_map_in_float64() -> None:
    rng = np.random.default_rng(2)
    rows = rng.standard_normal((5, 11)).astype(np.float32) + 500
    mean, scale, beta = rng.normal(500, 1, 5), rng.uniform(0.5, 2, 5), rng.normal(0, 1, 5)
    y = scale_and_shift(rows, np.full(5, 500.0), mean - 500.0, scale, beta)
    expected = (rows.astype(np.float64) - mean[:, None]) * scale[:, None] + beta[:, None]
    assert y.dtype == np.float32
    np.testing.assert_allclose(y, expected.astype(np.float32), rtol=0, atol=1e-6)


def test_non_finite_values_stay_non_finite() -> None:
    """fastmath is limited to reassociation: NaN and inf still propagate to the check."""
    rows = np.array([[1.0, np.inf, 2.0], [1.0, np.nan, 2.0]])
    _, offset, m2 = row_moments(rows)
    assert not np.isfinite(offset).all() and not np.isfinite(m2).all()
    with pytest.raises(ValueError, match="NaN or infinite"):
        nv.normalize(rows.reshape(1, 2, 3), "IN")


def test_concurrent_calls_from_threads_give_the_same_results() -> None:
    """Streamlit serves sessions from threads: the compiled kernels must not mind."""
    x = np.random.default_rng(3).standard_normal((8, 16, 12, 12)).astype(np.float32)
    expected = nv.normalize(x, "GN", groups=4).y
    results, errors = [], []

    def work() -> None:
        try:
            for _ in range(20):
                results.append(nv.normalize(x, "GN", groups=4).y)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 80 and all(np.array_equal(r, expected) for r in results)
