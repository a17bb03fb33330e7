"""Cached computations for the pages, keyed on small parameters (never on big arrays).

The seam between pages and library: the tensor is cached once per tensor_key, its
normalization once per NormKey (the tensor and the method's settings, never the chosen
element), and what depends on the chosen element or a page's own control is taken from
those cached results on each rerun, which costs little. Results are small typed objects.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go
import streamlit as st

import normviz as nv
from normviz.config import WORKED, ViewConfig
from normviz.i18n import InputError
from normviz.summaries import (
    SaturationSummary,
    SideSummary,
    StepNumbers,
    TensorSummary,
    max_difference_to_torch,
    saturation_summary,
    side_summary,
    slice_maps,
    stats_table,
    step_numbers,
    tensor_summary,
)
from ui import memory

if TYPE_CHECKING:  # imported lazily below: torch-heavy modules load only on their pages
    from normviz.backward import BackwardSteps
    from normviz.dropout import Dropout, MaskAverage

CACHE = {"max_entries": 32, "ttl": 3600, "show_spinner": False}
STATS_TABLE_ROWS = 200  # groups the step page lists; the sidebar's CSV export has them all


# Refusals of a whole run on a large tensor: the page says why and stops (never a traceback).
RUN_REFUSALS = ("memory.busy", "upload.missing")


def admitted(fn: Callable) -> Callable:
    """A public computation on the sidebar tensor (first argument: the ViewConfig). On a
    large tensor it runs only once the server's memory gate admits it (ui.memory): while it
    waits, the page says so; after WAIT_SECONDS in line the page says the server is busy and
    stops, instead of allocating beside everyone else."""

    @functools.wraps(fn)
    def wrapper(cfg: ViewConfig, *args, **kwargs):
        gate = memory.gate()
        if not memory.heavy(cfg.size) or gate.holds():
            return fn(cfg, *args, **kwargs)
        from ui.display import tr

        need = memory.estimate(cfg.size)
        waiting = st.empty() if gate.would_wait(need) else None
        if waiting is not None:
            waiting.info(tr("memory.waiting", ahead=gate.waiting))
        try:
            with gate.admit(need):
                if waiting is not None:
                    waiting.empty()
                return fn(cfg, *args, **kwargs)
        except InputError as refusal:
            if refusal.key not in RUN_REFUSALS:
                raise
            if waiting is not None:
                waiting.empty()
            st.warning(tr(refusal.key, **refusal.params))
            st.stop()

    return wrapper


def tensor_key(cfg: ViewConfig) -> tuple:
    """What the tensor depends on: shape, source, generator controls and seed."""
    if cfg.source:  # an upload (normviz.upload): its digest names its content
        return ("upload", cfg.source)
    if cfg.preset == WORKED:
        return ("worked",)
    return ("generated", cfg.shape, cfg.spec, cfg.seed)


@memory.kept
def _tensor(key: tuple) -> np.ndarray:
    return build_tensor(key)


def build_tensor(key: tuple) -> np.ndarray:
    """The tensor of a tensor_key, uncached (an upload's array is shared: do not write to it)."""
    if key[0] == "upload":
        from normviz.i18n import InputError
        from ui.upload_store import array

        found = array(key[1])
        if found is None:  # not reached once the sidebar's upload panel has checked the link
            raise InputError("upload.missing", source=key[1][:8])
        return found
    if key[0] == "worked":
        return nv.worked_example()
    _, shape, spec, seed = key
    return nv.make_tensor(shape, spec, seed)


@admitted
def tensor(cfg: ViewConfig) -> np.ndarray:
    """The current tensor (shared and read-only: copy it before writing)."""
    return _tensor(tensor_key(cfg))


@dataclass(frozen=True)
class NormKey:
    """What a normalization of the current tensor depends on (not the chosen element)."""

    tensor: tuple
    method: str
    groups: int | None
    eps: float
    gamma: tuple[float, ...]
    beta: tuple[float, ...]


def norm_key(cfg: ViewConfig) -> NormKey:
    return NormKey(
        tensor_key(cfg), cfg.method, cfg.group_count, cfg.eps, cfg.gamma, cfg.affine_beta
    )


# The current tensor normalized by the current method: one shared, read-only object in the
# server's byte-bounded store (no pickling of x and y on every hit, as cache_data would).
@memory.kept
def _normalized(key: NormKey) -> nv.Normalized:
    return nv.normalize(
        _tensor(key.tensor),
        key.method,
        groups=key.groups,
        eps=key.eps,
        gamma=np.array(key.gamma),
        beta=np.array(key.beta),
    )


@admitted
def summary(cfg: ViewConfig) -> TensorSummary:
    return _summary(tensor_key(cfg))


@st.cache_data(**CACHE)
def _summary(key: tuple) -> TensorSummary:
    return tensor_summary(_tensor(key))


@dataclass(frozen=True)
class StepView:
    """Everything the step page shows."""

    numbers: StepNumbers  # the chosen element and its group
    table: dict[str, np.ndarray]  # one row per (μ, σ²) pair, at most STATS_TABLE_ROWS
    maps: dict[str, np.ndarray]  # x, x̂, y of the chosen (sample, channel)
    torch_diff: float | str  # max |y − y_torch|, or PyTorch's refusal


@admitted
def steps(cfg: ViewConfig) -> StepView:
    """The step page: the chosen element's numbers come from the cached normalization."""
    key = norm_key(cfg)
    result = _normalized(key)
    at = cfg.element
    return StepView(
        numbers=step_numbers(result, at),
        table=_stats_table(key),
        maps=slice_maps(result, at[0], at[1]),
        torch_diff=_torch_check(key),
    )


@st.cache_data(**CACHE)
def _stats_table(key: NormKey) -> dict[str, np.ndarray]:
    return stats_table(_normalized(key), STATS_TABLE_ROWS)


@st.cache_data(**CACHE)
def _torch_check(key: NormKey) -> float | str:
    return torch_check(_normalized(key))


def torch_check(result: nv.Normalized) -> float | str:
    """max |y − y_torch|, or PyTorch's own refusal of this input (a sentence to show)."""
    try:
        return max_difference_to_torch(result)
    except (RuntimeError, ValueError) as refusal:
        return str(refusal).split("\n")[0]


@admitted
def sigmoid_inputs(cfg: ViewConfig) -> SaturationSummary:
    """Histograms and saturation of x and of y = normalized x (not of the chosen element)."""
    return _sigmoid_inputs(norm_key(cfg))


@st.cache_data(**CACHE)
def _sigmoid_inputs(key: NormKey) -> SaturationSummary:
    return saturation_summary(_normalized(key), before=_sigmoid_before(key.tensor))


@st.cache_data(**CACHE)
def _sigmoid_before(key: tuple) -> SideSummary:
    """The x half: it depends on the tensor only, not on the method, γ, β or ε."""
    return side_summary(_tensor(key))


# --- Train vs eval, batch size (populations the sidebar tensor is one batch of) ---


@admitted
def population(cfg: ViewConfig):
    """The population the current tensor is one batch of (same channel offsets)."""
    return _population(tensor_key(cfg))


@st.cache_data(**CACHE)
def _population(key: tuple):
    from normviz.streams import Population

    if key[0] in ("worked", "upload"):  # a fixed tensor: Gaussian, its channels' mean and std
        x = _tensor(key)
        axes = (0, *range(2, x.ndim))
        return Population.gaussian(x.mean(axis=axes), x.std(axis=axes))
    _, shape, spec, seed = key
    return Population.from_spec(shape, spec, seed)


@admitted
def stream(cfg: ViewConfig, batches: int, momentum: float | None, keras_momentum: float):
    """Running estimates over a stream of batches shaped like the sidebar tensor, for the
    chosen channel (not the chosen sample or position, nor the method)."""
    shape = (cfg.shape[0], 1, *cfg.shape[2:])
    return _stream(tensor_key(cfg), cfg.at[1], shape, batches, momentum, keras_momentum, cfg.seed)


@st.cache_data(**CACHE)
def _stream(
    key: tuple,
    channel: int,
    shape: tuple[int, ...],
    batches: int,
    momentum: float | None,
    keras_momentum: float,
    seed: int,
):
    from normviz.streams import simulate_stream

    pop = _population(key).select_channels([channel])
    return simulate_stream(
        pop, shape, batches, momentum=momentum, keras_momentum=keras_momentum, seed=seed
    )


@admitted
@st.cache_data(**CACHE)
def sample_in_batches(cfg: ViewConfig, running_mean: float, running_var: float, batches: int):
    """The chosen element's BN output in many random batches (train) and in eval mode."""
    from normviz.streams import sample_in_random_batches

    c = cfg.at[1]
    n = cfg.at[0]
    sample = tensor(cfg)[n][[c]]  # the chosen sample, its chosen channel only
    element = (0, *cfg.element[2:])
    return sample_in_random_batches(
        population(cfg).select_channels([c]),
        sample,
        element,
        cfg.n,
        num_batches=batches,
        running_mean=np.array([running_mean]),
        running_var=np.array([running_var]),
        gamma=np.array([cfg.gamma[c]]),
        beta=np.array([cfg.beta[c]]),
        eps=cfg.eps,
        seed=cfg.seed + 1,
    )


# --- Gradients and dropout ---

MAX_DECOMPOSITION_POINTS = 2_000  # values of one group drawn in the decomposition chart
GRADIENT_ELEMENTS = 1_000_000  # the backward pass (float64, with autograd) runs on at most this


def gradient_samples(cfg: ViewConfig) -> int:
    """How many leading samples the gradient page differentiates (all, up to the cap)."""
    per_sample = cfg.size // cfg.n
    return max(1, min(cfg.n, GRADIENT_ELEMENTS // per_sample))


def gradient_element(cfg: ViewConfig) -> tuple[int, ...]:
    """The element the gradient page follows: the chosen one, within the samples it uses."""
    return (min(cfg.element[0], gradient_samples(cfg) - 1), *cfg.element[1:])


@dataclass(frozen=True)
class GradientView:
    """What the gradient page shows: the chosen element's backward steps, and checks over
    the whole differentiated batch."""

    steps: BackwardSteps  # the followed element's four formulas
    decomposition: tuple[np.ndarray, np.ndarray, np.ndarray]  # x̂, arriving, passed on
    grad_gamma: float  # ∂L/∂γ of the followed element's channel
    grad_beta: float
    checks: GradientChecks


@dataclass(frozen=True)
class GradientChecks:
    """Whole-batch numbers: what BN's backward pass removes, and ours vs autograd."""

    max_group_sum: float  # max |Σ ∂L/∂x| / m over the groups
    max_dot: float  # max |Σ ∂L/∂x · x̂| over the groups
    max_dot_minus_eps_term: float  # the same, less the part ε predicts
    autograd: dict[str, float]  # max |ours − autograd| per gradient


@admitted
def gradients(cfg: ViewConfig, upstream: str) -> GradientView:
    """The backward pass of the current method, followed at the chosen element.

    On a tensor over GRADIENT_ELEMENTS it differentiates the batch of its first samples.
    The backward pass and its checks are cached per normalization; the element is applied
    after them.
    """
    from normviz import backward as bw

    key = (norm_key(cfg), gradient_samples(cfg), upstream, cfg.seed)
    grads = _backward(*key)
    at = gradient_element(cfg)
    dec = bw.decomposition(grads, at)
    keep = slice(0, MAX_DECOMPOSITION_POINTS)
    return GradientView(
        steps=bw.steps(grads, at),
        decomposition=(dec.x_hat[keep], dec.arriving[keep], dec.passed[keep]),
        grad_gamma=float(grads.grad_gamma[at[1]]),
        grad_beta=float(grads.grad_beta[at[1]]),
        checks=_gradient_checks(*key),
    )


@memory.kept
def _backward(key: NormKey, samples: int, upstream: str, seed: int):
    """∂L/∂x and every intermediate of the first `samples` samples: shared, read-only."""
    from normviz import backward as bw

    # float64 from the start: ∂L/∂y = y (½Σy²) must not carry float32 rounding into ∂L/∂x
    result = nv.normalize(
        _tensor(key.tensor)[:samples].astype(np.float64),
        key.method,
        groups=key.groups,
        eps=key.eps,
        gamma=np.array(key.gamma),
        beta=np.array(key.beta),
    )
    return bw.backward_of(result, bw.upstream_gradient(upstream, result.y, seed=seed))


@st.cache_data(**CACHE)
def _gradient_checks(key: NormKey, samples: int, upstream: str, seed: int) -> GradientChecks:
    from normviz import backward as bw

    grads = _backward(key, samples, upstream, seed)
    checks = bw.group_checks(grads)
    return GradientChecks(
        max_group_sum=float(np.max(np.abs(checks.sum_grad_x) / checks.size.clip(1e-300))),
        max_dot=float(np.max(np.abs(checks.dot_grad_x_x_hat))),
        max_dot_minus_eps_term=float(
            np.max(np.abs(checks.dot_grad_x_x_hat - checks.dot_predicted_by_eps))
        ),
        autograd=bw.compare_with_autograd(grads),
    )


@dataclass(frozen=True)
class DropoutView:
    """Dropout on the chosen sample: one mask on its first values, the mean over many masks,
    and one mask over the chosen channel's plane."""

    one: Dropout  # one mask on the sample's first values
    average: MaskAverage  # the running mean over `masks` masks
    plane_mask: np.ndarray


@admitted
def dropout_demo(cfg: ViewConfig, p: float, mode: str, masks: int) -> DropoutView:
    """Depends on the chosen sample and channel, not on the method or the position."""
    return _dropout_demo(tensor_key(cfg), cfg.at[0], cfg.at[1], cfg.seed, p, mode, masks)


@st.cache_data(**CACHE)
def _dropout_demo(
    key: tuple, n: int, c: int, seed: int, p: float, mode: str, masks: int
) -> DropoutView:
    from normviz import dropout as dp

    x = _tensor(key)
    sample = x[n].reshape(-1)[:32].astype(np.float64)
    plane = x[n, c]
    return DropoutView(
        one=dp.dropout(sample, p, mode=mode, seed=seed),
        average=dp.mask_average(sample, p, masks, mode=mode, seed=seed),
        plane_mask=dp.keep_mask(np.atleast_2d(plane).shape, p, seed=seed),
    )


@st.cache_data(**CACHE)
def dropout_before_bn(mode: str):
    from normviz.dropout import variance_shift

    return variance_shift(mode=mode)


# --- figures: built once per distinct input, shared by every session ---


def figure(builder: Callable[..., go.Figure], *args: object, **kwargs: object) -> go.Figure:
    """builder(*args, **kwargs), built once for the same arguments and shared.

    Figures are cached as shared objects (cache_resource): cache_data would unpickle, hence
    re-validate, a whole plotly figure on every hit, nearly the cost of building it. Callers
    must not change them: ui.display.chart copies a figure before scaling it for the
    projector. Arguments are hashed by Streamlit: pass small results, never a tensor.
    """
    return _figure(_name(builder), (args, kwargs), lambda: builder(*args, **kwargs))


def lab_figure(builder, key: tuple, result, data, *args, lang: str = "en") -> go.Figure:
    """builder(data, *args, lang=lang), cached when `result` is the stored result of `key`.

    A stored run is deterministic for its key, so its figures are too: every student who
    opens the lab gets the same charts without rebuilding them (its key names the data, which
    is not hashed). A run that was stopped is not stored, and its figures are built each time.
    """
    from ui.jobs import store

    if store().get(key) is not result:
        return builder(data, *args, lang=lang)
    return _figure(_name(builder), (key, args, lang), lambda: builder(data, *args, lang=lang))


def _name(builder: Callable) -> str:
    return f"{builder.__module__}.{builder.__qualname__}"


@st.cache_resource(max_entries=64, ttl=3600, show_spinner=False)
def _figure(name: str, key: tuple, _build: Callable[[], go.Figure]) -> go.Figure:
    return _build()


def published_figures(lang: str = "en") -> tuple[go.Figure, go.Figure]:
    """The GN paper's two charts (constants)."""
    from normviz.figures.batch_size import gn_paper_at_32_figure, gn_paper_figure

    return figure(gn_paper_figure, lang=lang), figure(gn_paper_at_32_figure, lang=lang)


# --- Train vs eval: one training step of nn.BatchNorm2d on the tensor on screen ---

ONE_STEP_TABLE_SLICES = 8  # (n, c) slices the page lists in full, at most
ONE_STEP_TABLE_SPATIAL = 16  # values per slice (H·W) the page lists in full, at most


@dataclass(frozen=True)
class OneStepView:
    """The running statistics after one training step, and (small tensors only) the whole
    tensor, its training-mode output and its eval-mode output."""

    step: object  # normviz.running.TrainingStep
    x: np.ndarray | None  # None when the tensor is too big to list
    y_train: np.ndarray | None  # batch statistics
    y_eval: np.ndarray | None  # the running statistics after the step
    y_eval_fresh: np.ndarray | None  # a fresh layer's: running_mean 0, running_var 1


def one_step_listable(cfg: ViewConfig) -> bool:
    """Small enough to list every value (x, y in training and in eval mode) as a table:
    rows of (n, c) slices of H·W values, or for an N×C tensor rows of the C features."""
    if cfg.fully_connected:
        return cfg.n <= ONE_STEP_TABLE_SLICES and cfg.c <= ONE_STEP_TABLE_SPATIAL
    spatial = cfg.size // (cfg.n * cfg.c)
    return cfg.n * cfg.c <= ONE_STEP_TABLE_SLICES and spatial <= ONE_STEP_TABLE_SPATIAL


@admitted
def one_training_step(cfg: ViewConfig, momentum: float | None) -> OneStepView:
    """One `nn.BatchNorm2d(C, momentum)` training step on the sidebar tensor (not the method
    or the element), then eval mode with the running statistics it left."""
    return _one_training_step(
        tensor_key(cfg), cfg.gamma, cfg.beta, cfg.eps, momentum, one_step_listable(cfg)
    )


@st.cache_data(**CACHE)
def _one_training_step(
    key: tuple, gamma: tuple, beta: tuple, eps: float, momentum: float | None, listed: bool
) -> OneStepView:
    from normviz.running import bn_with_stats
    from normviz.running import one_training_step as step_of

    x = _tensor(key)
    step = step_of(x, momentum)
    if not listed:
        return OneStepView(step, None, None, None, None)
    x = x.astype(np.float64)
    gamma, beta = np.array(gamma), np.array(beta)
    channels = x.shape[1]
    return OneStepView(
        step,
        x,
        bn_with_stats(x, step.batch_mean, step.batch_var, gamma, beta, eps),
        bn_with_stats(x, step.running_mean, step.running_var, gamma, beta, eps),
        bn_with_stats(x, np.zeros(channels), np.ones(channels), gamma, beta, eps),
    )


def variance_shift_chart(mode: str, chosen_p: float, lang: str = "en") -> go.Figure:
    """Dropout → BN: running_var vs the eval-mode variance over p, the chosen p marked."""
    from normviz.figures.dropout import variance_shift

    shift = dropout_before_bn(mode)
    return figure(
        variance_shift,
        shift.p,
        shift.train_var,
        shift.test_var,
        shift.train_var_predicted,
        shift.test_var_predicted,
        shift.output_std,
        mode=mode,
        chosen_p=chosen_p,
        lang=lang,
    )


# --- Batch size (page 5): sweeps that include the sidebar's N, the feature-map comparison ---

FEATURE_MAP_BATCHES = 200  # batches per (population, H·W) point of the feature-map charts


def batch_sizes_with(n: int, spatial: int) -> tuple[int, ...]:
    """The page's batch sizes (1 … 64) and the sidebar's N when it lies in that range
    (a larger N, e.g. 16,000 rows of an upload, would sample 16,000 × C moments per batch),
    those with N·H·W > 1."""
    from normviz.batch_noise import DEFAULT_BATCH_SIZES

    sizes = {*DEFAULT_BATCH_SIZES, n} if n <= max(DEFAULT_BATCH_SIZES) else {*DEFAULT_BATCH_SIZES}
    return tuple(sorted(s for s in sizes if s * spatial > 1))


@admitted
def batch_size_estimates(cfg: ViewConfig, spatial: int, batches: int):
    """BN's batch μ and σ² of the chosen channel by batch size, the sidebar's N included."""
    sizes = batch_sizes_with(cfg.n, spatial)
    return _batch_size_estimates(tensor_key(cfg), cfg.at[1], spatial, batches, cfg.seed, sizes)


@st.cache_data(**CACHE)
def _batch_size_estimates(key: tuple, channel: int, spatial: int, batches: int, seed, sizes):
    from normviz.batch_noise import sample_batch_estimates

    pop = _population(key).select_channels([channel])
    return sample_batch_estimates(pop, sizes, spatial=spatial, num_batches=batches, seed=seed)


@admitted
def channel_population(cfg: ViewConfig):
    """The population of the chosen channel alone."""
    return population(cfg).select_channels([cfg.at[1]])


@admitted
def feature_map_noise(cfg: ViewConfig, spatial: int):
    """The noise of μ_B and σ²_B by H·W at the sidebar's N: independent values, the
    per-sample-offsets preset, and the chosen channel when it follows neither."""
    return _feature_map_noise(tensor_key(cfg), cfg.at[1], cfg.n, spatial, cfg.seed)


@st.cache_data(**CACHE)
def _feature_map_noise(key: tuple, channel: int, n: int, spatial: int, seed: int):
    from normviz.batch_noise import (
        FEATURE_MAP_SIZES,
        noise_by_feature_map_size,
        offsets_population,
        reference_kind,
    )
    from normviz.streams import Population

    pop = _population(key).select_channels([channel])
    populations = {"independent": Population.gaussian(0.0, 1.0), "offsets": offsets_population()}
    if reference_kind(pop) == "own":
        populations["tensor"] = pop
    sizes = tuple(sorted({*FEATURE_MAP_SIZES, spatial}))
    return noise_by_feature_map_size(
        populations, n, sizes, num_batches=FEATURE_MAP_BATCHES, seed=seed
    )


@admitted
@st.cache_data(**CACHE)
def batch_size_output_spread(cfg: ViewConfig, batches: int, groups: int):
    """One fixed sample's output in batches of every size (the sidebar's N included)."""
    from normviz.batch_noise import sample_output_spread

    sample = tensor(cfg)[cfg.at[0]]
    spatial = 1 if cfg.fully_connected else cfg.h * cfg.w
    return sample_output_spread(
        population(cfg),
        sample,
        cfg.element[1:],
        batch_sizes_with(cfg.n, spatial),
        groups=groups,
        num_batches=batches,
        gamma=np.array(cfg.gamma),
        beta=np.array(cfg.beta),
        eps=cfg.eps,
        seed=cfg.seed,
    )


# --- Sigmoid saturation and Gradients: the standardized view, the γ scan, and the
# demonstrations of the sidebar's method ---


def _norm_key_of(cfg: ViewConfig, affine: bool) -> NormKey:
    """The sidebar's NormKey, or the same with γ = 1, β = 0 (x̂ itself) when not affine."""
    import dataclasses

    key = norm_key(cfg)
    if affine:
        return key
    return dataclasses.replace(key, gamma=(1.0,) * len(key.gamma), beta=(0.0,) * len(key.beta))


@admitted
def sigmoid_inputs_of(cfg: ViewConfig, affine: bool) -> SaturationSummary:
    """sigmoid_inputs, of y = γ·x̂ + β with the sidebar's γ, β (affine) or of x̂ (γ = 1, β = 0)."""
    return _sigmoid_inputs(_norm_key_of(cfg, affine))


@admitted
def chosen_values(cfg: ViewConfig, affine: bool) -> tuple[float, float]:
    """The chosen element before (x) and after (y, or x̂ when not affine) normalization."""
    result = _normalized(_norm_key_of(cfg, affine))
    return float(result.x[cfg.element]), float(result.y[cfg.element])


@admitted
def resaturation(cfg: ViewConfig):
    """Saturated share of k·γ·x̂ + β (and of k·γ·x̂) for each factor k on the sidebar's γ."""
    return _resaturation(norm_key(cfg))


@st.cache_data(**CACHE)
def _resaturation(key: NormKey):
    from normviz.saturation import resaturation as scan

    result = _normalized(key)
    return scan(result.x_hat_of_samples(result.x.shape[0]), result.gamma, result.beta)


def _demo_model():
    from normviz.scale_invariance import DEMO_BATCH, DEMO_POSITIONS, make_linear_bn

    return make_linear_bn(batch=DEMO_BATCH, positions=DEMO_POSITIONS)


@st.cache_data(**CACHE)
def scale_scan_of(method: str, groups: int | None):
    """The scale-invariance scan of the page's demonstration layer under `method`."""
    from normviz.scale_invariance import scan_scales

    return scan_scales(_demo_model(), method=method, groups=groups)


@st.cache_data(**CACHE)
def bias_effect_of(method: str, groups: int | None):
    """A bias before the layer: on every channel, on channel 0 only, under `method`."""
    from normviz.scale_invariance import bias_effect

    return bias_effect(_demo_model(), method, groups)


@st.cache_data(**CACHE)
def landscape_of(method: str, groups: int):
    from normviz.landscape import measure_landscape

    return measure_landscape(method=method, groups=groups)


# --- BatchNorm as deployed (app_pages/11_BN_deployed.py) ---

DEVICE_VALUES = 1_000_000  # values of the global batch the SyncBN comparison draws, at most


@admitted
def fold_demo(cfg: ViewConfig, bias: bool):
    """The sidebar tensor through Conv2d(C, C, 3×3) (Linear for N×C) and BN with the
    sidebar's γ, β, ε, folded and checked in float32 and float64 (normviz.deploy)."""
    return _fold_demo(tensor_key(cfg), cfg.gamma, cfg.beta, cfg.eps, bool(bias))


# one shared, read-only object in the byte-bounded store (its input can hold 2 M values)
@memory.kept
def _fold_demo(key: tuple, gamma: tuple, beta: tuple, eps: float, bias: bool):
    from normviz.deploy import fold_demo as run

    return run(_tensor(key), np.array(gamma), np.array(beta), eps, bias=bias)


@st.cache_data(**CACHE)
def batch_dependence(index: int):
    """Pitfall a): one test image in two batches, training and eval mode."""
    from normviz.deploy import batch_dependence as run

    return run(index)


@st.cache_data(**CACHE)
def frozen_fine_tune():
    """Pitfall b): requires_grad=False vs BN in eval mode (Keras' trainable=False)."""
    from normviz.deploy import frozen_fine_tune as run

    return run()


@st.cache_data(**CACHE)
def untracked_stats(index: int):
    """Pitfall c): track_running_stats=False, in eval mode."""
    from normviz.deploy import untracked_stats as run

    return run(index)


@admitted
def device_statistics(cfg: ViewConfig, devices: int, per_device: int):
    """Pitfall d): a global batch of devices × per_device samples drawn from the population of
    the sidebar tensor, its chosen channel only: per-device vs global BN statistics."""
    return _device_statistics(
        tensor_key(cfg), cfg.at[1], cfg.shape, devices, per_device, cfg.eps, cfg.seed
    )


@st.cache_data(**CACHE)
def _device_statistics(key: tuple, channel: int, shape, devices, per_device, eps, seed):
    from normviz.deploy import device_statistics as run

    n = devices * per_device
    spatial = int(np.prod(shape[2:])) if len(shape) > 2 else 0
    draw_shape = (n, 1) if spatial == 0 else (n, 1, max(1, min(spatial, DEVICE_VALUES // n)))
    population = _population(key).select_channels([channel])
    x = population.draw(draw_shape, np.random.default_rng(seed + 2))
    return run(x, devices, eps)


# --- page 10: pre-LN vs post-LN ------------------------------------------------------------
def prepost_gradients(layers: int, parameter: str):
    """Per-layer gradient norms at initialization of both placements (normviz.prepost),
    from the process's sweep over every layer count (ui.sweep: the slider's next step is
    computed before it is taken)."""
    from normviz.prepost import PARAMETERS

    if parameter not in PARAMETERS:
        raise InputError("errors.prepost.parameter", which=parameter, valid=", ".join(PARAMETERS))
    return _prepost_sweep().get(layers)[parameter]


@functools.cache
def _prepost_sweep():
    """Every layer count's gradient norms, each for every parameter (one backward per model)."""
    from normviz.prepost import MAX_LAYERS, init_gradients_each
    from ui.sweep import Sweep

    return Sweep(init_gradients_each, range(1, MAX_LAYERS + 1))


# --- the Transformers page (normviz.transformer_norms) ---------------------------------------
TRANSFORMER_BATCH_SIZES = (2, 4, 8, 16, 32, 64)


@admitted
def share_grid(cfg: ViewConfig):
    """Who shares the chosen element's statistics, under BN, LN, token LN and RMSNorm."""
    return _share_grid(tensor_key(cfg), cfg.element, cfg.eps)


@st.cache_data(**CACHE)
def _share_grid(key: tuple, element: tuple[int, ...], eps: float):
    from normviz.transformer_norms import share_grid as build

    return build(_tensor(key), element, eps)


@functools.cache  # 0.5 MB, kept for the process; read by the offset sweep's thread too
def _spread_draws():
    """batch_spread's random batches, reduced once for every sequence offset (0.6 s)."""
    from normviz import transformer_norms as tn

    return tn.spread_draws(tn.SequenceSpec(), TRANSFORMER_BATCH_SIZES)


SEQUENCE_OFFSETS = tuple(step * 0.25 for step in range(13))  # the offset slider: 0 to 3


@st.cache_data(**CACHE)
def transformer_measures(sequence_offset: float):
    """BN's batch spread, padding effect and train/eval mismatch on sequence-like data; the
    slider's offsets from the process's sweep (ui.sweep: the next step computed before it is
    taken), another offset (a link's) computed here."""
    return _offset_sweep().get(sequence_offset)


@functools.cache
def _offset_sweep():
    from ui.sweep import Sweep

    return Sweep(_transformer_measures, SEQUENCE_OFFSETS)


def _transformer_measures(sequence_offset: float):
    from normviz import transformer_norms as tn

    spec = tn.SequenceSpec(sequence_offset=sequence_offset)
    return (
        tn.batch_spread(spec, TRANSFORMER_BATCH_SIZES, draws=_spread_draws()),
        tn.padding_effect(spec),
        tn.mode_mismatch(spec, TRANSFORMER_BATCH_SIZES),
    )


@st.cache_data(**CACHE)
def ln_vs_rms(offset: float):
    from normviz.transformer_norms import ln_vs_rms as compare

    return compare(offset)


@st.cache_resource(ttl=3600, show_spinner=False)
def token_rms_timing():
    """normviz's token LN vs RMSNorm at 8×197×768, timed once per server."""
    from normviz.transformer_norms import time_token_vs_rms

    return time_token_vs_rms()
