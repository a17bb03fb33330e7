"""normviz: the four normalization layers with every intermediate, in numpy."""

from normviz.forward import Normalized, normalize
from normviz.masks import group_index, group_mask, group_slices
from normviz.methods import (
    LONG_NAMES,
    METHODS,
    SHORT_NAMES,
    Layout,
    canonical_method,
    default_groups,
    divisors,
    layout,
    method_label,
    training_refusal,
)
from normviz.running import (
    RunningStats,
    keras_to_pytorch_momentum,
    pytorch_to_keras_momentum,
)
from normviz.saturation import (
    Saturation,
    gradient_through_layers,
    histogram_counts,
    saturation,
    saturation_cutoff,
    saturation_per_channel,
    sigmoid,
    sigmoid_grad,
)
from normviz.tensors import PRESETS, Preset, TensorSpec, make_tensor, preset_tensor, worked_example

__all__ = [
    "LONG_NAMES",
    "METHODS",
    "PRESETS",
    "SHORT_NAMES",
    "Layout",
    "Normalized",
    "Preset",
    "RunningStats",
    "Saturation",
    "TensorSpec",
    "canonical_method",
    "default_groups",
    "divisors",
    "gradient_through_layers",
    "group_index",
    "group_mask",
    "group_slices",
    "histogram_counts",
    "keras_to_pytorch_momentum",
    "layout",
    "make_tensor",
    "method_label",
    "normalize",
    "preset_tensor",
    "pytorch_to_keras_momentum",
    "saturation",
    "saturation_cutoff",
    "saturation_per_channel",
    "sigmoid",
    "sigmoid_grad",
    "training_refusal",
    "worked_example",
]
