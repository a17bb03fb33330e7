"""Export a tensor, its normalization and every group's statistics (pure numpy).

export_npz writes plain arrays only (numbers and unicode strings), so
np.load(file, allow_pickle=False) reads it back. stats_csv gives one row per group.

What goes in the .npz (`result` is normviz.normalize's output on x):
  x              the tensor, as given (e.g. in its uploaded N×C×L shape, or N×T×D)
  y              γ·x̂ + β, shaped like x (unless include_y=False: it doubles the file)
  layout         the axes of x: "N,C,H,W", "N,C,L", "N,C" or, for a sequence, "N,T,D"
                 (x then is N×T×D and the app's N×D×1×T view only inside normalize)
  method, eps, groups, m
                 "batch" | "layer" | "instance" | "group" | "token" | "rms", ε, G (the
                 channel groups the statistics use: C for BN and IN, 1 for LN, token LN
                 and RMSNorm), and the group size m
  gamma, beta    per channel (C,)
  mean, var, std each group's μ, biased σ² (the one used to normalize) and √(σ² + ε), in
                 float64, compact: BN (C,), LN (N,), IN (N, C), GN (N, G), token LN and
                 RMSNorm (N, *spatial); RMSNorm's mean is 0 and its var is (1/m)Σx²
  stats_axes     what the axes of mean/var/std are: "C", "N", "N,C", "N,G", or
                 "N,H,W" / "N,L" / "N" for token LN and RMSNorm; for a sequence
                 "D", "N", "N,D", "N,G" and "N,T" (token LN and RMSNorm: shape (N, T))
  info_<name>    whatever the caller adds (source file, digest, preset, seed, ...)
x̂ is left out: x̂ = (x − μ)/√(σ² + ε) = (y − β)/γ, one line from what is there.
"""

from __future__ import annotations

import io
from collections.abc import Mapping

import numpy as np

from normviz.forward import Normalized
from normviz.tensors import from_sequence

STATS_AXES = {"batch": "C", "layer": "N", "instance": "N,C", "group": "N,G"}
TOKEN_STATS_AXES = {2: "N", 3: "N,L", 4: "N,H,W"}  # token LN, RMSNorm: by the tensor's ndim
SEQUENCE_STATS_AXES = {"C": "D", "N,C": "N,D", "N,H,W": "N,T"}  # the same, named for N×T×D
LAYOUTS = {2: "N,C", 3: "N,C,L", 4: "N,C,H,W"}  # x's axes by its ndim; a sequence: "N,T,D"
CSV_COLUMNS = (
    "group",
    "sample_first",
    "sample_last",
    "channel_first",
    "channel_last",
    "count",
    "mean",
    "var",
    "std",
    "sqrt_var_eps",
    "position_first",  # positions in row-major order (h·W + w); token LN, RMSNorm: one
    "position_last",
)


def stats_axes(lay, sequence: bool = False) -> str:
    """What the axes of the compact statistics are, e.g. "N,G" or "N,H,W" ("N,T" for the
    token statistics of a sequence)."""
    axes = TOKEN_STATS_AXES[len(lay.shape)] if lay.over_channels else STATS_AXES[lay.method]
    return SEQUENCE_STATS_AXES.get(axes, axes) if sequence else axes


def export_arrays(
    x: np.ndarray,
    result: Normalized,
    info: Mapping[str, object] | None = None,
    *,
    include_y: bool = True,
    sequence: bool = False,
) -> dict[str, np.ndarray]:
    """The arrays export_npz writes, by name.

    sequence: x is an N×T×D sequence and `result` normalized its N×D×1×T view
    (normviz.tensors.as_sequence); y and the token statistics are written as N×T×D and N×T.
    """
    x = np.asarray(x)
    if x.size != result.x.size:
        # internal: not reachable from the app (x and result come from the same normalize call)
        raise ValueError(f"x has {x.size} elements but the result {result.x.size}.")
    lay = result.layout
    mean = np.asarray(result.group_mean_exact, dtype=np.float64)
    var = np.asarray(result.group_var_exact, dtype=np.float64)
    if sequence and lay.over_channels:  # (N, 1, T): one statistic per (sample, token)
        mean, var = mean.reshape(mean.shape[0], -1), var.reshape(var.shape[0], -1)
    out: dict[str, np.ndarray] = {"x": x}
    if include_y:
        out["y"] = from_sequence(result.y) if sequence else result.y.reshape(x.shape)
    out |= {
        "layout": np.array("N,T,D" if sequence else LAYOUTS[x.ndim]),
        "method": np.array(lay.method),
        "eps": np.array(result.eps, dtype=np.float64),
        "groups": np.array(lay.groups, dtype=np.int64),
        "m": np.array(lay.group_size, dtype=np.int64),
        "gamma": np.asarray(result.gamma),
        "beta": np.asarray(result.beta),
        "mean": mean,
        "var": var,
        "std": np.sqrt(var + result.eps),
        "stats_axes": np.array(stats_axes(lay, sequence)),
    }
    for name, value in (info or {}).items():
        arr = np.asarray(value)
        if arr.dtype.kind not in "biufU":  # plain numbers and text only: no pickle on load
            # internal: not reachable from the app (info is built by ui code, not by a student)
            raise ValueError(f"info {name!r} must be numbers or text, not {arr.dtype}.")
        out[f"info_{name}"] = arr
    return out


def export_npz(
    x: np.ndarray,
    result: Normalized,
    info: Mapping[str, object] | None = None,
    *,
    include_y: bool = True,
    sequence: bool = False,
) -> bytes:
    """An uncompressed .npz (random floats barely compress; saving stays fast at 8M)."""
    buffer = io.BytesIO()
    np.savez(buffer, **export_arrays(x, result, info, include_y=include_y, sequence=sequence))
    return buffer.getvalue()


def group_rows(result: Normalized) -> dict[str, np.ndarray]:
    """One entry per group, in the order of result.group_mean.reshape(-1)."""
    lay = result.layout
    n, c = lay.shape[:2]
    k = lay.num_stats
    position_first, position_last = np.zeros(k, int), np.full(k, lay.spatial - 1)
    if lay.over_channels:  # one row per (sample, position), all channels
        sample_first = sample_last = np.repeat(np.arange(n), lay.spatial)
        channel_first, channel_last = np.zeros(k, int), np.full(k, c - 1)
        position_first = position_last = np.tile(np.arange(lay.spatial), n)
    elif lay.method == "batch":
        sample_first, sample_last = np.zeros(k, int), np.full(k, n - 1)
        channel_first = channel_last = np.arange(c)
    elif lay.method == "layer":
        sample_first = sample_last = np.arange(n)
        channel_first, channel_last = np.zeros(k, int), np.full(k, c - 1)
    else:  # instance (G = C) and group: one row per (sample, group)
        per = c // lay.groups
        sample_first = sample_last = np.repeat(np.arange(n), lay.groups)
        channel_first = np.tile(np.arange(lay.groups) * per, n)
        channel_last = channel_first + per - 1
    var = np.asarray(result.group_var_exact, dtype=np.float64).reshape(-1)
    return {
        "group": np.arange(k),
        "sample_first": sample_first,
        "sample_last": sample_last,
        "channel_first": channel_first,
        "channel_last": channel_last,
        "count": np.full(k, lay.group_size),
        "mean": np.asarray(result.group_mean_exact, dtype=np.float64).reshape(-1),
        "var": var,
        "std": np.sqrt(var),
        "sqrt_var_eps": np.sqrt(var + result.eps),
        "position_first": position_first,
        "position_last": position_last,
    }


def stats_csv(result: Normalized) -> str:
    """The groups' statistics as CSV: var is the biased σ² (÷ m) that normalizes; std = √σ²;
    sqrt_var_eps = √(σ² + ε), the divisor. Floats are written to round-trip exactly."""
    rows = group_rows(result)
    columns = [map(repr, rows[name].tolist()) for name in CSV_COLUMNS]  # repr: round-trips
    lines = [",".join(CSV_COLUMNS), *map(",".join, zip(*columns, strict=True))]
    return "\n".join(lines) + "\n"
