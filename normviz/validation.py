"""Input checks with messages a student can act on."""

from __future__ import annotations

import math

import numpy as np


def as_float_array(x) -> np.ndarray:
    """A C-contiguous float32 or float64 copy-free view of x when possible."""
    arr = np.asarray(x)
    if arr.dtype.kind not in "biuf":
        raise ValueError(f"The tensor must hold numbers, not {arr.dtype} values.")
    if arr.dtype not in (np.float32, np.float64):
        arr = arr.astype(np.float64)
    return np.require(arr, requirements="C")  # ascontiguousarray would make a scalar 1-D


def check_eps(eps: float) -> float:
    """ε must be a finite number ≥ 0 (PyTorch's default is 1e-5, Keras' 1e-3)."""
    eps = float(eps)
    if not math.isfinite(eps) or eps < 0:
        raise ValueError(
            f"ε = {eps} is not allowed: it must be a finite number ≥ 0 "
            "(it keeps √(σ² + ε) away from zero; PyTorch uses 1e-5)."
        )
    return eps


def check_affine(gamma, beta, num_channels: int, dtype) -> tuple[np.ndarray, np.ndarray]:
    """γ and β as length-C arrays; None means γ = 1 and β = 0."""
    out = []
    for name, value, default in (("γ (gamma)", gamma, 1.0), ("β (beta)", beta, 0.0)):
        if value is None:
            arr = np.full(num_channels, default, dtype=dtype)
        else:
            arr = np.asarray(value, dtype=dtype).reshape(-1)
            if arr.size == 1 and np.ndim(value) == 0:
                arr = np.full(num_channels, arr.item(), dtype=dtype)
            if arr.size != num_channels:
                raise ValueError(
                    f"{name} has {arr.size} value(s) but the tensor has C = {num_channels} "
                    "channels: γ and β hold one value per channel."
                )
            if not np.isfinite(arr).all():
                raise ValueError(f"{name} holds NaN or infinite values.")
        out.append(np.ascontiguousarray(arr))
    return out[0], out[1]
