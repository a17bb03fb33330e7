"""The normalization methods: the one place for their names, axes and checks on shapes.

Six methods on an (N, C, *spatial) tensor. The four of the GN paper (Wu & He 2018, Fig. 2)
pool over positions: BN (a channel over the batch), LN (a sample's channels), IN (a sample's
channel), GN (a sample's group of channels). The two of transformers pool over channels only,
at one position: token LN (`nn.LayerNorm(d)` on N×T×D, ConvNeXt's channels-last LN) and
RMSNorm (Zhang & Sennrich 2019: the same groups, no mean subtracted).

Everything here is bookkeeping on shapes; the arithmetic lives in `forward.py`. Pages,
figures, the training lab and the tests take every method fact from here (colours from
`normviz.figures.palette`, translated names from the locales).
"""

from __future__ import annotations

from dataclasses import dataclass

from normviz.i18n import InputError, Message


@dataclass(frozen=True)
class Method:
    """One normalization method: its key in code and links, its label, its English name."""

    key: str  # "batch": the value in code, in links and in locale keys (method.long.batch)
    label: str  # "BN": legends, the sidebar's switch (the same in every language)
    long_name: str  # "BatchNorm": the English name (locales translate it)


_TABLE = (
    Method("batch", "BN", "BatchNorm"),
    Method("layer", "LN", "LayerNorm"),
    Method("instance", "IN", "InstanceNorm"),
    Method("group", "GN", "GroupNorm"),
    Method("token", "token LN", "token LayerNorm"),
    Method("rms", "RMSNorm", "RMSNorm"),
)
METHODS = tuple(m.key for m in _TABLE)
CONV_METHODS = METHODS[:4]  # the GN paper's four: statistics over positions
TOKEN_METHODS = ("token", "rms")  # one group per (sample, position), over the C channels
SHORT_NAMES = {m.key: m.label for m in _TABLE}
LONG_NAMES = {m.key: m.long_name for m in _TABLE}
NO_NORM = "none"  # the training lab's network without a normalization layer
NO_NORM_LABEL = "no norm"

_ALIASES = {
    alias.replace(" ", "").replace("-", ""): m.key
    for m in _TABLE
    for alias in (m.key, m.label.lower(), m.long_name.lower())
} | {"tokenlayernorm": "token", "rmsnorm": "rms"}


def canonical_method(method: str) -> str:
    """Map "BN", "batchnorm", "Batch", ... to one of METHODS."""
    key = str(method).strip().lower().replace(" ", "").replace("_", "").replace("-", "")
    if key not in _ALIASES:
        raise InputError("errors.unknown_method", method=str(method)[:40])
    return _ALIASES[key]


def method_label(method: str, groups: int | None = None) -> str:
    """The label of a legend or caption: "BN", or "GN (G=4)" with the group count."""
    key = canonical_method(method)
    return f"GN (G={groups})" if key == "group" else SHORT_NAMES[key]


def divisors(n: int) -> list[int]:
    """All group counts that split n channels evenly."""
    return [g for g in range(1, n + 1) if n % g == 0]


def default_groups(c: int) -> int:
    """A GroupNorm G that differs from LN (G=1) and IN (G=C) when C allows; 32 as in the paper."""
    choices = [g for g in divisors(c) if 1 < g < c]
    if 32 in choices:
        return 32
    return choices[len(choices) // 2] if choices else 1


def check_shape(shape: tuple[int, ...]) -> tuple[int, ...]:
    """Accept (N, C), (N, C, L) or (N, C, H, W) with no empty dimension."""
    shape = tuple(int(s) for s in shape)
    if len(shape) not in (2, 3, 4):
        raise InputError("errors.shape_dims", ndim=len(shape), shape=_shape_text(shape))
    if min(shape) < 1:
        raise InputError("errors.shape_empty", shape=_shape_text(shape))
    return shape


def _shape_text(shape: tuple[int, ...]) -> str:
    return "×".join(map(str, shape))


def check_groups(method: str, num_channels: int, groups: int | None) -> int:
    """The number of channel groups G that the method uses (1 for LN, C for IN).

    Token LN and RMSNorm put all C channels of one position in one group: G = 1.
    """
    if method in ("layer", *TOKEN_METHODS):
        return 1
    if method == "instance":
        return num_channels
    if method == "batch":
        return num_channels
    valid = str(divisors(num_channels))
    if groups is None:
        raise InputError("errors.groups_missing", c=num_channels, valid=valid)
    if int(groups) != groups or groups < 1 or num_channels % int(groups) != 0:
        raise InputError("errors.groups_divide", groups=groups, c=num_channels, valid=valid)
    return int(groups)


@dataclass(frozen=True)
class Layout:
    """Which elements of an (N, C, *spatial) tensor share one mean and variance."""

    method: str
    shape: tuple[int, ...]
    groups: int  # channel groups G (BN: C, but BN also pools over the batch; token LN, RMS: 1)

    @property
    def over_channels(self) -> bool:
        """Token LN and RMSNorm: one group per (sample, position), over the channels only."""
        return self.method in TOKEN_METHODS

    @property
    def centered(self) -> bool:
        """Whether μ is subtracted. RMSNorm's μ is 0 and its σ² is the mean square (1/m)Σx²."""
        return self.method != "rms"

    @property
    def spatial(self) -> int:
        """H·W (or L, or 1 for an N×C tensor)."""
        size = 1
        for s in self.shape[2:]:
            size *= s
        return size

    @property
    def reduced_axes(self) -> tuple[int, ...]:
        """Axes averaged over, in the tensor's own numbering (LN/GN also pool channels)."""
        spatial_axes = tuple(range(2, len(self.shape)))
        if self.method == "batch":
            return (0, *spatial_axes)
        if self.method == "instance":
            return spatial_axes
        if self.over_channels:
            return (1,)
        return (1, *spatial_axes)  # layer and group: channels (of one group) and space

    @property
    def group_size(self) -> int:
        """m, the number of values behind one (μ, σ²)."""
        n, c = self.shape[:2]
        if self.method == "batch":
            return n * self.spatial
        if self.over_channels:
            return c
        return (c // self.groups) * self.spatial

    @property
    def num_stats(self) -> int:
        """How many (μ, σ²) pairs the method computes."""
        n, c = self.shape[:2]
        if self.method == "batch":
            return c
        if self.over_channels:
            return n * self.spatial
        return n * self.groups

    @property
    def num_parameters(self) -> int:
        """Learnable γ and β, one pair per channel; RMSNorm has γ only (nn.RMSNorm)."""
        return self.shape[1] if self.method == "rms" else 2 * self.shape[1]

    @property
    def stats_shape(self) -> tuple[int, ...]:
        """The compact shape of the statistics: BN (C,), LN (N,), IN (N, C), GN (N, G),
        token LN and RMSNorm (N, *spatial): (N,) for N×C, (N, L), (N, H, W)."""
        n, c = self.shape[:2]
        if self.over_channels:
            return (n, *self.shape[2:])
        return {
            "batch": (c,),
            "layer": (n,),
            "instance": (n, c),
            "group": (n, self.groups),
        }[self.method]


def layout(shape: tuple[int, ...], method: str, groups: int | None = None) -> Layout:
    """Validate shape, method and groups together and describe the grouping."""
    shape = check_shape(shape)
    name = canonical_method(method)
    return Layout(name, shape, check_groups(name, shape[1], groups))


# --- training mode: what PyTorch refuses -------------------------------------------------


def training_refusal(
    shape: tuple[int, ...], method: str, groups: int | None = None
) -> Message | None:
    """Why `method` cannot normalize a tensor of `shape` in training mode, in every language,
    or None when it can: one value behind each statistic makes x − μ = 0 (PyTorch raises)."""
    lay = layout(shape, method, groups)
    if lay.method == "batch" and lay.group_size == 1:
        return Message("errors.bn_one_value", shape=_shape_text(lay.shape))
    if lay.method == "instance" and lay.spatial == 1:
        return Message("errors.in_one_value")
    return None  # token LN with C = 1 is defined (x̂ = 0, y = β), as nn.LayerNorm(1) computes


def check_trainable(lay: Layout) -> None:
    """Raise training_refusal's explanation as an InputError when there is one."""
    refusal = training_refusal(lay.shape, lay.method, lay.groups)
    if refusal is not None:
        raise InputError(refusal.key, **refusal.params)


def check_values_per_channel(m: int, shape: tuple[int, ...] | None = None) -> None:
    """BatchNorm in training needs m ≥ 2 values per channel; `shape` names the tensor."""
    if m >= 2:
        return
    if shape is not None:
        raise InputError("errors.bn_one_value", shape=_shape_text(shape))
    raise InputError("errors.bn_one_value_per_channel")
