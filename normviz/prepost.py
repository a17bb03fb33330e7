"""Pre-LN vs post-LN: a tiny transformer encoder on the digits, with LayerNorm after the
residual sum (post-LN, Vaswani et al. 2017) or inside the residual branch (pre-LN).

The digits' 8×8 images are read as 8 tokens (the rows) of 8 pixels, projected to d features.
Each block is self-attention then a feed-forward network (FFN), each with a residual:

    post-LN:  x = LN(x + Attn(x));   x = LN(x + FFN(x))
    pre-LN:   x = x + Attn(LN(x));   x = x + FFN(LN(x));   one more LN after the last block

LN is nn.LayerNorm(d): one (μ, σ²) per token, over its d features. Weights start as
torch.nn.Transformer starts them (Glorot/Xavier uniform on every weight matrix), biases at 0.

Measured here (Xiong et al., ICML 2020, §3): the gradient norm of each layer's weights at
initialization, and short Adam runs of post-LN with and without learning-rate warm-up next
to pre-LN without. No Streamlit here; runs are deterministic (seeded) and can be stopped.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from normviz.digits import NUM_CLASSES, Digits, load_digits
from normviz.i18n import InputError
from normviz.seeded import seeded

PLACEMENTS = ("post", "pre")
TOKENS = 8  # the image rows
PIXELS = 8  # pixels per row: each token's input features
D_MODEL = 32
HEADS = 4
FFN_FACTOR = 4  # FFN hidden width = 4 d, as in Vaswani et al. (512 → 2048)
MAX_LAYERS = 12
MAX_STEPS = 2000
GRAD_BATCH = 256  # training images the gradient at initialization is taken on
GRAD_SEEDS = (0, 1, 2, 3, 4)
# The parameters whose gradient norm is shown per layer. "ffn2" is W^{2,l}, the FFN's second
# weight matrix: Xiong et al.'s Theorem 1 bounds its gradient in the last layer.
PARAMETERS = ("ffn2", "ffn1", "attn_in", "attn_out", "all")
StopFlag = Callable[[], bool]
FLAT = 1.25  # a last/first-layer ratio within [1/FLAT, FLAT] reads as "about flat"


def _check_int(name: str, value: int, low: int, high: int) -> None:
    if int(value) != value or not low <= value <= high:
        raise InputError("errors.training.whole_number", name=name, value=value, low=low, high=high)


def check_placement(placement: str) -> str:
    """ "post" or "pre" (case and spaces ignored); anything else is an InputError."""
    key = str(placement).strip().lower()
    if key not in PLACEMENTS:
        raise InputError("errors.prepost.placement", placement=placement)
    return key


class Block(nn.Module):
    """One encoder block: self-attention and FFN, each with a residual and a LayerNorm."""

    def __init__(self, placement: str, d: int = D_MODEL, heads: int = HEADS) -> None:
        super().__init__()
        self.placement = check_placement(placement)
        self.heads = heads
        self.qkv = nn.Linear(d, 3 * d)  # W^Q, W^K, W^V stacked, as nn.MultiheadAttention's in_proj
        self.out = nn.Linear(d, d)  # W^O
        self.ffn1 = nn.Linear(d, FFN_FACTOR * d)
        self.ffn2 = nn.Linear(FFN_FACTOR * d, d)
        self.ln1 = nn.LayerNorm(d)  # over the last axis: one (μ, σ²) per token
        self.ln2 = nn.LayerNorm(d)

    def attention(self, x: torch.Tensor) -> torch.Tensor:
        """Multi-head scaled dot-product self-attention (Vaswani et al. 2017, §3.2)."""
        n, tokens, d = x.shape
        q, k, v = self.qkv(x).view(n, tokens, 3, self.heads, d // self.heads).unbind(2)
        heads = F.scaled_dot_product_attention(
            q.transpose(1, 2), k.transpose(1, 2), v.transpose(1, 2)
        )
        return self.out(heads.transpose(1, 2).reshape(n, tokens, d))

    def ffn(self, x: torch.Tensor) -> torch.Tensor:
        return self.ffn2(F.relu(self.ffn1(x)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if self.placement == "post":
            x = self.ln1(x + self.attention(x))
            return self.ln2(x + self.ffn(x))
        x = x + self.attention(self.ln1(x))
        return x + self.ffn(self.ln2(x))


class TinyTransformer(nn.Module):
    """Tokens → linear embedding + learned positions → blocks → (pre-LN: final LN) → mean
    over the tokens → linear classifier over the 10 digits."""

    def __init__(self, placement: str, layers: int, d: int = D_MODEL, heads: int = HEADS):
        super().__init__()
        self.placement = check_placement(placement)
        self.embed = nn.Linear(PIXELS, d)
        self.position = nn.Parameter(torch.zeros(TOKENS, d))
        self.blocks = nn.ModuleList(Block(placement, d, heads) for _ in range(layers))
        self.final_ln = nn.LayerNorm(d) if self.placement == "pre" else nn.Identity()
        self.head = nn.Linear(d, NUM_CLASSES)
        for parameter in self.parameters():  # as torch.nn.Transformer._reset_parameters
            if parameter.dim() > 1:
                nn.init.xavier_uniform_(parameter)
        for module in self.modules():
            if isinstance(module, nn.Linear) and module.bias is not None:
                nn.init.zeros_(module.bias)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        x = self.embed(as_tokens(images)) + self.position
        for block in self.blocks:
            x = block(x)
        return self.head(self.final_ln(x).mean(dim=1))


def as_tokens(images: torch.Tensor) -> torch.Tensor:
    """N×1×8×8 (or N×8×8) images → N×T×P tokens: row t of an image is token t."""
    return images.reshape(images.shape[0], TOKENS, PIXELS)


def build_model(placement: str, layers: int, seed: int, d: int = D_MODEL) -> TinyTransformer:
    """The model of a placement; the caller's global torch RNG is left untouched.

    Both placements draw the same weights for the same seed (the final LN draws none)."""
    _check_int("layers", layers, 1, MAX_LAYERS)
    with seeded(seed):
        return TinyTransformer(placement, layers, d)


def layer_parameters(block: Block, which: str) -> list[torch.Tensor]:
    """The weight matrices of one block that `which` names (see PARAMETERS)."""
    chosen = {
        "ffn2": [block.ffn2.weight],
        "ffn1": [block.ffn1.weight],
        "attn_in": [block.qkv.weight],
        "attn_out": [block.out.weight],
    }
    if which == "all":
        return [p for p in block.parameters()]
    if which not in chosen:
        raise InputError("errors.prepost.parameter", which=which, valid=", ".join(PARAMETERS))
    return chosen[which]


@dataclass(frozen=True, eq=False)
class InitGradients:
    """‖∂L/∂W‖ (Frobenius) of each layer's weights at initialization, for each seed."""

    layers: int
    parameter: str
    seeds: tuple[int, ...]
    post: np.ndarray  # (S, L) one row per seed, one column per layer (1 = next to the input)
    pre: np.ndarray  # (S, L)

    def mean(self, placement: str) -> np.ndarray:
        """(L,) the mean over seeds."""
        return getattr(self, check_placement(placement)).mean(axis=0)

    def ratio(self, placement: str) -> float:
        """Mean gradient norm of the last layer over that of the first."""
        mean = self.mean(placement)
        return float(mean[-1] / mean[0])


def trend(ratio: float) -> str:
    """How a last/first-layer ratio reads: "up" (toward the output), "down" or "flat"."""
    if ratio > FLAT:
        return "up"
    return "down" if ratio < 1 / FLAT else "flat"


def init_gradient_norms(
    placement: str,
    layers: int,
    seed: int,
    parameter: str = "ffn2",
    batch: int = GRAD_BATCH,
) -> np.ndarray:
    """(L,) ‖∂L/∂W‖ of `parameter` in each layer at initialization: cross-entropy on the
    first `batch` training images (fixed, so only the weights change with the seed)."""
    return _init_gradient_norms(placement, layers, seed, (parameter,), batch)[parameter]


def _init_gradient_norms(
    placement: str, layers: int, seed: int, parameters: Sequence[str], batch: int
) -> dict[str, np.ndarray]:
    """init_gradient_norms of several parameters from one backward pass."""
    data = load_digits()
    model = build_model(placement, layers, seed)
    images = torch.from_numpy(np.array(data.train_x[:batch]))
    labels = torch.from_numpy(np.array(data.train_y[:batch]))
    loss = F.cross_entropy(model(images), labels)
    loss.backward()
    norms: dict[str, np.ndarray] = {}
    for parameter in parameters:
        per_layer = []
        for block in model.blocks:
            grads = [p.grad.reshape(-1) for p in layer_parameters(block, parameter)]
            per_layer.append(torch.linalg.vector_norm(torch.cat(grads)).item())
        norms[parameter] = np.array(per_layer)
    return norms


def init_gradients(
    layers: int, parameter: str = "ffn2", seeds: Sequence[int] = GRAD_SEEDS
) -> InitGradients:
    """Per-layer gradient norms at initialization of both placements, over several seeds."""
    return init_gradients_each(layers, (parameter,), seeds)[parameter]


def init_gradients_each(
    layers: int, parameters: Sequence[str] = PARAMETERS, seeds: Sequence[int] = GRAD_SEEDS
) -> dict[str, InitGradients]:
    """init_gradients of each of `parameters`, from one backward pass per model and seed
    (the gradients of every weight come out of the same pass)."""
    norms = {
        placement: [
            _init_gradient_norms(placement, layers, s, parameters, GRAD_BATCH) for s in seeds
        ]
        for placement in PLACEMENTS
    }
    return {
        parameter: InitGradients(
            layers,
            parameter,
            tuple(seeds),
            np.stack([row[parameter] for row in norms["post"]]),
            np.stack([row[parameter] for row in norms["pre"]]),
        )
        for parameter in parameters
    }


# --- training ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunConfig:
    """One Adam run of the tiny transformer on the digits."""

    placement: str = "post"
    layers: int = 6
    lr: float = 1e-3  # Adam's peak learning rate
    warmup: int = 0  # steps of linear warm-up from lr/warmup to lr; 0: none
    steps: int = 300
    batch_size: int = 64
    seed: int = 0  # weights and data order
    eval_every: int = 25

    def __post_init__(self) -> None:
        object.__setattr__(self, "placement", check_placement(self.placement))
        _check_int("layers", self.layers, 1, MAX_LAYERS)
        _check_int("steps", self.steps, 1, MAX_STEPS)
        _check_int("warmup", self.warmup, 0, MAX_STEPS)
        _check_int("batch_size", self.batch_size, 1, 1024)
        _check_int("eval_every", self.eval_every, 1, MAX_STEPS)
        if not (math.isfinite(self.lr) and 0 < self.lr <= 1):
            raise InputError("errors.prepost.lr", lr=self.lr)

    def lr_at(self, step: int) -> float:
        """The learning rate of training step `step` (1, 2, ...): linear warm-up, then flat."""
        if self.warmup <= 0:
            return self.lr
        return self.lr * min(1.0, step / self.warmup)


@dataclass(frozen=True, eq=False)
class Run:
    """What one run recorded: the training loss at every step, test accuracy and loss at
    each evaluation (step 0, every eval_every steps, the last step)."""

    config: RunConfig
    step: np.ndarray  # (S,) 1, 2, ...
    train_loss: np.ndarray  # (S,)
    lr: np.ndarray  # (S,) the learning rate used at each step
    eval_step: np.ndarray  # (E,)
    test_accuracy: np.ndarray  # (E,)
    test_loss: np.ndarray  # (E,)
    status: str  # "finished", "diverged" (loss NaN or infinite), "cancelled"
    seconds: float  # wall time of the run

    @property
    def final_accuracy(self) -> float:
        return float(self.test_accuracy[-1]) if self.test_accuracy.size else math.nan


def _batches(size: int, batch_size: int, steps: int, seed: int) -> list[torch.Tensor]:
    """Shuffled mini-batches, a new permutation every epoch, the incomplete last one dropped."""
    generator = torch.Generator().manual_seed(seed)
    out: list[torch.Tensor] = []
    while len(out) < steps:
        order = torch.randperm(size, generator=generator)
        for start in range(0, size - batch_size + 1, batch_size):
            out.append(order[start : start + batch_size])
    return out[:steps]


def _evaluate(model: nn.Module, x: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    with torch.no_grad():
        logits = model(x)
        accuracy = (logits.argmax(1) == y).double().mean().item()
        return accuracy, F.cross_entropy(logits, y).item()


def train(
    config: RunConfig,
    data: Digits | None = None,
    stop: StopFlag | None = None,
    report: Callable[[int], bool] | None = None,
) -> Run:
    """Train with Adam (PyTorch defaults β = (0.9, 0.999), ε = 1e-8) on cross-entropy.

    `stop()` is asked before every step; `report(step)` after every evaluation (False stops).
    """
    data = load_digits() if data is None else data
    start = time.perf_counter()
    model = build_model(config.placement, config.layers, config.seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr_at(1))
    train_x = torch.from_numpy(np.array(data.train_x))
    train_y = torch.from_numpy(np.array(data.train_y))
    test_x = torch.from_numpy(np.array(data.test_x))
    test_y = torch.from_numpy(np.array(data.test_y))
    batches = _batches(len(train_y), config.batch_size, config.steps, config.seed)
    losses: list[float] = []
    lrs: list[float] = []
    accuracy, test_loss = _evaluate(model, test_x, test_y)
    eval_steps, accuracies, test_losses = [0], [accuracy], [test_loss]
    status = "finished"
    for step, index in enumerate(batches, start=1):
        if stop is not None and stop():
            status = "cancelled"
            break
        lr = config.lr_at(step)
        for group in optimizer.param_groups:
            group["lr"] = lr
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(train_x[index]), train_y[index])
        losses.append(loss.item())
        lrs.append(lr)
        if not math.isfinite(losses[-1]):
            status = "diverged"
            break
        loss.backward()
        optimizer.step()
        if step % config.eval_every == 0 or step == config.steps:
            accuracy, test_loss = _evaluate(model, test_x, test_y)
            eval_steps.append(step)
            accuracies.append(accuracy)
            test_losses.append(test_loss)
            if report is not None and report(step) is False:
                status = "cancelled"
                break
    return Run(
        config=config,
        step=np.arange(1, len(losses) + 1),
        train_loss=np.array(losses),
        lr=np.array(lrs),
        eval_step=np.array(eval_steps),
        test_accuracy=np.array(accuracies),
        test_loss=np.array(test_losses),
        status=status,
        seconds=time.perf_counter() - start,
    )


def variants(config: RunConfig, warmup: int) -> tuple[RunConfig, RunConfig, RunConfig]:
    """Post-LN without warm-up, post-LN with `warmup` steps of it, pre-LN without."""
    return (
        replace(config, placement="post", warmup=0),
        replace(config, placement="post", warmup=warmup),
        replace(config, placement="pre", warmup=0),
    )


@dataclass(frozen=True)
class CompareConfig:
    """The page's comparison: the same weights and batches, three ways (see `variants`)."""

    layers: int = 6
    lr: float = 1e-2
    warmup: int = 50
    steps: int = 300
    seed: int = 0

    def __post_init__(self) -> None:
        _check_int("warmup", self.warmup, 1, self.steps)
        self.run_configs()  # checks the rest

    def run_configs(self) -> tuple[RunConfig, RunConfig, RunConfig]:
        base = RunConfig(layers=self.layers, lr=self.lr, steps=self.steps, seed=self.seed)
        return variants(base, self.warmup)


@dataclass(frozen=True)
class Progress:
    """A progress report: a text key and its parameters, so a page can show any language."""

    fraction: float  # of the whole comparison, 0..1
    key: str
    params: dict

    def text(self, lang: str = "en") -> str:
        from normviz.i18n import t

        params = dict(self.params)
        params["name"] = t(f"p10.run.{params['name']}", lang, warmup=params.get("warmup", 0))
        return t(self.key, lang, **params)


@dataclass(frozen=True, eq=False)
class Comparison:
    """The three runs of a CompareConfig, in the order of `variants`."""

    config: CompareConfig
    runs: tuple[Run, ...]

    @property
    def status(self) -> str:
        """ "finished" when every run ended by itself (finished or diverged)."""
        done = len(self.runs) == 3 and all(r.status != "cancelled" for r in self.runs)
        return "finished" if done else "cancelled"


def compare(
    config: CompareConfig,
    progress: Callable[[Progress], bool | None] | None = None,
    stop: StopFlag | None = None,
) -> Comparison:
    """Post-LN without warm-up, post-LN with, pre-LN without: one after the other."""
    data = load_digits()
    configs = config.run_configs()
    runs: list[Run] = []
    names = ("post", "post_warmup", "pre")
    total = sum(c.steps for c in configs)
    for index, (name, run_config) in enumerate(zip(names, configs, strict=True)):
        before = index * config.steps

        def report(step: int, name: str = name, before: int = before) -> bool:
            if progress is None:
                return True
            params = {"name": name, "warmup": config.warmup, "step": step, "steps": config.steps}
            report = Progress((before + step) / total, "p10.progress", params)
            return progress(report) is not False

        run = train(run_config, data, stop=stop, report=report)
        runs.append(run)
        if run.status == "cancelled":
            break
    return Comparison(config, tuple(runs))
