"""How noisy BatchNorm's batch statistics are, by batch size N and feature-map size H·W.

BN estimates each channel's mean and variance from the m = N·H·W values of one batch. The
batch mean strays from the population mean by Var(μ_B) = (σ² + (H·W − 1)·cov)/(N·H·W)
= cov/N + (σ² − cov)/(N·H·W), where cov is the covariance of two values of one sample and
channel. Only for independent values (cov = 0) is that σ²/(N·H·W); otherwise it falls to a
floor cov/N that only more samples N lower: a large feature map does not rescue a small
batch. LN, IN and GN never look at the other samples.

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
from normviz.tensors import PRESETS
from normviz.validation import as_float_array, check_affine, check_count, check_eps

# Wu & He, "Group Normalization", ECCV 2018 (arXiv:1803.08494): ResNet-50 on ImageNet,
# validation error (%) by images per GPU (Table 2, plotted in Fig. 1), and at 32 images/GPU
# (Table 1).
GN_PAPER_BATCH_SIZES = (32, 16, 8, 4, 2)
GN_PAPER_ERRORS = {
    "BN": (23.6, 23.7, 24.8, 27.3, 34.7),
    "GN": (24.1, 24.2, 24.0, 24.2, 24.1),
}
GN_PAPER_AT_32 = {"BN": 23.6, "LN": 25.3, "IN": 28.4, "GN": 24.1}

DEFAULT_BATCH_SIZES = (1, 2, 4, 8, 16, 32, 64)
FEATURE_MAP_SIZES = (1, 4, 16, 64, 256, 1024, 4096)  # H·W: 1×1 up to 64×64
OFFSETS_PRESET = "Per-sample offsets"  # the preset whose values share a per-sample offset
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


def within_sample_correlation(population: Population) -> np.ndarray:
    """ρ = cov/σ² per channel: the correlation of two values of one sample and channel
    (0 for a constant channel)."""
    var = population.var
    safe = np.where(var > 0, var, 1.0)
    return np.where(var > 0, population.within_sample_cov / safe, 0.0)


def noise_floor(population: Population, batch_size: int) -> np.ndarray:
    """√(cov/N): the standard deviation of μ_B as H·W → ∞, per channel. Only N lowers it."""
    return np.sqrt(population.within_sample_cov / batch_size)


def expected_batch_var(population: Population, batch_size: int, spatial: int) -> np.ndarray:
    """E[σ²_B] = σ² − Var(μ_B): the mean of BN's biased batch variance, per channel.

    For independent values this is σ²·(m − 1)/m; a shared per-sample offset lowers it much
    more, because the batch mean moves with the offsets of its N samples.
    """
    return population.var - np.square(
        theoretical_std_of_batch_mean(population, batch_size, spatial)
    )


def eval_spread_ratio(population: Population, batch_size: int, spatial: int) -> np.ndarray:
    """How much wider BN's outputs spread in eval mode than in training, per channel.

    In training each batch is normalized by its own μ_B, σ²_B: its outputs have variance 1
    (γ = 1, ε aside). PyTorch's running_var averages the unbiased batch variance, so it tends
    to E[σ²_B]·m/(m − 1); in eval mode a value from the population is divided by its square
    root, so the outputs' standard deviation is √(σ² / (E[σ²_B]·m/(m − 1))). That is 1 for
    independent values and above 1 when values of one sample are correlated. NaN for m = 1.
    """
    m = batch_size * spatial
    if m < 2:
        return np.full(population.channels, np.nan)
    running_var = expected_batch_var(population, batch_size, spatial) * m / (m - 1)
    var = population.var
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(running_var > 0, np.sqrt(var / running_var), np.nan)


def offsets_population() -> Population:
    """One channel of the "Per-sample offsets" preset: its noise and its per-sample offset."""
    spec = PRESETS[OFFSETS_PRESET].spec
    return Population.gaussian(0.0, spec.scale, sample_spread=spec.sample_spread)


def reference_kind(population: Population, channel: int = 0, tolerance: float = 0.005) -> str:
    """Which reference curve of the feature-map chart a channel follows: "constant" (σ = 0),
    "independent" (ρ ≈ 0), "offsets" (ρ ≈ that of the Per-sample offsets preset) or "own"."""
    if not population.var[channel] > 0:
        return "constant"
    rho = float(within_sample_correlation(population)[channel])
    if rho < tolerance:
        return "independent"
    if abs(rho - float(within_sample_correlation(offsets_population())[0])) < tolerance:
        return "offsets"
    return "own"


def shrinkage(batch_sizes: Sequence[int], spatial: int) -> np.ndarray:
    """1/√(N·H·W): the noise of BN's mean in units of σ, for independent values only."""
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
    """The noise of μ_B and σ²_B by N, for several H·W. A larger feature map lowers it only
    down to the floor √(cov/N) (see `theoretical_std_of_batch_mean`).

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
class FeatureMapNoise:
    """BN's estimation noise by feature-map size H·W at one batch size N, for several
    one-channel populations (rows), each in units of its own σ (or σ²).

    NaN where N·H·W = 1 (training is undefined there).
    """

    batch_size: int
    spatial_sizes: tuple[int, ...]
    names: tuple[str, ...]  # one per population, e.g. "independent", "offsets", "tensor"
    correlation: np.ndarray  # (P,): ρ = cov/σ² of each population
    floor: np.ndarray  # (P,): √(cov/N)/σ = √(ρ/N), the noise of μ_B as H·W → ∞
    mean_noise: np.ndarray  # (P, H): measured RMS of μ_B − μ, in σ
    mean_noise_theory: np.ndarray  # (P, H): √((σ² + (H·W − 1)·cov)/(N·H·W)) / σ
    var_noise: np.ndarray  # (P, H): measured RMS of σ²_B − σ², in σ²
    num_batches: int


def noise_by_feature_map_size(
    populations: dict[str, Population],
    batch_size: int,
    spatial_sizes: Sequence[int] = FEATURE_MAP_SIZES,
    *,
    num_batches: int = 200,
    seed: int = 0,
) -> FeatureMapNoise:
    """Measure (and predict) how the noise of μ_B and σ²_B changes with H·W at batch size N.

    Each population must have one channel and σ > 0. With independent values the noise of
    μ_B falls like 1/√(N·H·W); with a shared per-sample offset it stops at √(ρ/N)·σ.
    """
    (n,) = _check_batch_sizes((batch_size,), None)
    spatials = tuple(check_count(s, "errors.batch_noise.spatial_whole") for s in spatial_sizes)
    names = tuple(populations)
    shape = (len(names), len(spatials))
    mean_noise, theory, var_noise = (np.full(shape, np.nan) for _ in range(3))
    used = num_batches
    for row, name in enumerate(names):
        pop = populations[name]
        if pop.channels != 1 or not pop.var[0] > 0:
            raise InputError("errors.batch_noise.one_varying_channel", name=name)
        sigma, var = float(pop.std[0]), float(pop.var[0])
        for col, spatial in enumerate(spatials):
            if n * spatial < 2:
                continue
            est = sample_batch_estimates(
                pop, (n,), spatial, num_batches=num_batches, seed=[seed, row, spatial]
            )
            used = min(used, est.num_batches)
            mean_noise[row, col] = est.measured_std_of_mean[0, 0] / sigma
            theory[row, col] = est.theory_std_of_mean[0, 0] / sigma
            var_noise[row, col] = np.sqrt(np.mean(np.square(est.var[0, :, 0] - var))) / var
    rho = np.array([float(within_sample_correlation(populations[k])[0]) for k in names])
    return FeatureMapNoise(
        batch_size=n,
        spatial_sizes=spatials,
        names=names,
        correlation=rho,
        floor=np.sqrt(rho / n),
        mean_noise=mean_noise,
        mean_noise_theory=theory,
        var_noise=var_noise,
        num_batches=used,
    )


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
    stats = [batch_moments(slices, n) for n in sizes]
    if eps == 0 and (population.var[c] == 0 or any((s.var[:, c] == 0).any() for s in stats)):
        raise InputError("errors.eps_zero_constant")  # a constant batch: x̂ = 0/0
    bn_train = np.stack(
        [bn_output(value, s.mean[:, c], s.var[:, c], gamma[c], beta[c], eps) for s in stats]
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
