"""BatchNorm as it is deployed: folded into the layer before it, and four pitfalls, each run.

Folding (numpy): in eval mode BN is a fixed affine map per channel, so it merges into the
preceding conv or linear layer: W′ = γ·W/√(σ²+ε) per output channel, b′ = β + γ·(b − μ)/√(σ²+ε),
with μ, σ² the running statistics. `fold_check` runs the unfolded (Conv2d → BatchNorm2d, or
Linear → BatchNorm1d, in eval mode) and the folded layer in torch on one input and measures
their difference, in float32 and float64.

The pitfalls run small torch models on the shipped digits (normviz.digits), each in well
under half a second:
a) `batch_dependence`: forgetting model.eval(): one image's prediction depends on its batch;
b) `frozen_fine_tune`: requires_grad=False does not freeze running_mean/running_var, while
   Keras' trainable=False (emulated here by BN modules in eval mode) does;
c) `untracked_stats`: track_running_stats=False uses batch statistics in eval mode too;
d) `device_statistics`: per-device BN statistics (plain BN under DDP) against those of the
   global batch (what SyncBatchNorm computes), with normviz.normalize.
No Streamlit here.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

import normviz as nv
from normviz.digits import NUM_CLASSES, load_digits
from normviz.i18n import InputError, Message
from normviz.methods import training_refusal
from normviz.seeded import seeded
from normviz.validation import as_float_array, check_eps

KERNEL = 3  # the demo conv: 3×3, padding 1, C → C channels
FOLD_BUDGET = 20_000_000  # multiply-adds of the demo layer per dtype, at most
DTYPES = ("float32", "float64")
DEMO_SEED = 0
HIDDEN = 32  # the digits MLP: 64 → Linear → BatchNorm1d(32) → ReLU → Linear → 10
TRAIN_STEPS = 150
TRAIN_BATCH = 64
TRAIN_LR = 0.1  # SGD with momentum 0.9
BATCH = 16  # the batches of pitfalls a) and c): the chosen image and 15 others
FINE_TUNE_STEPS = 20
FINE_TUNE_LR = 0.1
TARGET_SHIFT = (0.5, 0.5)  # the fine-tuning domain: the same digits as 0.5 + 0.5·x


# --- folding ------------------------------------------------------------------------------


def fold_bn(
    weight: np.ndarray,
    bias: np.ndarray | None,
    gamma: np.ndarray,
    beta: np.ndarray,
    running_mean: np.ndarray,
    running_var: np.ndarray,
    eps: float,
) -> tuple[np.ndarray, np.ndarray]:
    """(W′, b′) of the layer that equals `weight, bias` followed by BN in eval mode.

    W′[k] = s_k·W[k] and b′_k = β_k + s_k·(b_k − μ_k), with s_k = γ_k/√(σ²_k + ε), k the
    output channel (the first axis of `weight`). Computed in weight's dtype, as a deployed
    model stores it; no bias means b = 0.
    """
    weight = as_float_array(weight)
    dtype = weight.dtype
    out = weight.shape[0]
    bias = np.zeros(out, dtype) if bias is None else np.asarray(bias, dtype)
    gamma, beta, mean, var = (
        np.asarray(a, dtype).reshape(-1) for a in (gamma, beta, running_mean, running_var)
    )
    for array in (bias, gamma, beta, mean, var):
        if array.size != out:
            raise InputError("p11.error.fold_size", size=array.size, out=out)
    denominator = var + dtype.type(check_eps(eps))
    if not (np.isfinite(denominator).all() and (denominator > 0).all()):
        raise InputError("p11.error.fold_variance")
    scale = gamma / np.sqrt(denominator)
    folded_weight = weight * scale.reshape(out, *(1,) * (weight.ndim - 1))
    folded_bias = beta + (bias - mean) * scale
    return folded_weight, folded_bias


@dataclass(frozen=True)
class DeployedLayer:
    """A conv (or linear) layer and the BN after it, as after training, in float64."""

    weight: np.ndarray  # (C, C, 3, 3) or (C, C)
    bias: np.ndarray | None
    gamma: np.ndarray
    beta: np.ndarray
    running_mean: np.ndarray
    running_var: np.ndarray
    eps: float
    stats_refusal: Message | None  # why no training pass set the running statistics

    @property
    def conv(self) -> bool:
        return self.weight.ndim == 4


def fold_input(x: np.ndarray, budget: int = FOLD_BUDGET) -> np.ndarray:
    """The leading samples of x (and, if one sample is too big, a top-left window of it)
    on which a C → C layer costs at most `budget` multiply-adds."""
    c = x.shape[1]
    per_position = c * c * (KERNEL * KERNEL if x.ndim == 4 else 1)
    positions = math.prod(x.shape[2:])
    samples = max(1, min(x.shape[0], budget // (per_position * positions)))
    if x.ndim != 4 or per_position * positions <= budget:
        return x[:samples]
    fit = max(1, budget // per_position)
    h = min(x.shape[2], max(1, math.isqrt(fit)))
    w = min(x.shape[3], max(1, fit // h))
    return x[:1, :, :h, :w]


def deployed_layer(
    x: np.ndarray,
    gamma: np.ndarray,
    beta: np.ndarray,
    eps: float = 1e-5,
    *,
    bias: bool = True,
    seed: int = DEMO_SEED,
) -> DeployedLayer:
    """Conv2d(C, C, 3, padding=1) (Linear(C, C) for an N×C x) with PyTorch's default
    initialization from `seed`, and BN(C) with γ, β, ε whose running statistics come from
    one training-mode pass over x with momentum=None (the cumulative average of one batch:
    its mean and unbiased variance). When BN cannot train on x (one value per channel), the
    running statistics keep their initial 0 and 1, and stats_refusal says why."""
    x = as_float_array(x)
    c = x.shape[1]
    if not eps > 0:  # torch's batch_norm refuses ε = 0 in training mode
        raise InputError("p11.error.eps_zero")
    with seeded(seed):
        layer = _layer(x.ndim, c, bias, torch.float64)
    bn = _bn(x.ndim, c, gamma, beta, eps, torch.float64, momentum=None)
    refusal = training_refusal(x.shape, "batch")
    if refusal is None:
        bn.train()
        with torch.no_grad():
            bn(layer(torch.from_numpy(np.array(x, dtype=np.float64))))
    return DeployedLayer(
        weight=layer.weight.detach().numpy().copy(),
        bias=layer.bias.detach().numpy().copy() if bias else None,
        gamma=np.asarray(gamma, np.float64).copy(),
        beta=np.asarray(beta, np.float64).copy(),
        running_mean=bn.running_mean.numpy().copy(),
        running_var=bn.running_var.numpy().copy(),
        eps=float(eps),
        stats_refusal=refusal,
    )


def _layer(ndim: int, c: int, bias: bool, dtype: torch.dtype) -> nn.Module:
    if ndim == 4:
        return nn.Conv2d(c, c, KERNEL, padding=KERNEL // 2, bias=bias, dtype=dtype)
    return nn.Linear(c, c, bias=bias, dtype=dtype)


def _bn(ndim, c, gamma, beta, eps, dtype, momentum: float | None = 0.1) -> nn.Module:
    kind = nn.BatchNorm2d if ndim == 4 else nn.BatchNorm1d
    bn = kind(c, eps=eps, momentum=momentum, dtype=dtype)
    with torch.no_grad():
        bn.weight.copy_(torch.as_tensor(np.asarray(gamma, np.float64)))
        bn.bias.copy_(torch.as_tensor(np.asarray(beta, np.float64)))
    return bn


@dataclass(frozen=True)
class FoldCheck:
    """The unfolded and the folded layer in eval mode, on one input, in one dtype."""

    dtype: str
    folded_weight: np.ndarray
    folded_bias: np.ndarray
    unfolded: np.ndarray  # BN(layer(x)) in eval mode, by torch
    folded: np.ndarray  # layer′(x) with W′, b′
    max_difference: float  # max |folded − unfolded|
    torch_fused_difference: float  # max |torch's fuse_*_bn_eval(x) − unfolded|

    @property
    def max_abs_output(self) -> float:
        return float(np.abs(self.unfolded).max())


def fold_check(x: np.ndarray, layer: DeployedLayer, dtype: str = "float32") -> FoldCheck:
    """Run conv → BN (eval mode) and the folded conv (W′, b′ from fold_bn, in `dtype`) in
    torch on x; also torch.nn.utils.fusion's own fused layer as a second opinion."""
    from torch.nn.utils.fusion import fuse_conv_bn_eval, fuse_linear_bn_eval

    if dtype not in DTYPES:
        raise InputError("p11.error.dtype", dtype=dtype, valid=", ".join(DTYPES))
    np_dtype, torch_dtype = np.dtype(dtype), getattr(torch, dtype)
    x = as_float_array(x)
    c = x.shape[1]
    has_bias = layer.bias is not None
    weight = layer.weight.astype(np_dtype)
    bias = layer.bias.astype(np_dtype) if has_bias else None
    folded_weight, folded_bias = fold_bn(
        weight, bias, layer.gamma, layer.beta, layer.running_mean, layer.running_var, layer.eps
    )
    # The layers' own initial weights are overwritten below; drawn seeded (normviz.seeded), so
    # that they do not come from the global generator while another thread's seeded build uses it.
    with seeded(0):
        base = _layer(x.ndim, c, has_bias, torch_dtype)
        folded = _layer(x.ndim, c, True, torch_dtype)
    bn = _bn(
        x.ndim, c, layer.gamma.astype(np_dtype), layer.beta.astype(np_dtype), layer.eps, torch_dtype
    )
    with torch.no_grad():
        base.weight.copy_(torch.from_numpy(weight))
        if has_bias:
            base.bias.copy_(torch.from_numpy(bias))
        bn.running_mean.copy_(torch.from_numpy(layer.running_mean.astype(np_dtype)))
        bn.running_var.copy_(torch.from_numpy(layer.running_var.astype(np_dtype)))
        folded.weight.copy_(torch.from_numpy(folded_weight))
        folded.bias.copy_(torch.from_numpy(folded_bias))
    base.eval()
    bn.eval()
    fuse = fuse_conv_bn_eval if x.ndim == 4 else fuse_linear_bn_eval
    fused = fuse(base, bn)
    inputs = torch.from_numpy(np.array(x, dtype=np_dtype))
    with torch.no_grad():
        unfolded = bn(base(inputs)).numpy()
        folded_out = folded(inputs).numpy()
        fused_out = fused(inputs).numpy()
    return FoldCheck(
        dtype=dtype,
        folded_weight=folded_weight,
        folded_bias=folded_bias,
        unfolded=unfolded,
        folded=folded_out,
        max_difference=float(np.abs(folded_out - unfolded).max()),
        torch_fused_difference=float(np.abs(fused_out - unfolded).max()),
    )


@dataclass(frozen=True)
class FoldDemo:
    x: np.ndarray  # the input the layers ran on (fold_input of the tensor)
    layer: DeployedLayer
    checks: dict[str, FoldCheck]  # by dtype


def fold_demo(
    x: np.ndarray, gamma, beta, eps: float = 1e-5, *, bias: bool = True, seed: int = DEMO_SEED
) -> FoldDemo:
    """The demo layer on (the affordable part of) x, folded and checked in both dtypes."""
    x = fold_input(as_float_array(x))
    layer = deployed_layer(x, gamma, beta, eps, bias=bias, seed=seed)
    return FoldDemo(x=x, layer=layer, checks={d: fold_check(x, layer, d) for d in DTYPES})


# --- the digits MLP of pitfalls a) to c) ---------------------------------------------------


def digits_mlp(track_running_stats: bool = True, seed: int = DEMO_SEED) -> nn.Sequential:
    """64 → Linear(64, 32) → BatchNorm1d(32) → ReLU → Linear(32, 10), PyTorch's default init."""
    with seeded(seed):
        return nn.Sequential(
            nn.Linear(64, HIDDEN),
            nn.BatchNorm1d(HIDDEN, track_running_stats=track_running_stats),
            nn.ReLU(),
            nn.Linear(HIDDEN, NUM_CLASSES),
        )


def _digits(shift: tuple[float, float] = (0.0, 1.0)) -> tuple[torch.Tensor, ...]:
    """Train images, labels, test images, labels as flat float32 tensors; pixels a + b·x."""
    d = load_digits()
    a, b = shift
    return (
        torch.tensor(a + b * d.train_x.reshape(-1, 64)),
        torch.tensor(d.train_y),
        torch.tensor(a + b * d.test_x.reshape(-1, 64)),
        torch.tensor(d.test_y),
    )


def train_digits_mlp(track_running_stats: bool = True, seed: int = DEMO_SEED) -> nn.Sequential:
    """The MLP after TRAIN_STEPS steps of SGD (momentum 0.9) on batches of 64 train images,
    in eval mode (a fresh copy of a cached training run)."""
    return copy.deepcopy(_trained(bool(track_running_stats), int(seed)))


@lru_cache(maxsize=4)
def _trained(track_running_stats: bool, seed: int) -> nn.Sequential:
    model = digits_mlp(track_running_stats, seed)
    train_x, train_y, _, _ = _digits()
    _sgd(model, model.parameters(), train_x, train_y, TRAIN_STEPS, TRAIN_LR, seed)
    return model.eval()


def _sgd(model, params, x, y, steps: int, lr: float, seed: int, keep_bn_eval=False) -> list:
    """Train in training mode; returns each step's BN running_mean (steps + 1 rows)."""
    generator = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.SGD(list(params), lr=lr, momentum=0.9)
    bn = model[1]
    model.train()
    if keep_bn_eval:
        bn.eval()
    trail = [None if bn.running_mean is None else bn.running_mean.clone()]
    for _ in range(steps):
        index = torch.randint(0, x.shape[0], (TRAIN_BATCH,), generator=generator)
        loss = F.cross_entropy(model(x[index]), y[index])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        trail.append(None if bn.running_mean is None else bn.running_mean.clone())
    return trail


def _probabilities(model: nn.Module, x: torch.Tensor, train_mode: bool) -> np.ndarray:
    """Softmax outputs of a copy of the model (a train-mode pass would move its statistics)."""
    copy_ = copy.deepcopy(model)
    copy_.train(train_mode)
    with torch.no_grad():
        return torch.softmax(copy_(x), dim=1).numpy().astype(np.float64)


@dataclass(frozen=True)
class TwoBatches:
    """One test image inside two batches of BATCH images: a mixed one (random test images)
    and a one-class one (BATCH − 1 other test images of the same digit)."""

    index: int  # the image's position in the test set
    label: int
    mixed: np.ndarray  # (10,) its class probabilities in the mixed batch
    one_class: np.ndarray  # (10,) in the one-class batch
    accuracy_mixed: float  # the whole test set in shuffled batches of BATCH
    accuracy_sorted: float  # in batches of BATCH images of one class (sorted by label)

    @property
    def max_difference(self) -> float:
        return float(np.abs(self.mixed - self.one_class).max())


def _two_batches(model, index: int, train_mode: bool, seed: int) -> TwoBatches:
    _, _, test_x, test_y = _digits()
    count = test_x.shape[0]
    if not 0 <= index < count:
        raise InputError("p11.error.image", index=index, last=count - 1)
    label = int(test_y[index])
    rng = np.random.default_rng(seed)
    others = np.flatnonzero(np.arange(count) != index)
    mixed = np.concatenate([[index], rng.choice(others, BATCH - 1, replace=False)])
    same = np.flatnonzero((test_y.numpy() == label) & (np.arange(count) != index))
    one_class = np.concatenate([[index], rng.choice(same, BATCH - 1, replace=False)])
    p_mixed = _probabilities(model, test_x[mixed], train_mode)[0]
    p_one = _probabilities(model, test_x[one_class], train_mode)[0]
    shuffled = rng.permutation(count)
    by_label = np.argsort(test_y.numpy(), kind="stable")
    return TwoBatches(
        index=index,
        label=label,
        mixed=p_mixed,
        one_class=p_one,
        accuracy_mixed=_batched_accuracy(model, test_x, test_y, shuffled, train_mode),
        accuracy_sorted=_batched_accuracy(model, test_x, test_y, by_label, train_mode),
    )


def _batched_accuracy(model, x, y, order: np.ndarray, train_mode: bool) -> float:
    """Accuracy over the test set fed in consecutive batches of BATCH images of `order`."""
    copy_ = copy.deepcopy(model)
    copy_.train(train_mode)
    correct = 0
    with torch.no_grad():
        for start in range(0, order.size, BATCH):
            part = torch.from_numpy(order[start : start + BATCH])
            correct += int((copy_(x[part]).argmax(1) == y[part]).sum())
    return correct / order.size


@dataclass(frozen=True)
class BatchDependence:
    """Pitfall a): the same image in two batches, in training mode and in eval mode."""

    train: TwoBatches
    eval: TwoBatches
    single_refusal: str  # PyTorch's error for a batch of one image in training mode


def batch_dependence(index: int = 0, seed: int = DEMO_SEED) -> BatchDependence:
    """The trained MLP, its test image `index` in a mixed and a one-class batch."""
    model = train_digits_mlp(True, seed)
    _, _, test_x, _ = _digits()
    single = copy.deepcopy(model).train()
    try:
        with torch.no_grad():
            single(test_x[index : index + 1])
        refusal = ""
    except ValueError as error:  # "Expected more than 1 value per channel when training, …"
        refusal = str(error).split("\n")[0]
    return BatchDependence(
        train=_two_batches(model, index, True, seed),
        eval=_two_batches(model, index, False, seed),
        single_refusal=refusal,
    )


@dataclass(frozen=True)
class FrozenFineTune:
    """Pitfall b): fine-tune the head on shifted digits, BN's γ, β with requires_grad=False.

    "grad": PyTorch with requires_grad=False only (BN in training mode, as model.train()
    leaves it); "eval": the BN module in eval mode, which is what Keras does for
    trainable=False (an emulation: Keras does not run here)."""

    steps: int
    momentum: float
    mean_before: np.ndarray
    var_before: np.ndarray
    mean_after: dict[str, np.ndarray]
    var_after: dict[str, np.ndarray]
    affine_change: dict[str, float]  # max |Δγ|, |Δβ| over both
    mean_trail: dict[str, np.ndarray]  # (steps + 1, HIDDEN): running_mean after each step
    source_accuracy_before: float  # eval mode, on the original test images
    source_accuracy_after: dict[str, float]
    train_mode_after_model_train: bool  # bn.training after bn.eval() and then model.train()

    def mean_change(self, mode: str) -> float:
        return float(np.abs(self.mean_after[mode] - self.mean_before).max())

    def var_change(self, mode: str) -> float:
        return float(np.abs(self.var_after[mode] - self.var_before).max())


FINE_TUNE_MODES = ("grad", "eval")


def frozen_fine_tune(seed: int = DEMO_SEED, steps: int = FINE_TUNE_STEPS) -> FrozenFineTune:
    """Pretrain on the digits; then train only the head for `steps` steps on the digits as
    0.5 + 0.5·x, with every other parameter (BN's γ, β included) at requires_grad=False."""
    pretrained = train_digits_mlp(True, seed)
    target_x, target_y, _, _ = _digits(TARGET_SHIFT)
    _, _, source_x, source_y = _digits()
    bn0 = pretrained[1]
    after_mean, after_var, change, trails, accuracy = {}, {}, {}, {}, {}
    for mode in FINE_TUNE_MODES:
        model = copy.deepcopy(pretrained)
        for param in model.parameters():
            param.requires_grad_(False)
        model[3].requires_grad_(True)  # the head
        trail = _sgd(
            model,
            model[3].parameters(),
            target_x,
            target_y,
            steps,
            FINE_TUNE_LR,
            seed + 1,
            keep_bn_eval=mode == "eval",
        )
        bn = model[1]
        after_mean[mode] = bn.running_mean.numpy().copy()
        after_var[mode] = bn.running_var.numpy().copy()
        with torch.no_grad():
            change[mode] = max(
                float((bn.weight - bn0.weight).abs().max()), float((bn.bias - bn0.bias).abs().max())
            )
        trails[mode] = torch.stack(trail).numpy().astype(np.float64)
        model.eval()
        with torch.no_grad():
            accuracy[mode] = float((model(source_x).argmax(1) == source_y).float().mean())
    with torch.no_grad():
        before = float((pretrained(source_x).argmax(1) == source_y).float().mean())
    probe = copy.deepcopy(pretrained)
    probe[1].eval()
    probe.train()
    return FrozenFineTune(
        steps=steps,
        momentum=float(bn0.momentum),
        mean_before=bn0.running_mean.numpy().copy(),
        var_before=bn0.running_var.numpy().copy(),
        mean_after=after_mean,
        var_after=after_var,
        affine_change=change,
        mean_trail=trails,
        source_accuracy_before=before,
        source_accuracy_after=accuracy,
        train_mode_after_model_train=probe[1].training,
    )


@dataclass(frozen=True)
class Untracked:
    """Pitfall c): BatchNorm1d(track_running_stats=False), trained, then in eval mode."""

    eval: TwoBatches  # the same image in two batches, eval mode
    running_mean_is_none: bool


def untracked_stats(index: int = 0, seed: int = DEMO_SEED) -> Untracked:
    model = train_digits_mlp(False, seed)
    return Untracked(
        eval=_two_batches(model, index, False, seed),
        running_mean_is_none=model[1].running_mean is None,
    )


# --- d) small per-device batches and SyncBatchNorm ----------------------------------------


@dataclass(frozen=True)
class DeviceStatistics:
    """One channel's BN statistics on each device's part of a global batch, and on all of it.

    Plain BN under DistributedDataParallel normalizes each device's part with that part's
    statistics; SyncBatchNorm with those of the global batch (computed here as BN of the
    global batch, which is what it computes)."""

    devices: int
    per_device: int  # samples per device
    values_per_device: int  # m on one device: per_device · H·W
    device_mean: np.ndarray  # (devices,)
    device_var: np.ndarray  # biased
    global_mean: float
    global_var: float
    device_refusal: Message | None  # plain BN cannot train with one value per device
    element_device: float  # the first value of device 0, normalized by its device's stats
    element_global: float  # … by the global statistics
    eps: float

    @property
    def mean_deviation(self) -> float:
        """Largest |μ_device − μ_global|, in units of the global σ."""
        return float(np.abs(self.device_mean - self.global_mean).max() / math.sqrt(self.global_var))

    @property
    def var_ratio(self) -> tuple[float, float]:
        """Smallest and largest σ²_device / σ²_global."""
        ratio = self.device_var / self.global_var
        return float(ratio.min()), float(ratio.max())


def device_statistics(x: np.ndarray, devices: int, eps: float = 1e-5) -> DeviceStatistics:
    """Split x (the global batch, N×1×… or N×1: one channel) into `devices` equal parts."""
    x = as_float_array(x)
    n = x.shape[0]
    if devices < 1 or n % devices or x.shape[1] != 1:
        raise InputError("p11.error.devices", n=n, devices=devices)
    per = n // devices
    whole = nv.normalize(x, "batch", eps=eps)
    if whole.group_var_exact[0] == 0:
        raise InputError("p11.error.constant")
    parts = x.reshape(devices, per, *x.shape[1:])
    refusal = training_refusal(parts[0].shape, "batch")
    means, variances = [], []
    for part in parts:
        if refusal is None:
            result = nv.normalize(part, "batch", eps=eps)
            means.append(float(result.group_mean_exact[0]))
            variances.append(float(result.group_var_exact[0]))
        else:  # one value: μ is that value, σ² = 0 (PyTorch refuses to train on it)
            means.append(float(part.reshape(-1)[0]))
            variances.append(0.0)
    means, variances = np.array(means), np.array(variances)
    value = float(x.reshape(-1)[0])
    spread = variances[0] + eps
    own = (value - means[0]) / math.sqrt(spread) if spread > 0 else math.nan
    return DeviceStatistics(
        devices=devices,
        per_device=per,
        values_per_device=parts[0].size,
        device_mean=means,
        device_var=variances,
        global_mean=float(whole.group_mean_exact[0]),
        global_var=float(whole.group_var_exact[0]),
        device_refusal=refusal,
        element_device=own,
        element_global=float(whole.y.reshape(-1)[0]),
        eps=eps,
    )
