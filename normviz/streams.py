"""A stream of training batches from a known population, and BatchNorm's running statistics.

The population is what one batch (the sidebar tensor) is drawn from, so its true
per-channel mean and variance are known and the running estimates can be compared to them.

Drawing whole batches costs N·C·H·W random numbers each. BatchNorm only needs, for each
(sample, channel) slice of H·W values, their mean and their sum of squared deviations, and
for Gaussian values those two have known laws (normal and χ²). So `sample_slice_moments`
draws two numbers per slice instead of H·W, exactly in distribution; outliers are handled
exactly too (binomial counts). Only the skewed "ReLU-like" noise has no such shortcut: its
values are drawn.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np
from numpy.typing import ArrayLike

from normviz.i18n import InputError
from normviz.methods import check_shape, check_values_per_channel
from normviz.running import RunningStats
from normviz.tensors import TensorSpec
from normviz.validation import as_float_array, check_affine, check_count, check_eps

# make_tensor's ReLU-like values are max(0, z + RELU_SHIFT) for z ~ N(0, 1)
RELU_SHIFT = 0.5
# Drawn values (ReLU-like populations only) per call, at most: keeps the pages responsive
MAX_DRAWN_VALUES = 4_000_000
_CHUNK_VALUES = 1_000_000  # values drawn at once: bounds memory
MIN_BATCHES = 20  # never fewer batches than this, even over the budget
STREAM_BLOCK = 10  # batches drawn from one generator in sample_batch_stats

ESTIMATES = ("pytorch", "keras", "cumulative", "bn_paper")


def _relu_moments(a: float = RELU_SHIFT) -> tuple[float, float]:
    """Mean and variance of max(0, z + a) for z ~ N(0, 1) (a rectified Gaussian)."""
    pdf = math.exp(-a * a / 2) / math.sqrt(2 * math.pi)
    cdf = 0.5 * (1 + math.erf(a / math.sqrt(2)))
    mean = a * cdf + pdf
    second = (a * a + 1) * cdf + a * pdf
    return mean, second - mean * mean


RELU_MEAN, RELU_VAR = _relu_moments()


@dataclass(frozen=True)
class Population:
    """Where training batches come from: each value x[n, c, h, w] is, independently,

    - with probability 1 − p: center[c] + noise_scale[c]·e + o[n], where e ~ N(0, 1)
      (or, if relu_like, max(0, z + 0.5) minus its mean: skewed) and o[n] ~ N(0, sample_spread²)
      is one offset shared by all values of sample n;
    - with probability p = outlier_fraction: outlier_center ± outlier_size (an outlier).

    `mean` and `var` are the true per-channel values that running statistics estimate.
    Tuples, not arrays, so that a population is hashable (page caches) and immutable.
    """

    center: tuple[float, ...]
    noise_scale: tuple[float, ...]
    sample_spread: float = 0.0
    relu_like: bool = False
    outlier_fraction: float = 0.0
    outlier_center: float = 0.0
    outlier_size: float = 10.0

    def __post_init__(self) -> None:
        center = np.asarray(self.center, dtype=np.float64)
        scale = np.asarray(self.noise_scale, dtype=np.float64)
        if center.ndim != 1 or center.size < 1 or center.shape != scale.shape:
            raise InputError(
                "errors.streams.population_sizes", centers=center.size, scales=scale.size
            )
        numbers = (*center, *scale, self.sample_spread, self.outlier_center, self.outlier_size)
        if not np.isfinite(numbers).all():
            raise InputError("errors.streams.population_finite")
        if (scale < 0).any() or self.sample_spread < 0 or self.outlier_size < 0:
            raise InputError("errors.streams.population_negative")
        if not 0.0 <= self.outlier_fraction <= 1.0:
            raise InputError("errors.tensors.outlier_fraction", fraction=self.outlier_fraction)
        # store plain floats so that equal populations hash equal
        object.__setattr__(self, "center", tuple(float(v) for v in center))
        object.__setattr__(self, "noise_scale", tuple(float(v) for v in scale))

    @classmethod
    def gaussian(
        cls, mean: np.ndarray, std: np.ndarray | float, sample_spread: float = 0.0
    ) -> Population:
        """Gaussian values with the given per-channel mean and (within-sample) std."""
        mean = np.atleast_1d(np.asarray(mean, dtype=np.float64))
        std = np.broadcast_to(np.asarray(std, dtype=np.float64), mean.shape)
        return cls(tuple(mean), tuple(std), sample_spread=float(sample_spread))

    @classmethod
    def from_spec(cls, shape: tuple[int, ...], spec: TensorSpec, seed: int = 0) -> Population:
        """The population that `make_tensor(shape, spec, seed)` is one batch of.

        Same channel offsets (drawn from the same seed), same noise, sample offsets and
        outliers; make_tensor places an exact count of outliers, here each value is an
        outlier with probability `spec.outlier_fraction`.
        """
        shape = check_shape(shape)
        if spec.scale < 0 or spec.channel_spread < 0 or spec.sample_spread < 0:
            raise InputError("errors.tensors.negative_spread")
        channels = shape[1]
        offsets = np.zeros(channels)
        if spec.channel_spread:
            # Repeat make_tensor's draws in its order: the values first, then the offsets
            rng = np.random.default_rng(seed)
            rng.standard_normal(shape, dtype=np.float32)
            offsets = (spec.channel_spread * rng.standard_normal(channels)).astype(np.float32)
        # make_tensor: x = scale·shape(z) + shift + offset[c]; centre the noise's shape
        noise_mean = spec.scale * RELU_MEAN if spec.relu_like else 0.0
        center = spec.shift + noise_mean + offsets.astype(np.float64)
        return cls(
            center=tuple(center),
            noise_scale=(float(spec.scale),) * channels,
            sample_spread=float(spec.sample_spread),
            relu_like=bool(spec.relu_like),
            outlier_fraction=float(spec.outlier_fraction),
            outlier_center=float(spec.shift),
            outlier_size=10.0 * max(float(spec.scale), 1.0),
        )

    @property
    def channels(self) -> int:
        return len(self.center)

    def select_channels(self, channels: Sequence[int]) -> Population:
        """The same population restricted to some channels (they are independent for BN):
        a page showing one channel samples C times less."""
        picked = [int(c) for c in channels]
        if not picked or not all(0 <= c < self.channels for c in picked):
            raise InputError(
                "errors.streams.channels_not_among", channels=channels, last=self.channels - 1
            )
        return replace(
            self,
            center=tuple(self.center[c] for c in picked),
            noise_scale=tuple(self.noise_scale[c] for c in picked),
        )

    @property
    def is_gaussian(self) -> bool:
        """No skew: slice moments can be sampled exactly without drawing every value."""
        return not self.relu_like

    @property
    def noise_var(self) -> np.ndarray:
        """Variance of one value's independent noise, per channel (outliers aside)."""
        shape_var = RELU_VAR if self.relu_like else 1.0
        return np.square(np.asarray(self.noise_scale)) * shape_var

    @property
    def mean(self) -> np.ndarray:
        """The true mean of each channel: what running_mean estimates."""
        p = self.outlier_fraction
        return (1 - p) * np.asarray(self.center) + p * self.outlier_center

    @property
    def var(self) -> np.ndarray:
        """The true variance of each channel: what running_var estimates.

        A mixture's variance: within the clean values, within the outliers, and between.
        """
        p = self.outlier_fraction
        clean_var = self.noise_var + self.sample_spread**2
        between = p * (1 - p) * np.square(np.asarray(self.center) - self.outlier_center)
        return (1 - p) * clean_var + p * self.outlier_size**2 + between

    @property
    def std(self) -> np.ndarray:
        return np.sqrt(self.var)

    @property
    def within_sample_cov(self) -> np.ndarray:
        """Covariance of two values of the same sample and channel (the shared offset)."""
        return np.full(self.channels, (1 - self.outlier_fraction) ** 2 * self.sample_spread**2)

    def draw(
        self, shape: tuple[int, ...], rng: np.random.Generator, dtype=np.float64
    ) -> np.ndarray:
        """Draw a batch of the given (N, C, ...) shape, every value as described above."""
        shape = check_shape(shape)
        n, c = shape[:2]
        if c != self.channels:
            raise InputError(
                "errors.streams.shape_channels", shape=shape, c=c, channels=self.channels
            )
        ones = (1,) * (len(shape) - 2)
        x = rng.standard_normal(shape, dtype=dtype)
        if self.relu_like:
            np.maximum(x + x.dtype.type(RELU_SHIFT), 0, out=x)
            x -= x.dtype.type(RELU_MEAN)
        x *= np.asarray(self.noise_scale, dtype=dtype).reshape(1, c, *ones)
        x += np.asarray(self.center, dtype=dtype).reshape(1, c, *ones)
        if self.sample_spread:
            offsets = self.sample_spread * rng.standard_normal(n)
            x += offsets.astype(dtype).reshape(n, 1, *ones)
        if self.outlier_fraction:
            where = rng.random(shape) < self.outlier_fraction
            signs = rng.choice(np.array([-1.0, 1.0]), size=int(where.sum()))
            x[where] = self.outlier_center + self.outlier_size * signs
        return x


def draw_batches(
    population: Population, shape: tuple[int, ...], num_batches: int, seed: int = 0
) -> np.ndarray:
    """num_batches whole batches of the given shape, stacked: (K, N, C, ...) float64."""
    shape = check_shape(shape)
    num_batches = check_count(num_batches, "errors.streams.num_batches_whole")
    rng = np.random.default_rng(seed)
    flat = population.draw((num_batches * shape[0], *shape[1:]), rng)
    return flat.reshape(num_batches, *shape)


# --- slice moments: all that BatchNorm needs from a batch -------------------------------


@dataclass(frozen=True)
class SliceMoments:
    """For each (batch k, sample n, channel c): the mean of its H·W values, and their
    sum of squared deviations from that mean. Arrays (K, N, C), float64."""

    mean: np.ndarray
    sq_dev: np.ndarray
    spatial: int  # H·W, the values per slice

    @property
    def num_batches(self) -> int:
        return self.mean.shape[0]

    @property
    def batch_size(self) -> int:
        return self.mean.shape[1]


def slice_moments_of(batches: np.ndarray) -> SliceMoments:
    """Slice moments of real batches (K, N, C, ...): the exact route, used with torch."""
    batches = as_float_array(batches).astype(np.float64, copy=False)
    if batches.ndim < 3:
        raise InputError("errors.streams.batches_ndim", shape=batches.shape)
    k, n, c = batches.shape[:3]
    values = batches.reshape(k, n, c, -1)
    mean = values.mean(axis=3)
    sq_dev = np.square(values - mean[..., None]).sum(axis=3)
    return SliceMoments(mean, sq_dev, values.shape[3])


def sample_slice_moments(
    population: Population,
    num_batches: int,
    batch_size: int,
    spatial: int,
    rng: np.random.Generator,
    *,
    draw_values: bool | None = None,
) -> SliceMoments:
    """Slice moments of num_batches random batches of batch_size samples with H·W = spatial.

    Exact in distribution. Gaussian populations (with sample offsets and outliers) use
    two or three random numbers per slice; ReLU-like ones draw every value.
    draw_values=True forces drawing (tests compare the two routes).
    """
    if batch_size == 0:  # a batch of one fixed sample has no others
        empty = np.zeros((num_batches, 0, population.channels))
        return SliceMoments(empty, empty.copy(), spatial)
    if draw_values is None:
        draw_values = not population.is_gaussian
    if draw_values:
        return _drawn_slice_moments(population, num_batches, batch_size, spatial, rng)
    return _sampled_slice_moments(population, num_batches, batch_size, spatial, rng)


def _sampled_slice_moments(
    pop: Population, k: int, n: int, spatial: int, rng: np.random.Generator
) -> SliceMoments:
    """Gaussian slices without drawing their values.

    For g iid values c + s·e_i: their mean is c + s·N(0, 1/g) and their sum of squared
    deviations is s²·χ²(g − 1), independent of the mean (Cochran's theorem). A slice also
    holds Binomial(H·W, p) outliers at center ± size, half of each sign on average; the two
    parts are merged with the usual formula for pooled sums of squares.
    """
    c = pop.channels
    shape = (k, n, c)
    center = np.asarray(pop.center)
    scale = np.asarray(pop.noise_scale)
    offsets = pop.sample_spread * rng.standard_normal((k, n, 1))  # shared by a sample
    if pop.outlier_fraction:
        outliers = rng.binomial(spatial, pop.outlier_fraction, size=shape)
        positive = rng.binomial(outliers, 0.5)
    else:
        outliers = positive = np.zeros(shape, dtype=np.int64)
    clean = spatial - outliers  # g, the Gaussian values of each slice
    clean_mean = (
        center + offsets + scale * rng.standard_normal(shape) / np.sqrt(np.maximum(clean, 1))
    )
    # χ²(g − 1) = 2·Gamma((g − 1)/2); Gamma(0) is 0 (one value has no spread)
    clean_sq_dev = np.square(scale) * 2.0 * rng.standard_gamma(np.maximum(clean - 1, 0) / 2)
    if not pop.outlier_fraction:
        return SliceMoments(clean_mean, clean_sq_dev, spatial)
    negative = outliers - positive
    with np.errstate(invalid="ignore", divide="ignore"):
        outlier_mean = np.where(
            outliers > 0,
            pop.outlier_center + pop.outlier_size * (positive - negative) / outliers,
            0.0,
        )
        # two-point values ±size: sum of squared deviations = (2·size)²·k₊·k₋/k
        outlier_sq_dev = np.where(
            outliers > 0, (2 * pop.outlier_size) ** 2 * positive * negative / outliers, 0.0
        )
    mean = (clean * clean_mean + outliers * outlier_mean) / spatial
    between = clean * outliers / spatial * np.square(clean_mean - outlier_mean)
    return SliceMoments(mean, clean_sq_dev + outlier_sq_dev + between, spatial)


def _drawn_slice_moments(
    pop: Population, k: int, n: int, spatial: int, rng: np.random.Generator
) -> SliceMoments:
    """Draw every value (float32, sums in float64), a chunk of batches at a time."""
    c = pop.channels
    per_batch = n * c * spatial
    chunk = max(1, _CHUNK_VALUES // per_batch)
    means, sq_devs = [], []
    for start in range(0, k, chunk):
        size = min(chunk, k - start)
        x = pop.draw((size * n, c, spatial), rng, dtype=np.float32)
        x = x.reshape(size, n, c, spatial)
        mean = x.mean(axis=3, dtype=np.float64)
        x -= mean.astype(np.float32)[..., None]  # in place: x now holds deviations
        np.square(x, out=x)
        means.append(mean)
        sq_devs.append(x.sum(axis=3, dtype=np.float64))
    return SliceMoments(np.concatenate(means), np.concatenate(sq_devs), spatial)


def affordable_batches(population: Population, num_batches: int, values_per_batch: int) -> int:
    """How many batches to sample: all of them, unless every value must be drawn
    (ReLU-like) and that exceeds MAX_DRAWN_VALUES; never fewer than MIN_BATCHES."""
    if population.is_gaussian:
        return num_batches
    fit = MAX_DRAWN_VALUES // max(values_per_batch, 1)
    return max(min(num_batches, fit), min(num_batches, MIN_BATCHES))


def with_fixed_sample(sample: np.ndarray, others: SliceMoments) -> SliceMoments:
    """Put one fixed sample (C, ...) first in every batch of `others`."""
    sample = as_float_array(sample).astype(np.float64, copy=False)
    fixed = slice_moments_of(sample.reshape(1, 1, *sample.shape))
    if fixed.spatial != others.spatial or fixed.mean.shape[2] != others.mean.shape[2]:
        raise InputError(
            "errors.streams.sample_mismatch",
            c=fixed.mean.shape[2],
            m=fixed.spatial,
            other_c=others.mean.shape[2],
            other_m=others.spatial,
        )
    k = others.num_batches
    mean = np.concatenate([np.repeat(fixed.mean, k, axis=0), others.mean], axis=1)
    sq_dev = np.concatenate([np.repeat(fixed.sq_dev, k, axis=0), others.sq_dev], axis=1)
    return SliceMoments(mean, sq_dev, others.spatial)


def batch_moments(slices: SliceMoments, batch_size: int | None = None) -> BatchStats:
    """Per-channel batch mean and biased variance of the batches made of the first
    batch_size samples of each batch (all of them by default).

    Pooled sums of squares: Σ over slices of (their own squared deviations) plus H·W times
    the squared distance of each slice mean to the batch mean (two passes, no cancellation).
    """
    n = slices.batch_size if batch_size is None else int(batch_size)
    if not 1 <= n <= slices.batch_size:
        raise InputError("errors.streams.batch_size_range", n=n, largest=slices.batch_size)
    m = n * slices.spatial
    check_values_per_channel(m)
    slice_mean = slices.mean[:, :n]
    mean = slice_mean.mean(axis=1)
    between = slices.spatial * np.square(slice_mean - mean[:, None]).sum(axis=1)
    var = (slices.sq_dev[:, :n].sum(axis=1) + between) / m
    return BatchStats(mean, var, m)


# --- batch statistics and the running estimates ------------------------------------------


@dataclass(frozen=True)
class BatchStats:
    """Per-batch, per-channel statistics of a stream: arrays (K, C)."""

    mean: np.ndarray
    var: np.ndarray  # biased (divided by m): what normalizes the batch in training
    m: int  # values per channel in one batch, N·H·W

    @property
    def var_unbiased(self) -> np.ndarray:
        """× m/(m−1): what PyTorch folds into running_var."""
        return self.var * (self.m / (self.m - 1))


def batch_stats_of(batches: np.ndarray) -> BatchStats:
    """Batch statistics of real batches (K, N, C, ...)."""
    return batch_moments(slice_moments_of(batches))


def sample_batch_stats(
    population: Population, shape: tuple[int, ...], num_batches: int, seed: int = 0
) -> BatchStats:
    """Statistics of num_batches random batches of the given (N, C, ...) shape.

    A stream is a prefix of a longer one: its first k batches are the same whatever
    num_batches (blocks of STREAM_BLOCK batches, each from its own seeded generator), so a
    page that lengthens the stream keeps the batches already on screen. Fewer batches for
    ReLU-like populations over the drawing budget (`affordable_batches`).
    """
    shape = check_shape(shape)
    num_batches = check_count(num_batches, "errors.streams.num_batches_whole")
    _check_channels(population, shape[1])
    n, spatial = shape[0], math.prod(shape[2:])
    check_values_per_channel(n * spatial, shape)
    num_batches = affordable_batches(population, num_batches, math.prod(shape))
    blocks = [
        # one generator per block of STREAM_BLOCK batches, seeded by (seed, block index)
        sample_slice_moments(
            population, STREAM_BLOCK, n, spatial, np.random.default_rng([seed, block])
        )
        for block in range(math.ceil(num_batches / STREAM_BLOCK))
    ]
    slices = SliceMoments(
        np.concatenate([b.mean for b in blocks])[:num_batches],
        np.concatenate([b.sq_dev for b in blocks])[:num_batches],
        spatial,
    )
    return batch_moments(slices)


@dataclass(frozen=True)
class RunningTrajectory:
    """Running estimates after each batch of a stream: arrays (K, C), one per estimate.

    Estimates (keys of `running_mean` and `running_var`):
    - "pytorch": running = (1 − momentum)·running + momentum·batch, unbiased batch variance;
    - "keras": moving = keras_momentum·moving + (1 − keras_momentum)·batch, biased variance;
    - "cumulative": PyTorch with momentum=None, the plain average of all batches so far;
    - "bn_paper": E[x] = mean of batch means, Var[x] = n/(n−1)·mean of batch variances,
      n = N·H·W (Ioffe & Szegedy 2015, Algorithm 2, which averages over batches drawn after
      training with the weights frozen: here, over the stream's batches so far). Equal to
      "cumulative", computed its own way.
    """

    batch: BatchStats
    running_mean: dict[str, np.ndarray]
    running_var: dict[str, np.ndarray]
    momentum: float | None
    keras_momentum: float
    true_mean: np.ndarray | None = None
    true_var: np.ndarray | None = None
    steps: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", np.arange(1, self.batch.mean.shape[0] + 1))

    def first(self, k: int) -> RunningTrajectory:
        """The same stream stopped after its first k batches (for stepping through it)."""
        k = max(1, min(int(k), self.batch.mean.shape[0]))
        return replace(
            self,
            batch=BatchStats(self.batch.mean[:k], self.batch.var[:k], self.batch.m),
            running_mean={key: v[:k] for key, v in self.running_mean.items()},
            running_var={key: v[:k] for key, v in self.running_var.items()},
        )


def running_trajectory(
    stats: BatchStats,
    *,
    momentum: float | None = 0.1,
    keras_momentum: float = 0.99,
    true_mean: np.ndarray | None = None,
    true_var: np.ndarray | None = None,
) -> RunningTrajectory:
    """Fold a stream of batch statistics into every running estimate, batch after batch.

    Uses `RunningStats` for the three framework conventions, so the numbers are the ones
    `nn.BatchNorm2d` (or Keras) would hold after each batch.
    """
    check_momentum(momentum)
    check_momentum(keras_momentum, "keras_momentum")
    channels = stats.mean.shape[1]
    trackers = {
        "pytorch": RunningStats(channels, momentum),
        "keras": RunningStats.keras(channels, keras_momentum),
        "cumulative": RunningStats(channels, None),
    }
    means = {key: np.empty_like(stats.mean) for key in trackers}
    variances = {key: np.empty_like(stats.var) for key in trackers}
    for step, (batch_mean, batch_var) in enumerate(zip(stats.mean, stats.var, strict=True)):
        for key, tracker in trackers.items():
            tracker.update_from_stats(batch_mean, batch_var, stats.m)
            means[key][step] = tracker.mean
            variances[key][step] = tracker.var
    # The BN paper, Algorithm 2: averages over the batches seen so far
    seen = np.arange(1, stats.mean.shape[0] + 1)[:, None]
    means["bn_paper"] = np.cumsum(stats.mean, axis=0) / seen
    variances["bn_paper"] = stats.m / (stats.m - 1) * np.cumsum(stats.var, axis=0) / seen
    return RunningTrajectory(
        batch=stats,
        running_mean=means,
        running_var=variances,
        momentum=momentum,
        keras_momentum=float(keras_momentum),
        true_mean=None if true_mean is None else np.asarray(true_mean, dtype=np.float64),
        true_var=None if true_var is None else np.asarray(true_var, dtype=np.float64),
    )


def simulate_stream(
    population: Population,
    shape: tuple[int, ...],
    num_batches: int = 100,
    *,
    momentum: float | None = 0.1,
    keras_momentum: float = 0.99,
    seed: int = 0,
) -> RunningTrajectory:
    """Draw num_batches batches of `shape` from the population and track every estimate."""
    stats = sample_batch_stats(population, shape, num_batches, seed)
    return running_trajectory(
        stats,
        momentum=momentum,
        keras_momentum=keras_momentum,
        true_mean=population.mean,
        true_var=population.var,
    )


def batch_weights(
    num_batches: int, momentum: float | None, convention: str = "pytorch"
) -> tuple[np.ndarray, float]:
    """How much each of the last num_batches batches weighs in the running estimate.

    Returns (weights of batches 1..K, weight left on the initial value). With PyTorch's
    momentum m the k-th of K batches weighs m·(1 − m)^(K − k); Keras' momentum is 1 − m.
    """
    num_batches = check_count(num_batches, "errors.streams.num_batches_whole")
    check_momentum(momentum)
    if momentum is None:
        if convention != "pytorch":
            raise InputError("errors.running.momentum_none_keras")
        return np.full(num_batches, 1.0 / num_batches), 0.0
    if convention not in ("pytorch", "keras"):
        raise InputError("errors.running.unknown_convention", convention=convention)
    new = float(momentum) if convention == "pytorch" else 1.0 - float(momentum)
    age = np.arange(num_batches - 1, -1, -1)  # the last batch has age 0
    return new * (1.0 - new) ** age, (1.0 - new) ** num_batches


# --- one sample, train mode vs eval mode ---------------------------------------------------


@dataclass(frozen=True)
class SampleInBatches:
    """One element of one fixed sample, normalized by BN in many different batches.

    - train: training mode, batch statistics: one value per batch (a spread).
      `nn.BatchNorm2d(track_running_stats=False)` gives these same values in eval mode.
    - eval_running: eval mode with the running statistics given: one value.
    - eval_population: eval mode with the true population statistics: the ideal.
    """

    element: tuple[int, ...]  # (c, h, w) inside the sample, or (c,) for an N×C batch
    value: float
    batch_mean: np.ndarray  # (K,), the element's channel in each batch
    batch_var: np.ndarray  # (K,), biased
    train: np.ndarray  # (K,)
    eval_running: float
    eval_population: float | None

    @property
    def eval_untracked(self) -> np.ndarray:
        """Eval mode with track_running_stats=False: batch statistics, as in training."""
        return self.train


def bn_output(
    value: ArrayLike,
    mean: ArrayLike,
    var: ArrayLike,
    gamma: float = 1.0,
    beta: float = 0.0,
    eps: float = 1e-5,
) -> np.ndarray:
    """y = γ·(x − μ)/√(σ² + ε) + β: with the batch's mean and biased variance in training
    mode, with running_mean and running_var in eval mode."""
    return gamma * (value - mean) / np.sqrt(var + eps) + beta


def sample_in_random_batches(
    population: Population,
    sample: np.ndarray,
    element: tuple[int, ...],
    batch_size: int,
    *,
    num_batches: int = 200,
    running_mean: np.ndarray | None = None,
    running_var: np.ndarray | None = None,
    gamma: np.ndarray | None = None,
    beta: np.ndarray | None = None,
    eps: float = 1e-5,
    seed: int = 0,
) -> SampleInBatches:
    """Put one fixed sample (C, H, W) or (C,) into num_batches random batches of batch_size
    (the other batch_size − 1 samples drawn from the population) and normalize it each time.

    running_mean/var default to a fresh layer's (0 and 1). The number of batches can be
    lower than asked for ReLU-like populations (see `affordable_batches`); for one channel,
    pass `population.select_channels([c])`, `sample[[c]]` and element (0, h, w): C× cheaper.
    """
    sample = as_float_array(sample).astype(np.float64, copy=False)
    _check_channels(population, sample.shape[0] if sample.ndim else 0)
    element = _check_element(element, sample.shape)
    batch_size = check_count(batch_size, "errors.streams.batch_size_whole")
    spatial = math.prod(sample.shape[1:])
    check_values_per_channel(batch_size * spatial, (batch_size, *sample.shape))
    k = affordable_batches(population, num_batches, (batch_size - 1) * sample.size)
    rng = np.random.default_rng(seed)
    others = sample_slice_moments(population, k, batch_size - 1, spatial, rng)
    stats = batch_moments(with_fixed_sample(sample, others))
    return _element_outputs(
        float(sample[element]),
        element,
        stats,
        running_mean,
        running_var,
        gamma,
        beta,
        eps,
        population.mean,
        population.var,
    )


def _element_outputs(
    value, element, stats, running_mean, running_var, gamma, beta, eps, true_mean, true_var
) -> SampleInBatches:
    channels = stats.mean.shape[1]
    eps = check_eps(eps)
    gamma, beta = check_affine(gamma, beta, channels, np.float64)
    c = element[0]
    run_mean = 0.0 if running_mean is None else float(np.asarray(running_mean)[c])
    run_var = 1.0 if running_var is None else float(np.asarray(running_var)[c])
    if eps == 0 and (bool((stats.var[:, c] == 0).any()) or run_var == 0):
        raise InputError("errors.eps_zero_constant")  # x̂ = 0/0, as in normalize
    train = bn_output(value, stats.mean[:, c], stats.var[:, c], gamma[c], beta[c], eps)
    first = float(np.atleast_1d(value)[0])
    ideal = None
    if true_mean is not None:
        ideal = float(bn_output(first, true_mean[c], true_var[c], gamma[c], beta[c], eps))
    return SampleInBatches(
        element=tuple(element),
        value=first,
        batch_mean=stats.mean[:, c].copy(),
        batch_var=stats.var[:, c].copy(),
        train=np.asarray(train, dtype=np.float64),
        eval_running=float(bn_output(first, run_mean, run_var, gamma[c], beta[c], eps)),
        eval_population=ideal,
    )


# --- checks ---------------------------------------------------------------------------


def check_momentum(momentum: float | None, name: str = "momentum") -> None:
    """Momentum must lie in [0, 1] (or be None, PyTorch's cumulative average)."""
    if momentum is None:
        return
    value = float(momentum)
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise InputError("errors.streams.momentum_range", name=name, momentum=momentum)


def _check_channels(population: Population, channels: int) -> None:
    if channels != population.channels:
        raise InputError(
            "errors.streams.population_channels", population=population.channels, c=channels
        )


def _check_element(element: tuple[int, ...], sample_shape: tuple[int, ...]) -> tuple[int, ...]:
    """An index (c, h, w) or (c,) inside one sample of the given (C, ...) shape."""
    element = tuple(int(i) for i in element)
    if len(element) != len(sample_shape) or any(
        not 0 <= i < s for i, s in zip(element, sample_shape, strict=True)
    ):
        raise InputError("errors.streams.element_outside", element=element, shape=sample_shape)
    return element
