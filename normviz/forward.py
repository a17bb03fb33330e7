"""The six normalizations, with every intermediate: μ, σ², √(σ²+ε), x̂ and y.

BN, LN, IN, GN: view x as one row per (sample, channel), take each row's mean and squared
deviations (one compiled pass, normviz.kernels), combine the rows of a group into its
(μ, σ²) in float64, then scale and shift every row (a second pass).

Token LN and RMSNorm: one group per (sample, position), over the C channels; the same two
passes run on rows of the C values of one position (a view when x is channels-last, as an
N×T×D array read as N×D×T is; one copy otherwise). RMSNorm is the same computation with
μ := 0: its σ² is the mean square (1/m)Σx² (Zhang & Sennrich 2019, §4), so every formula
of LN holds with xᵢ − μ read as xᵢ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from normviz.i18n import InputError
from normviz.kernels import row_moments, scale_and_shift, scale_rows_per_column
from normviz.methods import Layout, check_trainable, layout
from normviz.validation import as_float_array, check_affine, check_eps


@dataclass(frozen=True)
class Normalized:
    """The result of one normalization, every array shaped to broadcast against x."""

    x: np.ndarray
    layout: Layout
    eps: float
    gamma: np.ndarray  # (C,)
    beta: np.ndarray  # (C,)
    group_mean: np.ndarray  # compact: BN (C,), LN (N,), IN (N, C), GN (N, G), token (N, *sp.)
    group_var: np.ndarray  # biased: divided by m (RMSNorm: μ = 0, σ² = (1/m)Σx²)
    group_mean_exact: np.ndarray = field(repr=False)  # float64: μ before rounding to x's dtype
    group_var_exact: np.ndarray = field(repr=False)
    y: np.ndarray = field(repr=False)

    @property
    def method(self) -> str:
        return self.layout.method

    @property
    def groups(self) -> int:
        return self.layout.groups

    @property
    def reduced_axes(self) -> tuple[int, ...]:
        return self.layout.reduced_axes

    @property
    def m(self) -> int:
        """The group size: how many values share one (μ, σ²)."""
        return self.layout.group_size

    @cached_property
    def mean(self) -> np.ndarray:
        """μ, keepdims-shaped: BN (1,C,1,1), LN (N,1,1,1), IN and GN (N,C,1,1)."""
        return per_element_shape(self.group_mean, self.layout)

    @cached_property
    def var(self) -> np.ndarray:
        """The biased variance σ² (divided by m), keepdims-shaped like `mean`."""
        return per_element_shape(self.group_var, self.layout)

    @cached_property
    def std(self) -> np.ndarray:
        """√(σ² + ε), the divisor of step 3."""
        return np.sqrt(self.var + self.eps)

    @cached_property
    def group_var_unbiased(self) -> np.ndarray:
        """σ² · m/(m−1): what PyTorch puts into running_var (NaN when m = 1)."""
        m = self.m
        with np.errstate(divide="ignore", invalid="ignore"):
            return self.group_var * (m / (m - 1)) if m > 1 else self.group_var * np.nan

    def x_hat_of_samples(self, stop: int) -> np.ndarray:
        """x̂ of the first `stop` samples only: cheap when a page needs a few values.

        In float64 from the unrounded μ, so it is as accurate as `x_hat` far from zero.
        """
        n = min(stop, self.x.shape[0])
        return self._x_hat_block(slice(0, n), slice(None))

    def x_hat_of_slice(self, n: int, c: int) -> np.ndarray:
        """x̂[n, c]: the normalized values of one sample and channel."""
        return self._x_hat_block(slice(n, n + 1), slice(c, c + 1))[0, 0]

    def _x_hat_block(self, samples: slice, channels: slice) -> np.ndarray:
        mean = per_element_shape(self.group_mean_exact, self.layout)
        std = np.sqrt(per_element_shape(self.group_var_exact, self.layout) + self.eps)
        mean = mean[
            samples if mean.shape[0] > 1 else slice(None),
            channels if mean.shape[1] > 1 else slice(None),
        ]
        std = std[
            samples if std.shape[0] > 1 else slice(None),
            channels if std.shape[1] > 1 else slice(None),
        ]
        block = self.x[samples, channels].astype(np.float64)
        return ((block - mean) / std).astype(self.x.dtype)

    @cached_property
    def x_hat(self) -> np.ndarray:
        """x̂ = (x − μ)/√(σ² + ε), computed when first asked for.

        It is y with γ = 1 and β = 0, so it takes y's accurate path: subtracting the
        float32-rounded μ would cost (|μ|/σ)·2⁻²⁴ when |μ| ≫ σ.
        """
        return normalize(self.x, self.method, groups=self.groups, eps=self.eps).y


def per_element_shape(stats: np.ndarray, lay: Layout) -> np.ndarray:
    """Expand compact statistics to a keepdims shape that broadcasts against x."""
    n, c = lay.shape[:2]
    ones = (1,) * (len(lay.shape) - 2)
    if lay.over_channels:  # one value per (sample, position)
        return stats.reshape(n, 1, *lay.shape[2:])
    if lay.method == "batch":
        return stats.reshape(1, c, *ones)
    if lay.method == "layer":
        return stats.reshape(n, 1, *ones)
    # instance and group: one value per (n, channel); a group's channels repeat its value
    per_channel = np.repeat(stats.reshape(n, lay.groups), c // lay.groups, axis=1)
    return per_channel.reshape(n, c, *ones)


def normalize(
    x: np.ndarray,
    method: str,
    *,
    groups: int | None = None,
    eps: float = 1e-5,
    gamma: np.ndarray | None = None,
    beta: np.ndarray | None = None,
) -> Normalized:
    """Normalize x (N,C), (N,C,L) or (N,C,H,W) by BN, LN, IN, GN, token LN or RMSNorm,
    in training mode.

    gamma and beta are per channel (length C); None means γ = 1, β = 0 (RMSNorm has no β
    in `nn.RMSNorm`; a β given here is added all the same).
    """
    x = as_float_array(x, contiguous=False)
    lay = layout(x.shape, method, groups)
    if not lay.over_channels:  # the row passes read (sample, channel) rows: C order
        x = np.require(x, requirements="C")
    eps = check_eps(eps)
    gamma, beta = check_affine(gamma, beta, lay.shape[1], x.dtype)
    check_trainable(lay)
    if lay.over_channels:
        return _normalize_over_channels(x, lay, eps, gamma, beta)

    n, c = lay.shape[:2]
    rows = x.reshape(n * c, lay.spatial)  # one row per (sample, channel)
    moments = _group_moments(rows, lay)
    mean, var = moments.mean, moments.var
    if not (np.isfinite(mean).all() and np.isfinite(var).all()):
        raise InputError("errors.nonfinite")
    if eps == 0 and bool((var == 0).any()):
        raise InputError("errors.eps_zero_constant")
    # Steps 3 and 4 in one pass: y = (x − μ)·γ/√(σ² + ε) + β, per (sample, channel) row
    row_scale = np.tile(gamma.astype(np.float64), n) / np.sqrt(_per_row(var, lay) + eps)
    y = scale_and_shift(
        rows,
        _per_row(moments.shift, lay),
        _per_row(moments.offset, lay),
        row_scale,
        np.tile(beta.astype(np.float64), n),
    )
    return _result(x, lay, eps, gamma, beta, mean, var, y.reshape(x.shape))


def _result(x, lay, eps, gamma, beta, mean, var, y) -> Normalized:
    """The Normalized of x: float64 statistics kept exact, and rounded to x's dtype."""
    shape = lay.stats_shape
    return Normalized(
        x=x,
        layout=lay,
        eps=eps,
        gamma=gamma,
        beta=beta,
        group_mean=mean.astype(x.dtype).reshape(shape),
        group_var=var.astype(x.dtype).reshape(shape),
        group_mean_exact=mean.reshape(shape),
        group_var_exact=var.reshape(shape),
        y=y,
    )


@dataclass(frozen=True)
class _Moments:
    """Each group's μ = shift + offset (two parts: finer than one float64) and σ²."""

    shift: np.ndarray  # a value of the group, exactly representable
    offset: np.ndarray  # μ − shift, small
    var: np.ndarray  # biased

    @property
    def mean(self) -> np.ndarray:
        return self.shift + self.offset


def _group_moments(rows: np.ndarray, lay: Layout) -> _Moments:
    """Steps 1 and 2: μ and the biased σ² of every group, compact (N or 1, G), float64.

    Each (sample, channel) row gives its mean and Σ(x − mean)²; rows of one group (a
    channel over n for BN, a sample's channels for LN and GN) combine exactly:
    M2 = Σ M2_row + L·Σ (mean_row − μ)², with L the row length.
    """
    n, c = lay.shape[:2]
    row_shift, row_offset, row_m2 = (a.reshape(n, c) for a in row_moments(rows))
    if lay.method == "batch":  # a channel's rows across the batch: (1, C, N)
        row_shift, row_offset, row_m2 = (a.T[None] for a in (row_shift, row_offset, row_m2))
    else:  # a sample's rows in one group of channels: (N, G, C/G)
        per = c // lay.groups
        row_shift, row_offset, row_m2 = (
            a.reshape(n, lay.groups, per) for a in (row_shift, row_offset, row_m2)
        )
    with np.errstate(invalid="ignore", over="ignore"):  # ±inf in x: normalize() refuses it
        shift = row_shift[..., 0]  # the group's first row's shift
        row_mean = (row_shift - shift[..., None]) + row_offset  # each row's mean − shift
        offset = row_mean.mean(axis=2)
        spread = ((row_mean - offset[..., None]) ** 2).sum(axis=2)
        var = (row_m2.sum(axis=2) + lay.spatial * spread) / lay.group_size
    return _Moments(shift, offset, np.maximum(var, 0.0))


def _per_row(stats: np.ndarray, lay: Layout) -> np.ndarray:
    """Group statistics → one value per (sample, channel) row, flattened to N·C."""
    n, c = lay.shape[:2]
    if lay.method == "batch":
        return np.broadcast_to(stats.reshape(1, c), (n, c)).reshape(-1)
    return np.repeat(stats, c // lay.groups, axis=1).reshape(-1)


def _normalize_over_channels(
    x: np.ndarray, lay: Layout, eps: float, gamma: np.ndarray, beta: np.ndarray
) -> Normalized:
    """Token LN and RMSNorm: one (μ, σ²) per (sample, position), over the C channels.

    The passes run on rows of C adjacent values: an N×T×D array read as N×D×T already is
    such rows (a view); a channels-first x is copied once into them. y keeps the rows'
    memory (channels-last), viewed in x's shape.
    """
    n, c = lay.shape[:2]
    positions = lay.spatial
    rows = np.ascontiguousarray(np.moveaxis(x.reshape(n, c, positions), 1, 2))
    rows = rows.reshape(n * positions, c)
    shift, offset, m2 = row_moments(rows)
    with np.errstate(invalid="ignore", over="ignore"):  # ±inf in x: refused below
        var = np.maximum(m2 / c, 0.0)
        mean = shift + offset
        if not lay.centered:  # RMSNorm: mean(x²) = σ² + μ², a sum of two non-negatives
            var = var + mean * mean
            mean = shift = offset = np.zeros_like(var)
    if not (np.isfinite(mean).all() and np.isfinite(var).all()):
        raise InputError("errors.nonfinite")
    if eps == 0 and bool((var == 0).any()):
        raise InputError("errors.eps_zero_constant")
    scale = 1.0 / np.sqrt(var + eps)
    y_rows = scale_rows_per_column(
        rows, shift, offset, scale, gamma.astype(np.float64), beta.astype(np.float64)
    )
    y = np.moveaxis(y_rows.reshape(n, positions, c), 2, 1).reshape(x.shape)
    return _result(x, lay, eps, gamma, beta, mean, var, y)
