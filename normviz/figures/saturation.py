"""Sigmoid-saturation figures: histograms (sent as counts) under the σ and σ' curves."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from normviz.figures.palette import METHOD_COLORS, SECOND, method_color, rgba
from normviz.figures.style import centred_title, vline
from normviz.i18n import t
from normviz.methods import NO_NORM
from normviz.saturation import sigmoid, sigmoid_grad

BEFORE = rgba(METHOD_COLORS[NO_NORM], 0.8)  # x: the unnormalized input


def _after(method: str) -> str:
    """y: the input normalized by `method`, in that method's colour."""
    return rgba(method_color(method), 0.8)


# Every figure here is built as one dict of plain trace and layout dicts: plotly validates it
# once in go.Figure, where add_trace, update_layout and add_vline validated again at each call.


def histogram_with_sigmoid(
    edges: np.ndarray,
    counts: np.ndarray,
    *,
    title: str,
    cutoff: float,
    method: str = "batch",
    lang: str = "en",
) -> go.Figure:
    """Bars of counts, σ(x) and σ'(x) on a second axis, and the saturated zones shaded.

    Built as one figure dict (plotly validates it once; make_subplots and add_vrect took
    most of the page's rerun).
    """
    centers = (edges[:-1] + edges[1:]) / 2
    share = counts / max(int(counts.sum()), 1)
    grid = np.linspace(edges[0], edges[-1], 201)
    bars = {
        "type": "bar",
        "x": centers,
        "y": share,
        "width": np.diff(edges),
        "marker": {"color": rgba(method_color(method), 0.6)},
        "name": t("fig.saturation.share", lang),
        "hovertemplate": "x ≈ %{x:.2f}: %{y:.2%}<extra></extra>",
    }
    curve = {
        "type": "scatter",
        "x": grid,
        "y": sigmoid(grid),
        "name": "σ(x)",
        "line": {"color": "black", "width": 2},
        "yaxis": "y2",
    }
    slope = {
        "type": "scatter",
        "x": grid,
        "y": sigmoid_grad(grid) * 4,
        "name": "σ'(x) × 4",
        "line": {"color": SECOND, "width": 2, "dash": "dash"},
        "yaxis": "y2",
    }
    saturated = [
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": x0,
            "x1": x1,
            "y0": 0,
            "y1": 1,
            "fillcolor": "gray",
            "opacity": 0.12,
            "line": {"width": 0},
            "layer": "below",
        }
        for x0, x1 in ((edges[0], -cutoff), (cutoff, edges[-1]))
    ]
    layout = {
        "title": centred_title(title),
        "height": 360,
        "bargap": 0,
        "legend": {"orientation": "h", "y": -0.25},
        "margin": {"l": 50, "r": 50, "t": 50, "b": 40},
        "xaxis": {"title": {"text": t("fig.saturation.axis.input", lang)}},
        "yaxis": {"title": {"text": t("fig.saturation.share", lang)}, "tickformat": ".0%"},
        "yaxis2": {
            "title": {"text": "σ(x), 4·σ'(x)"},
            "overlaying": "y",
            "side": "right",
            "range": [0, 1.05],
            "tickvals": [0, 0.25, 0.5, 0.75, 1],
            "showgrid": False,
        },
        "shapes": saturated,
    }
    return go.Figure(data=[bars, curve, slope], layout=layout)


def per_channel_saturation(
    before: np.ndarray, after: np.ndarray, *, method: str = "batch", lang: str = "en"
) -> go.Figure:
    """Saturated fraction for each channel, before and after normalization."""
    channels = np.arange(before.size)
    bars = [
        {
            "type": "bar",
            "x": channels,
            "y": before,
            "name": t("fig.saturation.before", lang),
            "marker": {"color": BEFORE},
        },
        {
            "type": "bar",
            "x": channels,
            "y": after,
            "name": t("fig.saturation.after", lang),
            "marker": {"color": _after(method)},
        },
    ]
    layout = {
        "title": centred_title(t("fig.saturation.per_channel.title", lang)),
        "barmode": "group",
        "height": 300,
        "yaxis": {
            "title": t("fig.saturation.saturated", lang),
            "tickformat": ".0%",
            "range": [0, 1],
        },
        "xaxis": {"title": t("fig.saturation.axis.channel", lang)},
        "margin": {"l": 50, "r": 20, "t": 50, "b": 40},
    }
    return go.Figure(data=bars, layout=layout)


def gradient_decay(
    mean_grad_before: float,
    mean_grad_after: float,
    layers: int,
    *,
    method: str = "batch",
    lang: str = "en",
) -> go.Figure:
    """How a gradient shrinks through L sigmoid layers: mean σ' to the power L, and 0.25^L."""
    depth = np.arange(1, layers + 1)
    curves = [
        {
            "type": "scatter",
            "x": depth,
            "y": 0.25**depth,
            "name": t("fig.saturation.decay.best", lang),
            "line": {"dash": "dot", "color": "gray"},
        },
        {
            "type": "scatter",
            "x": depth,
            "y": mean_grad_before**depth,
            "name": t("fig.saturation.decay.before", lang),
            "line": {"color": BEFORE},
        },
        {
            "type": "scatter",
            "x": depth,
            "y": mean_grad_after**depth,
            "name": t("fig.saturation.decay.after", lang),
            "line": {"color": _after(method)},
        },
    ]
    layout = {
        "title": centred_title(t("fig.saturation.decay.title", lang)),
        "height": 320,
        "yaxis": {
            "type": "log",
            "title": t("fig.saturation.decay.factor", lang),
            "exponentformat": "e",
        },
        "xaxis": {"title": t("fig.saturation.decay.layers", lang)},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 40},
    }
    return go.Figure(data=curves, layout=layout)


def resaturation_curve(
    gammas: np.ndarray,
    fractions: np.ndarray,
    gamma_now: float,
    *,
    method: str = "batch",
    lang: str = "en",
) -> go.Figure:
    """Saturated share of y = γ·x̂ + β as γ grows: a large γ undoes the normalization."""
    curve = {
        "type": "scatter",
        "x": gammas,
        "y": fractions,
        "mode": "lines",
        "line": {"color": _after(method), "width": 3},
    }
    now_line, now_label = vline(
        gamma_now, {"dash": "dot"}, t("fig.saturation.resat.now", lang, gamma=gamma_now)
    )
    layout = {
        "shapes": [now_line],
        "annotations": [now_label],
        "title": centred_title(t("fig.saturation.resat.title", lang)),
        "height": 300,
        "xaxis": {"title": "γ", "type": "log"},
        "yaxis": {
            "title": t("fig.saturation.saturated", lang),
            "tickformat": ".0%",
            "range": [0, 1],
        },
        "margin": {"l": 60, "r": 20, "t": 50, "b": 40},
    }
    return go.Figure(data=[curve], layout=layout)
