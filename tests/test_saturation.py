"""Sigmoid saturation: cutoff, saturated fraction, mean σ', histograms, per channel."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import normviz as nv

CUTOFF = math.log(19.0)  # σ(x) = 0.95 ⇔ x = ln(0.95/0.05)
SAMPLES = settings(max_examples=40, deadline=None)
EPS64 = float(np.finfo(np.float64).eps)


def exact_sigmoid(x) -> np.ndarray:
    """σ in float64 without overflow, for both signs."""
    x = np.asarray(x, dtype=np.float64)
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def exact_grad(x) -> np.ndarray:
    """σ'(x) = σ(x)·σ(−x): no cancellation where σ ≈ 1."""
    return exact_sigmoid(x) * exact_sigmoid(-np.asarray(x, dtype=np.float64))


@st.composite
def inputs(draw) -> np.ndarray:
    """Sigmoid inputs, from centred to badly scaled, float32 or float64, 2-D to 4-D."""
    shape = draw(st.sampled_from([(64, 8), (16, 4, 9), (8, 3, 5, 5), (1, 1)]))
    scale = draw(st.sampled_from([0.1, 1.0, 6.0, 20.0]))
    shift = draw(st.sampled_from([0.0, 3.0, -8.0]))
    dtype = draw(st.sampled_from([np.float32, np.float64]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return (shift + scale * rng.standard_normal(shape)).astype(dtype)


def mean_grad_rtol(x: np.ndarray) -> float:
    """float32 σ is accurate to a few ulps relative; float64 to ~1e-15."""
    return 1e-5 if x.dtype == np.float32 else 1e-10


def test_cutoff_for_the_default_threshold_is_2_944() -> None:
    assert nv.saturation_cutoff() == pytest.approx(CUTOFF, rel=1e-14)
    assert nv.saturation_cutoff(0.05) == pytest.approx(2.944, abs=5e-4)
    assert nv.sigmoid(CUTOFF) == pytest.approx(0.95, rel=1e-14)
    assert nv.saturation_cutoff(0.01) == pytest.approx(math.log(99.0), rel=1e-14)


@pytest.mark.parametrize("threshold", [0.0, 0.5, -0.1, 0.7])
def test_threshold_outside_0_and_one_half_is_refused(threshold) -> None:
    with pytest.raises(ValueError, match="between 0 and 0.5"):
        nv.saturation_cutoff(threshold)
    with pytest.raises(ValueError, match="between 0 and 0.5"):
        nv.saturation(np.zeros(3), threshold)


def test_sigmoid_and_its_derivative() -> None:
    x = np.linspace(-30, 30, 601)
    np.testing.assert_allclose(nv.sigmoid(x), exact_sigmoid(x), rtol=1e-14)
    # s(1 − s) is exact to float64's absolute resolution (its relative error grows as σ → 1)
    np.testing.assert_allclose(nv.sigmoid_grad(x), exact_grad(x), rtol=1e-14, atol=EPS64)
    assert nv.sigmoid_grad(0.0) == 0.25 and np.max(nv.sigmoid_grad(x)) == 0.25


@SAMPLES
@given(x=inputs())
def test_saturation_matches_its_definition(x) -> None:
    """Fraction with σ < 0.05 or σ > 0.95 (|x| > 2.944), and mean σ'."""
    s = nv.saturation(x)
    sig = exact_sigmoid(x)
    assert s.saturated_fraction == np.mean(np.abs(x) > CUTOFF)
    assert s.saturated_fraction == np.mean((sig < 0.05) | (sig > 0.95))
    assert s.mean_grad == pytest.approx(np.mean(exact_grad(x)), rel=mean_grad_rtol(x))
    assert 0.0 <= s.mean_grad <= 0.25
    assert s.cutoff == pytest.approx(CUTOFF, rel=1e-14)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("value", [5.0, 12.0, 17.0, 30.0, -30.0])
def test_heavily_saturated_inputs_keep_a_tiny_positive_mean_grad(value, dtype) -> None:
    """Deep in saturation σ' is tiny but positive: it must not cancel to 0 or below."""
    x = np.full((64, 4, 8, 8), value, dtype=dtype)
    s = nv.saturation(x)
    assert s.saturated_fraction == 1.0
    assert s.mean_grad == pytest.approx(float(exact_grad(value)), rel=mean_grad_rtol(x))


@SAMPLES
@given(x=inputs())
def test_per_channel_saturation_is_saturation_of_each_channel(x) -> None:
    fraction, grad = nv.saturation_per_channel(x)
    assert fraction.shape == grad.shape == (x.shape[1],)
    for c in range(x.shape[1]):
        one = nv.saturation(x[:, c])
        assert fraction[c] == one.saturated_fraction
        assert grad[c] == pytest.approx(one.mean_grad, rel=mean_grad_rtol(x))


def test_saturation_refuses_an_empty_input() -> None:
    with pytest.raises(ValueError, match="at least one value"):
        nv.saturation(np.zeros((0, 3)))


def test_gradient_through_layers() -> None:
    """At best σ' = 0.25 per layer: 0.25^10 ≈ 9.5e−7 after ten layers."""
    assert nv.gradient_through_layers(0.25, 10) == pytest.approx(9.5367431640625e-07, rel=1e-15)
    assert nv.gradient_through_layers(0.25, 0) == 1.0
    assert nv.gradient_through_layers(1.0, 50) == 1.0


# ---------------------------------------------------------------------------------------
# Histograms


def numpy_counts(x, edges) -> np.ndarray:
    """np.histogram after clipping into the range: the docstring's end-bin rule."""
    values = np.clip(np.asarray(x, dtype=np.float64).reshape(-1), edges[0], edges[-1])
    return np.histogram(values, edges)[0]


def on_the_edges(edges: np.ndarray, dtype) -> np.ndarray:
    """Every edge and its float neighbours, in the dtype of the values."""
    e = np.asarray(edges, dtype=dtype)
    return np.concatenate([e, np.nextafter(e, -np.inf), np.nextafter(e, np.inf)])


EDGE_SETS = {
    "uniform": np.linspace(-1.0, 1.0, 21),
    "uniform-wide": np.linspace(-2 * CUTOFF, 2 * CUTOFF, 41),
    "integers": np.arange(-5.0, 6.0),
    "non-uniform": np.array([-10.0, -3.0, -1.0, -0.25, 0.0, 0.5, 2.0, 2.944, 7.0]),
}


@pytest.mark.parametrize("name", list(EDGE_SETS))
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
def test_histogram_counts_match_numpy(name, dtype) -> None:
    """Random values spilling out of the range, plus values on and next to every edge."""
    edges = EDGE_SETS[name]
    rng = np.random.default_rng(11)
    spread = 1.5 * float(np.max(np.abs(edges)))
    values = np.concatenate([spread * rng.standard_normal(5000), on_the_edges(edges, np.float64)])
    x = np.round(values).astype(dtype) if dtype == np.int64 else values.astype(dtype)
    if dtype != np.int64:
        x = np.concatenate([x, on_the_edges(edges, dtype)])
    counts = nv.histogram_counts(x, edges)
    np.testing.assert_array_equal(counts, numpy_counts(x, edges))
    assert counts.sum() == x.size and counts.dtype.kind == "i"


def test_histogram_end_bins_take_values_outside_the_range() -> None:
    edges = np.array([0.0, 1.0, 2.0])
    x = np.array([-100.0, 0.0, 0.999, 1.0, 2.0, 100.0])
    np.testing.assert_array_equal(nv.histogram_counts(x, edges), [3, 3])


@pytest.mark.parametrize(
    "edges", [[1.0], [], [[0.0, 1.0], [2.0, 3.0]], [0.0, 2.0, 1.0], [0.0, 1.0, 1.0]]
)
def test_histogram_refuses_bad_edges(edges) -> None:
    with pytest.raises(ValueError, match="increasing list of at least two numbers"):
        nv.histogram_counts(np.zeros(3), edges)
