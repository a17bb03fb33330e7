"""The networks of the training lab: a BN-paper MLP and a small CNN, with a chosen normalization.

Every hidden layer is weight layer → normalization → activation (normalization goes before
the nonlinearity, as in the BN paper). The forward pass can hand back the activation inputs
(for sigmoids: the sigmoid inputs) so the lab can record their distribution.
"""

from __future__ import annotations

import torch
from torch import nn

from normviz.digits import NUM_CLASSES
from normviz.i18n import InputError
from normviz.methods import METHODS, NO_NORM, divisors

MODELS = ("mlp", "cnn")
ACTIVATIONS = ("sigmoid", "relu")
NORMS = (NO_NORM, *METHODS)
DEFAULT_WIDTH = {"mlp": 100, "cnn": 16}  # hidden units (MLP, as in the BN paper) or channels
DEFAULT_GROUPS = {"mlp": 10, "cnn": 4}  # GN: 10 groups of 10 units, 4 groups of 4 channels
IMAGE_SIDE = 8
# CNN + sigmoid: conv weights drawn with Glorot (Xavier) uniform scaled by 4 = 1/σ′(0). With
# PyTorch's default (kaiming_uniform_, a = √5: bound 1/√fan_in) the unnormalized 2- and
# 3-layer sigmoid CNNs stay at 10 % for 5,000 steps at every lr from 0.1 to 10 (measured).
SIGMOID_CNN_GAIN = 4.0


class ChannelsLast(nn.Module):
    """A layer over the last axis applied at every pixel of N×C×H×W: ConvNeXt's LayerNorm
    (Liu et al. 2022) is nn.LayerNorm(C) this way; RMSNorm likewise."""

    def __init__(self, layer: nn.Module) -> None:
        super().__init__()
        self.layer = layer

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layer(x.movedim(1, -1)).movedim(-1, 1)


def make_norm(norm: str, model: str, channels: int, groups: int) -> nn.Module:
    """The normalization layer for `channels` units (MLP, N×C) or channels (CNN, N×C×H×W).

    LN is GroupNorm with G = 1: one (μ, σ²) per sample and γ, β per channel, as in the
    GN paper (nn.LayerNorm would learn an elementwise γ, β for the CNN instead).
    """
    if norm == NO_NORM:
        return nn.Identity()
    if norm == "batch":
        return nn.BatchNorm1d(channels) if model == "mlp" else nn.BatchNorm2d(channels)
    if norm == "layer":
        return nn.GroupNorm(1, channels)
    if norm == "group":
        return nn.GroupNorm(groups, channels)
    if norm in ("token", "rms"):  # over the C features of one unit vector or one pixel
        layer = nn.LayerNorm(channels) if norm == "token" else nn.RMSNorm(channels)
        return layer if model == "mlp" else ChannelsLast(layer)
    if norm == "instance":
        if model == "mlp":
            raise InputError("errors.models.instance_mlp")
        return nn.InstanceNorm2d(channels, affine=True)
    raise InputError("errors.models.unknown_norm", norm=norm, choices=", ".join(NORMS))


def check_group_count(groups: int, channels: int) -> int:
    """G must divide the number of channels (units); the message lists the valid G."""
    if groups < 1 or channels % groups != 0:
        raise InputError(
            "errors.models.group_count", groups=groups, channels=channels, valid=divisors(channels)
        )
    return groups


class NormNet(nn.Module):
    """depth × (weight layer → norm → activation), then a linear classifier over 10 digits.

    Weights start as PyTorch's defaults, except the sigmoid CNN's conv layers (see
    SIGMOID_CNN_GAIN). They are drawn from the global torch RNG before any norm layer, and norm
    layers draw none, so the same seed gives the same weights whatever the normalization.
    """

    def __init__(
        self,
        model: str,
        depth: int,
        width: int,
        norm: str,
        activation: str,
        groups: int,
    ) -> None:
        super().__init__()
        if model not in MODELS:
            raise InputError("errors.models.unknown_model", model=model, choices=", ".join(MODELS))
        if activation not in ACTIVATIONS:
            raise InputError(
                "errors.models.unknown_activation",
                activation=activation,
                choices=", ".join(ACTIVATIONS),
            )
        self.model = model
        self.activation = activation
        self.layers = nn.ModuleList()
        self.norms = nn.ModuleList()
        in_features = IMAGE_SIDE * IMAGE_SIDE if model == "mlp" else 1
        for _ in range(depth):
            if model == "mlp":
                self.layers.append(nn.Linear(in_features, width))
            else:
                self.layers.append(nn.Conv2d(in_features, width, kernel_size=3, padding=1))
            self.norms.append(make_norm(norm, model, width, groups))
            in_features = width
        if model == "cnn" and activation == "sigmoid":
            for layer in self.layers:
                nn.init.xavier_uniform_(layer.weight, gain=SIGMOID_CNN_GAIN)
                nn.init.zeros_(layer.bias)
        # CNN: average-pool 8×8 to 4×4, then a linear classifier on the flattened map
        self.pool = nn.AvgPool2d(2) if model == "cnn" else nn.Identity()
        head_in = width if model == "mlp" else width * (IMAGE_SIDE // 2) ** 2
        self.head = nn.Linear(head_in, NUM_CLASSES)

    def weight_layers(self) -> list[nn.Module]:
        """The layers whose weight gradients the lab records: hidden layers, then the head."""
        return [*self.layers, self.head]

    def forward(
        self, x: torch.Tensor, activation_inputs: list[torch.Tensor] | None = None
    ) -> torch.Tensor:
        """Logits for x (N×1×8×8); appends each hidden layer's activation input if given a list."""
        h = x.flatten(1) if self.model == "mlp" else x
        for layer, norm in zip(self.layers, self.norms, strict=True):
            z = norm(layer(h))
            if activation_inputs is not None:
                activation_inputs.append(z)
            h = torch.sigmoid(z) if self.activation == "sigmoid" else torch.relu(z)
        return self.head(self.pool(h).flatten(1))
