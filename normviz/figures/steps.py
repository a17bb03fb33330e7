"""Heatmaps for the step-by-step page: one (sample, channel) slice, and one group's values."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from normviz.figures.palette import method_color, rgba
from normviz.figures.style import axis_name, centred_title, side_by_side, vline
from normviz.i18n import t

MAX_TEXT_CELLS = 100  # write the number in each cell up to this many cells


def slice_heatmaps(
    maps: dict[str, np.ndarray],
    n: int,
    c: int,
    chosen: tuple[int, int] | None = None,
    *,
    lang: str = "en",
) -> go.Figure:
    """x, x̂ and y of one (n, c) slice side by side, the chosen (h, w) outlined.

    Built as one figure dict, three axis pairs written out as make_subplots lays them:
    plotly validates it once.
    """
    titles = {
        "x": t("fig.steps.panel.x", lang),
        "x_hat": "x̂ = (x − μ)/√(σ²+ε)",
        "y": "y = γ·x̂ + β",
    }
    symbols = {"x": "x", "x_hat": "x̂", "y": "y"}
    keys = ("x", "x_hat", "y")
    layout = side_by_side(
        [titles[key] for key in keys],
        x={"title": {"text": "w"}},
        y={"autorange": "reversed"},
    )
    layout["yaxis"]["title"] = {"text": "h"}
    traces, shapes = [], []
    for col, key in enumerate(keys, start=1):
        x_ref, y_ref = axis_name("x", col), axis_name("y", col)
        z = np.round(maps[key], 5)  # 5 decimals: the browser shows 3, JSON stays half the size
        show_text = z.size <= MAX_TEXT_CELLS
        traces.append(
            {
                "type": "heatmap",
                "z": z,
                "colorscale": "RdBu_r",
                "zmid": 0 if key == "x_hat" else None,
                "showscale": False,
                "texttemplate": "%{z:.3f}" if show_text else None,
                "hovertemplate": "h=%{y}, w=%{x}: %{z:.4f}<extra>" + symbols[key] + "</extra>",
                "xaxis": x_ref,
                "yaxis": y_ref,
            }
        )
        rows, cols = z.shape
        layout[axis_name("xaxis", col)]["dtick"] = 1 if cols <= 16 else None
        layout[axis_name("yaxis", col)]["dtick"] = 1 if rows <= 16 else None
        if chosen is not None:
            h, w = chosen
            shapes.append(
                {
                    "type": "rect",
                    "x0": w - 0.5,
                    "x1": w + 0.5,
                    "y0": h - 0.5,
                    "y1": h + 0.5,
                    "line": {"color": "rgb(255,191,0)", "width": 4},
                    "xref": x_ref,
                    "yref": y_ref,
                }
            )
    layout.update(
        shapes=shapes or None,
        title=centred_title(t("fig.steps.slice.title", lang, n=n, c=c)),
        height=320,
        margin={"l": 40, "r": 20, "t": 70, "b": 40},
    )
    return go.Figure(data=traces, layout=layout)


def group_values_strip(
    values: np.ndarray, mean: float, m: int, *, method: str = "batch", lang: str = "en"
) -> go.Figure:
    """The first values of one group as dots around their mean (a number line)."""
    shown = values.size
    points = {
        "type": "scatter",
        "x": values,
        "y": np.zeros(shown),
        "mode": "markers",
        "marker": {"size": 10, "color": rgba(method_color(method), 0.7)},
        "hovertemplate": "x = %{x:.4f}<extra></extra>",
        "name": t("fig.steps.values", lang),
    }
    mean_line, mean_label = vline(mean, {"color": "crimson", "width": 3}, f"μ = {mean:.4f}")
    title = (
        t("fig.steps.strip.title", lang)
        if shown == m
        else t("fig.steps.strip.title_first", lang, shown=shown, m=m)
    )
    layout = {
        "shapes": [mean_line],
        "annotations": [mean_label],
        "title": centred_title(title),
        "height": 180,
        "yaxis": {"visible": False},
        "xaxis": {"title": "x"},
        "margin": {"l": 20, "r": 20, "t": 50, "b": 40},
        "showlegend": False,
    }
    return go.Figure(data=[points], layout=layout)
