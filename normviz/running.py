"""Running statistics of BatchNorm, in PyTorch's and in Keras' convention."""

from __future__ import annotations

import numpy as np

from normviz.i18n import InputError
from normviz.methods import check_values_per_channel
from normviz.validation import as_float_array

CONVENTIONS = ("pytorch", "keras")


class RunningStats:
    """Running mean and variance, updated batch by batch like `nn.BatchNorm2d`.

    - convention="pytorch" (default): running = (1 − momentum)·running + momentum·batch,
      momentum = 0.1; momentum=None gives the cumulative average over all batches so far.
    - convention="keras": moving = momentum·moving + (1 − momentum)·batch, momentum = 0.99:
      here momentum is the weight of the *old* value (also the `MyBN` blog convention).
    The running variance takes the unbiased batch variance (× m/(m−1)) by default, as
    PyTorch does; Keras uses the biased one, so `unbiased` defaults to False there.
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
        """Fold in one batch given by its per-channel mean, biased variance and m values each.

        The same update as `update`, for callers that already hold (or sample) the statistics.
        """
        check_values_per_channel(m)
        var_for_running = batch_var * m / (m - 1) if self.unbiased else batch_var
        self.num_batches_tracked += 1
        w = self.weight_of_new
        self.mean = (1 - w) * self.mean + w * batch_mean
        self.var = (1 - w) * self.var + w * var_for_running


def keras_to_pytorch_momentum(momentum: float) -> float:
    """Keras' 0.99 (weight of the old value) is PyTorch's 0.01 (weight of the new one)."""
    return 1.0 - float(momentum)


def pytorch_to_keras_momentum(momentum: float) -> float:
    """PyTorch's 0.1 (weight of the new value) is Keras' 0.9 (weight of the old one)."""
    return 1.0 - float(momentum)
