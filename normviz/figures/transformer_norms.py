"""Figures for the Transformers page: who shares statistics on a token×feature grid, how
BatchNorm's statistics depend on the batch, padding and mode, and LN vs RMSNorm on one token.

Each figure is built in one go from plain dicts (see normviz/figures/dropout.py)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from normviz.figures.palette import CHOSEN, CHOSEN_LINE, METHOD_COLORS, NEUTRAL, rgba
from normviz.figures.style import centred_title, panel_title
from normviz.i18n import t
from normviz.transformer_norms import SHARE_METHODS, ShareGrid

LOG_X = {"type": "log", "dtick": np.log10(2)}  # batch sizes 2, 4, 8, … as ticks
GAP = 0.06  # between the grids


def share_grids(grid: ShareGrid, *, lang: str = "en") -> go.Figure:
    """One token×feature grid per method (tokens down, features across), the chosen
    element's group shaded in the method's colour and the chosen element ringed."""
    count = len(SHARE_METHODS)
    width = (1 - GAP * (count - 1)) / count
    traces, layout = (
        [],
        {
            "height": 360,
            "margin": {"l": 50, "r": 10, "t": 70, "b": 50},
            "showlegend": False,
            "annotations": [],
        },
    )
    row = int(np.flatnonzero(grid.tokens == grid.token)[0])
    col = int(np.flatnonzero(grid.features == grid.feature)[0])
    for i, method in enumerate(SHARE_METHODS):
        axis = "" if i == 0 else str(i + 1)
        start = i * (width + GAP)
        color = METHOD_COLORS[method]
        traces.append(
            {
                "type": "heatmap",
                "z": grid.masks[method].astype(float),
                "x": grid.features,
                "y": grid.tokens,
                "customdata": np.round(grid.values, 4),
                "zmin": 0,
                "zmax": 1,
                "colorscale": [[0, "rgba(235,235,235,1)"], [1, rgba(color, 0.85)]],
                "showscale": False,
                "xgap": 1,
                "ygap": 1,
                "hovertemplate": t("fig.p9.grid.hover", lang) + "<extra></extra>",
                "xaxis": f"x{axis}",
                "yaxis": f"y{axis}",
            }
        )
        traces.append(
            {
                "type": "scatter",
                "x": [grid.features[col]],
                "y": [grid.tokens[row]],
                "mode": "markers",
                "marker": {
                    "symbol": "square-open",
                    "size": 14,
                    "color": CHOSEN,
                    "line": {"width": 3, "color": CHOSEN_LINE},
                },
                "hoverinfo": "skip",
                "xaxis": f"x{axis}",
                "yaxis": f"y{axis}",
            }
        )
        layout[f"xaxis{axis}"] = {
            "domain": [start, start + width],
            "title": {"text": t("fig.p9.grid.features", lang)},
            "constrain": "domain",
            **integer_ticks(grid.features),
        }
        layout[f"yaxis{axis}"] = {
            "autorange": "reversed",
            "title": {"text": t("fig.p9.grid.tokens", lang) if i == 0 else ""},
            **integer_ticks(grid.tokens),
            "anchor": f"x{axis}",
        }
        layout["annotations"].append(
            panel_title(t(f"fig.p9.grid.title.{method}", lang), start + width / 2, 14)
        )
    return go.Figure(data=traces, layout=layout)


def batch_spread_figure(
    batch_sizes: np.ndarray,
    mean_spread: np.ndarray,
    var_spread: np.ndarray,
    token_change: float,
    *,
    lang: str = "en",
) -> go.Figure:
    """BN's μ_B and σ²_B spread across batches by batch size, and token LN's (0)."""
    sizes = np.asarray(batch_sizes)
    traces = [
        _line(sizes, mean_spread, t("fig.p9.spread.mean", lang), METHOD_COLORS["batch"], "solid"),
        _line(sizes, var_spread, t("fig.p9.spread.var", lang), METHOD_COLORS["batch"], "dash"),
        _line(
            sizes,
            np.full(sizes.shape, token_change),
            t("fig.p9.spread.token", lang),
            METHOD_COLORS["token"],
            "dot",
        ),
    ]
    layout = {
        "title": centred_title(t("fig.p9.spread.title", lang)),
        "xaxis": {**LOG_X, "title": {"text": t("fig.p9.batch_size", lang)}},
        "yaxis": {"title": {"text": t("fig.p9.spread.y", lang)}, "rangemode": "tozero"},
        "height": 380,
        "legend": {"orientation": "h", "y": -0.25},
    }
    return go.Figure(data=traces, layout=layout)


def padding_figure(
    fractions: np.ndarray,
    mean_gap: np.ndarray,
    var_ratio: np.ndarray,
    *,
    lang: str = "en",
) -> go.Figure:
    """Counted vs masked BN statistics by padding fraction."""
    percent = 100 * np.asarray(fractions)
    traces = [
        _line(percent, mean_gap, t("fig.p9.padding.mean", lang), METHOD_COLORS["batch"], "solid"),
        _line(percent, var_ratio, t("fig.p9.padding.var", lang), METHOD_COLORS["batch"], "dash"),
    ]
    layout = {
        "title": centred_title(t("fig.p9.padding.title", lang)),
        "xaxis": {"title": {"text": t("fig.p9.padding.x", lang)}, "ticksuffix": "%"},
        "yaxis": {"rangemode": "tozero"},
        "height": 380,
        "legend": {"orientation": "h", "y": -0.25},
    }
    return go.Figure(data=traces, layout=layout)


def neighbour_figure(
    lengths: np.ndarray,
    bn_change: np.ndarray,
    token_change: np.ndarray,
    *,
    lang: str = "en",
) -> go.Figure:
    """Sequence 0's output change as only sequence 1's length changes: BN vs token LN."""
    traces = [
        _line(lengths, bn_change, t("p9.method.batch", lang), METHOD_COLORS["batch"], "solid"),
        _line(lengths, token_change, t("p9.method.token", lang), METHOD_COLORS["token"], "dot"),
    ]
    layout = {
        "title": centred_title(t("fig.p9.neighbour.title", lang)),
        "xaxis": {"title": {"text": t("fig.p9.neighbour.x", lang)}},
        "yaxis": {"title": {"text": t("fig.p9.neighbour.y", lang)}, "rangemode": "tozero"},
        "height": 380,
        "legend": {"orientation": "h", "y": -0.25},
    }
    return go.Figure(data=traces, layout=layout)


def mismatch_figure(
    batch_sizes: np.ndarray,
    mean_difference: np.ndarray,
    max_difference: np.ndarray,
    token_difference: float,
    *,
    lang: str = "en",
) -> go.Figure:
    """|y_train − y_eval| of BN by batch size, and token LN's (0)."""
    sizes = np.asarray(batch_sizes)
    traces = [
        _line(sizes, mean_difference, t("fig.p9.mode.mean", lang), METHOD_COLORS["batch"], "solid"),
        _line(sizes, max_difference, t("fig.p9.mode.max", lang), METHOD_COLORS["batch"], "dash"),
        _line(
            sizes,
            np.full(sizes.shape, token_difference),
            t("fig.p9.mode.token", lang),
            METHOD_COLORS["token"],
            "dot",
        ),
    ]
    layout = {
        "title": centred_title(t("fig.p9.mode.title", lang)),
        "xaxis": {**LOG_X, "title": {"text": t("fig.p9.batch_size", lang)}},
        "yaxis": {"title": {"text": t("fig.p9.mode.y", lang)}, "rangemode": "tozero"},
        "height": 380,
        "legend": {"orientation": "h", "y": -0.25},
    }
    return go.Figure(data=traces, layout=layout)


def one_token_figure(
    x: np.ndarray, y_ln: np.ndarray, y_rms: np.ndarray, token: int, *, lang: str = "en"
) -> go.Figure:
    """One token's features: the input, token LN's output and RMSNorm's."""
    features = np.arange(np.asarray(x).size)
    traces = [
        {
            "type": "bar",
            "x": features,
            "y": np.asarray(x),
            "name": t("fig.p9.token.input", lang),
            "marker": {"color": rgba(NEUTRAL, 0.45)},
        },
        _line(features, y_ln, t("p9.method.token", lang), METHOD_COLORS["token"], "solid"),
        _line(features, y_rms, t("p9.method.rms", lang), METHOD_COLORS["rms"], "dash"),
    ]
    layout = {
        "title": centred_title(t("fig.p9.token.title", lang, token=token)),
        "xaxis": {"title": {"text": t("fig.p9.grid.features", lang)}, "dtick": 2},
        "height": 380,
        "legend": {"orientation": "h", "y": -0.25},
    }
    return go.Figure(data=traces, layout=layout)


def integer_ticks(indices: np.ndarray) -> dict:
    """Ticks at whole indices of a heatmap's cells, at most about 6 labels."""
    step = max(1, int(np.ceil(len(indices) / 6)))
    return {"tickmode": "linear", "tick0": int(indices[0]), "dtick": step}


def _line(x, y, name: str, color: str, dash: str) -> dict:
    return {
        "type": "scatter",
        "x": np.asarray(x),
        "y": np.asarray(y, dtype=float),
        "mode": "lines+markers",
        "name": name,
        "line": {"color": color, "dash": dash, "width": 3},
        "marker": {"color": color, "size": 8},
    }
