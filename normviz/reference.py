"""PyTorch's own functions on the same input: the oracle normviz is checked against."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from normviz.methods import layout


def torch_view(x: np.ndarray) -> torch.Tensor:
    """x as a torch tensor without a copy, unless x is read-only (the app's shared results
    are): torch cannot promise not to write to memory it shares, so it gets a copy then."""
    return torch.from_numpy(np.require(x, requirements=("C", "W")))


def torch_normalize(
    x: np.ndarray,
    method: str,
    *,
    groups: int | None = None,
    eps: float = 1e-5,
    gamma: np.ndarray | None = None,
    beta: np.ndarray | None = None,
) -> np.ndarray:
    """y computed by torch.nn.functional in training mode, in x's dtype."""
    lay = layout(np.shape(x), method, groups)
    t = torch_view(x)
    c = lay.shape[1]
    g = torch.ones(c, dtype=t.dtype) if gamma is None else torch.tensor(gamma, dtype=t.dtype)
    b = torch.zeros(c, dtype=t.dtype) if beta is None else torch.tensor(beta, dtype=t.dtype)
    if lay.over_channels:  # nn.LayerNorm(C) / nn.RMSNorm(C) on the channels-last tensor
        last = t.movedim(1, -1)
        if lay.method == "token":
            y_last = F.layer_norm(last, (c,), g, b, eps=eps)
        else:
            y_last = F.rms_norm(last, (c,), g, eps=eps) + b  # nn.RMSNorm has no β: b = 0
        y = y_last.movedim(-1, 1)
    elif lay.method == "batch":
        y = F.batch_norm(t, None, None, g, b, training=True, eps=eps)
    elif lay.method == "instance":
        y = F.instance_norm(t, weight=g, bias=b, eps=eps)
    else:  # LayerNorm with per-channel γ, β is GroupNorm with one group
        y = F.group_norm(t, lay.groups, g, b, eps=eps)
    return y.contiguous().numpy()
