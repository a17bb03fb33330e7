"""The backward pass of all six methods, written as the formulas of the BN paper (§3).

For each group of m values that share one (μ, σ²) (the same groups as the forward):

    ∂L/∂x̂ᵢ = ∂L/∂yᵢ · γ
    ∂L/∂σ² = Σ ∂L/∂x̂ᵢ · (xᵢ − μ) · (−½)(σ² + ε)^(−3/2)
    ∂L/∂μ  = −Σ ∂L/∂x̂ᵢ / √(σ² + ε) + ∂L/∂σ² · (−2/m) Σ (xᵢ − μ)
    ∂L/∂xᵢ = ∂L/∂x̂ᵢ / √(σ² + ε) + ∂L/∂σ² · 2(xᵢ − μ)/m + ∂L/∂μ / m

and per channel c (over the batch and all positions, for every method):
∂L/∂γ = Σ ∂L/∂yᵢ · x̂ᵢ, ∂L/∂β = Σ ∂L/∂yᵢ.

RMSNorm (μ := 0, σ² = (1/m) Σ xᵢ²) is the same chain without μ: ∂L/∂μ is 0 and xᵢ − μ
reads xᵢ, so ∂L/∂xᵢ = ∂L/∂x̂ᵢ / √(σ² + ε) + ∂L/∂σ² · 2xᵢ/m, or in one line
∂L/∂x = (g − x̂ · mean(g·x̂)) / √(σ² + ε) with g = ∂L/∂x̂: only the part along x̂ is removed.

No autograd here: `autograd_reference` is the independent check, with torch's own layers.
Everything runs in float64 so that the comparison shows the formulas, not rounding.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import torch
import torch.nn.functional as F

from normviz.forward import Normalized, normalize, per_element_shape
from normviz.i18n import InputError
from normviz.masks import group_index, group_mask
from normviz.methods import Layout
from normviz.saturation import sigmoid

# ---------------------------------------------------------------------------------------
# Sums over the groups


def group_sum(values: np.ndarray, lay: Layout) -> np.ndarray:
    """Σ of `values` over each group: compact shape BN (C,), LN (N,), IN (N, C), GN (N, G).

    The same row view as the forward: BN pools (sample, position) of one channel; LN, IN
    and GN pool the channels of one group and all positions of one sample.
    """
    n, c = lay.shape[:2]
    if lay.method == "batch":
        return values.reshape(n, c, lay.spatial).sum(axis=(0, 2))
    if lay.over_channels:  # the C values of one (sample, position)
        return values.reshape(n, c, lay.spatial).sum(axis=1).reshape(lay.stats_shape)
    return values.reshape(n, lay.groups, -1).sum(axis=2).reshape(lay.stats_shape)


def channel_sum(values: np.ndarray) -> np.ndarray:
    """Σ over every axis but the channel axis 1: how γ and β collect their gradient."""
    axes = (0, *range(2, values.ndim))
    return values.sum(axis=axes)


# ---------------------------------------------------------------------------------------
# The backward pass


@dataclass(frozen=True)
class Backward:
    """Every gradient of one normalization; arrays shaped like x unless said otherwise."""

    forward: Normalized  # the float64 forward pass being differentiated
    grad_y: np.ndarray  # ∂L/∂y, the upstream gradient
    grad_x_hat: np.ndarray  # ∂L/∂x̂ = ∂L/∂y · γ
    group_grad_var: np.ndarray  # ∂L/∂σ², compact like forward.group_var
    group_grad_mean: np.ndarray  # ∂L/∂μ, compact like forward.group_mean
    grad_x_via_x_hat: np.ndarray  # first term of ∂L/∂x: ∂L/∂x̂ / √(σ² + ε)
    grad_x_via_var: np.ndarray  # second term: ∂L/∂σ² · 2(x − μ)/m
    grad_x_via_mean: np.ndarray  # third term: ∂L/∂μ / m
    grad_x: np.ndarray  # ∂L/∂x, the sum of the three terms
    grad_gamma: np.ndarray  # ∂L/∂γ, (C,)
    grad_beta: np.ndarray  # ∂L/∂β, (C,)

    @property
    def layout(self) -> Layout:
        return self.forward.layout

    @cached_property
    def grad_var(self) -> np.ndarray:
        """∂L/∂σ², keepdims-shaped to broadcast against x."""
        return per_element_shape(self.group_grad_var, self.layout)

    @cached_property
    def grad_mean(self) -> np.ndarray:
        """∂L/∂μ, keepdims-shaped to broadcast against x."""
        return per_element_shape(self.group_grad_mean, self.layout)


def backward(
    x: np.ndarray,
    method: str,
    grad_y: np.ndarray,
    *,
    groups: int | None = None,
    eps: float = 1e-5,
    gamma: np.ndarray | None = None,
    beta: np.ndarray | None = None,
) -> Backward:
    """Normalize x (training mode) and push ∂L/∂y back through it by the §6 formulas."""
    x64 = np.asarray(x, dtype=np.float64)
    result = normalize(x64, method, groups=groups, eps=eps, gamma=gamma, beta=beta)
    return backward_of(result, grad_y)


def backward_of(result: Normalized, grad_y: np.ndarray) -> Backward:
    """The backward pass of a forward result from `normalize` (redone in float64 if needed)."""
    if result.x.dtype != np.float64:
        result = normalize(
            result.x.astype(np.float64),
            result.method,
            groups=result.groups,
            eps=result.eps,
            gamma=result.gamma,
            beta=result.beta,
        )
    grad_y = _check_grad_y(grad_y, result.x.shape)
    lay, m = result.layout, result.m
    gamma = result.gamma.reshape(1, -1, *(1,) * (result.x.ndim - 2))  # per channel (axis 1)
    centered = result.x - result.mean  # xᵢ − μ (μ broadcast from keepdims)
    group_var_eps = result.group_var + result.eps  # σ² + ε, one per group
    with np.errstate(over="ignore", divide="ignore"):
        if not np.isfinite(group_var_eps**-1.5).all():  # ε = 0 and a tiny σ² (RMSNorm)
            raise InputError("errors.backward.tiny_var", var=float(group_var_eps.min()))
    inv_std = 1.0 / result.std  # 1/√(σ² + ε), keepdims

    # The §6 formulas; every Σ runs over the element's group (group_sum, compact result)
    grad_x_hat = grad_y * gamma
    group_grad_var = group_sum(grad_x_hat * centered, lay) * -0.5 * group_var_eps**-1.5
    group_grad_mean = -group_sum(grad_x_hat, lay) / np.sqrt(group_var_eps) + (
        group_grad_var * (-2.0 / m) * group_sum(centered, lay)  # Σ(xᵢ − μ) ≈ 0: tiny
    )
    if not lay.centered:  # RMSNorm: μ is the constant 0, so nothing flows through it
        group_grad_mean = np.zeros_like(group_grad_mean)
    grad_var = per_element_shape(group_grad_var, lay)  # back to keepdims, to broadcast
    grad_mean = per_element_shape(group_grad_mean, lay)

    # ∂L/∂xᵢ, term by term: directly through x̂ᵢ, through σ², through μ
    via_x_hat = grad_x_hat * inv_std
    via_var = grad_var * 2.0 * centered / m
    via_mean = np.broadcast_to(grad_mean / m, result.x.shape).copy()
    return Backward(
        forward=result,
        grad_y=grad_y,
        grad_x_hat=grad_x_hat,
        group_grad_var=group_grad_var,
        group_grad_mean=group_grad_mean,
        grad_x_via_x_hat=via_x_hat,
        grad_x_via_var=via_var,
        grad_x_via_mean=via_mean,
        grad_x=via_x_hat + via_var + via_mean,
        grad_gamma=channel_sum(grad_y * result.x_hat),
        grad_beta=channel_sum(grad_y),
    )


def _check_grad_y(grad_y: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    arr = np.asarray(grad_y, dtype=np.float64)
    if arr.shape != tuple(shape):
        raise InputError("errors.backward.grad_shape", grad_shape=arr.shape, shape=tuple(shape))
    if not np.isfinite(arr).all():
        raise InputError("errors.backward.grad_nonfinite")
    return np.ascontiguousarray(arr)


# ---------------------------------------------------------------------------------------
# The structure of ∂L/∂x: zero sum and (almost) orthogonal to x̂ in every group


@dataclass(frozen=True)
class GroupChecks:
    """Per group (compact stats shape): the two properties students miss.

    Σ ∂L/∂xᵢ = 0 exactly. Σ ∂L/∂xᵢ·x̂ᵢ = ε/(σ²+ε) · Σ ∂L/∂x̂ᵢ·x̂ᵢ / √(σ²+ε): zero up to
    ε. So BN removes from ∂L/∂x̂ its component along the mean (the all-ones direction) and,
    up to ε, its component along x̂.
    """

    sum_grad_x: np.ndarray  # Σ ∂L/∂xᵢ, zero up to rounding
    dot_grad_x_x_hat: np.ndarray  # Σ ∂L/∂xᵢ · x̂ᵢ
    dot_predicted_by_eps: np.ndarray  # the ε term that Σ ∂L/∂xᵢ·x̂ᵢ equals exactly
    size: np.ndarray  # Σ |∂L/∂x̂ᵢ| / √(σ²+ε): the scale to compare the sums against


def group_checks(grads: Backward) -> GroupChecks:
    """Σ ∂L/∂x and Σ ∂L/∂x·x̂ for every group, with the ε term the second one equals."""
    fwd, lay = grads.forward, grads.layout
    x_hat, inv_std = fwd.x_hat, 1.0 / fwd.std
    eps_share = fwd.eps / (fwd.group_var + fwd.eps)  # ε/(σ² + ε), compact
    # Derivation: ∂L/∂x = (g − mean(g) − mean(g·x̂)·x̂)/√(σ²+ε) with g = ∂L/∂x̂, and
    # Σ x̂² = m·σ²/(σ²+ε), so Σ ∂L/∂x·x̂ = (Σ g·x̂)/√(σ²+ε) · (1 − σ²/(σ²+ε)).
    return GroupChecks(
        sum_grad_x=group_sum(grads.grad_x, lay),
        dot_grad_x_x_hat=group_sum(grads.grad_x * x_hat, lay),
        dot_predicted_by_eps=eps_share * group_sum(grads.grad_x_hat * x_hat * inv_std, lay),
        size=group_sum(np.abs(grads.grad_x_hat) * inv_std, lay),
    )


@dataclass(frozen=True)
class Decomposition:
    """∂L/∂x̂ of one group split into: its mean, its part along x̂, and what passes on.

    arriving = along_ones + along_x_hat + passed, and ∂L/∂x = passed / √(σ²+ε) (exactly,
    with along_x_hat = mean(∂L/∂x̂·x̂)·x̂, which is the projection on x̂ up to ε).
    """

    x_hat: np.ndarray  # the group's x̂ values, in the order of x.ravel()
    arriving: np.ndarray  # ∂L/∂x̂ of the group
    along_ones: np.ndarray  # mean(∂L/∂x̂): removed by the mean subtraction
    along_x_hat: np.ndarray  # mean(∂L/∂x̂·x̂)·x̂: removed by the division by σ
    passed: np.ndarray  # what is left: √(σ²+ε)·∂L/∂x
    grad_x: np.ndarray  # ∂L/∂x of the group
    std: float  # √(σ² + ε) of the group


def decomposition(grads: Backward, at: tuple[int, ...]) -> Decomposition:
    """Split the gradient of the group of element `at` (see `Decomposition`)."""
    fwd = grads.forward
    mask = _mask_of(grads, at)
    x_hat = fwd.x_hat[mask]
    arriving = grads.grad_x_hat[mask]
    std = float(np.broadcast_to(fwd.std, fwd.x.shape)[mask][0])
    # RMSNorm subtracts no mean, so it removes nothing along the all-ones direction
    along_ones = np.full_like(arriving, arriving.mean() if fwd.layout.centered else 0.0)
    along_x_hat = np.mean(arriving * x_hat) * x_hat
    return Decomposition(
        x_hat=x_hat,
        arriving=arriving,
        along_ones=along_ones,
        along_x_hat=along_x_hat,
        passed=arriving - along_ones - along_x_hat,
        grad_x=grads.grad_x[mask],
        std=std,
    )


# ---------------------------------------------------------------------------------------
# Step by step, for the group of one element


@dataclass(frozen=True)
class BackwardSteps:
    """The numbers of the four backward formulas for one element and its group."""

    at: tuple[int, ...]
    m: int
    mean: float  # μ
    var: float  # σ²
    std: float  # √(σ² + ε)
    group_x: np.ndarray  # the group's x values, in the order of x.ravel()
    group_x_hat: np.ndarray
    group_grad_y: np.ndarray
    group_grad_x_hat: np.ndarray
    group_grad_x: np.ndarray
    grad_var: float  # ∂L/∂σ²
    grad_mean: float  # ∂L/∂μ
    sum_centered: float  # Σ(xᵢ − μ): zero up to rounding, so ∂L/∂μ's second term vanishes
    x: float  # the element itself
    grad_y: float
    grad_x_hat: float
    grad_x_via_x_hat: float  # ∂L/∂x̂ᵢ / √(σ² + ε)
    grad_x_via_var: float  # ∂L/∂σ² · 2(xᵢ − μ)/m
    grad_x_via_mean: float  # ∂L/∂μ / m
    grad_x: float  # the sum of the three


def steps(grads: Backward, at: tuple[int, ...]) -> BackwardSteps:
    """Everything the Gradients page prints for element `at`."""
    fwd = grads.forward
    mask = _mask_of(grads, at)
    at = tuple(int(i) for i in at)
    stat = group_index(fwd.x.shape, fwd.method, at, groups=fwd.groups)
    return BackwardSteps(
        at=at,
        m=fwd.m,
        mean=float(fwd.group_mean[stat]),
        var=float(fwd.group_var[stat]),
        std=float(np.sqrt(fwd.group_var[stat] + fwd.eps)),
        group_x=fwd.x[mask],
        group_x_hat=fwd.x_hat[mask],
        group_grad_y=grads.grad_y[mask],
        group_grad_x_hat=grads.grad_x_hat[mask],
        group_grad_x=grads.grad_x[mask],
        grad_var=float(grads.group_grad_var[stat]),
        grad_mean=float(grads.group_grad_mean[stat]),
        sum_centered=float(np.sum(fwd.x[mask] - fwd.group_mean[stat])),
        x=float(fwd.x[at]),
        grad_y=float(grads.grad_y[at]),
        grad_x_hat=float(grads.grad_x_hat[at]),
        grad_x_via_x_hat=float(grads.grad_x_via_x_hat[at]),
        grad_x_via_var=float(grads.grad_x_via_var[at]),
        grad_x_via_mean=float(grads.grad_x_via_mean[at]),
        grad_x=float(grads.grad_x[at]),
    )


def _mask_of(grads: Backward, at: tuple[int, ...]) -> np.ndarray:
    fwd = grads.forward
    return group_mask(fwd.x.shape, fwd.method, at, groups=fwd.groups)


# ---------------------------------------------------------------------------------------
# Upstream gradients a user can pick

UPSTREAM_KINDS: dict[str, str] = {
    "weighted sum": "L = Σ wᵢ·yᵢ with random wᵢ ~ N(0, 1), so ∂L/∂yᵢ = wᵢ",
    "half sum of squares": "L = ½ Σ yᵢ², so ∂L/∂yᵢ = yᵢ",
    "through a sigmoid": (
        "L = Σ wᵢ·sigmoid(yᵢ) with random wᵢ ~ N(0, 1), so ∂L/∂yᵢ = wᵢ·sigmoid(yᵢ)(1 − sigmoid(yᵢ))"
    ),
}


def upstream_kind(kind: str) -> str:
    """Map "weighted_sum", "Half sum of squares", ... to a key of UPSTREAM_KINDS."""
    key = " ".join(str(kind).strip().lower().replace("_", " ").replace("-", " ").split())
    if key not in UPSTREAM_KINDS:
        raise InputError(
            "errors.backward.unknown_upstream", kind=kind, choices=", ".join(UPSTREAM_KINDS)
        )
    return key


def upstream_gradient(kind: str, y: np.ndarray, seed: int = 0) -> np.ndarray:
    """∂L/∂y for one of UPSTREAM_KINDS, evaluated at the layer output y (float64)."""
    key = upstream_kind(kind)
    y = np.asarray(y, dtype=np.float64)
    if key == "half sum of squares":
        return y.copy()
    weights = np.random.default_rng(seed).standard_normal(y.shape)
    if key == "weighted sum":
        return weights
    s = sigmoid(y)
    return weights * s * (1.0 - s)


def upstream_loss(kind: str, y: np.ndarray, seed: int = 0) -> float:
    """The value of the loss L whose gradient `upstream_gradient` returns (same seed)."""
    key = upstream_kind(kind)
    y = np.asarray(y, dtype=np.float64)
    if key == "half sum of squares":
        return float(0.5 * np.sum(y**2))
    weights = np.random.default_rng(seed).standard_normal(y.shape)
    if key == "weighted sum":
        return float(np.sum(weights * y))
    return float(np.sum(weights * sigmoid(y)))


# ---------------------------------------------------------------------------------------
# The independent check: torch autograd


@dataclass(frozen=True)
class AutogradReference:
    """Gradients from torch autograd, for comparison with `Backward`.

    grad_x, grad_gamma, grad_beta come from torch's own layer (F.batch_norm, F.group_norm,
    F.instance_norm; `source` names it). The intermediates come from autograd through the
    four textbook steps written in torch, with μ, σ² and x̂ kept as graph nodes (so ∂L/∂μ
    includes the path through σ², as in the paper).
    """

    grad_x: np.ndarray
    grad_gamma: np.ndarray
    grad_beta: np.ndarray
    grad_x_hat: np.ndarray
    group_grad_var: np.ndarray
    group_grad_mean: np.ndarray
    source: str  # which torch function gave grad_x, grad_gamma and grad_beta


def autograd_reference(
    x: np.ndarray,
    method: str,
    grad_y: np.ndarray,
    *,
    groups: int | None = None,
    eps: float = 1e-5,
    gamma: np.ndarray | None = None,
    beta: np.ndarray | None = None,
) -> AutogradReference:
    """Torch autograd's gradients for the same tensor, parameters and ∂L/∂y (float64)."""
    fwd = normalize(
        np.asarray(x, dtype=np.float64), method, groups=groups, eps=eps, gamma=gamma, beta=beta
    )
    grad_y = _check_grad_y(grad_y, fwd.x.shape)
    steps_x, steps_gamma, steps_beta, *intermediates = _torch_step_grads(fwd, grad_y)
    layer, refusal = _torch_layer_grads(fwd, grad_y)
    if layer is None:
        source = f"the textbook steps in torch ({refusal})"
        layer = (steps_x, steps_gamma, steps_beta)
    else:
        source = _TORCH_LAYERS[fwd.method]
    return AutogradReference(*layer, *intermediates, source=source)


def compare_with_autograd(grads: Backward) -> dict[str, float]:
    """Largest |ours − autograd| for each gradient: what the page shows as 'max difference'."""
    fwd = grads.forward
    ref = autograd_reference(
        fwd.x,
        fwd.method,
        grads.grad_y,
        groups=fwd.groups,
        eps=fwd.eps,
        gamma=fwd.gamma,
        beta=fwd.beta,
    )
    names = (
        "grad_x",
        "grad_gamma",
        "grad_beta",
        "grad_x_hat",
        "group_grad_var",
        "group_grad_mean",
    )
    return {name: _max_abs(getattr(grads, name) - getattr(ref, name)) for name in names}


def _max_abs(a: np.ndarray) -> float:
    return float(np.max(np.abs(a))) if a.size else 0.0


_TORCH_LAYERS = {
    "batch": "F.batch_norm(x, None, None, γ, β, training=True)",
    "layer": "F.group_norm(x, 1, γ, β)",
    "instance": "F.instance_norm(x, weight=γ, bias=β)",
    "group": "F.group_norm(x, G, γ, β)",
    "token": "F.layer_norm(x channels-last, (C,), γ, β)",
    "rms": "F.rms_norm(x channels-last, (C,), γ) (+ β when one is given; the app passes β = 0)",
}


def _torch_layer_grads(
    fwd: Normalized, grad_y: np.ndarray
) -> tuple[tuple[np.ndarray, ...] | None, str]:
    """∂L/∂x, ∂L/∂γ, ∂L/∂β through torch's built-in layer, or None and why torch refuses.

    Two cases normviz computes but torch's layers refuse (the caller then uses the
    textbook steps written in torch): one value per group for GN/LN, and ε = 0 for BN.
    """
    n, c = fwd.x.shape[:2]
    if fwd.method in ("layer", "group") and n * (c // fwd.groups) * fwd.layout.spatial == 1:
        # F.group_norm's batch-size check refuses N·(C/G)·H·W = 1, although the
        # normalization itself (one value per group: x̂ = 0, y = β) is well defined.
        return None, "F.group_norm refuses a tensor with one value per group"
    if fwd.method == "batch" and fwd.eps == 0:
        return None, "F.batch_norm refuses ε = 0 in training"
    x = torch.tensor(fwd.x, dtype=torch.float64, requires_grad=True)
    gamma = torch.tensor(fwd.gamma, dtype=torch.float64, requires_grad=True)
    beta = torch.tensor(fwd.beta, dtype=torch.float64, requires_grad=True)
    if fwd.layout.over_channels:
        last = x.movedim(1, -1)
        if fwd.method == "token":
            y = F.layer_norm(last, (c,), gamma, beta, eps=fwd.eps).movedim(-1, 1)
        else:
            y = (F.rms_norm(last, (c,), gamma, eps=fwd.eps) + beta).movedim(-1, 1)
    elif fwd.method == "batch":
        y = F.batch_norm(x, None, None, gamma, beta, training=True, eps=fwd.eps)
    elif fwd.method == "instance":
        y = F.instance_norm(x, weight=gamma, bias=beta, eps=fwd.eps)
    else:  # layer is GroupNorm with one group
        y = F.group_norm(x, fwd.groups, gamma, beta, eps=fwd.eps)
    y.backward(torch.from_numpy(grad_y))
    return (x.grad.numpy(), gamma.grad.numpy(), beta.grad.numpy()), ""


def _torch_step_grads(fwd: Normalized, grad_y: np.ndarray) -> tuple[np.ndarray, ...]:
    """Autograd through μ → σ² → x̂ → y written out in torch.

    Returns ∂L/∂x, ∂L/∂γ, ∂L/∂β, ∂L/∂x̂, ∂L/∂σ² and ∂L/∂μ (the last two compact).
    """
    lay = fwd.layout
    n, c = lay.shape[:2]
    x = torch.tensor(fwd.x, dtype=torch.float64, requires_grad=True)
    gamma = torch.tensor(fwd.gamma, dtype=torch.float64, requires_grad=True)
    beta = torch.tensor(fwd.beta, dtype=torch.float64, requires_grad=True)
    if lay.method == "batch":
        rows, dims = x.reshape(n, c, lay.spatial), (0, 2)
    elif lay.over_channels:  # (N, C, S): the C values of each (sample, position)
        rows, dims = x.reshape(n, c, lay.spatial), (1,)
    else:
        rows, dims = x.reshape(n, lay.groups, -1), (2,)
    # μ, σ² and x̂ are graph nodes; retain_grad keeps ∂L/∂(node) summed over all its uses
    mean = rows.mean(dim=dims, keepdim=True)
    if lay.centered:
        mean.retain_grad()
    else:  # RMSNorm: μ = 0, a constant; ∂L/∂μ is reported as 0
        mean = torch.zeros_like(mean)
    var = ((rows - mean) ** 2).mean(dim=dims, keepdim=True)
    var.retain_grad()
    x_hat = ((rows - mean) / torch.sqrt(var + fwd.eps)).reshape(x.shape)
    x_hat.retain_grad()
    ones = (1,) * (x.ndim - 2)
    y = gamma.reshape(1, c, *ones) * x_hat + beta.reshape(1, c, *ones)
    y.backward(torch.from_numpy(grad_y))
    return (
        x.grad.numpy(),
        gamma.grad.numpy(),
        beta.grad.numpy(),
        x_hat.grad.numpy(),
        var.grad.numpy().reshape(lay.stats_shape),
        (mean.grad if lay.centered else torch.zeros_like(mean)).numpy().reshape(lay.stats_shape),
    )
