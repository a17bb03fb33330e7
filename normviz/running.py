"""Running statistics of BatchNorm, in PyTorch's and in Keras' convention."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from normviz.i18n import InputError
from normviz.methods import check_values_per_channel
from normviz.validation import as_float_array, check_affine, check_eps

CONVENTIONS = ("pytorch", "keras")


class RunningStats:
    """Running mean and variance, updated batch by batch like `nn.BatchNorm2d`.

    - convention="pytorch" (default): running = (1 − momentum)·running + momentum·batch,
      momentum = 0.1; momentum=None gives the cumulative average over all batches so far.
    - convention="keras": moving = momentum·moving + (1 − momentum)·batch, momentum = 0.99:
      here momentum is the weight of the *old* value (also the `MyBN` blog convention).
    The running variance takes the unbiased batch variance (× n/(n−1), n = N·H·W values per
    channel) by default, as PyTorch does; Keras 3 uses the biased one, so `unbiased`
    defaults to False there.
    Both start at mean 0 and variance 1.
    """

    def __init__(
        self,
        num_features: int,
        momentum: float | None = 0.1,
        *,
        convention: str = "pytorch",
        unbiased: bool | None = None,
    ) -> None:
        if convention not in CONVENTIONS:
            raise InputError("errors.running.unknown_convention", convention=convention)
        if momentum is None and convention == "keras":
            raise InputError("errors.running.momentum_none_keras")
        if momentum is not None and not 0.0 <= float(momentum) <= 1.0:
            raise InputError("errors.running.momentum_range", momentum=momentum)
        if int(num_features) < 1:
            raise InputError("errors.running.num_features", num_features=num_features)
        self.num_features = int(num_features)
        self.momentum = None if momentum is None else float(momentum)
        self.convention = convention
        self.unbiased = (convention == "pytorch") if unbiased is None else bool(unbiased)
        self.mean = np.zeros(self.num_features)
        self.var = np.ones(self.num_features)
        self.num_batches_tracked = 0

    @classmethod
    def keras(cls, num_features: int, momentum: float = 0.99) -> RunningStats:
        """Keras' BatchNormalization convention: momentum is the weight of the old value."""
        return cls(num_features, momentum, convention="keras")

    @property
    def weight_of_new(self) -> float:
        """The factor the current batch gets in this update (PyTorch's momentum)."""
        if self.momentum is None:
            return 1.0 / self.num_batches_tracked
        if self.convention == "keras":
            return 1.0 - self.momentum
        return self.momentum

    def update(self, batch: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Fold one training batch (N, C, ...) in; returns its (mean, biased variance)."""
        batch = as_float_array(batch).astype(np.float64, copy=False)
        if batch.ndim < 2 or batch.shape[1] != self.num_features:
            raise InputError(
                "errors.running.batch_channels", shape=batch.shape, c=self.num_features
            )
        if not np.isfinite(batch).all():
            raise InputError("errors.running.batch_nonfinite")
        axes = (0, *range(2, batch.ndim))  # every axis but the channel axis
        m = batch.size // self.num_features
        check_values_per_channel(m, batch.shape)
        batch_mean = batch.mean(axis=axes)
        batch_var = batch.var(axis=axes)  # biased: what normalizes this batch
        self.update_from_stats(batch_mean, batch_var, m)
        return batch_mean, batch_var

    def update_from_stats(self, batch_mean: np.ndarray, batch_var: np.ndarray, m: int) -> None:
        """Fold in one batch given by its per-channel mean, biased variance and m = N·H·W
        values per channel.

        The same update as `update`, for callers that already hold (or sample) the statistics.
        """
        check_values_per_channel(m)
        var_for_running = batch_var * m / (m - 1) if self.unbiased else batch_var
        self.num_batches_tracked += 1
        w = self.weight_of_new
        self.mean = (1 - w) * self.mean + w * batch_mean
        self.var = (1 - w) * self.var + w * var_for_running


@dataclass(frozen=True)
class TrainingStep:
    """A fresh `nn.BatchNorm2d` (or 1d) after ONE training-mode forward pass, per channel.

    The layer starts at running_mean = 0 and running_var = 1; the batch is normalized with
    its own mean and biased variance; the running statistics take the unbiased variance.
    """

    momentum: float | None  # PyTorch's: the weight of the new batch (None: cumulative)
    count: int  # n = N·H·W values per channel
    batch_mean: np.ndarray  # (C,)
    batch_var: np.ndarray  # (C,) biased (÷ n): what normalizes the batch in training
    running_mean: np.ndarray  # (C,) after the step
    running_var: np.ndarray  # (C,) after the step (from the unbiased batch variance)

    @property
    def batch_var_unbiased(self) -> np.ndarray:
        """n/(n−1)·σ²_B: what PyTorch folds into running_var."""
        return self.batch_var * self.count / (self.count - 1)


def one_training_step(x: np.ndarray, momentum: float | None = 0.1) -> TrainingStep:
    """What `bn = nn.BatchNorm2d(C, momentum=momentum); bn.train(); bn(x)` leaves in
    bn.running_mean and bn.running_var, for x of shape (N, C, ...) (BatchNorm1d for N×C).

    Raises InputError("errors.bn_one_value") when N·H·W = 1, as PyTorch refuses it.
    """
    x = as_float_array(x).astype(np.float64, copy=False)
    if x.ndim < 2:
        raise InputError("errors.running.batch_channels", shape=x.shape, c="C")
    tracker = RunningStats(x.shape[1], momentum)
    batch_mean, batch_var = tracker.update(x)
    return TrainingStep(
        momentum=tracker.momentum,
        count=x.size // x.shape[1],
        batch_mean=batch_mean,
        batch_var=batch_var,
        running_mean=tracker.mean.copy(),
        running_var=tracker.var.copy(),
    )


def bn_with_stats(
    x: np.ndarray,
    mean: np.ndarray,
    var: np.ndarray,
    gamma: np.ndarray | None = None,
    beta: np.ndarray | None = None,
    eps: float = 1e-5,
) -> np.ndarray:
    """y = γ·(x − μ)/√(σ² + ε) + β with per-channel μ, σ² (length C) on x of shape (N, C, ...).

    Training mode passes the batch's mean and biased variance; eval mode the running ones.
    """
    x = as_float_array(x).astype(np.float64, copy=False)
    channels = x.shape[1]
    eps = check_eps(eps)
    gamma, beta = check_affine(gamma, beta, channels, np.float64)
    per_channel = (1, channels, *(1,) * (x.ndim - 2))
    mean, var = (np.asarray(v, dtype=np.float64).reshape(per_channel) for v in (mean, var))
    if eps == 0 and bool((var == 0).any()):
        raise InputError("errors.eps_zero_constant")  # x̂ = 0/0, as in normalize
    scale = gamma.reshape(per_channel) / np.sqrt(var + eps)
    return (x - mean) * scale + beta.reshape(per_channel)


def keras_to_pytorch_momentum(momentum: float) -> float:
    """Keras' 0.99 (weight of the old value) is PyTorch's 0.01 (weight of the new one)."""
    return 1.0 - float(momentum)


def pytorch_to_keras_momentum(momentum: float) -> float:
    """PyTorch's 0.1 (weight of the new value) is Keras' 0.9 (weight of the old one)."""
    return 1.0 - float(momentum)
