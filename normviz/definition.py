"""The definition of the six normalizations, written as the formulas read.

For each group of elements that share statistics (BN: one channel over the batch and
space; LN: one sample; IN: one sample and channel; GN: one sample and group of channels;
token LN and RMSNorm: one sample and position, over the channels):

    1. μ  = (1/m) Σ xᵢ                    the group's mean
    2. σ² = (1/m) Σ (xᵢ − μ)²             its biased variance
    3. x̂ᵢ = (xᵢ − μ) / √(σ² + ε)          normalize
    4. yᵢ = γ_c · x̂ᵢ + β_c                scale and shift, per channel c

RMSNorm skips step 1 (μ := 0), so step 2 gives the mean square (1/m) Σ xᵢ².

Plain numpy in float64, slow and obvious on purpose: the oracle that the compiled path
(`normviz.normalize`, two numba passes) is tested against, next to PyTorch.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from normviz.methods import layout


@dataclass(frozen=True)
class Definition:
    """The four steps' results: statistics in the compact shape, arrays in x's shape."""

    group_mean: np.ndarray  # BN (C,), LN (N,), IN (N, C), GN (N, G)
    group_var: np.ndarray  # biased: divided by m
    x_hat: np.ndarray
    y: np.ndarray


def normalize_by_definition(
    x: np.ndarray,
    method: str,
    *,
    groups: int | None = None,
    eps: float = 1e-5,
    gamma: np.ndarray | None = None,
    beta: np.ndarray | None = None,
) -> Definition:
    """x (N, C, ...) normalized by BN, LN, IN or GN in training mode, step by step."""
    x = np.asarray(x, dtype=np.float64)
    lay = layout(x.shape, method, groups)
    n, c = x.shape[:2]
    if lay.method == "batch":  # one row per channel: its N·H·W values
        rows = np.moveaxis(x, 1, 0).reshape(c, -1)
    elif lay.over_channels:  # one row per (sample, position): its C values
        rows = np.moveaxis(x, 1, -1).reshape(-1, c)
    else:  # one row per (sample, group of C/G channels): its (C/G)·H·W values
        rows = x.reshape(n * lay.groups, -1)
    mean = rows.mean(axis=1, keepdims=True) * lay.centered  # 1 (RMSNorm: μ = 0)
    var = ((rows - mean) ** 2).mean(axis=1, keepdims=True)  # 2
    rows_hat = (rows - mean) / np.sqrt(var + eps)  # 3
    if lay.method == "batch":
        x_hat = np.moveaxis(rows_hat.reshape(c, n, *x.shape[2:]), 0, 1)
    elif lay.over_channels:
        x_hat = np.moveaxis(rows_hat.reshape(n, *x.shape[2:], c), -1, 1)
    else:
        x_hat = rows_hat.reshape(x.shape)
    per_channel = (1, c) + (1,) * (x.ndim - 2)  # γ and β broadcast over N and space
    gamma = np.ones(c) if gamma is None else np.asarray(gamma, dtype=np.float64)
    beta = np.zeros(c) if beta is None else np.asarray(beta, dtype=np.float64)
    y = gamma.reshape(per_channel) * x_hat + beta.reshape(per_channel)  # 4
    return Definition(
        group_mean=mean.reshape(lay.stats_shape),
        group_var=var.reshape(lay.stats_shape),
        x_hat=x_hat,
        y=y,
    )
