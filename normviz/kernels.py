"""The two passes over x that normalization needs, compiled: row moments, then y.

Rows are (sample, channel) rows for BN/LN/IN/GN and the C values of one position for token
LN and RMSNorm (whose γ, β then vary along the row: scale_rows_per_column).

Each (sample, channel) row of x is read once to get its mean and sum of squared
deviations, and once more to write y: the same memory traffic as PyTorch's fused
LayerNorm/GroupNorm kernels. Arithmetic is float64 whatever x's dtype, so float32 input
loses nothing to cancellation even far from zero. Compiled by numba on first use and cached
on disk next to this file.
"""

from __future__ import annotations

import threading

import numba
import numpy as np
from numba import njit, prange

# OpenMP threads when available (safe to call from several threads, as Streamlit does);
# the lock below keeps even numba's fallback "workqueue" layer from concurrent entry.
numba.config.THREADING_LAYER_PRIORITY = ["omp", "tbb", "workqueue"]
_ENTRY = threading.Lock()

# reassoc lets LLVM vectorize the float64 sums; NaN and inf keep their IEEE meaning
_FAST = {"reassoc", "contract"}


@njit(parallel=True, fastmath=_FAST, cache=True)
def _row_moments(rows):
    shift = np.empty(rows.shape[0])
    offset = np.empty(rows.shape[0])
    m2 = np.empty(rows.shape[0])
    length = rows.shape[1]
    for r in prange(rows.shape[0]):
        # shifted by the row's first value, so Σd² − (Σd)²/L does not cancel far from zero;
        # the mean is kept as shift + offset, finer than one float64 could hold it
        k = np.float64(rows[r, 0])
        total = 0.0
        squares = 0.0
        for i in range(length):
            d = np.float64(rows[r, i]) - k
            total += d
            squares += d * d
        shift[r] = k
        offset[r] = total / length
        m2[r] = squares - total * total / length
    return shift, offset, m2


@njit(parallel=True, fastmath=_FAST, cache=True)
def _scale_and_shift(rows, shift, offset, scale, beta, out):
    length = rows.shape[1]
    for r in prange(rows.shape[0]):
        k, o, s, b = shift[r], offset[r], scale[r], beta[r]
        for i in range(length):
            out[r, i] = ((np.float64(rows[r, i]) - k) - o) * s + b


@njit(parallel=True, fastmath=_FAST, cache=True)
def _scale_rows_per_column(rows, shift, offset, scale, gamma, beta, out):
    length = rows.shape[1]
    for r in prange(rows.shape[0]):
        k, o, s = shift[r], offset[r], scale[r]
        for i in range(length):
            out[r, i] = ((np.float64(rows[r, i]) - k) - o) * s * gamma[i] + beta[i]


def row_moments(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row of a 2-D array: a shift (its first value), mean − shift, and Σ(x − mean)²."""
    with _ENTRY:
        return _row_moments(rows)


def scale_and_shift(
    rows: np.ndarray, shift: np.ndarray, offset: np.ndarray, scale: np.ndarray, beta: np.ndarray
) -> np.ndarray:
    """y[r] = ((x[r] − shift[r]) − offset[r])·scale[r] + beta[r]: x − μ with μ = shift + offset
    kept in two parts, so far from zero no digit of x − μ is lost. x's dtype, float64 inside."""
    out = np.empty_like(rows)
    with _ENTRY:
        _scale_and_shift(rows, shift, offset, scale, beta, out)
    return out


def scale_rows_per_column(
    rows: np.ndarray,
    shift: np.ndarray,
    offset: np.ndarray,
    scale: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
) -> np.ndarray:
    """y[r, i] = ((x − shift[r]) − offset[r])·scale[r]·γ[i] + β[i]: channels-last rows."""
    out = np.empty_like(rows)
    with _ENTRY:
        _scale_rows_per_column(rows, shift, offset, scale, gamma, beta, out)
    return out
