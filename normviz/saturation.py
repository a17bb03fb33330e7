"""Sigmoid saturation: how much gradient a sigmoid lets through for given inputs."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from normviz.i18n import InputError
from normviz.reference import torch_view

_HISTOGRAM_CHUNK = 1 << 20  # values converted to float64 at a time
DEFAULT_THRESHOLD = 0.05  # saturated when σ(x) < 0.05 or σ(x) > 0.95


def sigmoid(x: np.ndarray) -> np.ndarray:
    """σ(x) = 1/(1 + e^−x)."""
    return torch.sigmoid(torch.as_tensor(np.asarray(x, dtype=float))).numpy()


def sigmoid_grad(x: np.ndarray) -> np.ndarray:
    """σ'(x) = σ(x)(1 − σ(x)), at most 0.25 (at x = 0)."""
    s = sigmoid(x)
    return s * (1.0 - s)


def saturation_cutoff(threshold: float = DEFAULT_THRESHOLD) -> float:
    """The |x| beyond which σ(x) < threshold or σ(x) > 1 − threshold (2.944 for 0.05)."""
    if not 0.0 < threshold < 0.5:
        raise InputError("errors.saturation.threshold", threshold=threshold)
    return math.log((1.0 - threshold) / threshold)


@dataclass(frozen=True)
class Saturation:
    """Summary of a set of sigmoid inputs."""

    saturated_fraction: float  # share of inputs with σ < threshold or σ > 1 − threshold
    mean_grad: float  # mean of σ'(x): the average factor a gradient is multiplied by
    cutoff: float  # |x| at which saturation starts


def saturation(x: np.ndarray, threshold: float = DEFAULT_THRESHOLD) -> Saturation:
    """Saturated fraction and mean σ' of all values of x."""
    values = np.asarray(x).reshape(1, 1, -1)
    if values.size == 0:
        raise InputError("errors.saturation.empty")
    saturated, grad = saturation_per_channel(values, threshold)
    return Saturation(float(saturated[0]), float(grad[0]), saturation_cutoff(threshold))


def saturation_per_channel(
    x: np.ndarray, threshold: float = DEFAULT_THRESHOLD
) -> tuple[np.ndarray, np.ndarray]:
    """Saturated fraction and mean σ' for each channel (axis 1) of x (N, C, ...)."""
    arr = np.asarray(x)
    if arr.dtype not in (np.float32, np.float64):
        arr = arr.astype(np.float64)
    rows = torch_view(arr).reshape(arr.shape[0], arr.shape[1], -1)
    per_channel = rows.shape[0] * rows.shape[2]
    cutoff = saturation_cutoff(threshold)
    saturated = torch.count_nonzero(rows.abs() > cutoff, dim=2).sum(dim=0)
    # σ' = σ(x)·σ(−x): equal to s(1 − s) but without its cancellation where σ ≈ 1
    # (mean(s) − mean(s²) went negative for saturated float32 inputs)
    s = torch.sigmoid(rows)
    s.mul_(rows.neg().sigmoid_())
    grad = s.sum(dim=2).double().sum(dim=0) / per_channel
    return (saturated.double() / per_channel).numpy(), grad.numpy()


def histogram_counts(x: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Counts of x in the bins [edges[i], edges[i+1]); values outside land in the end bins.

    Pages send these counts, never raw values, so the payload does not grow with x.
    """
    edges = np.asarray(edges, dtype=np.float64)
    if edges.ndim != 1 or edges.size < 2 or not np.all(np.diff(edges) > 0):
        raise InputError("errors.saturation.edges")
    values = np.asarray(x).reshape(-1)
    bins = edges.size - 1
    lo, hi = float(edges[0]), float(edges[-1])
    if np.array_equal(edges, np.linspace(lo, hi, bins + 1)):
        # numpy's uniform-bin path: computes the bin, then corrects it against the edges,
        # so a value on an edge is counted exactly (torch.histc puts 0.1 into [0, 0.1))
        # (in float64 chunks: with float32 values numpy would round the edges to float32)
        counts = np.zeros(bins, dtype=np.int64)
        for start in range(0, values.size, _HISTOGRAM_CHUNK):
            chunk = values[start : start + _HISTOGRAM_CHUNK].astype(np.float64)
            counts += np.histogram(chunk, bins=bins, range=(lo, hi))[0]
        counts[0] += np.count_nonzero(values < lo)
        counts[-1] += np.count_nonzero(values > hi)
        return counts
    idx = np.clip(np.searchsorted(edges, values, side="right") - 1, 0, bins - 1)
    return np.bincount(idx, minlength=bins)


def gradient_through_layers(mean_grad: float, layers: int) -> float:
    """How much a gradient shrinks through L sigmoid layers with this mean σ'."""
    return float(mean_grad) ** int(layers)


SCALE_FACTORS = 10.0 ** np.linspace(-2.0, 2.0, 81)  # k from 0.01 to 100, with k = 1 exactly


@dataclass(frozen=True)
class Resaturation:
    """Saturated share of y = k·γ_c·x̂ + β_c over the whole tensor, for each factor k.

    k scales the per-channel γ vector; k = 1 is the γ, β the layer has, so that point
    equals the saturated share of the layer's output y.
    """

    scales: np.ndarray  # k
    with_beta: np.ndarray  # share for y = k·γ_c·x̂ + β_c
    without_beta: np.ndarray  # share for y = k·γ_c·x̂ (β = 0): γ alone


def saturated_fraction_by_scale(
    x_hat: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    scales: np.ndarray = SCALE_FACTORS,
    threshold: float = DEFAULT_THRESHOLD,
) -> np.ndarray:
    """Exact share of |k·γ_c·x̂ + β_c| > cutoff over every element of x̂ (N, C, ...), per k.

    Each channel's x̂ is sorted once; for each k the saturated values are those beyond two
    thresholds, counted by binary search (no subsample: the point at k = 1 is the share of
    the layer's own output).
    """
    arr = np.asarray(x_hat)
    channels = arr.shape[1]
    gamma = np.asarray(gamma, dtype=np.float64).reshape(-1)
    beta = np.asarray(beta, dtype=np.float64).reshape(-1)
    for name, values in (("γ", gamma), ("β", beta)):
        if values.size != channels:
            raise InputError(
                "errors.validation.affine_size", name=name, size=values.size, c=channels
            )
    scales = np.asarray(scales, dtype=np.float64).reshape(-1)
    cutoff = saturation_cutoff(threshold)
    per_channel = np.sort(np.moveaxis(arr, 1, 0).reshape(channels, -1), axis=1)
    size = per_channel.shape[1]
    counts = np.zeros(scales.size, dtype=np.int64)
    for values, g, b in zip(per_channel, gamma, beta, strict=True):
        slope = scales * g
        flat = slope == 0  # y = β_c for every value
        with np.errstate(divide="ignore", invalid="ignore"):
            ends = np.stack(((-cutoff - b) / slope, (cutoff - b) / slope))
        low, high = ends.min(axis=0), ends.max(axis=0)
        # saturated: k·γ·x̂ + β > cutoff or < −cutoff  ⇔  x̂ outside [low, high]
        below = np.searchsorted(values, low, side="left")
        above = size - np.searchsorted(values, high, side="right")
        counts += np.where(flat, size if abs(b) > cutoff else 0, below + above)
    return counts / float(size * channels)


def resaturation(
    x_hat: np.ndarray, gamma: np.ndarray, beta: np.ndarray, scales: np.ndarray = SCALE_FACTORS
) -> Resaturation:
    """The saturated share of k·γ·x̂ + β and of k·γ·x̂ (β = 0) for each k."""
    return Resaturation(
        scales=np.asarray(scales, dtype=np.float64),
        with_beta=saturated_fraction_by_scale(x_hat, gamma, beta, scales),
        without_beta=saturated_fraction_by_scale(x_hat, gamma, np.zeros_like(beta), scales),
    )


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def power_of_ten(value: float, digits: int = 2) -> str:
    """A number for prose: 9.54e-07 → "9.54 × 10⁻⁷" (plain decimals between 0.01 and 1000)."""
    if value == 0 or not math.isfinite(value):
        return f"{value:g}"
    if 1e-2 <= abs(value) < 1e3:
        return f"{value:.{digits + 1}g}"
    mantissa, exponent = f"{value:.{digits}e}".split("e")
    return f"{mantissa} × 10{str(int(exponent)).translate(_SUPERSCRIPT)}"


def superscript(number: int) -> str:
    """An integer as Unicode superscript digits: 10 → "¹⁰"."""
    return str(int(number)).translate(_SUPERSCRIPT)
