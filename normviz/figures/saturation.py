"""Sigmoid-saturation figures: histograms (sent as counts) under the σ and σ' curves."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from normviz.figures.palette import CHOSEN_LINE, METHOD_COLORS, SECOND, method_color, rgba
from normviz.figures.style import centred_title, chosen_column
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
    mark: float | None = None,
    mark_label: str = "",
) -> go.Figure:
    """Bars of counts, σ(x) and σ′(x) on a second axis, and the saturated zones shaded.

    `mark` draws the chosen element's value as a labelled vertical line.

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
        "name": "σ′(x) × 4",
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
        "height": 320,
        "bargap": 0,
        "legend": {"orientation": "h", "y": -0.25},
        "margin": {"l": 50, "r": 50, "t": 50 if mark is None else 72, "b": 40},
        "xaxis": {"title": {"text": t("fig.saturation.axis.input", lang)}},
        "yaxis": {"title": {"text": t("fig.saturation.share", lang)}, "tickformat": ".0%"},
        "yaxis2": {
            "title": {"text": "σ(x), 4·σ′(x)"},
            "overlaying": "y",
            "side": "right",
            "range": [0, 1.05],
            "tickvals": [0, 0.25, 0.5, 0.75, 1],
            "showgrid": False,
        },
        "shapes": saturated,
    }
    if mark is not None:
        shown = float(np.clip(mark, edges[0], edges[-1]))  # beyond the axis: at its end
        layout["shapes"] = [*saturated, _mark_line(shown, "x")]
        layout["annotations"] = [_mark_label(shown, mark_label, edges)]
    return go.Figure(data=[bars, curve, slope], layout=layout)


MARK = CHOSEN_LINE  # the chosen element or value


def _mark_line(x: float, xref: str) -> dict:
    return {
        "type": "line",
        "x0": x,
        "x1": x,
        "xref": xref,
        "y0": 0,
        "y1": 1,
        "yref": "paper",
        "line": {"color": MARK, "width": 3},
    }


def _mark_label(x: float, text: str, edges: np.ndarray) -> dict:
    """The label on top of the mark, above the plot (inside it, it covered the bars and
    the σ′ peak), on the side with room."""
    right_half = x > (edges[0] + edges[-1]) / 2
    return {
        "x": x,
        "y": 1.0,
        "xref": "x",
        "yref": "y domain",
        "text": text,
        "showarrow": False,
        "xanchor": "right" if right_half else "left",
        "yanchor": "bottom",
        "font": {"color": MARK},
        "bgcolor": "rgba(255,255,255,0.8)",
    }


def per_channel_saturation(
    before: np.ndarray,
    after: np.ndarray,
    *,
    method: str = "batch",
    lang: str = "en",
    chosen: int | None = None,
    affine: bool = True,
) -> go.Figure:
    """Saturated fraction for each channel, before and after normalization (y, or x̂ when
    not `affine`); the `chosen` channel is shaded."""
    channels = np.arange(before.size)
    after_name = "fig.saturation.after" if affine else "fig.saturation.after_standardized"
    bars = [
        {
            "type": "bar",
            "x": channels,
            "y": before,
            "text": [f"{v:.0%}" for v in before],  # a 0% bar is still read as 0%
            "textposition": "outside",
            "name": t("fig.saturation.before", lang),
            "marker": {"color": BEFORE},
        },
        {
            "type": "bar",
            "x": channels,
            "y": after,
            "text": [f"{v:.0%}" for v in after],
            "textposition": "outside",
            "name": t(after_name, lang),
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
            "range": [0, 1.12],  # room for the labels above a full bar
        },
        "xaxis": {"title": t("fig.saturation.axis.channel", lang)},
        "margin": {"l": 50, "r": 20, "t": 50, "b": 40},
    }
    if chosen is not None and 0 <= chosen < before.size:
        layout["shapes"] = [chosen_column(chosen)]
    return go.Figure(data=bars, layout=layout)


def _log_axis(title: str, **extra: object) -> dict:
    """A log axis labelled at the decades only, with small unlabelled minor ticks between."""
    return {
        "type": "log",
        "title": {"text": title},
        "exponentformat": "power",
        "ticks": "outside",
        "minor": {"ticks": "outside", "ticklen": 3, "dtick": "D1", "showgrid": False},
        **extra,
    }


def gradient_decay(
    mean_grad_before: float,
    mean_grad_after: float,
    layers: int,
    *,
    method: str = "batch",
    lang: str = "en",
) -> go.Figure:
    """The σ′ part of the backward factor through L sigmoid layers: (mean σ′)ᴸ, and its
    bound 0.25ᴸ (the weights' part Wᵀ is not in it: the page's text says so)."""
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
        "yaxis": _log_axis(t("fig.saturation.decay.factor", lang), dtick=3),
        "xaxis": {"title": t("fig.saturation.decay.layers", lang)},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 40},
    }
    return go.Figure(data=curves, layout=layout)


def resaturation_curve(
    scales: np.ndarray,
    with_beta: np.ndarray,
    without_beta: np.ndarray,
    now_label: str,
    *,
    method: str = "batch",
    lang: str = "en",
) -> go.Figure:
    """Saturated share of y = k·γ·x̂ + β (and of k·γ·x̂) as the factor k on γ grows.

    k = 1 is the layer's own γ, β: a marked point, labelled `now_label`, whose value is the
    saturated share of the layer's output.
    """
    scales, with_beta, without_beta = (
        np.asarray(a, dtype=float).ravel() for a in (scales, with_beta, without_beta)
    )
    now = int(np.argmin(np.abs(np.log(scales))))  # k = 1
    curves = [
        {
            "type": "scatter",
            "x": scales,
            "y": without_beta,
            "mode": "lines",
            "name": t("fig.saturation.resat.gamma_only", lang),
            "line": {"color": "gray", "width": 2, "dash": "dash"},
        },
        {
            "type": "scatter",
            "x": scales,
            "y": with_beta,
            "mode": "lines",
            "name": t("fig.saturation.resat.both", lang),
            "line": {"color": _after(method), "width": 3},
        },
        {
            "type": "scatter",
            "x": [scales[now]],
            "y": [with_beta[now]],
            "mode": "markers",
            "name": now_label,
            "marker": {"color": MARK, "size": 13, "line": {"color": "black", "width": 1}},
        },
    ]
    layout = {
        "title": centred_title(t("fig.saturation.resat.title", lang)),
        "height": 340,
        "xaxis": _log_axis(t("fig.saturation.resat.axis", lang), dtick=1),
        "yaxis": {
            "title": t("fig.saturation.saturated", lang),
            "tickformat": ".0%",
            "range": [-0.02, 1.02],
        },
        "shapes": [_mark_line(float(scales[now]), "x")],
        "legend": {"orientation": "h", "y": -0.3},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 40},
    }
    return go.Figure(data=curves, layout=layout)
