"""Which elements share one mean and variance with a chosen element."""

from __future__ import annotations

import numpy as np

from normviz.i18n import InputError
from normviz.methods import layout


def group_slices(
    shape: tuple[int, ...], method: str, at: tuple[int, ...], *, groups: int | None = None
) -> tuple[slice, ...]:
    """The block of x that shares (μ, σ²) with element `at`, as one slice per axis.

    Every group of every method is a box in (N, C, *spatial): a range of samples, a range
    of channels, and all positions (token LN and RMSNorm: one position, all channels).
    """
    lay = layout(shape, method, groups)
    at = check_index(lay.shape, at)
    n, c = at[:2]
    everywhere = tuple(slice(None) for _ in lay.shape[2:])
    if lay.over_channels:
        return (slice(n, n + 1), slice(None), *(slice(i, i + 1) for i in at[2:]))
    if lay.method == "batch":
        return (slice(None), slice(c, c + 1), *everywhere)
    if lay.method == "layer":
        return (slice(n, n + 1), slice(None), *everywhere)
    per_group = lay.shape[1] // lay.groups
    first = (c // per_group) * per_group
    return (slice(n, n + 1), slice(first, first + per_group), *everywhere)


def group_mask(
    shape: tuple[int, ...], method: str, at: tuple[int, ...], *, groups: int | None = None
) -> np.ndarray:
    """Boolean mask of all elements that share statistics with element `at`."""
    mask = np.zeros(tuple(shape), dtype=bool)
    mask[group_slices(shape, method, at, groups=groups)] = True
    return mask


def group_index(
    shape: tuple[int, ...], method: str, at: tuple[int, ...], *, groups: int | None = None
) -> tuple[int, ...]:
    """Index of `at`'s statistic in the compact stats array (see Layout.stats_shape)."""
    lay = layout(shape, method, groups)
    at = check_index(lay.shape, at)
    n, c = at[:2]
    if lay.over_channels:
        return (n, *at[2:])
    if lay.method == "batch":
        return (c,)
    if lay.method == "layer":
        return (n,)
    return (n, c // (lay.shape[1] // lay.groups))


def check_index(shape: tuple[int, ...], at: tuple[int, ...]) -> tuple[int, ...]:
    """`at` must name one element of the tensor."""
    at = tuple(int(i) for i in at)
    if len(at) != len(shape) or any(not 0 <= i < s for i, s in zip(at, shape, strict=True)):
        raise InputError("errors.masks.element_outside", element=at, shape=tuple(shape))
    return at
