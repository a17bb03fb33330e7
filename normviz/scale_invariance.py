"""Scale invariance of a normalization layer: a linear layer z = W·u + b right before it.

u is a batch of N samples with D_in features at L positions (a 1×1 convolution; L = 1 is a
fully connected layer), z has C = D_out channels. Every method here (BN, LN, IN, GN) divides
the scale a of the weights out again: Norm(aW·u) = Norm(W·u) up to ε. So the output and
∂L/∂u do not change with a, while the gradient with respect to the scaled weights aW
shrinks as 1/a (Ioffe & Szegedy 2015, §3.3): larger weights get smaller gradients, and the
scale at which W is initialized does not change the forward pass.

A bias b before the layer is removed by the mean subtraction only when it is constant over
each normalization group: a per-channel bias cancels in BN (one channel's values share μ)
and IN, but not in LN (μ is over all channels of a sample) nor, in general, in GN (only a
bias constant within each group of channels cancels).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from normviz.backward import backward, upstream_gradient, upstream_kind
from normviz.forward import normalize
from normviz.i18n import InputError

DEFAULT_SCALES = np.logspace(-1, 2, 31)  # a from 0.1 to 100
DEMO_BATCH = 16  # samples of the page's demonstration layer
DEMO_OUTPUTS = 4  # channels of the page's demonstration layer
DEMO_POSITIONS = 8  # positions per channel (IN needs more than one)
DEMO_BIAS = 3.0  # the bias the page adds
DEMO_STEP = 0.01  # the SGD step size η of the page's weight-norm example


@dataclass(frozen=True)
class LinearBN:
    """A fixed batch u (N×D_in×L), weights W (D_out×D_in), bias b, and the loss's weights."""

    u: np.ndarray
    weight: np.ndarray
    bias: np.ndarray
    eps: float
    loss: str  # a key of backward.UPSTREAM_KINDS
    seed: int


def make_linear_bn(
    batch: int = 32,
    inputs: int = 8,
    outputs: int = 4,
    *,
    positions: int = 1,
    eps: float = 1e-5,
    loss: str = "weighted sum",
    seed: int = 0,
) -> LinearBN:
    """A small Linear (or 1×1 conv over `positions`) → Norm model, the same for the same
    arguments."""
    if batch < 2:
        raise InputError("errors.scale_invariance.batch", batch=batch)
    if inputs < 1 or outputs < 1 or positions < 1:
        raise InputError("errors.scale_invariance.linear_size", inputs=inputs, outputs=outputs)
    rng = np.random.default_rng(seed)
    u = rng.standard_normal((batch, inputs, positions))
    weight = rng.standard_normal((outputs, inputs)) / np.sqrt(inputs)  # z has variance ≈ 1
    bias = rng.standard_normal(outputs) * 3.0  # a visible bias, to show it cancels
    return LinearBN(u, weight, bias, float(eps), upstream_kind(loss), seed)


def demo_groups(method: str, groups: int | None, channels: int = DEMO_OUTPUTS) -> int | None:
    """The G the demonstration layer uses for GN: the sidebar's G if it divides its C, else 2."""
    if method != "group":
        return None
    return groups if groups and channels % groups == 0 else 2


def _pre_activation(model: LinearBN, a: float = 1.0, bias: np.ndarray | None = None):
    """z[n, c, l] = Σ_d a·W[c, d]·u[n, d, l] (+ b[c])."""
    z = np.einsum("cd,ndl->ncl", a * model.weight, model.u)
    return z if bias is None else z + bias[None, :, None]


@dataclass(frozen=True)
class ScaleScan:
    """What changes, and what does not, as W is scaled by a (one entry per a)."""

    scales: np.ndarray  # a
    output_change: np.ndarray  # max |Norm(aW·u) − Norm(W·u)|: 0 up to ε
    output_change_by_eps: np.ndarray  # the same, predicted from ε alone (see _eps_effect)
    grad_u_change: np.ndarray  # max |∂L/∂u at a − ∂L/∂u at 1|: 0 up to ε
    grad_w_norm: np.ndarray  # ‖∂L/∂(aW)‖ (Frobenius), by torch autograd
    grad_w_norm_predicted: np.ndarray  # ‖∂L/∂W‖ at a = 1, divided by a
    grad_w_formula_diff: np.ndarray  # max |autograd − (∂L/∂z from the §6 formulas)·u|
    grad_b_max: np.ndarray  # max_c |∂L/∂b_c| at b = 0: zero up to rounding for BN and IN
    bias_output_change: float  # max |Norm(W·u + b) − Norm(W·u)| for the model's bias
    weight_cosine: float  # ⟨W, ∂L/∂W⟩ / (‖W‖·‖∂L/∂W‖) at a = 1: 0 (∂L/∂W ⟂ W) up to ε
    weight_norm_sq: float  # ‖W‖²
    weight_norm_sq_after_step: float  # ‖W − η·∂L/∂W‖² after one SGD step of size DEMO_STEP
    step_growth_predicted: float  # η²·‖∂L/∂W‖²: the growth when ∂L/∂W ⟂ W


def scan_scales(
    model: LinearBN | None = None,
    scales=DEFAULT_SCALES,
    *,
    method: str = "batch",
    groups: int | None = None,
) -> ScaleScan:
    """Scale W by each a and measure the output, ∂L/∂u, ∂L/∂(aW) and ∂L/∂b (at b = 0)."""
    model = make_linear_bn() if model is None else model
    scales = np.asarray(scales, dtype=np.float64).reshape(-1)
    if scales.size == 0 or not np.all(np.isfinite(scales)) or np.any(scales <= 0):
        raise InputError("errors.scale_invariance.scales")
    norm = (method, groups)
    y_ref, grad_u_ref, grad_w_ref, _ = _autograd(model, 1.0, *norm)
    rows = [_autograd(model, a, *norm) for a in scales]
    grad_w_formula = [_grad_w_by_formula(model, a, *norm) for a in scales]
    y_bias = _autograd(model, 1.0, *norm, bias=model.bias)[0]
    weight = model.weight
    step = weight - DEMO_STEP * grad_w_ref
    return ScaleScan(
        scales=scales,
        output_change=np.array([np.max(np.abs(y - y_ref)) for y, *_ in rows]),
        output_change_by_eps=_eps_effect(model, scales, *norm),
        grad_u_change=np.array([np.max(np.abs(gu - grad_u_ref)) for _, gu, _, _ in rows]),
        grad_w_norm=np.array([np.linalg.norm(gw) for _, _, gw, _ in rows]),
        grad_w_norm_predicted=np.linalg.norm(grad_w_ref) / scales,
        grad_w_formula_diff=np.array(
            [
                np.max(np.abs(gw - gf))
                for (_, _, gw, _), gf in zip(rows, grad_w_formula, strict=True)
            ]
        ),
        grad_b_max=np.array([np.max(np.abs(gb)) for *_, gb in rows]),
        bias_output_change=float(np.max(np.abs(y_bias - y_ref))),
        weight_cosine=float(
            np.sum(weight * grad_w_ref) / (np.linalg.norm(weight) * np.linalg.norm(grad_w_ref))
        ),
        weight_norm_sq=float(np.sum(weight**2)),
        weight_norm_sq_after_step=float(np.sum(step**2)),
        step_growth_predicted=float(DEMO_STEP**2 * np.sum(grad_w_ref**2)),
    )


def _reduce_dims(method: str) -> tuple[int, ...]:
    """The axes of z (N, C, L), or of GN's (N, G, C/G·L) view, that share one (μ, σ²)."""
    over_channels = (1,)  # token LN and RMSNorm: the C values of one (sample, position)
    return {
        "batch": (0, 2),
        "layer": (1, 2),
        "instance": (2,),
        "group": (2,),
        "token": over_channels,
        "rms": over_channels,
    }[method]


def _normalize_torch(z: torch.Tensor, method: str, groups: int | None, eps: float):
    """Norm(z) in training mode without γ, β, written out so autograd differentiates it."""
    n, c, length = z.shape
    view = z.reshape(n, groups, -1) if method == "group" else z
    dims = _reduce_dims(method)
    # RMSNorm subtracts no mean (μ := 0), so a bias shared by its group is not removed
    centered = view if method == "rms" else view - view.mean(dim=dims, keepdim=True)
    y = centered / torch.sqrt(centered.square().mean(dim=dims, keepdim=True) + eps)
    return y.reshape(n, c, length)


def _eps_effect(
    model: LinearBN, scales: np.ndarray, method: str = "batch", groups: int | None = None
) -> np.ndarray:
    """max |y(a) − y(1)| that ε alone causes, group by group.

    z(a) − μ(a) = a·(z − μ) and σ²(a) = a²σ², so y(a) = (z − μ)/√(σ² + ε/a²)
    = x̂(1)·√((σ² + ε)/(σ² + ε/a²)): the output only moves because ε/a² ≠ ε.
    """
    result = normalize(_pre_activation(model), method, groups=groups, eps=model.eps)
    x_hat, var = result.y, result.var  # float64 input: y is x̂ (γ = 1, β = 0)
    changes = []
    for a in scales:
        factor = np.sqrt((var + model.eps) / (var + model.eps / a**2))
        changes.append(np.max(np.abs(x_hat * (factor - 1.0))))
    return np.array(changes)


def _autograd(
    model: LinearBN,
    a: float,
    method: str = "batch",
    groups: int | None = None,
    *,
    bias: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Output, ∂L/∂u, ∂L/∂(aW) and ∂L/∂b by torch autograd, at scale a (b = 0 by default)."""
    u = torch.tensor(model.u, requires_grad=True)
    scaled_w = torch.tensor(a * model.weight, requires_grad=True)  # the leaf is aW itself
    b = torch.tensor(np.zeros_like(model.bias) if bias is None else bias, requires_grad=True)
    # z = (aW)·u + b as a broadcast product and sum: for these tiny shapes torch's
    # multithreaded matmul and F.batch_norm were 10 to 100 times slower on a busy machine
    z = (scaled_w[None, :, :, None] * u[:, None, :, :]).sum(dim=2) + b[None, :, None]
    y = _normalize_torch(z, method, groups, model.eps)
    grad_y = upstream_gradient(model.loss, y.detach().numpy(), model.seed)
    y.backward(torch.from_numpy(grad_y))
    return y.detach().numpy(), u.grad.numpy(), scaled_w.grad.numpy(), b.grad.numpy()


def _grad_w_by_formula(
    model: LinearBN, a: float, method: str = "batch", groups: int | None = None
) -> np.ndarray:
    """∂L/∂(aW) = Σ_{n,l} ∂L/∂z·u, with ∂L/∂z from the §6 formulas of `normviz.backward`."""
    z = _pre_activation(model, a)
    y = normalize(z, method, groups=groups, eps=model.eps).y
    grad_y = upstream_gradient(model.loss, y, model.seed)
    grad_z = backward(z, method, grad_y, groups=groups, eps=model.eps).grad_x
    return np.einsum("ncl,ndl->cd", grad_z, model.u)


@dataclass(frozen=True)
class BiasEffect:
    """What a bias b before the layer does to its output: b on every channel, b on one."""

    value: float  # the bias added
    y_plain: np.ndarray  # sample 0's output without bias, channel by channel (C·L values)
    y_every: np.ndarray  # with b on every channel
    y_one: np.ndarray  # with b on channel 0 only
    change_every: float  # max |Δy| over the whole batch
    change_one: float
    grad_b: np.ndarray  # ∂L/∂b_c at b = 0, per channel (its sum over a group is 0)
    positions: int  # values per channel and sample (L)


def bias_effect(
    model: LinearBN,
    method: str = "batch",
    groups: int | None = None,
    value: float = DEMO_BIAS,
) -> BiasEffect:
    """The output with b = 0, b = value on every channel and b = value on channel 0 only."""
    channels = model.weight.shape[0]
    every = np.full(channels, float(value))
    one = np.zeros(channels)
    one[0] = value
    y0, _, _, grad_b = _autograd(model, 1.0, method, groups)
    y_every = _autograd(model, 1.0, method, groups, bias=every)[0]
    y_one = _autograd(model, 1.0, method, groups, bias=one)[0]
    return BiasEffect(
        value=float(value),
        y_plain=y0[0].reshape(-1),
        y_every=y_every[0].reshape(-1),
        y_one=y_one[0].reshape(-1),
        change_every=float(np.max(np.abs(y_every - y0))),
        change_one=float(np.max(np.abs(y_one - y0))),
        grad_b=grad_b,
        positions=model.u.shape[2],
    )
