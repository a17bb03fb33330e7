"""Training-lab figures: pure functions from recorded History / SweepResult arrays to go.Figure.

Sized for a projected classroom screen: large fonts, one idea per chart, runs side by side.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import plotly.graph_objects as go

from normviz.figures.palette import NEUTRAL, SERIES, method_color, rgba
from normviz.figures.style import axis_name, side_by_side
from normviz.i18n import InputError, t
from normviz.saturation import saturation_cutoff
from normviz.training import PERCENTILES, History, SweepResult, run_label

FONT_SIZE = 16
TITLE_SIZE = 20
CHANCE = 0.1  # ten classes
RUN_SPACING = 0.08  # between the panels of runs side by side: room for the last x tick
# Layer k has one colour in every chart (saturation, gradient norms) and at every depth;
# the output layer is neutral grey. Panels are titled in their method's colour.
LAYER_COLORS = tuple(color for color in SERIES if color != NEUTRAL)


def layer_color(index: int) -> str:
    """The colour of hidden layer `index` (from 0), the same whatever the depth and chart."""
    return LAYER_COLORS[index % len(LAYER_COLORS)]


def moving_average(values: np.ndarray, window: int) -> np.ndarray:
    """Trailing mean over `window` rows (fewer at the start), along axis 0; NaN-free input."""
    x = np.asarray(values, dtype=np.float64)
    if window <= 1 or x.shape[0] == 0:
        return x.copy()
    cumulative = np.cumsum(x, axis=0)
    out = cumulative.copy()
    out[window:] = cumulative[window:] - cumulative[:-window]
    counts = np.minimum(np.arange(1, x.shape[0] + 1), window).astype(np.float64)
    return out / counts.reshape((-1,) + (1,) * (x.ndim - 1))


def _layout(title: str, height: int, **layout) -> dict:
    """The lab's layout: large fonts, a centred title, the legend under the chart; `layout`
    adds (or overrides) properties."""
    return {
        "title": {"text": title, "x": 0.5, "xanchor": "center", "font": {"size": TITLE_SIZE}},
        "font": {"size": FONT_SIZE},
        "height": height,
        "legend": {"orientation": "h", "y": -0.2, "x": 0.5, "xanchor": "center"},
        "margin": {"l": 70, "r": 30, "t": 90, "b": 80},
        "hovermode": "x unified",
        **layout,
    }


def _run_titles(histories: Sequence[History], lang: str) -> list[str]:
    return [run_label(h.label, lang) for h in histories]


def layer_names(history: History, lang: str = "en", include_output: bool = True) -> list[str]:
    """The weight layers' legend names in `lang`: "layer 1" … "layer D" (and "output")."""
    names = [t("fig.training.layer", lang, n=i + 1) for i in range(history.config.depth)]
    return [*names, t("fig.training.output", lang)] if include_output else names


def loss_figure(histories: Sequence[History], smooth: int = 20, *, lang: str = "en") -> go.Figure:
    """Training loss per step of each run, smoothed over `smooth` steps (raw values faint)."""
    traces = []
    for h in histories:
        label = run_label(h.label, lang)
        line = {"color": method_color(h.label), "width": 3}
        traces += loss_traces(h.step, h.train_loss, label, line, smooth)
    layout = _layout(
        t("fig.training.loss_title", lang, smooth=smooth),
        420,
        xaxis={"title": {"text": t("fig.training.axis.step", lang)}, "rangemode": "tozero"},
        yaxis={"title": {"text": t("fig.training.axis.loss", lang)}, "rangemode": "tozero"},
    )
    return go.Figure(data=traces, layout=layout)


def accuracy_figure(histories: Sequence[History], *, lang: str = "en") -> go.Figure:
    """Test accuracy of each run over training, with the 10 % of guessing marked."""
    traces = [
        accuracy_trace(
            h.eval_step,
            h.test_accuracy,
            run_label(h.label, lang),
            {"color": method_color(h.label), "width": 3},
        )
        for h in histories
    ]
    layout = _layout(
        t("fig.training.accuracy_title", lang),
        420,
        xaxis={"title": {"text": t("fig.training.axis.step", lang)}, "rangemode": "tozero"},
        yaxis={
            "title": {"text": t("fig.training.axis.accuracy", lang)},
            "tickformat": ".0%",
            "range": [0, 1.02],
        },
        **_guessing_line(lang),
    )
    return go.Figure(data=traces, layout=layout)


def percentiles_figure(
    histories: Sequence[History], layer: int, unit: int = 0, *, lang: str = "en"
) -> go.Figure:
    """15th/50th/85th percentiles of one sigmoid input over training, one panel per run.

    The BN paper's Fig. 1(b, c): without BN the distribution drifts; with BN it stays put.
    `layer` and `unit` count from 0. The grey bands are the saturated zones |x| > 2.944.
    """
    if not histories:
        return go.Figure(layout=_layout(t("fig.training.percentiles_empty", lang), 420))
    depth, width = histories[0].config.depth, histories[0].config.hidden_width
    if not 0 <= layer < depth:
        raise InputError("errors.figures.layer", layer=layer + 1, depth=depth)
    if not 0 <= unit < width:
        raise InputError("errors.figures.unit", unit=unit, last=width - 1)
    cutoff = saturation_cutoff()
    shown = [h.percentiles[:, layer, unit] for h in _with_evals(histories)]
    low = min([-cutoff - 1.0] + [float(np.nanmin(p)) for p in shown])
    high = max([cutoff + 1.0] + [float(np.nanmax(p)) for p in shown])
    pad = 0.05 * (high - low)
    traces, bands = [], []
    for col, h in enumerate(histories, start=1):
        color = method_color(h.label)
        label = run_label(h.label, lang)
        values = h.percentiles[:, layer, unit] if h.eval_step.size else np.empty((0, 3))
        xaxis, yaxis = axis_name("x", col), axis_name("y", col)
        for k, q in enumerate(PERCENTILES):
            traces.append(
                {
                    "type": "scatter",
                    "x": h.eval_step,
                    "y": values[:, k],
                    "name": t("fig.training.percentile", lang, q=q),
                    "line": {"color": color, "width": 3 if q == 50 else 1.5},
                    "fill": "tonexty" if k > 0 else None,
                    "fillcolor": rgba(color, 0.15),
                    "legendgroup": str(q),
                    "showlegend": col == 1,
                    "hovertemplate": t("fig.training.percentile_short", lang, q=q)
                    + ": %{y:.2f}<extra>"
                    + label
                    + "</extra>",
                    "xaxis": xaxis,
                    "yaxis": yaxis,
                }
            )
        # the saturated zones, across the panel's width (what add_hrect draws)
        bands += [
            {
                "type": "rect",
                "x0": 0,
                "x1": 1,
                "xref": f"{xaxis} domain",
                "y0": y0,
                "y1": y1,
                "yref": yaxis,
                "fillcolor": "gray",
                "opacity": 0.15,
                "line": {"width": 0},
            }
            for y0, y1 in ((low - pad, -cutoff), (cutoff, high + pad))
        ]
    panels = side_by_side(
        _run_titles(histories, lang),
        count=len(histories),
        spacing=RUN_SPACING,
        x={"title": {"text": t("fig.training.axis.step", lang)}},
        shared_y=True,
    )
    relu = "" if histories[0].config.activation == "sigmoid" else "_relu"
    axis_title = t(f"fig.training.axis.{histories[0].config.activation}_input", lang)
    panels["yaxis"].update(title={"text": axis_title}, range=[low - pad, high + pad])
    panels["shapes"] = bands
    _colour_titles(panels, histories)
    title = t(f"fig.training.percentiles_title{relu}", lang, unit=unit, layer=layer + 1)
    return go.Figure(data=traces, layout=_layout(title, 440, **panels, hovermode="closest"))


def saturation_figure(histories: Sequence[History], *, lang: str = "en") -> go.Figure:
    """Share of saturated sigmoid inputs (|x| > 2.944) in each layer over training."""
    top = _max_of(histories, "saturated_fraction", 0.1) * 1.1
    traces, panels = _per_run_layers(
        histories,
        lambda h: (h.eval_step, h.saturated_fraction),
        hover="%{y:.1%}",
        y={"range": [0, top]},
        lang=lang,
    )
    relu = "_relu" if histories and histories[0].config.activation == "relu" else ""
    panels["yaxis"].update(
        title={"text": t(f"fig.training.axis.saturated{relu}", lang)},
        tickformat=".0%",
        rangemode="tozero",
    )
    layout = _layout(t(f"fig.training.saturation_title{relu}", lang), 420, **panels)
    return go.Figure(data=traces, layout=layout)


def grad_norm_figure(
    histories: Sequence[History], smooth: int = 20, *, lang: str = "en"
) -> go.Figure:
    """Gradient norm ‖∂L/∂W‖ of each layer over training (log scale, smoothed).

    Without normalization the first layers' gradients are orders of magnitude smaller.
    """
    traces, panels = _per_run_layers(
        histories,
        lambda h: (h.step, moving_average(h.grad_norm, smooth)),
        hover="%{y:.2e}",
        include_output=True,
        y={"type": "log", "dtick": 1, "exponentformat": "power"},
        lang=lang,
    )
    panels["yaxis"]["title"] = {"text": "‖∂L/∂W‖"}
    layout = _layout(t("fig.training.grad_norm_title", lang, smooth=smooth), 420, **panels)
    return go.Figure(data=traces, layout=layout)


def lr_sweep_figure(result: SweepResult, *, lang: str = "en") -> go.Figure:
    """Final test accuracy against learning rate (log axis); ✕ marks a diverged run."""
    steps = int(result.steps[0]) if result.steps.size else 0
    layout = _layout(
        t("fig.training.lr_title", lang, steps=steps),
        440,
        xaxis={"title": {"text": t("fig.training.axis.lr", lang)}, "type": "log"},
        yaxis={
            "title": {"text": t("fig.training.axis.final_accuracy", lang)},
            "tickformat": ".0%",
            "range": [0, 1.02],
        },
        **_guessing_line(lang),
    )
    traces = _sweep_lines(result, result.values, as_error=False, lang=lang)
    if result.status != "finished":
        layout["title"]["text"] += t("fig.training.stopped_suffix", lang)
    return go.Figure(data=traces, layout=layout)


def batch_size_sweep_figure(
    result: SweepResult, as_error: bool = False, *, lang: str = "en"
) -> go.Figure:
    """Final test accuracy (as the learning-rate sweep; as_error: the error, as in the GN
    paper's table) against batch size, largest first."""
    if as_error:
        yaxis = {
            "title": {"text": t("fig.training.axis.error", lang)},
            "tickformat": ".0%",
            "rangemode": "tozero",
        }
    else:
        yaxis = {
            "title": {"text": t("fig.training.axis.final_accuracy", lang)},
            "tickformat": ".0%",
            "range": [0, 1.02],
        }
    layout = _layout(
        t("fig.training.batch_title", lang),
        440,
        xaxis={
            "title": {"text": t("fig.training.axis.batch", lang)},
            "type": "log",
            "autorange": "reversed",
            "tickvals": list(result.values),
            "ticktext": [f"{int(v)}" for v in result.values],
        },
        yaxis=yaxis,
        **({} if as_error else _guessing_line(lang)),
    )
    traces = _sweep_lines(result, result.values, as_error=as_error, lang=lang)
    if result.status != "finished":
        layout["title"]["text"] += t("fig.training.stopped_suffix", lang)
    return go.Figure(data=traces, layout=layout)


# --- helpers ----------------------------------------------------------------------------------
# Each figure is built in one go: its traces as plain dicts and its layout as one nested
# dict, validated once by go.Figure(data=..., layout=...). make_subplots, add_trace, update_*
# and add_hline/add_hrect validate again at every call: they took most of a rerun's time.


def _with_evals(histories: Sequence[History]) -> list[History]:
    return [h for h in histories if h.eval_step.size and np.isfinite(h.percentiles).any()]


def _max_of(histories: Sequence[History], name: str, floor: float) -> float:
    values = [np.nanmax(getattr(h, name)) for h in histories if getattr(h, name).size]
    finite = [float(v) for v in values if np.isfinite(v)]
    return max([floor, *finite])


def _guessing_line(lang: str) -> dict:
    """A dotted line at the 10 % of guessing, labelled under its right end."""
    shape, label = reference_line(CHANCE, t("fig.training.guessing", lang), above=False)
    return {"shapes": [shape], "annotations": [label]}


def reference_line(y: float, text: str, above: bool = True) -> tuple[dict, dict]:
    """A dotted horizontal line across the plot at `y` and its label at the right end, above
    or below it (what `add_hline(annotation_position="top right")` makes, as plain dicts)."""
    shape = {
        "type": "line",
        "x0": 0,
        "x1": 1,
        "xref": "x domain",
        "y0": y,
        "y1": y,
        "yref": "y",
        "line": {"color": NEUTRAL, "dash": "dot", "width": 1.5},
    }
    label = {
        "text": text,
        "x": 1,
        "xref": "x domain",
        "xanchor": "right",
        "y": y,
        "yref": "y",
        "yanchor": "bottom" if above else "top",
        "showarrow": False,
    }
    return shape, label


def loss_traces(
    step: np.ndarray, loss: np.ndarray, name: str, line: dict, smooth: int
) -> list[dict]:
    """One run's loss: every batch's value faint, its moving average over `smooth` steps
    bold (non-finite values, a diverged run's last, are left out)."""
    finite = np.isfinite(loss)
    step, loss = step[finite], loss[finite]
    raw = {
        "type": "scatter",
        "x": step,
        "y": loss,
        "line": {**line, "width": 1},
        "opacity": 0.25,
        "showlegend": False,
        "hoverinfo": "skip",
    }
    smoothed = {
        "type": "scatter",
        "x": step,
        "y": moving_average(loss, smooth),
        "name": name,
        "line": line,
        "hovertemplate": "%{y:.3f}",
    }
    return [raw, smoothed]


def accuracy_trace(eval_step: np.ndarray, accuracy: np.ndarray, name: str, line: dict) -> dict:
    """One run's test accuracy at its evaluation steps."""
    return {
        "type": "scatter",
        "x": eval_step,
        "y": accuracy,
        "name": name,
        "mode": "lines+markers",
        "marker": {"size": 6},
        "line": line,
        "hovertemplate": "%{y:.1%}",
    }


def _per_run_layers(
    histories: Sequence[History],
    xy: Callable[[History], tuple[np.ndarray, np.ndarray]],
    hover: str,
    include_output: bool = False,
    y: dict | None = None,
    lang: str = "en",
) -> tuple[list[dict], dict]:
    """One panel per run, one line per layer (dark: first layer, light: last): the traces
    and the panels' layout (`y`: settings of every y axis)."""
    traces = []
    for col, h in enumerate(histories, start=1):
        x_values, y_values = xy(h)
        names = layer_names(h, lang, include_output)
        for i, name in enumerate(names):
            column = y_values[:, i] if y_values.shape[0] else np.empty(0)
            traces.append(
                {
                    "type": "scatter",
                    "x": x_values,
                    "y": column,
                    "name": name,
                    "line": {
                        "color": NEUTRAL if i >= h.config.depth else layer_color(i),
                        "width": 2.5,
                        "dash": "dot" if i >= h.config.depth else "solid",
                    },
                    "legendgroup": name,
                    "showlegend": col == 1,
                    "hovertemplate": hover + "<extra>" + name + "</extra>",
                    "xaxis": axis_name("x", col),
                    "yaxis": axis_name("y", col),
                }
            )
    # an empty panel, without axis title, when there is no run yet
    x = {"title": {"text": t("fig.training.axis.step", lang)}} if histories else {}
    panels = side_by_side(
        _run_titles(histories, lang),
        count=max(1, len(histories)),
        spacing=RUN_SPACING,
        x=x,
        y=y,
        shared_y=True,
    )
    _colour_titles(panels, histories)
    return traces, panels


def _colour_titles(panels: dict, histories: Sequence[History]) -> None:
    """Each run's panel title in its method's colour (as its lines in loss and accuracy)."""
    for annotation, h in zip(panels.get("annotations", []), histories, strict=False):
        annotation.setdefault("font", {})["color"] = method_color(h.label)


def _sweep_lines(result: SweepResult, x: np.ndarray, as_error: bool, lang: str) -> list[dict]:
    traces = []
    for m, raw_label in enumerate(result.labels):
        y = result.final_accuracy[m]
        y = 1.0 - y if as_error else y
        color = method_color(raw_label)
        label = run_label(raw_label, lang)
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": y,
                "name": label,
                "mode": "lines+markers",
                "marker": {"size": 10},
                "line": {"color": color, "width": 3},
                "hovertemplate": "%{y:.1%}",
            }
        )
        bad = result.diverged[m]
        if bad.any():
            traces.append(
                {
                    "type": "scatter",
                    "x": x[bad],
                    "y": y[bad],
                    "name": t("fig.training.diverged", lang, label=label),
                    "mode": "markers",
                    "marker": {"symbol": "x", "size": 16, "color": color},
                }
            )
    return traces
