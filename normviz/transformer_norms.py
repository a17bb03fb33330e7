"""Normalization in transformers, measured: who shares statistics on a token×feature grid,
how BatchNorm's statistics depend on the batch, padding and mode while token LayerNorm's do
not, and what RMSNorm drops.

A sequence batch is N sequences of T tokens × d features, as `nn.LayerNorm(d)` sees it on an
N×T×D tensor; normviz reads it as N×D×T (C = d channels, L = T positions), so "batch" is
BatchNorm1d per feature over the batch and the tokens, "token" is nn.LayerNorm(d) and "rms"
nn.RMSNorm(d). Everything is numpy (float64); the tests check it against torch.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from normviz.forward import normalize
from normviz.i18n import InputError
from normviz.methods import layout

# The four methods compared on the page: the GN paper's BN and LN, and the two of transformers
SHARE_METHODS = ("batch", "layer", "token", "rms")
GRID_LIMIT = 16  # at most this many tokens and features drawn per grid (a window)


# --- 1. who shares statistics --------------------------------------------------------------


@dataclass(frozen=True)
class ShareRow:
    """One method's numbers for the chosen element of the sidebar's tensor."""

    method: str
    m: int  # values behind one statistic
    statistics: int  # how many (μ, σ²) pairs the tensor has
    mean: float  # μ of the chosen element's group (RMSNorm: 0, not subtracted)
    var: float  # σ² (biased); RMSNorm: the mean square (1/m)Σx²
    params: int  # trainable parameters (γ, β) in normviz's per-channel convention
    buffers: int  # running statistics kept (BN only: running_mean and running_var)
    params_elementwise: int  # nn.LayerNorm over all of a sample's (C, positions): 2·C·T


@dataclass(frozen=True)
class ShareGrid:
    """A window of one sample's token×feature grid and, per method, who shares the chosen
    element's statistics."""

    tokens: np.ndarray  # token indices shown (rows)
    features: np.ndarray  # feature indices shown (columns)
    values: np.ndarray  # x[n, feature, token] on the window, shape (tokens, features)
    masks: dict[str, np.ndarray]  # method -> bool (tokens, features): in the chosen group
    token: int  # the chosen token (row index into the whole sequence)
    feature: int  # the chosen feature
    total_tokens: int  # T (H·W, L or 1)
    total_features: int  # d (the tensor's C)
    rows: tuple[ShareRow, ...]


def as_sequences(x: np.ndarray) -> np.ndarray:
    """An (N, C, *spatial) tensor as (N, C, T): positions flattened into T tokens."""
    x = np.asarray(x)
    return x.reshape(x.shape[0], x.shape[1], -1)


def token_of(element: tuple[int, ...], shape: tuple[int, ...]) -> int:
    """The token index (flattened position) of an element (n, c, *position)."""
    spatial = tuple(shape[2:])
    return int(np.ravel_multi_index(tuple(element[2:]), spatial)) if spatial else 0


def window(size: int, chosen: int, limit: int = GRID_LIMIT) -> np.ndarray:
    """At most `limit` consecutive indices of range(size) that include `chosen`."""
    if size <= limit:
        return np.arange(size)
    start = min(max(chosen - limit // 2, 0), size - limit)
    return np.arange(start, start + limit)


def check_features(c: int) -> None:
    """Token LN and RMSNorm over one feature are degenerate (x̂ = 0; y = x/|x|): need d ≥ 2."""
    if c < 2:
        raise InputError("p9.errors.one_feature", c=c)


def share_grid(
    x: np.ndarray, element: tuple[int, ...], eps: float = 1e-5, limit: int = GRID_LIMIT
) -> ShareGrid:
    """Who shares the chosen element's statistics under BN, LN (GN paper), token LN and
    RMSNorm, on a window of its sample's token×feature grid, with each method's numbers."""
    x = np.asarray(x, dtype=np.float64)
    check_features(x.shape[1])
    seq = as_sequences(x)
    n, c, t_count = seq.shape
    sample, feature = int(element[0]), int(element[1])
    token = token_of(element, x.shape)
    tokens, features = window(t_count, token, limit), window(c, feature, limit)
    values = seq[sample][np.ix_(features, tokens)].T
    in_row = tokens[:, None] == token
    in_col = features[None, :] == feature
    masks = {
        "batch": np.broadcast_to(in_col, values.shape).copy(),
        "layer": np.ones(values.shape, dtype=bool),
        "token": np.broadcast_to(in_row, values.shape).copy(),
        "rms": np.broadcast_to(in_row, values.shape).copy(),
    }
    rows = tuple(_share_row(seq, method, sample, feature, token, eps) for method in SHARE_METHODS)
    return ShareGrid(tokens, features, values, masks, token, feature, t_count, c, rows)


def _share_row(
    seq: np.ndarray, method: str, sample: int, feature: int, token: int, eps: float
) -> ShareRow:
    n, c, t_count = seq.shape
    result = normalize(seq, method, eps=eps)
    index = {
        "batch": (feature,),
        "layer": (sample,),
        "token": (sample, token),
        "rms": (sample, token),
    }[method]
    params = c if method == "rms" else 2 * c
    return ShareRow(
        method=method,
        m=int(result.m),
        statistics=int(result.group_mean.size),
        mean=float(result.group_mean_exact[index]),
        var=float(result.group_var_exact[index]),
        params=params,
        buffers=2 * c if method == "batch" else 0,
        params_elementwise=2 * c * t_count if method == "layer" else params,
    )


# --- 2. why transformers avoid BatchNorm -----------------------------------------------------


@dataclass(frozen=True)
class SequenceSpec:
    """Sequence-like data: x[s, t, f] = feature_mean[f] + a[s] + b[s, t] + z[s, t, f], with a
    per-sequence offset a ~ N(0, sequence_offset²), a per-token offset b ~ N(0,
    token_offset²) and z ~ N(0, 1); tokens at or after a sequence's length are zeros
    (padding)."""

    tokens: int = 32
    features: int = 16
    sequence_offset: float = 1.0
    token_offset: float = 1.0


def _draws(
    spec: SequenceSpec, count: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The population's per-feature means and the random parts of `count` sequences, (count,
    T, d) by broadcasting: a ~ N(0, 1) per sequence (not yet scaled by the sequence offset),
    b per token (scaled), z per value. The one place that fixes the order of the draws."""
    t_count, d = spec.tokens, spec.features
    feature_mean = np.linspace(-1.0, 1.0, d)  # fixed: the population's per-feature means
    a = rng.standard_normal((count, 1, 1))
    b = spec.token_offset * rng.standard_normal((count, t_count, 1))
    z = rng.standard_normal((count, t_count, d))
    return feature_mean, a, b, z


def sequences(
    spec: SequenceSpec, count: int, rng: np.random.Generator, lengths: np.ndarray | None = None
) -> np.ndarray:
    """`count` sequences as an (N, d, T) array (normviz's N×C×L reading of N×T×D), padded."""
    t_count = spec.tokens
    feature_mean, a, b, z = _draws(spec, count, rng)
    x = feature_mean + spec.sequence_offset * a + b + z
    if lengths is not None:
        x[np.arange(t_count)[None, :] >= np.asarray(lengths)[:, None]] = 0.0
    return np.ascontiguousarray(x.transpose(0, 2, 1))


def masked_batch_stats(x: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """BN's per-feature μ and biased σ² over the real tokens only (padding left out)."""
    t_count = x.shape[2]
    real = (np.arange(t_count)[None, :] < np.asarray(lengths)[:, None])[:, None, :]
    count = real.sum()
    mean = (x * real).sum(axis=(0, 2)) / count
    var = (((x - mean[None, :, None]) ** 2) * real).sum(axis=(0, 2)) / count
    return mean, var


def batch_moments(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """BN's per-feature μ_B and biased σ²_B of batches shaped (..., B, d, T): over B and T,
    padding counted (as BatchNorm1d counts every position it is given)."""
    mean = x.mean(axis=(-3, -1))
    var = ((x - mean[..., None, :, None]) ** 2).mean(axis=(-3, -1))
    return mean, var


def random_batches(
    spec: SequenceSpec, batch_size: int, batches: int, rng: np.random.Generator
) -> np.ndarray:
    """`batches` batches of full-length sequences, shaped (batches, B, d, T)."""
    x = sequences(spec, batch_size * batches, rng)
    return x.reshape(batches, batch_size, spec.features, spec.tokens)


@dataclass(frozen=True)
class BatchSpread:
    """How BN's per-feature statistics move across random batches, per batch size."""

    batch_sizes: np.ndarray
    mean_spread: np.ndarray  # mean over features of std_batches(μ_B) / √(mean σ²_B)
    var_spread: np.ndarray  # mean over features of std_batches(σ²_B) / mean(σ²_B)
    token_ln_change: float  # max change of one sequence's token LN μ, σ², y across batches


@dataclass(frozen=True)
class SpreadDraws:
    """batch_spread's random batches reduced to what the sequence offset o scales, so that
    every offset's statistics follow from one draw (the slider moves without a new one).

    With x = feature_mean + o·a + r (a: one N(0, 1) per sequence, r = b + z), batch k's
    statistics of feature f over its sequences s and tokens t are
        μ_B = feature_mean + o·ā + r̄,   σ²_B = o²·A + 2o·C + R,
    with ā = mean_s a, A = mean_s (a − ā)², r̄ = mean_{s,t} r, C = mean_{s,t} (a − ā)(r − r̄)
    and R = mean_{s,t} (r − r̄)²: x − μ_B = o·(a − ā) + (r − r̄), squared and averaged.
    Arrays are (batch sizes, batches) and (batch sizes, batches, d).
    """

    batch_sizes: np.ndarray
    a_mean: np.ndarray  # ā
    a_var: np.ndarray  # A
    r_mean: np.ndarray  # r̄
    cross: np.ndarray  # C
    r_var: np.ndarray  # R


def spread_draws(
    spec: SequenceSpec, batch_sizes: tuple[int, ...], batches: int = 200, seed: int = 0
) -> SpreadDraws:
    """The draws of batch_spread for any sequence offset (spec.sequence_offset is not used):
    `batches` random batches of full-length sequences per batch size."""
    rng = np.random.default_rng(seed)
    parts: list[list[np.ndarray]] = [[], [], [], [], []]
    for size in batch_sizes:
        _, a, b, z = _draws(spec, size * batches, rng)
        a = a.reshape(batches, size, 1, 1)
        r = (b + z).reshape(batches, size, spec.tokens, spec.features)
        a_centred = a - a.mean(axis=1, keepdims=True)
        r_mean = r.mean(axis=(1, 2), keepdims=True)
        r_centred = r - r_mean
        values = (
            a.mean(axis=(1, 2, 3)),
            (a_centred**2).mean(axis=(1, 2, 3)),
            r_mean[:, 0, 0, :],
            (a_centred * r_centred).mean(axis=(1, 2)),
            (r_centred**2).mean(axis=(1, 2)),
        )
        for kept, value in zip(parts, values, strict=True):
            kept.append(value)
    return SpreadDraws(np.array(batch_sizes), *(np.array(kept) for kept in parts))


def batch_spread(
    spec: SequenceSpec,
    batch_sizes: tuple[int, ...],
    batches: int = 200,
    seed: int = 0,
    draws: SpreadDraws | None = None,
) -> BatchSpread:
    """BN's μ_B, σ²_B of each feature over `batches` random batches (full-length sequences),
    and the largest change of a fixed sequence's token-LN statistics when its batch-mates
    change (0 exactly: they are computed from that sequence's own tokens).

    draws: spread_draws(spec, batch_sizes, batches, seed), made once for every offset."""
    if draws is None:
        draws = spread_draws(spec, batch_sizes, batches, seed)
    o = spec.sequence_offset
    # the feature means are the same in every batch: the spread over batches is that of the rest
    means = o * draws.a_mean[..., None] + draws.r_mean
    variances = o**2 * draws.a_var[..., None] + 2 * o * draws.cross + draws.r_var
    mean_spread = np.mean(means.std(axis=1) / np.sqrt(variances.mean(axis=1)), axis=-1)
    var_spread = np.mean(variances.std(axis=1) / variances.mean(axis=1), axis=-1)
    return BatchSpread(
        draws.batch_sizes,
        mean_spread,
        var_spread,
        token_ln_change(spec, np.random.default_rng([seed, 1])),
    )


def token_ln_change(spec: SequenceSpec, rng: np.random.Generator, trials: int = 20) -> float:
    """Put one sequence in `trials` different random batches (at different places, with
    batch sizes 2 to 9): the largest change of its token-LN μ and σ² (and output)."""
    own = sequences(spec, 1, rng)
    first = normalize(own, "token")
    change = 0.0
    for trial in range(trials):
        others = sequences(spec, 1 + trial % 8, rng)
        place = trial % (others.shape[0] + 1)
        batch = np.concatenate([others[:place], own, others[place:]])
        result = normalize(batch, "token")
        for ours, theirs in (
            (first.group_mean_exact[0], result.group_mean_exact[place]),
            (first.group_var_exact[0], result.group_var_exact[place]),
            (first.y[0], result.y[place]),
        ):
            change = max(change, float(np.abs(ours - theirs).max()))
    return change


@dataclass(frozen=True)
class PaddingEffect:
    """BN statistics with padded zeros counted (as BatchNorm1d on (N·T, d) counts them)
    versus masked, by padding fraction; and one sequence's BN output as another's length
    changes."""

    fractions: np.ndarray  # padded share of the batch's N·T positions
    mean_gap: np.ndarray  # max over features |μ_counted − μ_masked| / σ_masked
    var_ratio: np.ndarray  # mean over features σ²_counted / σ²_masked
    other_lengths: np.ndarray  # the length of sequence 1
    output_change: np.ndarray  # max |Δy_BN| over sequence 0's real tokens vs full length
    token_output_change: np.ndarray  # the same for token LN (0)


def padding_effect(
    spec: SequenceSpec, batch_size: int = 8, steps: int = 8, seed: int = 0
) -> PaddingEffect:
    """Counted vs masked BN statistics as the sequences get shorter (more padding), and how
    sequence 0's BN output moves when only sequence 1's length changes."""
    rng = np.random.default_rng(seed)
    t_count = spec.tokens
    full = sequences(spec, batch_size, rng)
    fractions, gaps, ratios = [], [], []
    for keep in np.linspace(1.0, 0.25, steps):
        lengths = np.full(batch_size, max(1, round(keep * t_count)))
        x = full.copy()
        x[:, :, lengths[0] :] = 0.0
        counted = normalize(x, "batch")
        mean, var = masked_batch_stats(x, lengths)
        fractions.append(1.0 - lengths[0] / t_count)
        gaps.append(float(np.max(np.abs(counted.group_mean_exact - mean) / np.sqrt(var))))
        ratios.append(float(np.mean(counted.group_var_exact / var)))
    other_lengths = np.unique(np.linspace(1, t_count, steps).round().astype(int))
    reference_bn = normalize(full, "batch").y[0]
    reference_ln = normalize(full, "token").y[0]
    changes, token_changes = [], []
    for length in other_lengths:
        x = full.copy()
        x[1, :, length:] = 0.0
        changes.append(float(np.abs(normalize(x, "batch").y[0] - reference_bn).max()))
        token_changes.append(float(np.abs(normalize(x, "token").y[0] - reference_ln).max()))
    return PaddingEffect(
        np.array(fractions),
        np.array(gaps),
        np.array(ratios),
        other_lengths,
        np.array(changes),
        np.array(token_changes),
    )


@dataclass(frozen=True)
class ModeMismatch:
    """BN's training-mode output (batch statistics) vs its eval-mode output (running
    statistics after `warmup` batches, PyTorch's momentum 0.1 and unbiased running_var)."""

    batch_sizes: np.ndarray
    mean_difference: np.ndarray  # mean |y_train − y_eval| over a fresh batch
    max_difference: np.ndarray  # max |y_train − y_eval|
    token_difference: float  # token LN: in the batch vs each sequence alone (0)


def running_stats(
    spec: SequenceSpec, batch_size: int, batches: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """BatchNorm1d's running_mean and running_var after `batches` training batches
    (momentum 0.1, from 0 and 1; running_var is updated with the unbiased σ²_B)."""
    means, variances = batch_moments(random_batches(spec, batch_size, batches, rng))
    m = batch_size * spec.tokens
    running_mean, running_var = np.zeros(spec.features), np.ones(spec.features)
    for mean, var in zip(means, variances, strict=True):
        running_mean = 0.9 * running_mean + 0.1 * mean
        running_var = 0.9 * running_var + 0.1 * var * m / (m - 1)
    return running_mean, running_var


def mode_mismatch(
    spec: SequenceSpec,
    batch_sizes: tuple[int, ...],
    warmup: int = 100,
    fresh: int = 50,
    eps: float = 1e-5,
    seed: int = 0,
) -> ModeMismatch:
    """|y_train − y_eval| of BN (γ = 1, β = 0) on `fresh` new batches after `warmup`
    training batches, per batch size, against token LN in a batch vs each sequence alone."""
    rng = np.random.default_rng(seed)
    means, maxima = [], []
    for size in batch_sizes:
        running_mean, running_var = running_stats(spec, size, warmup, rng)
        x = random_batches(spec, size, fresh, rng)
        mean, var = batch_moments(x)
        train = (x - mean[:, None, :, None]) / np.sqrt(var[:, None, :, None] + eps)
        evaluated = (x - running_mean[:, None]) / np.sqrt(running_var[:, None] + eps)
        means.append(float(np.abs(train - evaluated).mean()))
        maxima.append(float(np.abs(train - evaluated).max()))
    # Token LN keeps nothing from training: one sequence at a time (as at inference) gives
    # what its training batch gave
    x = sequences(spec, 8, rng)
    batch_y = normalize(x, "token", eps=eps).y
    token = max(
        float(np.abs(batch_y[s] - normalize(x[s : s + 1], "token", eps=eps).y[0]).max())
        for s in range(x.shape[0])
    )
    return ModeMismatch(np.array(batch_sizes), np.array(means), np.array(maxima), token)


# --- 3. what RMSNorm drops --------------------------------------------------------------------


@dataclass(frozen=True)
class LnVsRms:
    """Token LN and RMSNorm on the same tokens: with a per-token mean offset, and centred."""

    offset: float
    x: np.ndarray  # (T, d) tokens with the offset
    y_ln: np.ndarray  # (T, d)
    y_rms: np.ndarray  # (T, d)
    max_difference: float  # max |y_LN − y_RMS| with the offset
    max_difference_centred: float  # the same on the tokens with their mean subtracted


def ln_vs_rms(
    offset: float, tokens: int = 8, features: int = 16, eps: float = 1e-5, seed: int = 0
) -> LnVsRms:
    """z ~ N(0, 1) per token and feature, plus `offset` on every feature of every token;
    then the same tokens with each token's mean subtracted, where LN and RMSNorm agree
    (float64; the difference is rounding only)."""
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((tokens, features))
    x = z + float(offset)
    as_batch = x.T[None]  # (1, d, T): one sequence of T tokens
    y_ln = normalize(as_batch, "token", eps=eps).y[0].T
    y_rms = normalize(as_batch, "rms", eps=eps).y[0].T
    centred = (z - z.mean(axis=1, keepdims=True)).T[None]
    difference_centred = np.abs(
        normalize(centred, "token", eps=eps).y - normalize(centred, "rms", eps=eps).y
    ).max()
    return LnVsRms(
        float(offset),
        x,
        y_ln,
        y_rms,
        float(np.abs(y_ln - y_rms).max()),
        float(difference_centred),
    )


@dataclass(frozen=True)
class Timing:
    """Best-of-`repeats` wall times (ms) of token LN and RMSNorm on one tensor: normviz's
    and torch's CPU functions (F.layer_norm, F.rms_norm over the last axis)."""

    shape: tuple[int, int, int]  # (N, T, d)
    token_ms: float
    rms_ms: float
    torch_token_ms: float
    torch_rms_ms: float

    @property
    def ratio(self) -> float:
        """normviz's RMSNorm time over its token-LN time (below 1: RMSNorm is faster)."""
        return self.rms_ms / self.token_ms

    @property
    def torch_ratio(self) -> float:
        return self.torch_rms_ms / self.torch_token_ms


def time_token_vs_rms(shape: tuple[int, int, int] = (8, 197, 768), repeats: int = 7) -> Timing:
    """Time token LN vs RMSNorm on a float32 N×T×D tensor, best of `repeats`, the four
    candidates interleaved: normviz reads it as N×D×T (a view, as the benchmark does), torch
    normalizes the last axis."""
    import torch
    import torch.nn.functional as F

    layout((shape[0], shape[2], shape[1]), "token")  # validates the shape
    x = torch.randn(shape, generator=torch.Generator().manual_seed(0))
    view = x.numpy().transpose(0, 2, 1)
    d = (shape[2],)
    runs = {
        "token": lambda: normalize(view, "token"),
        "rms": lambda: normalize(view, "rms"),
        "torch_token": lambda: F.layer_norm(x, d),
        "torch_rms": lambda: F.rms_norm(x, d),
    }
    best = dict.fromkeys(runs, np.inf)
    with torch.no_grad():
        for run in runs.values():  # warm-up: first-call costs are not the layer's
            run()
        for _ in range(repeats):
            for name, run in runs.items():
                start = time.perf_counter()
                run()
                best[name] = min(best[name], time.perf_counter() - start)
    ms = {name: 1e3 * seconds for name, seconds in best.items()}
    return Timing(shape, ms["token"], ms["rms"], ms["torch_token"], ms["torch_rms"])
