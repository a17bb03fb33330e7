"""Scale invariance of BatchNorm: a linear layer z = u·(aW)ᵀ + b right before BN.

BN(u·(aW)ᵀ) = BN(u·Wᵀ) up to ε: BN divides the scale a out again. So the output and
∂L/∂u do not change with a, while the gradient with respect to the scaled weights aW
shrinks as 1/a (BN paper §3.3): larger weights get smaller gradients. And the bias b is
useless: the mean subtraction removes it, and its gradient Σₙ ∂L/∂zₙ is the zero-sum
property of the BN backward pass, so it is exactly zero up to rounding.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from normviz.backward import backward, upstream_gradient, upstream_kind
from normviz.forward import normalize
from normviz.i18n import InputError

DEFAULT_SCALES = np.logspace(-1, 2, 31)  # a from 0.1 to 100


@dataclass(frozen=True)
class LinearBN:
    """A fixed batch u (N×D_in), weights W (D_out×D_in), bias b, and the loss's weights."""

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
    eps: float = 1e-5,
    loss: str = "weighted sum",
    seed: int = 0,
) -> LinearBN:
    """A small Linear → BN model, the same for the same arguments."""
    if batch < 2:
        raise InputError("errors.scale_invariance.batch", batch=batch)
    if inputs < 1 or outputs < 1:
        raise InputError("errors.scale_invariance.linear_size", inputs=inputs, outputs=outputs)
    rng = np.random.default_rng(seed)
    u = rng.standard_normal((batch, inputs))
    weight = rng.standard_normal((outputs, inputs)) / np.sqrt(inputs)  # z has variance ≈ 1
    bias = rng.standard_normal(outputs) * 3.0  # a visible bias, to show it cancels
    return LinearBN(u, weight, bias, float(eps), upstream_kind(loss), seed)


@dataclass(frozen=True)
class ScaleScan:
    """What changes, and what does not, as W is scaled by a (one entry per a)."""

    scales: np.ndarray  # a
    output_change: np.ndarray  # max |BN(u(aW)ᵀ + b) − BN(uWᵀ + b)|: 0 up to ε
    output_change_by_eps: np.ndarray  # the same, predicted from ε alone (see _eps_effect)
    grad_u_change: np.ndarray  # max |∂L/∂u at a − ∂L/∂u at 1|: 0 up to ε
    grad_w_norm: np.ndarray  # ‖∂L/∂(aW)‖ (Frobenius), by torch autograd
    grad_w_norm_predicted: np.ndarray  # ‖∂L/∂W‖ at a = 1, divided by a
    grad_w_formula_diff: np.ndarray  # max |autograd − (∂L/∂z from the §6 formulas)ᵀ·u|
    grad_b_max: np.ndarray  # max |∂L/∂b|: zero up to rounding
    bias_output_change: float  # max |BN(uWᵀ + b) − BN(uWᵀ)|: the bias cancels


def scan_scales(model: LinearBN | None = None, scales=DEFAULT_SCALES) -> ScaleScan:
    """Scale W by each a and measure the BN output, ∂L/∂u, ∂L/∂(aW) and ∂L/∂b."""
    model = make_linear_bn() if model is None else model
    scales = np.asarray(scales, dtype=np.float64).reshape(-1)
    if scales.size == 0 or not np.all(np.isfinite(scales)) or np.any(scales <= 0):
        raise InputError("errors.scale_invariance.scales")

    y_ref, grad_u_ref, grad_w_ref, _ = _autograd(model, 1.0)
    rows = [_autograd(model, a) for a in scales]
    grad_w_formula = [_grad_w_by_formula(model, a) for a in scales]
    y_no_bias = _autograd(model, 1.0, with_bias=False)[0]
    return ScaleScan(
        scales=scales,
        output_change=np.array([np.max(np.abs(y - y_ref)) for y, *_ in rows]),
        output_change_by_eps=_eps_effect(model, scales),
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
        bias_output_change=float(np.max(np.abs(y_ref - y_no_bias))),
    )


def _eps_effect(model: LinearBN, scales: np.ndarray) -> np.ndarray:
    """max |y(a) − y(1)| that ε alone causes, feature by feature.

    z(a) − μ(a) = a·(z − μ) and σ²(a) = a²σ², so y(a) = (z − μ)/√(σ² + ε/a²)
    = x̂(1)·√((σ² + ε)/(σ² + ε/a²)): the output only moves because ε/a² ≠ ε.
    """
    z = model.u @ model.weight.T
    centered = z - z.mean(axis=0)
    var = np.mean(centered**2, axis=0)  # biased, per feature
    x_hat = centered / np.sqrt(var + model.eps)
    a2 = scales.reshape(-1, 1) ** 2
    factor = np.sqrt((var + model.eps) / (var + model.eps / a2))  # (len(scales), D_out)
    return np.max(np.abs(x_hat).max(axis=0) * np.abs(factor - 1.0), axis=1)


def _autograd(
    model: LinearBN, a: float, *, with_bias: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """BN output, ∂L/∂u, ∂L/∂(aW) and ∂L/∂b by torch autograd, at scale a."""
    u = torch.tensor(model.u, requires_grad=True)
    scaled_w = torch.tensor(a * model.weight, requires_grad=True)  # the leaf is aW itself
    bias = torch.tensor(model.bias if with_bias else 0 * model.bias, requires_grad=True)
    # z = u·(aW)ᵀ + b as a broadcast product and sum: for these tiny shapes torch's
    # multithreaded matmul and F.batch_norm were 10 to 100 times slower on a busy machine
    z = (u[:, None, :] * scaled_w[None, :, :]).sum(dim=2) + bias
    # BN in training mode, per feature over the batch
    centered = z - z.mean(dim=0)
    y = centered / torch.sqrt(centered.square().mean(dim=0) + model.eps)
    grad_y = upstream_gradient(model.loss, y.detach().numpy(), model.seed)
    y.backward(torch.from_numpy(grad_y))
    return y.detach().numpy(), u.grad.numpy(), scaled_w.grad.numpy(), bias.grad.numpy()


def _grad_w_by_formula(model: LinearBN, a: float) -> np.ndarray:
    """∂L/∂(aW) = (∂L/∂z)ᵀ·u, with ∂L/∂z from the §6 formulas of `normviz.backward`."""
    z = model.u @ (a * model.weight).T + model.bias
    y = normalize(z, "batch", eps=model.eps).y
    grad_y = upstream_gradient(model.loss, y, model.seed)
    grad_z = backward(z, "batch", grad_y, eps=model.eps).grad_x
    return grad_z.T @ model.u
