"""The training lab: train a network on the digits with and without normalization, and record
what the BN and GN papers plot (loss, accuracy, sigmoid-input percentiles, saturation,
gradient norms), deterministically, with progress reports that can cancel the run.

No Streamlit here: the page passes a progress callback and draws `History` arrays.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import torch
import torch.nn.functional as F

from normviz.digits import Digits, load_digits
from normviz.i18n import InputError, t
from normviz.methods import (
    NO_NORM,
    NO_NORM_LABEL,
    canonical_method,
    check_values_per_channel,
    method_label,
)
from normviz.models import (
    ACTIVATIONS,
    DEFAULT_GROUPS,
    DEFAULT_WIDTH,
    MODELS,
    NormNet,
    check_group_count,
)
from normviz.saturation import saturation
from normviz.seeded import seeded

PERCENTILES = (15, 50, 85)  # of one sigmoid input, as in the BN paper's Fig. 1(b, c)
MAX_DEPTH = 10
MAX_WIDTH = 256
MAX_BATCH = 1024
MAX_STEPS = 100_000
DEFAULT_LRS = (0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
DEFAULT_BATCH_SIZES = (2, 4, 8, 16, 32, 64)
# Plain-SGD learning rates under which the UNNORMALIZED network also learns (1500 steps,
# batch 60, seed 0; measured, see tests/test_training.py): sigmoids with PyTorch's small
# initial weights need large steps, ReLU networks diverge there.
DEFAULT_LR = {
    ("mlp", "sigmoid"): 2.0,
    ("mlp", "relu"): 0.1,
    ("cnn", "sigmoid"): 1.0,
    ("cnn", "relu"): 0.1,
}
StopFlag = Callable[[], bool]  # polled once per training step; True stops the run


def default_lr(model: str, activation: str) -> float:
    """The default learning rate of a model and activation (see DEFAULT_LR)."""
    return DEFAULT_LR[(str(model).lower(), str(activation).lower())]


def _check_int(name: str, value: int, low: int, high: int) -> None:
    if int(value) != value or not low <= value <= high:
        raise InputError("errors.training.whole_number", name=name, value=value, low=low, high=high)


def canonical_norm(norm: str) -> str:
    """The normalization's canonical name: "none", or a normviz method ("BN" → "batch")."""
    key = str(norm).strip().lower()
    if key in (NO_NORM, "no", "off", ""):
        return NO_NORM
    return canonical_method(key)


@dataclass(frozen=True)
class TrainConfig:
    """Everything that determines a run: the same config gives the same History."""

    model: str = "mlp"  # "mlp" (BN paper, Fig. 1) or "cnn"
    activation: str = "sigmoid"  # or "relu"
    norm: str = "batch"  # "none", "batch", "layer", "instance" (CNN only), "group"
    groups: int | None = None  # GN's G; None: 10 for the MLP's 100 units, 4 for 16 channels
    depth: int = 3  # hidden layers (MLP) or conv layers (CNN)
    width: int | None = None  # None: 100 units (MLP) or 16 channels (CNN)
    lr: float = 2.0  # plain SGD; sigmoids with PyTorch's small initial weights need large steps
    batch_size: int = 60  # the BN paper's Fig. 1 uses 60
    steps: int = 1500  # 67 epochs of the 1,352 training images
    seed: int = 0  # weights and data order
    eval_every: int = 25  # steps between test evaluations and progress reports

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: normalize names once, here
        set_(self, "model", str(self.model).strip().lower())
        set_(self, "activation", str(self.activation).strip().lower())
        set_(self, "norm", canonical_norm(self.norm))
        if self.model not in MODELS:
            raise InputError(
                "errors.models.unknown_model", model=self.model, choices=", ".join(MODELS)
            )
        if self.activation not in ACTIVATIONS:
            raise InputError(
                "errors.models.unknown_activation",
                activation=self.activation,
                choices=", ".join(ACTIVATIONS),
            )
        if self.norm == "instance" and self.model == "mlp":
            raise InputError("errors.models.instance_mlp")
        _check_int("depth", self.depth, 1, MAX_DEPTH)
        _check_int("width", self.hidden_width, 1, MAX_WIDTH)
        _check_int("steps", self.steps, 1, MAX_STEPS)
        _check_int("eval_every", self.eval_every, 1, MAX_STEPS)
        _check_int("batch_size", self.batch_size, 1, MAX_BATCH)
        if self.norm == "batch" and self.model == "mlp":  # N×C: one value per unit and sample
            check_values_per_channel(self.batch_size, (self.batch_size, self.hidden_width))
        if self.norm == "group":
            check_group_count(self.group_count, self.hidden_width)
        if not (math.isfinite(self.lr) and 0 < self.lr <= 100):
            raise InputError("errors.training.lr", lr=self.lr)

    @property
    def hidden_width(self) -> int:
        """Units per hidden layer (MLP) or channels per conv layer (CNN)."""
        return DEFAULT_WIDTH[self.model] if self.width is None else int(self.width)

    @property
    def group_count(self) -> int:
        """G for GroupNorm (the model's default when groups is None)."""
        return DEFAULT_GROUPS[self.model] if self.groups is None else int(self.groups)

    @property
    def label(self) -> str:
        """Short name for legends: "no norm", "BN", "GN (G=10)", ..."""
        if self.norm == NO_NORM:
            return NO_NORM_LABEL
        return method_label(self.norm, self.group_count)

    def with_norm(self, norm: str) -> TrainConfig:
        """The same run (seed, data order, weights) with another normalization."""
        return replace(self, norm=norm)


LR_SWEEP_CONFIG = TrainConfig()  # the BN paper's sigmoid MLP; 1500 steps at each lr
# The GN paper's networks use ReLU; with sigmoids, GN's slow start at large batches (few steps
# at 10 epochs) hides the comparison. ReLU, lr 0.1 at batch 32 (scaled), 10 epochs: checked.
BATCH_SWEEP_CONFIG = TrainConfig(activation="relu", lr=0.1)


@dataclass(frozen=True, eq=False)
class History:
    """What one run recorded. Arrays are indexed by step (S) or by evaluation (E).

    Evaluations happen at step 0, every `eval_every` steps and at the last step. Layer
    statistics are of the activation inputs on the test images, for each hidden layer (D).
    """

    config: TrainConfig
    layer_names: tuple[str, ...]  # weight layers: "layer 1" … "layer D", "output"
    step: np.ndarray  # (S,) 1, 2, …: training steps done
    train_loss: np.ndarray  # (S,) cross-entropy of each training batch
    grad_norm: np.ndarray  # (S, D+1) ‖∂L/∂W‖ of each weight layer at each step
    eval_step: np.ndarray  # (E,) the step of each evaluation
    test_accuracy: np.ndarray  # (E,) share of test images classified correctly
    test_loss: np.ndarray  # (E,) mean cross-entropy on the test images
    percentiles: np.ndarray  # (E, D, W, 3) 15/50/85th percentile of each unit's input
    saturated_fraction: np.ndarray  # (E, D) share of inputs with |x| > 2.944 (σ < .05 or > .95)
    mean_activation_grad: np.ndarray  # (E, D) mean σ'(x) (ReLU: share of x > 0)
    status: str  # "finished", "cancelled" (progress returned False), "diverged" (loss NaN
    # or infinite: training stopped there), or "running" in a progress report

    @property
    def label(self) -> str:
        return self.config.label

    @property
    def steps_done(self) -> int:
        return int(self.step[-1]) if self.step.size else 0

    @property
    def final_accuracy(self) -> float:
        """Test accuracy at the last evaluation (NaN if there was none)."""
        return float(self.test_accuracy[-1]) if self.test_accuracy.size else math.nan


@dataclass(frozen=True, eq=False)
class Comparison:
    """No normalization and the chosen one, same seed, same initial weights, same batches."""

    baseline: History  # norm = "none"
    normalized: History  # the config's norm

    @property
    def histories(self) -> tuple[History, History]:
        return (self.baseline, self.normalized)


@dataclass(frozen=True, eq=False)
class SweepResult:
    """Final test accuracy of each method at each value of one setting."""

    parameter: str  # "lr" or "batch_size"
    values: np.ndarray  # (V,) the settings tried
    labels: tuple[str, ...]  # (M,) legend names, e.g. ("no norm", "BN")
    final_accuracy: np.ndarray  # (M, V) NaN where not run (cancelled)
    diverged: np.ndarray  # (M, V) True where the loss became NaN or infinite
    steps: np.ndarray  # (V,) training steps at each value
    lr: np.ndarray  # (V,) learning rate used at each value
    status: str  # "finished" or "cancelled"


def run_label(label: str, lang: str = "en") -> str:
    """A run's legend name in a language: "no norm" is translated, "BN", "GN (G=10)" are not."""
    return t("training.no_norm", lang) if label == NO_NORM_LABEL else label


@dataclass(frozen=True, eq=False)
class Progress:
    """A report to the progress callback; return False from the callback to stop.

    Its message is a text key with parameters, so a page can show it in any language.
    """

    fraction: float  # of the whole job, 0..1
    key: str  # the message's text key, e.g. "training.progress.run" (normviz.i18n)
    params: Mapping[str, object]  # its parameters: step, steps, label(s), parameter, value
    histories: tuple[History, ...]  # the runs in progress, recorded so far
    sweep: SweepResult | None = None  # sweeps: the values finished so far

    def text(self, lang: str = "en") -> str:
        """The message in `lang`, e.g. "BN: step 200 of 1000"."""
        params = dict(self.params)
        if "label" in params:
            params["label"] = run_label(str(params["label"]), lang)
        if "labels" in params:
            separator = t("training.separator", lang)
            params["labels"] = separator.join(run_label(str(x), lang) for x in params["labels"])
        if "parameter" in params:
            params["parameter"] = t(f"training.param.{params['parameter']}", lang)
        return t(self.key, lang, **params)

    @property
    def message(self) -> str:
        """The message in English."""
        return self.text()


ProgressCallback = Callable[[Progress], bool | None]


# --- recording: pure functions on arrays, tested on known inputs ---------------------------


def unit_percentiles(activation_inputs: np.ndarray, q: Sequence[float] = PERCENTILES) -> np.ndarray:
    """(C, len(q)): the q-th percentiles of each unit (N×C) or channel (N×C×H×W), pooling
    the batch (and the positions), with np.percentile's linear interpolation."""
    x = np.asarray(activation_inputs, dtype=np.float64)
    per_unit = np.moveaxis(x, 1, 0).reshape(x.shape[1], -1)
    return np.percentile(per_unit, q, axis=1).T


def layer_saturation(activation_inputs: np.ndarray, activation: str) -> tuple[float, float]:
    """Saturated share (|x| > 2.944) and mean activation derivative of one layer's inputs.

    For ReLU the derivative is 1 where x > 0 and 0 elsewhere; the saturated share still uses
    the sigmoid's cutoff, so that both activations are measured on the same scale.
    """
    x = np.asarray(activation_inputs)
    sat = saturation(x)
    if activation == "sigmoid":
        return sat.saturated_fraction, sat.mean_grad
    return sat.saturated_fraction, float(np.mean(x > 0))


# --- one run ---------------------------------------------------------------------------------


def build_model(config: TrainConfig) -> NormNet:
    """The network of a config; its weights depend only on the seed, not on the norm.

    The normalization layers start at γ = 1, β = 0 and draw no random numbers, so the runs of
    `compare` start from the same weights. The caller's global torch RNG is left untouched.
    """
    with seeded(config.seed):
        return NormNet(
            config.model,
            config.depth,
            config.hidden_width,
            config.norm,
            config.activation,
            config.group_count,
        )


class BatchOrder:
    """Shuffled mini-batches from a torch.Generator: a new permutation every epoch, and the
    incomplete last batch dropped (so BatchNorm never sees a batch of one)."""

    def __init__(self, size: int, batch_size: int, seed: int) -> None:
        if batch_size > size:
            raise InputError("errors.training.batch_exceeds", batch_size=batch_size, size=size)
        self.size = size
        self.batch_size = batch_size
        self.generator = torch.Generator().manual_seed(seed)
        self.order = torch.empty(0, dtype=torch.int64)
        self.position = 0

    def next(self) -> torch.Tensor:
        if self.position + self.batch_size > self.order.numel():
            self.order = torch.randperm(self.size, generator=self.generator)
            self.position = 0
        batch = self.order[self.position : self.position + self.batch_size]
        self.position += self.batch_size
        return batch


class _Run:
    """One network being trained, with its records so far."""

    def __init__(self, config: TrainConfig, data: Digits) -> None:
        self.config = config
        self.model = build_model(config)
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=config.lr)
        self.batches = BatchOrder(len(data.train_y), config.batch_size, config.seed)
        self.train_x = torch.from_numpy(np.array(data.train_x))
        self.train_y = torch.from_numpy(np.array(data.train_y))
        self.test_x = torch.from_numpy(np.array(data.test_x))
        self.test_y = torch.from_numpy(np.array(data.test_y))
        self.weights = [layer.weight for layer in self.model.weight_layers()]
        depth = config.depth
        self.layer_names = (*[f"layer {i + 1}" for i in range(depth)], "output")
        self.losses: list[float] = []
        self.grad_norms: list[list[float]] = []
        self.eval_steps: list[int] = []
        self.accuracies: list[float] = []
        self.test_losses: list[float] = []
        self.percentiles: list[np.ndarray] = []
        self.saturated: list[list[float]] = []
        self.act_grads: list[list[float]] = []
        self.status = "running"

    @property
    def steps_done(self) -> int:
        return len(self.losses)

    @property
    def active(self) -> bool:
        return self.status == "running"

    def step(self) -> None:
        """One SGD step on the next batch; stops the run if the loss is NaN or infinite."""
        index = self.batches.next()
        if not self.model.training:  # switching walks every module: only when needed
            self.model.train()
        self.optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(self.model(self.train_x[index]), self.train_y[index])
        loss.backward()
        with torch.no_grad():
            norms = torch.stack([torch.linalg.vector_norm(w.grad) for w in self.weights])
        self.optimizer.step()
        self.losses.append(loss.item())
        self.grad_norms.append(norms.tolist())
        if not math.isfinite(self.losses[-1]):
            self.status = "diverged"

    def evaluate(self) -> None:
        """Test accuracy and loss (inference mode), and the activation inputs' statistics."""
        self.eval_steps.append(self.steps_done)
        with torch.no_grad():
            self.model.eval()
            logits = self.model(self.test_x)
            self.accuracies.append((logits.argmax(1) == self.test_y).double().mean().item())
            self.test_losses.append(F.cross_entropy(logits, self.test_y).item())
            inputs = self._activation_inputs_on_test_images()
        cfg = self.config
        self.percentiles.append(np.stack([unit_percentiles(z) for z in inputs]))
        stats = [layer_saturation(z, cfg.activation) for z in inputs]
        self.saturated.append([s for s, _ in stats])
        self.act_grads.append([g for _, g in stats])

    def _activation_inputs_on_test_images(self) -> list[np.ndarray]:
        """The activation inputs for all test images, normalized with their own statistics.

        For BN this is training mode on one batch of all test images, i.e. the population
        statistics the BN paper's figure shows, so the first evaluation is not distorted by
        running averages that start at (0, 1). The running averages are restored afterwards.
        """
        buffers = [b.clone() for b in self.model.buffers()]
        self.model.train()
        inputs: list[torch.Tensor] = []
        self.model(self.test_x, activation_inputs=inputs)
        for saved, buffer in zip(buffers, self.model.buffers(), strict=True):
            buffer.copy_(saved)
        return [z.numpy() for z in inputs]

    def history(self) -> History:
        """The records so far as numpy arrays."""
        depth = self.config.depth
        n_eval = len(self.eval_steps)
        status = "running" if self.active else self.status
        return History(
            config=self.config,
            layer_names=self.layer_names,
            step=np.arange(1, self.steps_done + 1),
            train_loss=np.array(self.losses, dtype=np.float64),
            grad_norm=np.array(self.grad_norms, dtype=np.float64).reshape(-1, depth + 1),
            eval_step=np.array(self.eval_steps, dtype=np.int64),
            test_accuracy=np.array(self.accuracies, dtype=np.float64),
            test_loss=np.array(self.test_losses, dtype=np.float64),
            percentiles=np.array(self.percentiles, dtype=np.float64).reshape(
                n_eval, depth, self.config.hidden_width, len(PERCENTILES)
            ),
            saturated_fraction=np.array(self.saturated, dtype=np.float64).reshape(n_eval, depth),
            mean_activation_grad=np.array(self.act_grads, dtype=np.float64).reshape(n_eval, depth),
            status=status,
        )


def _train_together(
    configs: Sequence[TrainConfig],
    report: Callable[[int, tuple[History, ...]], bool],
    record: bool = True,
    stop: StopFlag | None = None,
) -> tuple[History, ...]:
    """Train the runs in lockstep (step 1 of each, then step 2, ...), so live charts grow
    together. `report(step, histories)` is called after each evaluation; False stops all runs.
    `stop()` is asked before every step: True stops all runs there ("cancelled").

    Each run has its own model, optimizer and batch generator, so a run's History does not
    depend on the others. With record=False, only the first and last evaluations are made.
    """
    data = load_digits()
    runs = [_Run(config, data) for config in configs]
    steps = max(config.steps for config in configs)
    eval_every = configs[0].eval_every
    for run in runs:
        run.evaluate()
    if not report(0, tuple(run.history() for run in runs)):
        return _stop(runs, "cancelled")
    for step in range(1, steps + 1):
        if stop is not None and stop():
            return _stop(runs, "cancelled")
        for run in runs:
            if run.active and run.steps_done < run.config.steps:
                run.step()
                if not run.active:  # diverged: record where it ended
                    run.evaluate()
        last = step == steps
        if step % eval_every == 0 or last:
            for run in runs:
                if run.active and (record or last or run.steps_done == run.config.steps):
                    run.evaluate()
            if not report(step, tuple(run.history() for run in runs)):
                return _stop(runs, "cancelled")
        if not any(run.active for run in runs):
            break
    return _stop(runs, "finished")


def _stop(runs: Sequence[_Run], status: str) -> tuple[History, ...]:
    for run in runs:
        if run.active:
            run.status = status
    return tuple(run.history() for run in runs)


def _callback(progress: ProgressCallback | None, report: Progress) -> bool:
    """True unless the callback returned False (None, for a callback with no return, goes on)."""
    return progress is None or progress(report) is not False


# --- public entry points ------------------------------------------------------------------------


def train(
    config: TrainConfig, progress: ProgressCallback | None = None, stop: StopFlag | None = None
) -> History:
    """Train one network on the digits and record its History (`stop`: see _train_together)."""

    def report(step: int, histories: tuple[History, ...]) -> bool:
        params = {"label": config.label, "step": step, "steps": config.steps}
        report = Progress(step / config.steps, "training.progress.run", params, histories)
        return _callback(progress, report)

    return _train_together([config], report, stop=stop)[0]


def compare(
    config: TrainConfig, progress: ProgressCallback | None = None, stop: StopFlag | None = None
) -> Comparison:
    """No normalization next to config.norm: same seed, initial weights and batch order."""
    if config.norm == NO_NORM:
        raise InputError("errors.training.compare_none")
    configs = [config.with_norm(NO_NORM), config]

    def report(step: int, histories: tuple[History, ...]) -> bool:
        params = {"label": config.label, "step": step, "steps": config.steps}
        report = Progress(step / config.steps, "training.progress.compare", params, histories)
        return _callback(progress, report)

    baseline, normalized = _train_together(configs, report, stop=stop)
    return Comparison(baseline, normalized)


def _sweep(
    parameter: str,
    values: Sequence[float],
    plans: list[list[TrainConfig]],
    labels: tuple[str, ...],
    progress: ProgressCallback | None,
    stop: StopFlag | None = None,
) -> SweepResult:
    """Run the configs of each value (plans[i] for values[i]), keep their final test
    accuracies, report throughout."""
    total_steps = sum(sum(c.steps for c in plan) for plan in plans)
    accuracy = np.full((len(labels), len(values)), np.nan)
    diverged = np.zeros((len(labels), len(values)), dtype=bool)
    steps = np.array([plan[0].steps for plan in plans], dtype=np.int64)
    lrs = np.array([plan[0].lr for plan in plans], dtype=np.float64)
    done_steps = 0

    def result(status: str) -> SweepResult:
        return SweepResult(
            parameter,
            np.asarray(values),
            labels,
            accuracy.copy(),
            diverged.copy(),
            steps,
            lrs,
            status,
        )

    for i, plan in enumerate(plans):

        def report(
            step: int,
            histories: tuple[History, ...],
            plan: list[TrainConfig] = plan,
            value: float = values[i],
            before: int = done_steps,
        ) -> bool:
            done = before + sum(min(step, c.steps) for c in plan)
            params = {
                "parameter": parameter,
                "value": float(value),
                "labels": labels,
                "step": step,
                "steps": plan[0].steps,
            }
            key = "training.progress.sweep"
            return _callback(
                progress,
                Progress(done / total_steps, key, params, histories, result("running")),
            )

        histories = _train_together(plan, report, record=False, stop=stop)
        if any(h.status == "cancelled" for h in histories):
            return result("cancelled")
        for m, history in enumerate(histories):
            accuracy[m, i] = history.final_accuracy
            diverged[m, i] = history.status == "diverged"
        done_steps += sum(c.steps for c in plan)
    final = result("finished")
    done = Progress(1.0, "training.progress.sweep_done", {"parameter": parameter}, (), final)
    _callback(progress, done)
    return final


def lr_sweep(
    config: TrainConfig,
    lrs: Sequence[float] = DEFAULT_LRS,
    progress: ProgressCallback | None = None,
    stop: StopFlag | None = None,
) -> SweepResult:
    """Final test accuracy at each learning rate, without normalization and with config.norm.

    Everything else (steps, batch size, seed) is the config's. Rows: ("no norm", config.label).
    """
    if config.norm == NO_NORM:
        raise InputError("errors.training.compare_none")
    plans = lr_sweep_plans(config, lrs)
    return _sweep("lr", lrs, plans, (NO_NORM_LABEL, config.label), progress, stop)


def lr_sweep_plans(config: TrainConfig, lrs: Sequence[float]) -> list[list[TrainConfig]]:
    """The runs of lr_sweep: at each learning rate, no normalization and config.norm."""
    base = replace(config, eval_every=_sweep_report_every(config.steps))
    return [[replace(base, lr=float(lr), norm=NO_NORM), replace(base, lr=float(lr))] for lr in lrs]


def batch_size_sweep(
    config: TrainConfig,
    batch_sizes: Sequence[int] = DEFAULT_BATCH_SIZES,
    norms: Sequence[str] = ("batch", "group"),
    epochs: float = 10.0,
    reference_batch: int = 32,
    progress: ProgressCallback | None = None,
    stop: StopFlag | None = None,
) -> SweepResult:
    """Final test accuracy at each batch size for each norm (default BN and GN).

    As in the GN paper, every batch size sees the same number of images (`epochs` passes over
    the training set, so smaller batches take more steps) and the learning rate is scaled
    linearly: lr = config.lr × batch / reference_batch.
    """
    labels = tuple(config.with_norm(norm).label for norm in norms)
    plans = batch_sweep_plans(config, batch_sizes, norms, epochs, reference_batch)
    return _sweep("batch_size", batch_sizes, plans, labels, progress, stop)


def batch_sweep_plans(
    config: TrainConfig,
    batch_sizes: Sequence[int] = DEFAULT_BATCH_SIZES,
    norms: Sequence[str] = ("batch", "group"),
    epochs: float = 10.0,
    reference_batch: int = 32,
) -> list[list[TrainConfig]]:
    """The runs of batch_size_sweep: at each batch size, one per norm, `epochs` passes over
    the training set, the learning rate scaled linearly."""
    train_size = len(load_digits().train_y)
    plans = []
    for batch in map(int, batch_sizes):
        steps = max(1, round(epochs * train_size / batch))
        lr = config.lr * batch / reference_batch
        report_every = _sweep_report_every(steps)
        plans.append(
            [
                replace(
                    config.with_norm(norm),
                    batch_size=batch,
                    steps=steps,
                    lr=lr,
                    eval_every=report_every,
                )
                for norm in norms
            ]
        )
    return plans


def job_runs(kind: str, config: TrainConfig) -> list[TrainConfig]:
    """Every network a training-lab job trains (ui.jobs' kinds), for its cost."""
    if kind == "compare":
        return [config.with_norm(NO_NORM), config]
    if kind == "lr_sweep":
        return [c for plan in lr_sweep_plans(config, DEFAULT_LRS) for c in plan]
    if kind == "batch_sweep":  # as ui.jobs runs it: the config's batch size is the reference
        plans = batch_sweep_plans(config, reference_batch=config.batch_size)
        return [c for plan in plans for c in plan]
    raise ValueError(f"unknown job kind {kind!r}")


def _sweep_report_every(steps: int) -> int:
    """Sweeps evaluate only at the end, but report (and can be cancelled) about 20 times a run."""
    return max(1, steps // 20)


__all__ = [
    "BATCH_SWEEP_CONFIG",
    "DEFAULT_BATCH_SIZES",
    "DEFAULT_LR",
    "DEFAULT_LRS",
    "LR_SWEEP_CONFIG",
    "PERCENTILES",
    "BatchOrder",
    "Comparison",
    "History",
    "Progress",
    "ProgressCallback",
    "StopFlag",
    "SweepResult",
    "TrainConfig",
    "batch_size_sweep",
    "build_model",
    "canonical_norm",
    "compare",
    "default_lr",
    "layer_saturation",
    "lr_sweep",
    "train",
    "unit_percentiles",
]
