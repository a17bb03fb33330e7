"""Input checks with messages a student can act on."""

from __future__ import annotations

import math

import numpy as np

from normviz.i18n import InputError


def as_float_array(x, contiguous: bool = True) -> np.ndarray:
    """A float32 or float64 copy-free view of x when possible, C-contiguous unless
    contiguous=False (token LN reads an N×T×D array as its N×D×T view, without a copy)."""
    arr = np.asarray(x)
    if arr.dtype.kind not in "biuf":
        raise InputError("errors.validation.not_numbers", dtype=str(arr.dtype))
    if arr.dtype not in (np.float32, np.float64):
        arr = arr.astype(np.float64)
    if not contiguous:
        return arr
    return np.require(arr, requirements="C")  # ascontiguousarray would make a scalar 1-D


def check_eps(eps: float) -> float:
    """ε must be a finite number ≥ 0 (PyTorch's default is 1e-5, Keras' 1e-3)."""
    eps = float(eps)
    if not math.isfinite(eps) or eps < 0:
        raise InputError("errors.validation.eps", eps=eps)
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
                raise InputError(
                    "errors.validation.affine_size", name=name, size=arr.size, c=num_channels
                )
            if not np.isfinite(arr).all():
                raise InputError("errors.validation.affine_nonfinite", name=name)
        out.append(np.ascontiguousarray(arr))
    return out[0], out[1]


def check_count(value: int, key: str) -> int:
    """A whole number ≥ 1 (a count of batches, samples, masks …); else the InputError `key`,
    whose text names the quantity and shows {value}."""
    if int(value) != value or value < 1:
        raise InputError(key, value=value)
    return int(value)
