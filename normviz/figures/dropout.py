"""Figures for the Dropout page: one mask, the mean over many masks, and the variance
shift of Dropout → BN.

Each figure is built in one go: its traces as plain dicts and its layout as one nested
dict, validated once by `go.Figure(data=..., layout=...)` (make_subplots, add_trace,
update_* and add_hline validate again at every call, which took most of a rerun)."""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from normviz.dropout import predicted_variances
from normviz.figures.palette import SECOND, SERIES, rgba
from normviz.figures.running import legible
from normviz.figures.style import centred_title, panel_title, same_length
from normviz.i18n import t

INPUT = "rgba(127,127,127,0.7)"
TRAIN = rgba(SERIES[4], 0.85)  # dropout is no normalization: no method's colour here
TEST = rgba(SECOND, 0.95)
DROPPED = rgba(SERIES[1], 0.9)
MAX_UNITS = 64  # bars or heatmap columns shown at most
MAX_LINES = 8  # running-mean lines shown at most
P_MAX = 0.95  # the largest drop probability the page offers: the p axis ends there
CURVE_POINTS = 96  # points of the closed-form curves over [0, P_MAX]
# A log axis: labels at the decades only, small unlabelled ticks at 2…9 between them
LOG_AXIS = {
    "type": "log",
    "dtick": 1,
    "minor": {"ticks": "outside", "ticklen": 4, "dtick": "D1", "showgrid": False},
}


def integer_ticks(count: int) -> dict:
    """Axis ticks at whole positions 0, k, 2k… (a heatmap's cells), at most about 8 labels."""
    return {"tickmode": "linear", "tick0": 0, "dtick": max(1, math.ceil(count / 8))}


def dropout_vector(
    x: np.ndarray,
    mask: np.ndarray,
    train_output: np.ndarray,
    test_output: np.ndarray,
    p: float,
    *,
    lang: str = "en",
) -> go.Figure:
    """Input, training output (dropped units marked ×) and inference output, unit by unit."""
    x, train_output, test_output = (
        np.asarray(a, dtype=float).ravel() for a in (x, train_output, test_output)
    )
    mask = np.asarray(mask, dtype=bool).ravel()
    same_length(x, mask, train_output, test_output, per="unit")
    shown = min(x.size, MAX_UNITS)
    units = np.arange(shown)
    dropped = units[~mask[:shown]]
    traces = [
        {
            "type": "bar",
            "x": units,
            "y": x[:shown],
            "name": t("fig.dropout.input", lang),
            "marker": {"color": INPUT},
        },
        {
            "type": "bar",
            "x": units,
            "y": train_output[:shown],
            "name": t("fig.dropout.train_output", lang),
            "marker": {"color": TRAIN},
        },
        {
            "type": "scatter",
            "x": units,
            "y": test_output[:shown],
            "mode": "markers",
            "name": t("fig.dropout.test_output", lang),
            "marker": {"color": TEST, "symbol": "line-ew-open", "size": 18, "line": {"width": 3}},
        },
        {
            "type": "scatter",
            "x": dropped,
            "y": np.zeros(dropped.size),
            "mode": "markers",
            "name": t("fig.dropout.dropped", lang),
            "marker": {"color": DROPPED, "symbol": "x", "size": 12},
        },
    ]
    note = "" if shown == x.size else t("fig.dropout.first_units", lang, shown=shown, total=x.size)
    title = t("fig.dropout.vector_title", lang, p=p, dropped=int((~mask).sum()), note=note)
    layout = {
        "title": centred_title(title),
        "barmode": "group",
        "height": 340,
        "xaxis": {"title": t("fig.dropout.axis.unit", lang)},
        "yaxis": {"title": t("fig.dropout.axis.value", lang)},
        "legend": {"orientation": "h", "y": -0.25},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 40},
    }
    return go.Figure(data=traces, layout=legible(layout))


def mask_heatmap(mask: np.ndarray, *, title: str | None = None, lang: str = "en") -> go.Figure:
    """A 2-D keep mask (e.g. one sample's H×W map, or samples × units): kept light, dropped dark.

    title defaults to "Dropout mask" in `lang`; the share kept is added to it."""
    if title is None:
        title = t("fig.dropout.mask", lang)
    mask = np.asarray(mask, dtype=bool)
    if mask.ndim == 1:
        mask = mask.reshape(1, -1)
    if mask.ndim != 2:
        # internal: not reachable from the app (the page passes dropout.keep_mask's 2-D mask)
        raise ValueError(f"The mask heatmap needs a 1-D or 2-D mask, not shape {mask.shape}.")
    mask = mask[:MAX_UNITS, :MAX_UNITS]
    row, column = t("fig.dropout.row", lang), t("fig.dropout.column", lang)
    kept = t("fig.dropout.kept_value", lang)
    heatmap = {
        "type": "heatmap",
        "z": mask.astype(int),
        "zmin": 0,
        "zmax": 1,
        "colorscale": [[0, "rgb(40,40,40)"], [1, "rgb(230,240,250)"]],
        "showscale": False,
        "hovertemplate": row + " %{y}, " + column + " %{x}: %{z}<extra>" + kept + "</extra>",
    }
    layout = {
        "title": centred_title(t("fig.dropout.mask_title", lang, title=title, kept=mask.mean())),
        "height": 300,
        "yaxis": {"autorange": "reversed", "title": row, **integer_ticks(mask.shape[0])},
        "xaxis": {"title": column, **integer_ticks(mask.shape[1])},
        "margin": {"l": 50, "r": 20, "t": 50, "b": 40},
    }
    return go.Figure(data=[heatmap], layout=legible(layout))


def running_mean(
    counts: np.ndarray, running_means: np.ndarray, targets: np.ndarray, *, lang: str = "en"
) -> go.Figure:
    """The mean over the first k masks for a few units, converging to their dashed targets.

    running_means has one row per count and one column per unit.
    """
    counts = np.asarray(counts, dtype=float).ravel()
    running_means = np.asarray(running_means, dtype=float).reshape(counts.size, -1)
    targets = np.asarray(targets, dtype=float).ravel()
    if targets.size != running_means.shape[1]:
        # internal: not reachable from the app (both arrays come from one library call)
        raise ValueError("One target per unit: targets and running_means columns must match.")
    traces, targets_lines = [], []
    for unit in range(min(targets.size, MAX_LINES)):
        color = SERIES[unit % len(SERIES)]
        traces.append(
            {
                "type": "scatter",
                "x": counts,
                "y": running_means[:, unit],
                "mode": "lines",
                "name": t("fig.dropout.unit", lang, unit=unit),
                "line": {"color": color, "width": 2},
            }
        )
        targets_lines.append(
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "y0": targets[unit],
                "y1": targets[unit],
                "line": {"color": color, "dash": "dash", "width": 1},
            }
        )
    layout = {
        "shapes": targets_lines,  # written out: add_hline per unit took most of the rerun
        "title": centred_title(t("fig.dropout.running_title", lang)),
        "height": 340,
        "xaxis": {"title": t("fig.dropout.axis.masks", lang), **LOG_AXIS},
        "yaxis": {"title": t("fig.dropout.axis.mean_output", lang)},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 40},
    }
    return go.Figure(data=traces, layout=legible(layout))


def mask_average_error(
    counts: np.ndarray, max_error: np.ndarray, standard_error: np.ndarray, *, lang: str = "en"
) -> go.Figure:
    """Largest |mean over k masks − expectation| against k, with the 1/√k standard error."""
    counts, max_error, standard_error = (
        np.asarray(a, dtype=float).ravel() for a in (counts, max_error, standard_error)
    )
    same_length(counts, max_error, standard_error, per="unit")
    traces = [
        {
            "type": "scatter",
            "x": counts,
            "y": np.maximum(max_error, 1e-17),
            "mode": "lines+markers",
            "name": t("fig.dropout.largest_error", lang),
            "line": {"color": TRAIN, "width": 3},
        },
        {
            "type": "scatter",
            "x": counts,
            "y": standard_error,
            "mode": "lines",
            "name": t("fig.dropout.standard_error", lang),
            "line": {"color": "black", "dash": "dash"},
        },
    ]
    layout = {
        "title": centred_title(t("fig.dropout.error_title", lang)),
        "height": 340,
        "xaxis": {"title": t("fig.dropout.axis.masks", lang), **LOG_AXIS},
        "yaxis": {
            "title": t("fig.dropout.axis.error", lang),
            **LOG_AXIS,
            "exponentformat": "power",
        },
        "legend": {"orientation": "h", "y": -0.25},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 40},
    }
    return go.Figure(data=traces, layout=legible(layout))


def variance_shift(
    p: np.ndarray,
    train_var: np.ndarray,
    test_var: np.ndarray,
    train_var_predicted: np.ndarray,
    test_var_predicted: np.ndarray,
    output_std: np.ndarray,
    *,
    mode: str | None = None,
    chosen_p: float | None = None,
    lang: str = "en",
) -> go.Figure:
    """Left: BN's input variance in training and in eval mode. Right: BN's output std in
    eval mode (1 would be right), against the drop probability p.

    The simulated points sit at `p`. With `mode`, the closed-form curves (zero-mean,
    unit-variance input, as `normviz.dropout.variance_shift` simulates by default) run over
    the whole axis [0, P_MAX]; without it they join the predictions at `p`. chosen_p is
    marked by a dotted vertical line in both panels.
    """
    arrays = [
        np.asarray(a, dtype=float).ravel()
        for a in (p, train_var, test_var, train_var_predicted, test_var_predicted, output_std)
    ]
    same_length(*arrays, per="unit")
    p, train_var, test_var, train_pred, test_pred, output_std = arrays
    curve_p = p
    if mode is not None:
        curve_p = np.linspace(0.0, P_MAX, CURVE_POINTS)
        train_pred, test_pred = predicted_variances(curve_p, mode=mode)
    left, right = {"xaxis": "x", "yaxis": "y"}, {"xaxis": "x2", "yaxis": "y2"}
    traces = []
    for values, predicted, name, color in (
        (train_var, train_pred, t("fig.dropout.training", lang), TRAIN),
        (test_var, test_pred, t("fig.dropout.inference", lang), TEST),
    ):
        traces += [
            {
                "type": "scatter",
                "x": curve_p,
                "y": predicted,
                "mode": "lines",
                "name": t("fig.dropout.formula", lang, name=name),
                "line": {"color": color, "width": 3},
                **left,
            },
            {
                "type": "scatter",
                "x": p,
                "y": values,
                "mode": "markers",
                "name": t("fig.dropout.simulated", lang, name=name),
                "marker": {"color": color, "size": 10},
                **left,
            },
        ]
    traces += [
        {
            "type": "scatter",
            "x": curve_p,
            "y": np.sqrt(test_pred / train_pred),
            "mode": "lines",
            "name": t("fig.dropout.ratio", lang),
            "line": {"color": "black", "dash": "dash"},
            **right,
        },
        {
            "type": "scatter",
            "x": p,
            "y": output_std,
            "mode": "markers",
            "name": t("fig.dropout.output_std", lang),
            "marker": {"color": "crimson", "size": 10},
            **right,
        },
    ]
    # two panels side by side, as make_subplots(rows=1, cols=2, subplot_titles=...) lays them;
    # the p axis ends where the curves do (p < 1: p = 1 would drop every unit)
    end = max(P_MAX, float(p.max(initial=0.0)))
    x_axis = {
        "title": {"text": t("fig.dropout.axis.p", lang)},
        "range": [0.0, end],
        "dtick": 0.1,
        "tickformat": ".1f",
    }
    panel_titles = [
        panel_title(text, x, size=16)
        for text, x in (
            (t("fig.dropout.panel.input_var", lang), 0.225),
            (t("fig.dropout.panel.output_std", lang), 0.775),
        )
    ]
    # std = 1 (consistent) across the right panel, as add_hline(row=1, col=2) draws it
    shapes = [
        {
            "type": "line",
            "x0": 0,
            "x1": 1,
            "xref": "x2 domain",
            "y0": 1.0,
            "y1": 1.0,
            "yref": "y2",
            "line": {"dash": "dot", "color": "gray"},
        }
    ]
    annotations = list(panel_titles)
    if chosen_p is not None:
        for axis in ("x", "x2"):
            shapes.append(
                {
                    "type": "line",
                    "x0": chosen_p,
                    "x1": chosen_p,
                    "xref": axis,
                    "y0": 0,
                    "y1": 1,
                    "yref": f"y{axis[1:]} domain",
                    "line": {"dash": "dot", "color": DROPPED, "width": 2},
                }
            )
            # left panel: at the top (its curves are low); right panel: at the bottom (its
            # std = 1 line runs along the top)
            top = axis == "x"
            annotations.append(
                {
                    "x": chosen_p,
                    "y": 1 if top else 0,
                    "xref": axis,
                    "yref": f"y{axis[1:]} domain",
                    "text": t("fig.dropout.chosen_p", lang, p=chosen_p),
                    "showarrow": False,
                    "xanchor": "left" if chosen_p < 0.7 * end else "right",
                    "yanchor": "top" if top else "bottom",
                    "font": {"color": DROPPED},
                }
            )
    layout = {
        "xaxis": {"anchor": "y", "domain": [0.0, 0.45], **x_axis},
        "xaxis2": {"anchor": "y2", "domain": [0.55, 1.0], **x_axis},
        "yaxis": {
            "anchor": "x",
            "domain": [0.0, 1.0],
            "title": {"text": t("fig.dropout.axis.variance", lang)},
            "rangemode": "tozero",
        },
        "yaxis2": {
            "anchor": "x2",
            "domain": [0.0, 1.0],
            "title": {"text": t("fig.dropout.axis.std", lang)},
            "rangemode": "tozero",
        },
        "annotations": annotations,
        "shapes": shapes,
        "title": centred_title(t("fig.dropout.shift_title", lang)),
        "height": 420,
        "legend": {"orientation": "h", "y": -0.3},
        "margin": {"l": 60, "r": 20, "t": 95, "b": 40},
    }
    return go.Figure(data=traces, layout=legible(layout))
