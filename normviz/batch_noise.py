"""How noisy BatchNorm's batch statistics are, by batch size N and feature-map size H·W.

BN estimates each channel's mean and variance from the m = N·H·W values of one batch, so
its estimates scatter around the population values by about σ/√(N·H·W): small batches
are noisy, a large feature map helps. LN, IN and GN never look at the other samples.

Sampling is vectorized: a batch of size N is the first N samples of a batch of the largest
size (nested batches), so one draw serves every N. Each N's batches are a correct random
sample; neighbouring sizes share data, which makes the curves smooth, not more optimistic.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from normviz.forward import normalize
from normviz.i18n import InputError
from normviz.streams import (
    Population,
    affordable_batches,
    batch_moments,
    bn_output,
    sample_slice_moments,
    with_fixed_sample,
)
from normviz.validation import as_float_array, check_affine, check_count, check_eps

# Wu & He, "Group Normalization", ECCV 2018 (arXiv:1803.08494): ResNet-50 on ImageNet,
# validation error (%) by images per GPU (Table 2 / Fig. 5), and at 32 images/GPU (Table 1).
GN_PAPER_BATCH_SIZES = (32, 16, 8, 4, 2)
GN_PAPER_ERRORS = {
    "BN": (23.6, 23.7, 24.8, 27.3, 34.7),
    "GN": (24.1, 24.2, 24.0, 24.2, 24.1),
}
GN_PAPER_AT_32 = {"BN": 23.6, "LN": 25.3, "IN": 28.4, "GN": 24.1}

DEFAULT_BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64)
QUANTILES = {"p05": 5, "p25": 25, "median": 50, "p75": 75, "p95": 95}


@dataclass(frozen=True)
class BatchEstimates:
    """BN's batch mean and biased variance over many random batches, for each batch size.

    Arrays (S, K, C): S batch sizes, K batches, C channels.
    """

    batch_sizes: tuple[int, ...]
    spatial: int  # H·W
    mean: np.ndarray
    var: np.ndarray  # biased: what normalizes the batch
    true_mean: np.ndarray  # (C,)
    true_var: np.ndarray  # (C,)
    theory_std_of_mean: np.ndarray  # (S, C): how far μ_B strays from μ, in theory

    @property
    def num_batches(self) -> int:
        return self.mean.shape[1]

    @property
    def var_unbiased(self) -> np.ndarray:
        """× m/(m−1) with m = N·H·W; NaN where m = 1."""
        m = np.asarray(self.batch_sizes, dtype=np.float64)[:, None, None] * self.spatial
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(m > 1, self.var * m / (m - 1), np.nan)

    @property
    def measured_std_of_mean(self) -> np.ndarray:
        """(S, C): the spread of μ_B around the true mean, measured over the K batches."""
        return np.sqrt(np.mean(np.square(self.mean - self.true_mean), axis=1))


def theoretical_std_of_batch_mean(
    population: Population, batch_size: int, spatial: int
) -> np.ndarray:
    """Standard deviation of a batch mean, per channel.

    Var(μ_B) = (σ² + (H·W − 1)·cov) / (N·H·W), where cov is the covariance of two values of
    one sample (a shared per-sample offset). Without it this is σ/√(N·H·W).
    """
    m = batch_size * spatial
    return np.sqrt((population.var + (spatial - 1) * population.within_sample_cov) / m)


def shrinkage(batch_sizes: Sequence[int], spatial: int) -> np.ndarray:
    """1/√(N·H·W): the noise of BN's mean in units of σ, for independent values."""
    return 1.0 / np.sqrt(np.asarray(batch_sizes, dtype=np.float64) * spatial)


def sample_batch_estimates(
    population: Population,
    batch_sizes: Sequence[int] = DEFAULT_BATCH_SIZES,
    spatial: int = 64,
    *,
    num_batches: int = 200,
    seed: int = 0,
) -> BatchEstimates:
    """Sample num_batches batches for each batch size and record BN's μ_B and σ²_B."""
    sizes = _check_batch_sizes(batch_sizes, spatial)
    largest = max(sizes)
    k = affordable_batches(population, num_batches, largest * population.channels * spatial)
    rng = np.random.default_rng(seed)
    slices = sample_slice_moments(population, k, largest, spatial, rng)
    stats = [batch_moments(slices, n) for n in sizes]
    return BatchEstimates(
        batch_sizes=sizes,
        spatial=spatial,
        mean=np.stack([s.mean for s in stats]),
        var=np.stack([s.var for s in stats]),
        true_mean=population.mean,
        true_var=population.var,
        theory_std_of_mean=np.stack(
            [theoretical_std_of_batch_mean(population, n, spatial) for n in sizes]
        ),
    )


@dataclass(frozen=True)
class NoiseGrid:
    """BN's estimation noise for each feature-map size (rows) and batch size (columns),
    in units of the population's σ (or σ²), root-mean-square over channels."""

    batch_sizes: tuple[int, ...]
    spatial_sizes: tuple[int, ...]
    mean_noise: np.ndarray  # (H, S): measured spread of μ_B, in σ
    mean_noise_theory: np.ndarray  # (H, S): theoretical spread of μ_B, in σ
    var_noise: np.ndarray  # (H, S): measured spread of σ²_B around σ², in σ²
    num_batches: tuple[int, ...]  # batches sampled for each H·W


def noise_by_feature_map(
    population: Population,
    batch_sizes: Sequence[int] = DEFAULT_BATCH_SIZES,
    spatial_sizes: Sequence[int] = (1, 16, 64, 256),
    *,
    num_batches: int = 200,
    seed: int = 0,
) -> NoiseGrid:
    """The noise of μ_B and σ²_B by N, for several H·W: a large feature map rescues small N.

    Batch sizes with N·H·W = 1 (undefined in training) are NaN in that row.
    """
    sizes = _check_batch_sizes(batch_sizes, None)
    spatials = tuple(check_count(s, "errors.batch_noise.spatial_whole") for s in spatial_sizes)
    sigma, var = population.std, population.var
    mean_noise = np.full((len(spatials), len(sizes)), np.nan)
    theory = np.full_like(mean_noise, np.nan)
    var_noise = np.full_like(mean_noise, np.nan)
    used = []
    for row, spatial in enumerate(spatials):
        trainable = [n for n in sizes if n * spatial >= 2]
        columns = [sizes.index(n) for n in trainable]
        # one generator per H·W, so adding a size to the list leaves the others unchanged
        estimates = sample_batch_estimates(
            population, trainable, spatial, num_batches=num_batches, seed=[seed, spatial]
        )
        used.append(estimates.num_batches)
        mean_noise[row, columns] = _rms(estimates.measured_std_of_mean / sigma)
        theory[row, columns] = _rms(estimates.theory_std_of_mean / sigma)
        var_spread = np.sqrt(np.mean(np.square(estimates.var - var), axis=1))  # (S, C)
        var_noise[row, columns] = _rms(var_spread / var)
    return NoiseGrid(sizes, spatials, mean_noise, theory, var_noise, tuple(used))


@dataclass(frozen=True)
class OutputSpread:
    """One element of one fixed sample, normalized in many random batches of each size.

    BN (training mode) gives a different value in every batch; LN, IN and GN give one
    value whatever the batch. eval_population is BN with the true statistics: the target.
    """

    batch_sizes: tuple[int, ...]
    element: tuple[int, ...]  # (c, h, w) inside the sample, or (c,)
    value: float
    bn_train: np.ndarray  # (S, K)
    bn_eval_population: float
    batch_free: dict[str, float]  # "LN", "IN", "GN" → output; IN left out when H·W = 1

    @property
    def bn_std(self) -> np.ndarray:
        """(S,): how much the BN output moves from batch to batch."""
        return self.bn_train.std(axis=1)


def sample_output_spread(
    population: Population,
    sample: np.ndarray,
    element: tuple[int, ...],
    batch_sizes: Sequence[int] = DEFAULT_BATCH_SIZES,
    *,
    groups: int,
    num_batches: int = 200,
    gamma: np.ndarray | None = None,
    beta: np.ndarray | None = None,
    eps: float = 1e-5,
    seed: int = 0,
) -> OutputSpread:
    """Put the sample (C, H, W) or (C,) into random batches of every size and normalize.

    The other N − 1 samples of each batch come from the population; LN, IN and GN(groups)
    are computed by `normalize` on the sample alone, since they ignore the batch.
    """
    sample = as_float_array(sample).astype(np.float64, copy=False)
    if sample.ndim < 1 or sample.shape[0] != population.channels:
        raise InputError(
            "errors.batch_noise.sample_channels", shape=sample.shape, c=population.channels
        )
    element = tuple(int(i) for i in element)
    if len(element) != sample.ndim or not all(
        0 <= i < s for i, s in zip(element, sample.shape, strict=True)
    ):
        raise InputError("errors.batch_noise.element_outside", element=element, shape=sample.shape)
    spatial = math.prod(sample.shape[1:])
    sizes = _check_batch_sizes(batch_sizes, spatial)
    eps = check_eps(eps)
    gamma, beta = check_affine(gamma, beta, population.channels, np.float64)
    largest = max(sizes)
    k = affordable_batches(population, num_batches, (largest - 1) * sample.size)
    rng = np.random.default_rng(seed)
    others = sample_slice_moments(population, k, largest - 1, spatial, rng)
    slices = with_fixed_sample(sample, others)
    c, value = element[0], float(sample[element])
    bn_train = np.stack(
        [
            bn_output(value, s.mean[:, c], s.var[:, c], gamma[c], beta[c], eps)
            for s in (batch_moments(slices, n) for n in sizes)
        ]
    )
    ideal = bn_output(value, population.mean[c], population.var[c], gamma[c], beta[c], eps)
    return OutputSpread(
        batch_sizes=sizes,
        element=element,
        value=value,
        bn_train=bn_train,
        bn_eval_population=float(ideal),
        batch_free=_batch_free_outputs(sample, element, groups, gamma, beta, eps),
    )


def _batch_free_outputs(sample, element, groups, gamma, beta, eps) -> dict[str, float]:
    """LN, IN, GN of the sample alone (a batch of one): they do not depend on the batch."""
    x = sample[None]
    index = (0, *element)
    outputs = {}
    for name, method, g in (
        ("LN", "layer", None),
        ("IN", "instance", None),
        ("GN", "group", groups),
    ):
        if method == "instance" and math.prod(sample.shape[1:]) == 1:
            continue  # IN needs more than one value per (sample, channel)
        result = normalize(x, method, groups=g, eps=eps, gamma=gamma, beta=beta)
        outputs[name] = float(result.y[index])
    return outputs


def spread_summary(values: np.ndarray, axis: int = -1) -> dict[str, np.ndarray]:
    """Percentiles (5, 25, 50, 75, 95), mean and std along an axis: what a box or band
    plot needs, a few numbers instead of every sample."""
    values = np.asarray(values, dtype=np.float64)
    summary = {key: np.percentile(values, q, axis=axis) for key, q in QUANTILES.items()}
    summary["mean"] = values.mean(axis=axis)
    summary["std"] = values.std(axis=axis)
    return summary


def _rms(per_channel: np.ndarray) -> np.ndarray:
    """Root mean square over the last (channel) axis."""
    return np.sqrt(np.mean(np.square(per_channel), axis=-1))


def _check_batch_sizes(batch_sizes: Sequence[int], spatial: int | None) -> tuple[int, ...]:
    """Whole numbers ≥ 1, each giving BN more than one value per channel (if spatial given)."""
    sizes = tuple(check_count(n, "errors.batch_noise.batch_size_whole") for n in batch_sizes)
    if not sizes:
        raise InputError("errors.batch_noise.no_batch_sizes")
    if spatial is not None:
        check_count(spatial, "errors.batch_noise.spatial_whole")
        if min(sizes) * spatial < 2:
            raise InputError("errors.batch_noise.bn_one_value", n=min(sizes), spatial=spatial)
    return sizes
