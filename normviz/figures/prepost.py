"""Pre-LN vs post-LN figures: pure functions from normviz.prepost results to go.Figure."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from normviz.figures.palette import NEUTRAL, PLACEMENT_COLORS, rgba
from normviz.figures.style import centred_title
from normviz.figures.training import accuracy_trace, loss_traces, reference_line
from normviz.i18n import t
from normviz.prepost import PLACEMENTS, InitGradients, Run

HEIGHT = 420
CHANCE = 0.1  # ten classes


def run_name(run: Run, lang: str = "en") -> str:
    """A run's legend name: "post-LN", "post-LN + warm-up (50 steps)", "pre-LN"."""
    config = run.config
    if config.warmup > 0:
        return t(f"fig.p10.{config.placement}_warmup", lang, warmup=config.warmup)
    return t(f"fig.p10.{config.placement}", lang)


def _line(run: Run) -> dict:
    color = PLACEMENT_COLORS[run.config.placement]
    return {"color": color, "width": 3, "dash": "dash" if run.config.warmup > 0 else "solid"}


def _legend_below() -> dict:
    return {"orientation": "h", "y": -0.22, "x": 0.5, "xanchor": "center"}


def layer_gradients(grads: InitGradients, *, lang: str = "en") -> go.Figure:
    """‖∂ℒ/∂W‖ of each layer at initialization (log y): one line per placement, the mean of
    the seeds, with each seed's value as a faint dot."""
    layers = np.arange(1, grads.layers + 1)
    traces = []
    for placement in PLACEMENTS:
        color = PLACEMENT_COLORS[placement]
        name = t(f"fig.p10.{placement}", lang)
        rows = getattr(grads, placement)
        traces.append(
            {
                "type": "scatter",
                "x": np.tile(layers, rows.shape[0]),
                "y": rows.ravel(),
                "mode": "markers",
                "marker": {"color": rgba(color, 0.35), "size": 7},
                "name": t("fig.p10.each_seed", lang, name=name),
                "hovertemplate": "%{y:.3f}<extra></extra>",
            }
        )
        traces.append(
            {
                "type": "scatter",
                "x": layers,
                "y": grads.mean(placement),
                "mode": "lines+markers",
                "line": {"color": color, "width": 3},
                "marker": {"size": 9},
                "name": t("fig.p10.mean_of", lang, name=name, seeds=len(grads.seeds)),
                "hovertemplate": "%{y:.3f}",
            }
        )
    title = t("fig.p10.grad_title", lang, weight=t(f"p10.param.{grads.parameter}", lang))
    layout = {
        "title": centred_title(title),
        "height": HEIGHT,
        "xaxis": {
            "title": {"text": t("fig.p10.axis.layer", lang)},
            "tickmode": "array",
            "tickvals": layers.tolist(),
        },
        "yaxis": {"title": {"text": t("fig.p10.axis.grad", lang)}, "type": "log"},
        "legend": _legend_below(),
        "margin": {"t": 70, "b": 110},
        "hovermode": "x unified",
    }
    return go.Figure(data=traces, layout=layout)


def _warmup_band(runs: Sequence[Run], lang: str) -> tuple[list[dict], list[dict]]:
    """A grey band over the warm-up steps (the longest warm-up of the runs), labelled."""
    warmup = max((r.config.warmup for r in runs), default=0)
    if warmup <= 0:
        return [], []
    band = {
        "type": "rect",
        "x0": 0,
        "x1": warmup,
        "xref": "x",
        "y0": 0,
        "y1": 1,
        "yref": "y domain",
        "fillcolor": NEUTRAL,
        "opacity": 0.12,
        "line": {"width": 0},
        "layer": "below",
    }
    label = {
        "x": warmup / 2,
        "y": 1,
        "xref": "x",
        "yref": "y domain",
        "text": t("fig.p10.warmup_band", lang),
        "showarrow": False,
        "yanchor": "top",
    }
    return [band], [label]


def loss_curves(runs: Sequence[Run], smooth: int = 10, *, lang: str = "en") -> go.Figure:
    """Training loss of each run per step, smoothed over `smooth` steps (raw values faint)."""
    traces = [
        trace
        for run in runs
        for trace in loss_traces(run.step, run.train_loss, run_name(run, lang), _line(run), smooth)
    ]
    shapes, labels = _warmup_band(runs, lang)
    chance = float(np.log(10))  # cross-entropy of a uniform guess over 10 classes
    shape, label = reference_line(chance, t("fig.p10.guess_loss", lang))
    shapes.append(shape)
    labels.append(label)
    layout = {
        "title": centred_title(t("fig.p10.loss_title", lang, smooth=smooth)),
        "height": HEIGHT,
        "xaxis": {"title": {"text": t("fig.p10.axis.step", lang)}, "rangemode": "tozero"},
        "yaxis": {"title": {"text": t("fig.p10.axis.loss", lang)}, "rangemode": "tozero"},
        "legend": _legend_below(),
        "margin": {"t": 70, "b": 110},
        "shapes": shapes,
        "annotations": labels,
        "hovermode": "x unified",
    }
    return go.Figure(data=traces, layout=layout)


def accuracy_curves(runs: Sequence[Run], *, lang: str = "en") -> go.Figure:
    """Test accuracy of each run over training, with guessing (10 %) marked."""
    traces = [
        accuracy_trace(run.eval_step, run.test_accuracy, run_name(run, lang), _line(run))
        for run in runs
    ]
    shapes, labels = _warmup_band(runs, lang)
    shape, label = reference_line(CHANCE, t("fig.p10.guess_accuracy", lang))
    shapes.append(shape)
    labels.append(label)
    layout = {
        "title": centred_title(t("fig.p10.accuracy_title", lang)),
        "height": HEIGHT,
        "xaxis": {"title": {"text": t("fig.p10.axis.step", lang)}, "rangemode": "tozero"},
        "yaxis": {
            "title": {"text": t("fig.p10.axis.accuracy", lang)},
            "tickformat": ".0%",
            "range": [0, 1.02],
        },
        "legend": _legend_below(),
        "margin": {"t": 70, "b": 110},
        "shapes": shapes,
        "annotations": labels,
        "hovermode": "x unified",
    }
    return go.Figure(data=traces, layout=layout)
