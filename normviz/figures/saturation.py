"""Sigmoid-saturation figures: histograms (sent as counts) under the σ and σ' curves."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from normviz.figures.style import centred_title
from normviz.saturation import sigmoid, sigmoid_grad

BEFORE = "rgba(214,39,40,0.8)"
AFTER = "rgba(31,119,180,0.8)"


def histogram_with_sigmoid(
    edges: np.ndarray,
    counts: np.ndarray,
    *,
    title: str,
    cutoff: float,
    color: str = "rgba(31,119,180,0.6)",
) -> go.Figure:
    """Bars of counts, σ(x) and σ'(x) on a second axis, and the saturated zones shaded.

    Built as one figure dict (plotly validates it once; make_subplots and add_vrect took
    most of the page's rerun).
    """
    centers = (edges[:-1] + edges[1:]) / 2
    share = counts / max(int(counts.sum()), 1)
    grid = np.linspace(edges[0], edges[-1], 201)
    bars = go.Bar(
        x=centers,
        y=share,
        width=np.diff(edges),
        marker_color=color,
        name="share of inputs",
        hovertemplate="x ≈ %{x:.2f}: %{y:.2%}<extra></extra>",
    )
    curve = go.Scatter(
        x=grid, y=sigmoid(grid), name="σ(x)", line={"color": "black", "width": 2}, yaxis="y2"
    )
    slope = go.Scatter(
        x=grid,
        y=sigmoid_grad(grid) * 4,
        name="σ'(x) × 4",
        line={"color": "darkorange", "width": 2, "dash": "dash"},
        yaxis="y2",
    )
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
        "xaxis": {"title": {"text": "sigmoid input x (grey: saturated, σ' ≈ 0)"}},
        "yaxis": {"title": {"text": "share of inputs"}, "tickformat": ".0%"},
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


def per_channel_saturation(before: np.ndarray, after: np.ndarray) -> go.Figure:
    """Saturated fraction for each channel, before and after normalization."""
    channels = np.arange(before.size)
    fig = go.Figure(
        [
            go.Bar(x=channels, y=before, name="before (x)", marker_color=BEFORE),
            go.Bar(x=channels, y=after, name="after (y)", marker_color=AFTER),
        ]
    )
    fig.update_layout(
        title=centred_title("Saturated fraction per channel"),
        barmode="group",
        height=300,
        yaxis={"title": "saturated", "tickformat": ".0%", "range": [0, 1]},
        xaxis={"title": "channel c"},
        margin={"l": 50, "r": 20, "t": 50, "b": 40},
    )
    return fig


def gradient_decay(mean_grad_before: float, mean_grad_after: float, layers: int) -> go.Figure:
    """How a gradient shrinks through L sigmoid layers: mean σ' to the power L, and 0.25^L."""
    depth = np.arange(1, layers + 1)
    fig = go.Figure(
        [
            go.Scatter(
                x=depth,
                y=0.25**depth,
                name="best case 0.25^L",
                line={"dash": "dot", "color": "gray"},
            ),
            go.Scatter(
                x=depth,
                y=mean_grad_before**depth,
                name="before: (mean σ')^L",
                line={"color": BEFORE},
            ),
            go.Scatter(
                x=depth, y=mean_grad_after**depth, name="after: (mean σ')^L", line={"color": AFTER}
            ),
        ]
    )
    fig.update_layout(
        title=centred_title("Gradient factor through L sigmoid layers"),
        height=320,
        yaxis={"type": "log", "title": "factor (log scale)", "exponentformat": "e"},
        xaxis={"title": "number of layers L"},
        margin={"l": 60, "r": 20, "t": 50, "b": 40},
    )
    return fig


def resaturation_curve(gammas: np.ndarray, fractions: np.ndarray, gamma_now: float) -> go.Figure:
    """Saturated share of y = γ·x̂ + β as γ grows: a large γ undoes the normalization."""
    fig = go.Figure(
        go.Scatter(x=gammas, y=fractions, mode="lines", line={"color": AFTER, "width": 3})
    )
    fig.add_vline(x=gamma_now, line={"dash": "dot"}, annotation_text=f"γ = {gamma_now:g} now")
    fig.update_layout(
        title=centred_title("Saturated share of y = γ·x̂ + β, by γ (β as set)"),
        height=300,
        xaxis={"title": "γ", "type": "log"},
        yaxis={"title": "saturated", "tickformat": ".0%", "range": [0, 1]},
        margin={"l": 60, "r": 20, "t": 50, "b": 40},
    )
    return fig
