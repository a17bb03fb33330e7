"""Dropout, its two scalings, and why Dropout right before BN shifts the variance.

Training zeroes each unit with probability p (keeps it with probability 1 − p):
- inverted dropout (PyTorch, Keras): kept units are multiplied by 1/(1 − p) in training,
  so E[output] = input and inference is the identity;
- classic dropout (Srivastava et al., JMLR 2014): no scaling in training,
  E[output] = (1 − p)·input, so inference multiplies by (1 − p) instead.
Here p is the drop probability (PyTorch's p, Keras' rate); Srivastava et al. and TF1's
keep_prob write p for the keep probability, 1 − p here.

Dropout before BN (Li et al., CVPR 2019): dropout changes the *variance* of BN's input, not
only its mean, and no test-time scaling can fix both. BN learns its running variance on
dropped-out inputs, then meets the undropped ones at inference: its output variance is
no longer 1 ("variance shift").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from normviz.i18n import InputError

MODES = ("inverted", "classic")

# Masks for the running mean are drawn in chunks of about this many values, so memory
# stays small however many masks are averaged.
_CHUNK_VALUES = 1 << 20


def check_p(p: float) -> float:
    """p must lie in [0, 1): the probability of dropping a unit."""
    try:
        value = float(p)
    except (TypeError, ValueError):
        raise InputError("errors.dropout.p_not_number", p=p) from None
    if math.isnan(value) or not 0.0 <= value < 1.0:
        raise InputError("errors.dropout.p_range", p=p)
    return value


def check_mode(mode: str) -> str:
    key = str(mode).strip().lower()
    if key not in MODES:
        raise InputError("errors.dropout.unknown_mode", mode=mode)
    return key


def keep_mask(shape: tuple[int, ...], p: float, seed: int = 0) -> np.ndarray:
    """A Bernoulli mask: True where the unit is kept (probability 1 − p)."""
    p = check_p(p)
    return np.random.default_rng(seed).random(tuple(shape)) >= p


@dataclass(frozen=True)
class Dropout:
    """One dropout pass in training, and the matching inference output."""

    x: np.ndarray
    p: float
    mode: str
    mask: np.ndarray  # True = kept
    train_scale: float  # what kept units are multiplied by in training
    test_scale: float  # what every unit is multiplied by at inference
    train_output: np.ndarray  # x · mask · train_scale
    test_output: np.ndarray  # x · test_scale

    @property
    def kept_fraction(self) -> float:
        return float(np.mean(self.mask)) if self.mask.size else 0.0


def scales(p: float, mode: str = "inverted") -> tuple[float, float]:
    """(training scale of kept units, inference scale) for the dropout form."""
    p, mode = check_p(p), check_mode(mode)
    return (1.0 / (1.0 - p), 1.0) if mode == "inverted" else (1.0, 1.0 - p)


def dropout(x: np.ndarray, p: float, *, mode: str = "inverted", seed: int = 0) -> Dropout:
    """Apply dropout to a vector or tensor x, with the mask drawn from `seed`."""
    x = np.asarray(x, dtype=np.float64)
    p, mode = check_p(p), check_mode(mode)
    train_scale, test_scale = scales(p, mode)
    mask = keep_mask(x.shape, p, seed)
    return Dropout(
        x=x,
        p=p,
        mode=mode,
        mask=mask,
        train_scale=train_scale,
        test_scale=test_scale,
        train_output=np.where(mask, x * train_scale, 0.0),
        test_output=x * test_scale,
    )


# ---------------------------------------------------------------------------------------
# Averaging many masks: the expectation


@dataclass(frozen=True)
class MaskAverage:
    """The mean of the training output over the first k masks, at a few k."""

    counts: np.ndarray  # k, increasing
    running_mean: np.ndarray  # (len(counts), *x.shape): mean of the first k outputs
    target: np.ndarray  # what it converges to: x (inverted) or (1 − p)·x (classic)
    max_error: np.ndarray  # max |running mean − target| at each k
    standard_error: np.ndarray  # the largest unit's std of the mean at each k: ∝ 1/√k


def mask_average(
    x: np.ndarray,
    p: float,
    num_masks: int = 1000,
    *,
    mode: str = "inverted",
    seed: int = 0,
    num_counts: int = 40,
) -> MaskAverage:
    """Average the training output over num_masks independent masks (vectorized).

    Recorded at about num_counts values of k, spaced evenly on a log scale, always
    including k = 1 and k = num_masks.
    """
    x = np.asarray(x, dtype=np.float64)
    p, mode = check_p(p), check_mode(mode)
    if int(num_masks) < 1:
        raise InputError("errors.dropout.num_masks")
    num_masks = int(num_masks)
    train_scale, _ = scales(p, mode)
    counts = np.unique(np.geomspace(1, num_masks, max(2, num_counts)).round().astype(int))
    flat = x.reshape(-1)
    rng = np.random.default_rng(seed)
    chunk = max(1, _CHUNK_VALUES // max(1, flat.size))

    running_sum = np.zeros_like(flat)
    recorded = np.empty((counts.size, flat.size))
    done, next_count = 0, 0
    while done < num_masks:
        rows = min(chunk, num_masks - done)
        kept = rng.random((rows, flat.size)) >= p
        # cumulative sums inside the chunk give the running sum after every mask
        partial = running_sum + np.cumsum(kept * (flat * train_scale), axis=0)
        while next_count < counts.size and counts[next_count] <= done + rows:
            recorded[next_count] = partial[counts[next_count] - done - 1]
            next_count += 1
        running_sum = partial[-1]
        done += rows

    running_mean = recorded / counts[:, None]
    target = flat * (1.0 if mode == "inverted" else 1.0 - p)
    # one output is x·B·s with B ~ Bernoulli(1 − p): its variance is x²·s²·p(1 − p)
    unit_std = np.abs(flat) * train_scale * math.sqrt(p * (1.0 - p))
    return MaskAverage(
        counts=counts,
        running_mean=running_mean.reshape(counts.size, *x.shape),
        target=target.reshape(x.shape),
        max_error=np.max(np.abs(running_mean - target), axis=1, initial=0.0),
        standard_error=np.max(unit_std, initial=0.0) / np.sqrt(counts),
    )


def expectation_bound(
    x: np.ndarray, p: float, num_masks: int, *, mode: str = "inverted", delta: float = 1e-6
) -> np.ndarray:
    """Per unit: |mean of num_masks outputs − target| stays below this with prob. ≥ 1 − δ.

    Hoeffding's inequality, no normal approximation: one output lies in [0, |x|·s] (s the
    training scale), so P(|mean − E| ≥ t) ≤ 2·exp(−2·k·t²/(|x|·s)²).
    """
    p, mode = check_p(p), check_mode(mode)
    if not 0.0 < delta < 1.0:
        raise InputError("errors.dropout.delta", delta=delta)
    if int(num_masks) < 1:
        raise InputError("errors.dropout.num_masks")
    train_scale, _ = scales(p, mode)
    spread = np.abs(np.asarray(x, dtype=np.float64)) * train_scale
    return spread * math.sqrt(math.log(2.0 / delta) / (2.0 * int(num_masks)))


# ---------------------------------------------------------------------------------------
# Dropout before BN: the variance shift


@dataclass(frozen=True)
class VarianceShift:
    """Dropout → BN, per dropout probability p (one entry per p).

    BN's input is one unit x ~ N(mean, std²) passed through dropout. In training BN sees
    the dropped-out values and learns their variance as running_var; at inference it sees
    the undropped (test-scaled) values, whose variance is smaller.
    """

    p: np.ndarray
    mode: str
    train_var: np.ndarray  # simulated: what running_var converges to (mean unbiased batch var)
    test_var: np.ndarray  # simulated: variance of BN's input at inference
    train_var_predicted: np.ndarray  # closed form (see `predicted_variances`)
    test_var_predicted: np.ndarray
    output_var: np.ndarray  # variance of BN's output at inference: test_var / (train_var + ε)
    output_std: np.ndarray  # √output_var: 1 would be right; below 1 is the shift
    output_mean: np.ndarray  # mean of BN's output at inference (0: the mean is not shifted)

    @property
    def shift_ratio(self) -> np.ndarray:
        """test_var / train_var (predicted): 1 − p for a zero-mean input."""
        return self.test_var_predicted / self.train_var_predicted


def predicted_variances(
    p: np.ndarray, mean: float = 0.0, std: float = 1.0, mode: str = "inverted"
) -> tuple[np.ndarray, np.ndarray]:
    """Closed-form variance of BN's input in training and at inference.

    z = x·B·s with B ~ Bernoulli(1 − p): E[z] = (1 − p)·s·μ, E[z²] = (1 − p)·s²·(σ² + μ²).
    Inverted (s = 1/(1 − p)): train σ²/(1 − p) + μ²·p/(1 − p), test σ².
    Classic (s = 1, test ×(1 − p)): train (1 − p)σ² + p(1 − p)μ², test (1 − p)²σ².
    Either way test/train = (1 − p)σ²/(σ² + p·μ²) < 1 for p > 0.
    """
    p = np.asarray(p, dtype=np.float64)
    mode = check_mode(mode)
    keep = 1.0 - p
    second_moment = std**2 + mean**2
    if mode == "inverted":
        return second_moment / keep - mean**2, np.full_like(p, std**2)
    return keep * second_moment - (keep * mean) ** 2, keep**2 * std**2


SHIFT_P_VALUES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)  # up to the page's max


def variance_shift(
    p_values=SHIFT_P_VALUES,
    *,
    mean: float = 0.0,
    std: float = 1.0,
    mode: str = "inverted",
    batch_size: int = 64,
    num_batches: int = 100,
    num_features: int = 16,
    eps: float = 1e-5,
    seed: int = 0,
) -> VarianceShift:
    """Simulate Dropout → BN in training and at inference, for each p.

    Training: num_batches batches of batch_size samples and num_features units; BN's
    inference variance is the mean of the unbiased batch variances of the dropped-out
    values (the BN paper's estimate, what running_var tracks). Inference: fresh
    undropped samples, normalized with those running statistics.
    """
    p = np.array([check_p(v) for v in np.atleast_1d(p_values)], dtype=np.float64)
    mode = check_mode(mode)
    if batch_size < 2 or num_batches < 1 or num_features < 1:
        raise InputError(
            "errors.dropout.variance_sizes",
            batch_size=batch_size,
            num_batches=num_batches,
            num_features=num_features,
        )
    if not (math.isfinite(mean) and math.isfinite(std) and std > 0):
        raise InputError("errors.dropout.input_moments", mean=mean, std=std)
    rng = np.random.default_rng(seed)
    shape = (p.size, num_batches, batch_size, num_features)
    p_col = p.reshape(-1, 1, 1, 1)
    train_scale, test_scale = np.array([scales(v, mode) for v in p]).T
    train_scale = train_scale.reshape(-1, 1, 1, 1)

    # Training: x through dropout, BN's statistics from each batch, then averaged
    x_train = mean + std * rng.standard_normal(shape)
    dropped = np.where(rng.random(shape) >= p_col, x_train * train_scale, 0.0)
    running_mean = dropped.mean(axis=2).mean(axis=1)  # (len(p), features)
    running_var = dropped.var(axis=2, ddof=1).mean(axis=1)

    # Inference: no mask, the test-time scale, BN with the running statistics
    x_test = mean + std * rng.standard_normal((p.size, num_batches * batch_size, num_features))
    z_test = x_test * test_scale.reshape(-1, 1, 1)
    normalized = (z_test - running_mean[:, None, :]) / np.sqrt(running_var[:, None, :] + eps)

    train_pred, test_pred = predicted_variances(p, mean, std, mode)
    return VarianceShift(
        p=p,
        mode=mode,
        train_var=running_var.mean(axis=1),
        test_var=z_test.var(axis=1, ddof=1).mean(axis=1),
        train_var_predicted=train_pred,
        test_var_predicted=test_pred,
        output_var=normalized.var(axis=1).mean(axis=1),
        output_std=normalized.std(axis=1).mean(axis=1),
        output_mean=normalized.mean(axis=1).mean(axis=1),
    )
