"""The two passes over x that normalization needs, compiled: row moments, then y.

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
    mean = np.empty(rows.shape[0])
    m2 = np.empty(rows.shape[0])
    length = rows.shape[1]
    for r in prange(rows.shape[0]):
        # shifted by the row's first value, so Σd² − (Σd)²/L does not cancel far from zero
        shift = np.float64(rows[r, 0])
        total = 0.0
        squares = 0.0
        for i in range(length):
            d = np.float64(rows[r, i]) - shift
            total += d
            squares += d * d
        mean[r] = shift + total / length
        m2[r] = squares - total * total / length
    return mean, m2


@njit(parallel=True, fastmath=_FAST, cache=True)
def _scale_and_shift(rows, mean, scale, shift, out):
    length = rows.shape[1]
    for r in prange(rows.shape[0]):
        m, s, b = mean[r], scale[r], shift[r]
        for i in range(length):
            out[r, i] = (np.float64(rows[r, i]) - m) * s + b


def row_moments(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and Σ(x − mean)² of each row of a 2-D array, in float64."""
    with _ENTRY:
        return _row_moments(rows)


def scale_and_shift(
    rows: np.ndarray, mean: np.ndarray, scale: np.ndarray, shift: np.ndarray
) -> np.ndarray:
    """y[r] = (x[r] − mean[r])·scale[r] + shift[r], in x's dtype, computed in float64."""
    out = np.empty_like(rows)
    with _ENTRY:
        _scale_and_shift(rows, mean, scale, shift, out)
    return out
