"""normviz: the four normalization layers with every intermediate, in numpy.

The names below are loaded on first use (PEP 562), not when the package is imported. The
server runs many sessions' scripts in threads; with submodules imported here, one thread
importing `normviz.i18n` while another ran this file made a cycle of import locks, and Python
broke it by handing one of them a half-initialized module (an ImportError on a first page).
"""

from __future__ import annotations

import importlib
import sys
import types

_HOMES = {
    "normviz.forward": ("Normalized", "normalize"),
    "normviz.masks": ("group_index", "group_mask", "group_slices"),
    "normviz.methods": (
        "LONG_NAMES",
        "METHODS",
        "SHORT_NAMES",
        "Layout",
        "canonical_method",
        "default_groups",
        "divisors",
        "layout",
        "method_label",
        "training_refusal",
    ),
    "normviz.running": (
        "RunningStats",
        "keras_to_pytorch_momentum",
        "pytorch_to_keras_momentum",
    ),
    "normviz.saturation": (
        "Saturation",
        "gradient_through_layers",
        "histogram_counts",
        "saturation",
        "saturation_cutoff",
        "saturation_per_channel",
        "sigmoid",
        "sigmoid_grad",
    ),
    "normviz.tensors": (
        "PRESETS",
        "Preset",
        "TensorSpec",
        "make_tensor",
        "preset_tensor",
        "worked_example",
    ),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}
__all__ = sorted(_HOME_OF)


def __getattr__(name: str) -> object:
    """`normviz.normalize` and `from normviz import normalize`: the name from its module."""
    if name not in _HOME_OF:
        raise AttributeError(f"module 'normviz' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOME_OF[name]), name)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


class _Package(types.ModuleType):
    """The import system binds each submodule to its package's attribute once it is loaded;
    `normviz.saturation` stays the function (the module is normviz.saturation in sys.modules)."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in _HOME_OF and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
