"""Tensors to normalize: a seeded generator a teacher can steer, and named presets."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from normviz.i18n import InputError
from normviz.methods import check_shape


@dataclass(frozen=True)
class TensorSpec:
    """Controls of the generator, in words a teacher uses."""

    scale: float = 1.0  # overall standard deviation
    shift: float = 0.0  # overall mean
    channel_spread: float = 0.0  # std of a random offset per channel (BN removes it)
    sample_spread: float = 0.0  # std of a random offset per sample (LN, IN remove it)
    outlier_fraction: float = 0.0  # share of values replaced by large outliers
    relu_like: bool = False  # skewed, non-negative values as after a ReLU


def make_tensor(
    shape: tuple[int, ...], spec: TensorSpec = TensorSpec(), seed: int = 0
) -> np.ndarray:
    """A float32 tensor of the given shape: Gaussian values shaped by `spec`.

    The same shape, spec and seed always give the same tensor.
    """
    shape = check_shape(shape)
    if not 0.0 <= spec.outlier_fraction <= 1.0:
        raise InputError("errors.tensors.outlier_fraction", fraction=spec.outlier_fraction)
    if spec.scale < 0 or spec.channel_spread < 0 or spec.sample_spread < 0:
        raise InputError("errors.tensors.negative_spread")
    rng = np.random.default_rng(seed)
    n, c = shape[:2]
    ones = (1,) * (len(shape) - 2)
    x = rng.standard_normal(shape, dtype=np.float32)
    if spec.relu_like:
        # max(0, z) of a shifted Gaussian, rescaled: skewed and non-negative
        np.maximum(x + np.float32(0.5), 0, out=x)
    x *= np.float32(spec.scale)
    x += np.float32(spec.shift)
    if spec.channel_spread:
        x += (spec.channel_spread * rng.standard_normal(c)).astype(np.float32).reshape(1, c, *ones)
    if spec.sample_spread:
        x += (spec.sample_spread * rng.standard_normal(n)).astype(np.float32).reshape(n, 1, *ones)
    if spec.outlier_fraction:
        count = int(round(spec.outlier_fraction * x.size))
        where = rng.choice(x.size, size=count, replace=False) if count else []
        signs = rng.choice(np.array([-1.0, 1.0], dtype=np.float32), size=count)
        x.reshape(-1)[where] = signs * np.float32(10 * max(spec.scale, 1.0)) + np.float32(
            spec.shift
        )
    return x


def worked_example() -> np.ndarray:
    """The 2×2×2×2 tensor of domain.md §2 (γ = (2, 5), β = (3, 8))."""
    x = np.empty((2, 2, 2, 2), dtype=np.float64)
    x[0, 0] = [[1, 2], [3, 4]]
    x[1, 0] = [[5, 6], [7, 8]]
    x[0, 1] = [[0, 2], [4, 6]]
    x[1, 1] = [[8, 10], [12, 14]]
    return x


WORKED_GAMMA = (2.0, 5.0)
WORKED_BETA = (3.0, 8.0)


@dataclass(frozen=True)
class Preset:
    """A named starting point: generator controls, or a fixed tensor with its γ and β.

    `shape` is the N×C×H×W the preset is chosen with: the one that shows what it is for
    (thousands of values for a histogram, N = 2 for the small-batch noise floor).
    """

    name: str
    description: str
    spec: TensorSpec = field(default_factory=TensorSpec)
    shape: tuple[int, int, int, int] = (8, 4, 16, 16)
    fixed_shape: tuple[int, int, int, int] | None = None  # set for fixed tensors
    gamma: tuple[float, ...] | None = None  # None: γ = 1 on every channel
    beta: tuple[float, ...] | None = None  # None: β = 0 on every channel


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        Preset(
            "Worked example",
            "The 2×2×2×2 tensor of the lecture notes, with γ = (2, 5) and β = (3, 8): every "
            "number can be checked by hand.",
            shape=(2, 2, 2, 2),
            fixed_shape=(2, 2, 2, 2),
            gamma=WORKED_GAMMA,
            beta=WORKED_BETA,
        ),
        Preset(
            "Standard normal",
            (
                "Values drawn from N(0, 1): every group already has a mean near 0 and a "
                "variance near 1, so normalization changes little."
            ),
        ),
        Preset(
            "Badly scaled, saturating",
            "Values drawn from N(3, 6²): about two thirds of them lie where the sigmoid is flat "
            "(σ(x) < 0.05 or > 0.95, i.e. |x| > 2.94).",
            TensorSpec(scale=6.0, shift=3.0),
        ),
        Preset(
            "Per-channel offsets",
            "Each channel is shifted by its own random offset (standard deviation 4): BatchNorm "
            "and InstanceNorm remove it; LayerNorm, and GroupNorm with several channels per "
            "group, keep the differences between channels.",
            TensorSpec(scale=1.0, channel_spread=4.0),
            shape=(8, 4, 8, 8),
        ),
        Preset(
            "Per-sample offsets",
            "Each sample is shifted by its own random offset (standard deviation 4), like the "
            "brightness of a photo, at N = 2. LayerNorm, InstanceNorm and GroupNorm remove it; "
            "BatchNorm does not: its batch mean is the mean of only two offsets, so it stays "
            "noisy however large H·W is.",
            TensorSpec(scale=1.0, sample_spread=4.0),
            shape=(2, 4, 16, 16),  # N = 2: the Batch size page's noise floor
        ),
        Preset(
            "ReLU-like (skewed)",
            "max(0, z + 0.5) for z drawn from N(0, 1): non-negative and skewed, about 31% exact "
            "zeros, as after a ReLU. The BN paper normalizes before the nonlinearity (Ioffe & "
            "Szegedy 2015, §3.2).",
            TensorSpec(scale=1.0, relu_like=True),
        ),
        Preset(
            "Outliers",
            "1% of the values are replaced by ±10, ten times the standard deviation of the "
            "others: they inflate the variance of their group and squeeze its other values "
            "towards 0.",
            TensorSpec(scale=1.0, outlier_fraction=0.01),
        ),
    )
}


def preset_tensor(name: str, shape: tuple[int, ...], seed: int = 0) -> np.ndarray:
    """The tensor of a preset (fixed presets ignore shape and seed)."""
    if name not in PRESETS:
        raise InputError("errors.tensors.unknown_preset", name=name, choices=list(PRESETS))
    preset = PRESETS[name]
    if preset.fixed_shape is not None:
        return worked_example()
    return make_tensor(shape, preset.spec, seed)


# ---------------------------------------------------------------------------------------
# Axis names: the one place the app's axis letters come from

IMAGE_AXES = ("N", "C", "H", "W")
# A sequence N×T×D (batch, tokens, features) is held channels-first as N×D×1×T: C = D,
# H = 1, W = T. Its H has no name: it is never shown.
SEQUENCE_AXES = ("N", "D", "", "T")
FLAT_AXES = {2: ("N", "C"), 3: ("N", "C", "L")}


def axis_names(ndim: int, sequence: bool = False) -> tuple[str, ...]:
    """The letters of the app's axes: N, C, H, W (N, C for a fully connected tensor, N, C, L
    for a 3-D one), or N, D, "", T for a sequence held as N×D×1×T."""
    if ndim == 4:
        return SEQUENCE_AXES if sequence else IMAGE_AXES
    return FLAT_AXES[ndim]


def axes_text(axes: tuple[int, ...], ndim: int, sequence: bool = False) -> str:
    """Reduced axes as letters, e.g. "N, H, W"; a sequence's unnamed H is left out."""
    names = axis_names(ndim, sequence)
    return ", ".join(names[a] for a in axes if names[a])


def sequence_shape(n: int, tokens: int, features: int) -> tuple[int, int, int, int]:
    """The app's N×C×H×W for an N×T×D sequence: N×D×1×T."""
    return (n, features, 1, tokens)


def as_sequence(x: np.ndarray) -> np.ndarray:
    """An N×T×D array as the app holds it, N×D×1×T: a view, no copy."""
    return np.moveaxis(x, 2, 1)[:, :, None, :]


def from_sequence(x: np.ndarray) -> np.ndarray:
    """The N×T×D array of the app's N×D×1×T view (as_sequence undone): a view, no copy."""
    return np.moveaxis(x[:, :, 0, :], 1, 2)
