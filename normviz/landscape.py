"""How smooth is the loss along the gradient, with and without BN (Santurkar et al. 2018)?

The BN paper explained its success by reduced "internal covariate shift". Santurkar et al.
("How does batch normalization help optimization?", 2018) showed the distribution shift is
not the point: BN makes the loss landscape smoother. Their measurement, repeated here on a
small fixed model: at parameters θ with gradient g, step to θ − η·g for several step
sizes η and record the loss, the gradient norm, and how far the gradient has moved from g
("gradient predictiveness"). Smooth means: the loss changes little and predictably, and
the gradient stays close to g, so larger steps (learning rates) are safe.

The model: a ReLU MLP (He initialization), the same weights with and without a normalization
after each hidden linear layer (without γ, β: pure normalization), on fixed synthetic data.
Santurkar et al. measured BN; the same measurement runs here with LN or GN (over the
features of each sample) too. IN is useless on a fully connected layer: each (sample, unit)
group holds one value, so x̂ = 0 and the output is β; it has no curve here.

Written in numpy with the backward pass by hand (BN's is the §6 result, see
`normviz.backward`); the tests check it against torch autograd. Numpy, not torch: on a
shared 2-core machine torch's multithreaded small matmuls and batch_norm ran 10 to 60
times slower under load, numpy's stayed fast.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from normviz.i18n import InputError

DEFAULT_STEP_SIZES = np.logspace(-2, 0.5, 16)  # η from 0.01 to 3.2
BN_EPS = 1e-5
CLASSES = 3
# IN: one value per (sample, unit) on an MLP; token LN on an MLP is LN
LANDSCAPE_METHODS = ("batch", "layer", "group", "token", "rms")


@dataclass(frozen=True)
class LandscapeCurve:
    """One model's measurements along −g, one entry per step size η."""

    with_bn: bool
    loss_at_start: float  # L(θ)
    grad_norm_at_start: float  # ‖g‖ = ‖∇L(θ)‖
    loss: np.ndarray  # L(θ − η·g)
    grad_norm: np.ndarray  # ‖∇L(θ − η·g)‖
    grad_change: np.ndarray  # ‖∇L(θ − η·g) − g‖: small means the gradient is predictive
    effective_smoothness: float  # max over η > 0 of ‖∇L(θ − η·g) − g‖ / ‖η·g‖ ("β")

    @property
    def loss_range(self) -> float:
        """max − min of the loss over the step sizes: Santurkar's 'loss landscape' spread."""
        return float(np.nanmax(self.loss) - np.nanmin(self.loss))


@dataclass(frozen=True)
class Landscape:
    """The same measurement for the plain model and the model with BN."""

    step_sizes: np.ndarray  # η
    plain: LandscapeCurve
    batch_norm: LandscapeCurve  # the normalized model (BN unless `method` says otherwise)
    depth: int
    width: int
    train_steps: int  # SGD steps taken before measuring (0: at initialization)
    method: str = "batch"
    groups: int = 1  # GN's G (LN is G = 1 over the features)


def measure_landscape(
    step_sizes=DEFAULT_STEP_SIZES,
    *,
    depth: int = 6,
    width: int = 32,
    train_steps: int = 0,
    learning_rate: float = 0.05,
    seed: int = 0,
    method: str = "batch",
    groups: int = 1,
) -> Landscape:
    """Loss, gradient norm and gradient change along −∇L for the MLP with and without a
    normalization (`method`: BN, LN, or GN with `groups` groups of features).

    Both models start from the same weights and data (fixed by `seed`) and take the same
    number of plain SGD steps before the measurement.
    """
    step_sizes = np.asarray(step_sizes, dtype=np.float64).reshape(-1)
    if step_sizes.size == 0 or not np.all(np.isfinite(step_sizes)) or np.any(step_sizes < 0):
        raise InputError("errors.landscape.step_sizes")
    if not 1 <= depth <= 20 or not 2 <= width <= 256:
        raise InputError("errors.landscape.model_size", depth=depth, width=width)
    if train_steps < 0 or learning_rate <= 0:
        raise InputError(
            "errors.landscape.training", train_steps=train_steps, learning_rate=learning_rate
        )
    if method not in LANDSCAPE_METHODS or (method == "group" and width % groups):
        raise InputError("errors.landscape.model_size", depth=depth, width=width)
    norm = _Norm(method, groups if method == "group" else 1)  # token LN on an MLP is LN
    inputs, labels = _data(seed)
    start = _init(seed, inputs.shape[1], width, depth, CLASSES)
    curves = []
    for with_bn in (False, True):
        params = [p.copy() for p in start]
        for _ in range(train_steps):
            _, grads = loss_and_grad(params, inputs, labels, with_bn, norm)
            params = [p - learning_rate * g for p, g in zip(params, grads, strict=True)]
        curves.append(_along_gradient(params, inputs, labels, with_bn, step_sizes, norm))
    return Landscape(
        step_sizes, curves[0], curves[1], depth, width, train_steps, norm.method, norm.groups
    )


@dataclass(frozen=True)
class _Norm:
    """Which normalization follows each hidden layer: BN over the batch, LN or GN over the
    features of each sample (in `groups` groups)."""

    method: str = "batch"
    groups: int = 1

    @property
    def centered(self) -> bool:
        """RMSNorm subtracts no mean (μ := 0); every other method does."""
        return self.method != "rms"

    def view(self, pre: np.ndarray) -> tuple[np.ndarray, int]:
        """pre (N, width) as the array and axis its statistics are taken over."""
        if self.method == "batch":
            return pre, 0
        return pre.reshape(pre.shape[0], self.groups, -1), 2


def _along_gradient(params, inputs, labels, with_bn, step_sizes, norm) -> LandscapeCurve:
    loss0, grad0 = loss_and_grad(params, inputs, labels, with_bn, norm)
    losses, norms, changes = [], [], []
    for eta in step_sizes:
        moved = [p - eta * g for p, g in zip(params, grad0, strict=True)]
        with np.errstate(over="ignore", invalid="ignore"):  # a huge step may overflow
            loss, grads = loss_and_grad(moved, inputs, labels, with_bn, norm)
        losses.append(loss)
        norms.append(_norm(grads))
        changes.append(_norm([g - g0 for g, g0 in zip(grads, grad0, strict=True)]))
    grad_norm0 = _norm(grad0)
    grad_change = _finite_or_nan(changes)
    # effective β-smoothness: how fast the gradient turns per unit of distance moved
    moved_by = np.where(step_sizes > 0, step_sizes * grad_norm0, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratios = grad_change / moved_by
    smoothness = float(np.nanmax(ratios)) if np.any(np.isfinite(ratios)) else float("nan")
    return LandscapeCurve(
        with_bn=with_bn,
        loss_at_start=loss0,
        grad_norm_at_start=grad_norm0,
        loss=_finite_or_nan(losses),
        grad_norm=_finite_or_nan(norms),
        grad_change=grad_change,
        effective_smoothness=smoothness,
    )


def _data(seed: int, samples: int = 256, features: int = 10, classes: int = CLASSES):
    """Gaussian inputs, labels from a fixed random teacher with label noise."""
    rng = np.random.default_rng(seed)
    inputs = rng.standard_normal((samples, features))
    teacher = rng.standard_normal((features, classes))
    noise = 0.3 * rng.standard_normal((samples, classes))
    labels = np.argmax(np.tanh(inputs @ teacher) + noise, axis=1)
    return inputs, labels


def _init(seed: int, features: int, width: int, depth: int, classes: int) -> list[np.ndarray]:
    """He initialization (std √(2/fan_in), the standard for ReLU) and zero biases.

    Returned flat: [W₁, b₁, W₂, b₂, ..., W_out, b_out], W of shape (fan_out, fan_in).
    """
    rng = np.random.default_rng([seed, 1])  # a stream independent of the data's
    sizes = [features] + [width] * depth + [classes]
    params = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:], strict=True):
        params += [
            rng.standard_normal((fan_out, fan_in)) * np.sqrt(2.0 / fan_in),
            np.zeros(fan_out),
        ]
    return params


def loss_and_grad(
    params: list[np.ndarray],
    inputs: np.ndarray,
    labels: np.ndarray,
    with_bn: bool,
    norm: _Norm = _Norm(),
) -> tuple[float, list[np.ndarray]]:
    """Mean cross-entropy of the MLP on the whole data set (one batch), and its gradient.

    params is [W₁, b₁, ..., W_out, b_out]; the normalization `norm` (training mode, no γ,
    β; BN by default) follows every hidden linear layer when with_bn. The gradient is
    computed by hand, layer by layer.
    """
    # Forward, keeping what the backward pass needs
    hidden, cache = inputs, []
    for weight, bias in zip(params[0:-2:2], params[1:-2:2], strict=True):
        pre = hidden @ weight.T + bias
        inv_std = x_hat = None
        if with_bn:  # BN: per unit over the batch; LN, GN: per sample over (a group of) units
            view, axis = norm.view(pre)
            centered = view - view.mean(axis=axis, keepdims=True) if norm.centered else view
            inv_std = 1.0 / np.sqrt(np.mean(centered**2, axis=axis, keepdims=True) + BN_EPS)
            x_hat = centered * inv_std
            pre = x_hat.reshape(pre.shape)
        cache.append((hidden, pre, inv_std, x_hat))
        hidden = np.maximum(pre, 0.0)
    logits = hidden @ params[-2].T + params[-1]
    shifted = logits - logits.max(axis=1, keepdims=True)  # stable log-softmax
    log_prob = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(labels.size)
    loss = -float(np.mean(log_prob[rows, labels]))

    # Backward: ∂L/∂logits = (softmax − one-hot)/N, then layer by layer
    grad_logits = np.exp(log_prob)
    grad_logits[rows, labels] -= 1.0
    grad_logits /= labels.size
    grads = [grad_logits.T @ hidden, grad_logits.sum(axis=0)]
    grad_hidden = grad_logits @ params[-2]
    for i in range(len(cache) - 1, -1, -1):
        layer_input, pre, inv_std, x_hat = cache[i]
        grad = grad_hidden * (pre > 0)  # through the ReLU
        if with_bn:
            # §6 collapsed: ∂L/∂z = (g − mean(g) − x̂·mean(g·x̂))/√(σ² + ε), per group
            # (RMSNorm has no mean(g) term: it subtracts no mean in the forward pass)
            g, axis = norm.view(grad)
            mean_g = g.mean(axis=axis, keepdims=True) if norm.centered else 0.0
            g = inv_std * (g - mean_g - x_hat * np.mean(g * x_hat, axis=axis, keepdims=True))
            grad = g.reshape(grad.shape)
        weight = params[2 * i]
        grads[:0] = [grad.T @ layer_input, grad.sum(axis=0)]
        grad_hidden = grad @ weight
    return loss, grads


def _norm(arrays: list[np.ndarray]) -> float:
    """Euclidean norm over all parameters together."""
    return float(np.sqrt(sum(np.sum(a**2) for a in arrays)))


def _finite_or_nan(values) -> np.ndarray:
    """Overflowed values (a diverged step) become NaN so plots and summaries skip them."""
    arr = np.asarray(values, dtype=np.float64)
    return np.where(np.isfinite(arr), arr, np.nan)
