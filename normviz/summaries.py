"""Small summaries of big tensors: what a page shows, computed once, sent as numbers.

A page never ships a whole tensor to the browser; it ships these.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from normviz.export import group_rows
from normviz.forward import Normalized
from normviz.masks import group_index, group_slices
from normviz.reference import torch_normalize
from normviz.saturation import (
    Saturation,
    histogram_counts,
    saturation,
    saturation_per_channel,
)

PREVIEW_VALUES = 64  # values of one group listed on the step page


@dataclass(frozen=True)
class TensorSummary:
    shape: tuple[int, ...]
    size: int
    mean: float
    std: float
    min: float
    max: float


def tensor_summary(x: np.ndarray) -> TensorSummary:
    """Shape and moments of the whole tensor (for the home page)."""
    x64 = np.asarray(x, dtype=np.float64)
    return TensorSummary(
        x.shape, int(x.size), float(x64.mean()), float(x64.std()), float(x.min()), float(x.max())
    )


@dataclass(frozen=True)
class StepNumbers:
    """Every number of the four steps for one element and its group."""

    at: tuple[int, ...]
    m: int
    group_values: np.ndarray  # at most PREVIEW_VALUES values of the group, evenly spaced
    preview_stride: int  # group_values are the group's values 0, s, 2s, … (memory order)
    mean: float
    var: float
    var_unbiased: float
    eps: float
    std: float
    x: float
    x_hat: float
    gamma: float
    beta: float
    y: float
    reduced_axes: tuple[int, ...]
    num_stats: int


def step_numbers(result: Normalized, at: tuple[int, ...]) -> StepNumbers:
    """The numbers behind element `at` of a normalization result."""
    lay = result.layout
    shape = lay.shape
    block = result.x[group_slices(shape, lay.method, at, groups=lay.groups)]
    idx = group_index(shape, lay.method, at, groups=lay.groups)
    c = at[1]
    mean = float(result.group_mean[idx])
    var = float(result.group_var[idx])
    m = lay.group_size
    # every s-th value, so a large group's preview spans all its samples and channels
    # (the first 64 of a BN group would all come from sample 0)
    stride = -(-m // PREVIEW_VALUES)
    std = float(np.sqrt(np.float64(var) + result.eps))
    x_at = float(result.x[at])
    x_hat_at = float(result.x_hat_of_slice(at[0], at[1])[at[2:]])
    return StepNumbers(
        at=tuple(at),
        m=m,
        group_values=np.array(block.reshape(-1)[::stride][:PREVIEW_VALUES], dtype=np.float64),
        preview_stride=stride,
        mean=mean,
        var=var,
        var_unbiased=var * m / (m - 1) if m > 1 else float("nan"),
        eps=result.eps,
        std=std,
        x=x_at,
        x_hat=x_hat_at,
        gamma=float(result.gamma[c]),
        beta=float(result.beta[c]),
        y=float(result.y[at]),
        reduced_axes=lay.reduced_axes,
        num_stats=lay.num_stats,
    )


def stats_table(result: Normalized, rows: int | None = None) -> dict[str, np.ndarray]:
    """The first `rows` (μ, σ²) pairs for the step page: which samples and channels each
    covers ("0–3" or "2"), μ, σ², √(σ²+ε), from the export's group_rows."""
    groups = group_rows(result)
    keep = slice(0, rows)

    def span(first: np.ndarray, last: np.ndarray) -> np.ndarray:
        pairs = zip(first[keep].tolist(), last[keep].tolist(), strict=True)
        return np.array([str(a) if a == b else f"{a}–{b}" for a, b in pairs])

    positions = {}
    if result.layout.over_channels:  # token LN, RMSNorm: the group's one position
        positions["positions"] = span(groups["position_first"], groups["position_last"])
    return {
        "samples": span(groups["sample_first"], groups["sample_last"]),
        "channels": span(groups["channel_first"], groups["channel_last"]),
        **positions,
        "mean": groups["mean"][keep],
        "var": groups["var"][keep],
        "std": groups["sqrt_var_eps"][keep],
    }


def slice_maps(result: Normalized, n: int, c: int) -> dict[str, np.ndarray]:
    """x, x̂ and y of one (sample, channel) as 2-D maps (H×W, or 1×L, or 1×1)."""

    def plane(a: np.ndarray) -> np.ndarray:
        p = np.asarray(a[n, c], dtype=np.float64)
        return p.reshape(1, -1) if p.ndim < 2 else p

    def plane_of(p: np.ndarray) -> np.ndarray:
        p = np.asarray(p, dtype=np.float64)
        return p.reshape(1, -1) if p.ndim < 2 else p

    return {
        "x": plane(result.x),
        "x_hat": plane_of(result.x_hat_of_slice(n, c)),
        "y": plane(result.y),
    }


def max_difference_to_torch(result: Normalized) -> float:
    """max |y_normviz − y_torch| on this tensor (0 would be suspicious only in float64)."""
    lay = result.layout
    ref = torch_normalize(
        result.x,
        lay.method,
        groups=lay.groups if lay.method == "group" else None,
        eps=result.eps,
        gamma=result.gamma,
        beta=result.beta,
    )
    return float(np.abs(result.y - ref).max())


@dataclass(frozen=True)
class SideSummary:
    """Saturation of one set of sigmoid inputs: histogram counts, overall, per channel."""

    counts: np.ndarray
    overall: Saturation
    per_channel: tuple[np.ndarray, np.ndarray]  # (saturated fraction, mean σ')


HISTOGRAM_EDGES = np.linspace(-10.0, 10.0, 81)


def side_summary(values: np.ndarray, edges: np.ndarray = HISTOGRAM_EDGES) -> SideSummary:
    return SideSummary(
        histogram_counts(values, edges), saturation(values), saturation_per_channel(values)
    )


@dataclass(frozen=True)
class SaturationSummary:
    """Histograms (counts only) and saturation of the sigmoid inputs before and after."""

    edges: np.ndarray
    before_side: SideSummary
    after_side: SideSummary

    @property
    def counts_before(self) -> np.ndarray:
        return self.before_side.counts

    @property
    def counts_after(self) -> np.ndarray:
        return self.after_side.counts

    @property
    def before(self) -> Saturation:
        return self.before_side.overall

    @property
    def after(self) -> Saturation:
        return self.after_side.overall

    @property
    def per_channel_before(self) -> tuple[np.ndarray, np.ndarray]:
        return self.before_side.per_channel

    @property
    def per_channel_after(self) -> tuple[np.ndarray, np.ndarray]:
        return self.after_side.per_channel


def saturation_summary(
    result: Normalized, *, before: SideSummary | None = None
) -> SaturationSummary:
    """Saturation of x (or the given `before`, computed once per tensor) and of y."""
    return SaturationSummary(
        edges=HISTOGRAM_EDGES,
        before_side=before if before is not None else side_summary(result.x),
        after_side=side_summary(result.y),
    )
