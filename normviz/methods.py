"""The four normalization methods: names, which axes they reduce, how many statistics they keep.

Everything here is bookkeeping on shapes; the arithmetic lives in `normalize.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

METHODS = ("batch", "layer", "instance", "group")

_ALIASES = {
    "batch": "batch",
    "bn": "batch",
    "batchnorm": "batch",
    "layer": "layer",
    "ln": "layer",
    "layernorm": "layer",
    "instance": "instance",
    "in": "instance",
    "instancenorm": "instance",
    "group": "group",
    "gn": "group",
    "groupnorm": "group",
}

SHORT_NAMES = {"batch": "BN", "layer": "LN", "instance": "IN", "group": "GN"}
LONG_NAMES = {
    "batch": "BatchNorm",
    "layer": "LayerNorm",
    "instance": "InstanceNorm",
    "group": "GroupNorm",
}


def canonical_method(method: str) -> str:
    """Map "BN", "batchnorm", "Batch", ... to one of METHODS."""
    key = str(method).strip().lower().replace(" ", "").replace("_", "")
    if key not in _ALIASES:
        raise ValueError(
            f"Unknown normalization method {method!r}: choose one of "
            "batch (BN), layer (LN), instance (IN) or group (GN)."
        )
    return _ALIASES[key]


def divisors(n: int) -> list[int]:
    """All group counts that split n channels evenly."""
    return [g for g in range(1, n + 1) if n % g == 0]


def check_shape(shape: tuple[int, ...]) -> tuple[int, ...]:
    """Accept (N, C), (N, C, L) or (N, C, H, W) with no empty dimension."""
    shape = tuple(int(s) for s in shape)
    if len(shape) not in (2, 3, 4):
        raise ValueError(
            f"The tensor has {len(shape)} dimension(s) {shape}; normviz needs 2 (N, C), "
            "3 (N, C, L) or 4 (N, C, H, W)."
        )
    if min(shape) < 1:
        raise ValueError(
            f"The tensor of shape {shape} has an empty dimension; every one of N, C, H, W "
            "must be at least 1."
        )
    return shape


def check_groups(method: str, num_channels: int, groups: int | None) -> int:
    """The number of channel groups G that the method uses (1 for LN, C for IN)."""
    if method == "layer":
        return 1
    if method == "instance":
        return num_channels
    if method == "batch":
        return num_channels
    if groups is None:
        raise ValueError(
            f"GroupNorm needs a number of groups G; with C={num_channels} channels "
            f"the valid choices are {divisors(num_channels)}."
        )
    if int(groups) != groups or groups < 1 or num_channels % int(groups) != 0:
        raise ValueError(
            f"GroupNorm with G={groups} groups does not split C={num_channels} channels "
            f"evenly: G must divide C. Valid choices: {divisors(num_channels)}."
        )
    return int(groups)


@dataclass(frozen=True)
class Layout:
    """Which elements of an (N, C, *spatial) tensor share one mean and variance."""

    method: str
    shape: tuple[int, ...]
    groups: int  # channel groups G (BN: C, but BN also pools over the batch)

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
        return (1, *spatial_axes)  # layer and group: channels (of one group) and space

    @property
    def group_size(self) -> int:
        """m, the number of values behind one (μ, σ²)."""
        n, c = self.shape[:2]
        if self.method == "batch":
            return n * self.spatial
        return (c // self.groups) * self.spatial

    @property
    def num_stats(self) -> int:
        """How many (μ, σ²) pairs the method computes."""
        n, c = self.shape[:2]
        if self.method == "batch":
            return c
        return n * self.groups

    @property
    def num_parameters(self) -> int:
        """Learnable γ and β: one pair per channel for all four methods."""
        return 2 * self.shape[1]

    @property
    def stats_shape(self) -> tuple[int, ...]:
        """The compact shape of the statistics: BN (C,), LN (N,), IN (N, C), GN (N, G)."""
        n, c = self.shape[:2]
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
