"""The four normalizations, with every intermediate: μ, σ², √(σ²+ε), x̂ and y.

One formula for all methods: reshape x so that each row holds the values that share
one (μ, σ²), reduce the rows, then scale and shift per channel. PyTorch's reductions
do the arithmetic (they are fast on the CPU); the steps stay the textbook ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import torch

from normviz.methods import Layout, layout
from normviz.validation import as_float_array, check_affine, check_eps

# One-pass moments (E[x²] − μ²) lose precision when |μ| ≫ σ. Below this ratio of μ² to σ²
# they are as exact as the two-pass formula in float32; above it we use the two-pass one.
_ONE_PASS_LIMIT = 1.0


@dataclass(frozen=True)
class Normalized:
    """The result of one normalization, every array shaped to broadcast against x."""

    x: np.ndarray
    layout: Layout
    eps: float
    gamma: np.ndarray  # (C,)
    beta: np.ndarray  # (C,)
    group_mean: np.ndarray  # compact: BN (C,), LN (N,), IN (N, C), GN (N, G)
    group_var: np.ndarray  # biased: divided by m
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
    """Normalize x (N,C), (N,C,L) or (N,C,H,W) by BN, LN, IN or GN, in training mode.

    gamma and beta are per channel (length C); None means γ = 1, β = 0.
    """
    x = as_float_array(x)
    lay = layout(x.shape, method, groups)
    eps = check_eps(eps)
    gamma, beta = check_affine(gamma, beta, lay.shape[1], x.dtype)
    check_trainable(lay)

    rows = torch.from_numpy(x).reshape(lay.shape[0], lay.shape[1], lay.spatial)
    mean, var, centered = _moments(rows, lay)
    if not (np.isfinite(mean).all() and np.isfinite(var).all()):
        raise ValueError(
            "The tensor holds NaN or infinite values (or values so large that their "
            "square overflows); normalization needs finite numbers."
        )
    if eps == 0 and bool((var == 0).any()):
        raise ValueError(
            "ε = 0 but a group's values are all equal (σ² = 0), so x̂ = 0/0 is undefined: "
            "use ε > 0 (PyTorch's default is 1e-5)."
        )
    y = _scale_and_shift(rows, centered, mean, var, lay, eps, gamma, beta)
    return Normalized(
        x=x,
        layout=lay,
        eps=eps,
        gamma=gamma,
        beta=beta,
        group_mean=mean.astype(x.dtype).reshape(lay.stats_shape),
        group_var=var.astype(x.dtype).reshape(lay.stats_shape),
        group_mean_exact=mean.reshape(lay.stats_shape),
        group_var_exact=var.reshape(lay.stats_shape),
        y=y.reshape(x.shape).numpy(),
    )


def check_trainable(lay: Layout) -> None:
    """Refuse the cases PyTorch refuses in training: one value behind each statistic."""
    if lay.method == "batch" and lay.group_size == 1:
        raise ValueError(
            f"BatchNorm in training needs more than one value per channel, but this "
            f"{'×'.join(map(str, lay.shape))} tensor has N·H·W = 1: the batch mean is the "
            "value itself and the variance is 0, so every output would be β. PyTorch "
            "raises 'Expected more than 1 value per channel when training'. Use a larger "
            "batch or feature map, or eval mode with running statistics."
        )
    if lay.method == "instance" and lay.spatial == 1:
        raise ValueError(
            "InstanceNorm normalizes the H·W values of one sample and channel, but this "
            "tensor has only one such value (H·W = 1), so every output would be β. "
            "PyTorch raises 'Expected more than 1 spatial element when training'."
        )


# Rows are summed in pieces of at most this many values: torch's float32 vector_norm
# loses ~5e-7 (relative) on a 3,136-value row and ~4e-6 on 200,000; pieces of ≤ 512
# pooled in float64 keep Σx² within ~1e-7, at the same speed (see bench/).
_PIECE = 512


def _moments(
    rows: torch.Tensor, lay: Layout
) -> tuple[np.ndarray, np.ndarray, tuple[torch.Tensor, np.ndarray] | None]:
    """Mean and biased variance of every group, compact (N or 1, G), in float64.

    rows is x viewed as (N, C, L). Each (sample, channel) row is reduced by torch in x's
    precision; the small (N, C) results are pooled into groups in float64 numpy: over n
    for BN, over the group's channels for LN and GN. Returns also (x − shift, correction)
    when the two-pass form ran.
    """
    m = lay.group_size
    # Steps 1 and 2 in one pass: μ = Σx/m, σ² = Σx²/m − μ²
    row_sum, row_square_sum = _row_sums(rows)
    mean = _pool(row_sum, lay) / m
    with np.errstate(invalid="ignore", over="ignore"):  # ±inf in x: normalize() refuses it
        var = np.maximum(_pool(row_square_sum, lay) / m - mean**2, 0.0)
    if bool((mean**2 <= _ONE_PASS_LIMIT * var).all()):
        return mean, var, None
    # Some group sits far from zero, where Σx²/m − μ² cancels. Corrected two-pass form:
    # d = x − shift with shift = μ rounded to x's dtype (so d is exact), then
    # μ = shift + Σd/m and σ² = Σd²/m − (Σd/m)².
    shift = mean.astype(_NUMPY_DTYPE[rows.dtype])
    centered = rows - torch.from_numpy(_per_channel(shift, lay))
    centered_sum, centered_square_sum = _row_sums(centered)
    correction = _pool(centered_sum, lay) / m
    var = np.maximum(_pool(centered_square_sum, lay) / m - correction**2, 0.0)
    return shift.astype(np.float64) + correction, var, (centered, correction)


_NUMPY_DTYPE = {torch.float32: np.float32, torch.float64: np.float64}


def _row_sums(rows: torch.Tensor) -> tuple[np.ndarray, np.ndarray]:
    """Σx and Σx² of every (sample, channel) row of (N, C, L), as float64 (N, C)."""
    n, c, length = rows.shape
    piece = _piece_length(length)
    pieces = rows.reshape(n, c, length // piece, piece)
    sums = pieces.sum(dim=3).numpy().astype(np.float64).sum(axis=2)
    norms = torch.linalg.vector_norm(pieces, dim=3).numpy().astype(np.float64)
    return sums, (norms**2).sum(axis=2)


def _piece_length(length: int) -> int:
    """The longest divisor of length up to _PIECE (length itself when short enough)."""
    if length <= _PIECE:
        return length
    return max(d for d in range(1, _PIECE + 1) if length % d == 0)


def _pool(per_row: np.ndarray, lay: Layout) -> np.ndarray:
    """Row sums (N, C) → group sums: BN (1, C), LN (N, 1), IN (N, C), GN (N, G)."""
    n, c = lay.shape[:2]
    if lay.method == "batch":
        return per_row.sum(axis=0, keepdims=True)  # a channel over the whole batch
    return per_row.reshape(n, lay.groups, c // lay.groups).sum(axis=2)


def _per_channel(stats: np.ndarray, lay: Layout) -> np.ndarray:
    """Group statistics → one per (sample, channel), shaped (N or 1, C, 1) to broadcast."""
    if lay.method != "batch":
        stats = np.repeat(stats, lay.shape[1] // lay.groups, axis=1)
    return np.ascontiguousarray(stats[:, :, None])


def _scale_and_shift(rows, centered, mean, var, lay, eps, gamma, beta) -> torch.Tensor:
    """Steps 3 and 4 fused: y = γ·(x − μ)/√(σ²+ε) + β, one multiply-add per element.

    scale = γ_c/√(σ²+ε) and the shift are computed in float64 per (sample, channel).
    """
    c = lay.shape[1]
    scale = gamma.astype(np.float64).reshape(1, c, 1) / np.sqrt(_per_channel(var, lay) + eps)
    if centered is None:
        # y = x·scale + (β − μ·scale): exact enough because here |μ| ≤ σ
        values, offset = rows, _per_channel(mean, lay)
    else:
        # y = d·scale + (β − correction·scale), with d = x − shift already computed
        values, correction = centered
        offset = _per_channel(correction, lay)
    shift = beta.astype(np.float64).reshape(1, c, 1) - offset * scale
    dtype = _NUMPY_DTYPE[rows.dtype]
    return torch.addcmul(
        torch.from_numpy(shift.astype(dtype)), values, torch.from_numpy(scale.astype(dtype))
    )
