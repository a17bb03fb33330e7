"""Heatmaps for the step-by-step page: one (sample, channel) slice, and one group's values."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from normviz.figures.style import centred_title
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
    """x, x̂ and y of one (n, c) slice side by side, the chosen (h, w) outlined."""
    titles = {
        "x": t("fig.steps.panel.x", lang),
        "x_hat": "x̂ = (x − μ)/√(σ²+ε)",
        "y": "y = γ·x̂ + β",
    }
    symbols = {"x": "x", "x_hat": "x̂", "y": "y"}
    fig = make_subplots(rows=1, cols=3, subplot_titles=[titles[k] for k in ("x", "x_hat", "y")])
    for col, key in enumerate(("x", "x_hat", "y"), start=1):
        z = np.round(maps[key], 5)  # 5 decimals: the browser shows 3, JSON stays half the size
        show_text = z.size <= MAX_TEXT_CELLS
        fig.add_trace(
            go.Heatmap(
                z=z,
                colorscale="RdBu_r",
                zmid=0 if key == "x_hat" else None,
                showscale=False,
                texttemplate="%{z:.3f}" if show_text else None,
                hovertemplate="h=%{y}, w=%{x}: %{z:.4f}<extra>" + symbols[key] + "</extra>",
            ),
            row=1,
            col=col,
        )
        rows, cols = z.shape
        fig.update_yaxes(
            autorange="reversed",
            row=1,
            col=col,
            title_text="h" if col == 1 else None,
            dtick=1 if rows <= 16 else None,
        )
        fig.update_xaxes(row=1, col=col, title_text="w", dtick=1 if cols <= 16 else None)
        if chosen is not None:
            h, w = chosen
            fig.add_shape(
                type="rect",
                x0=w - 0.5,
                x1=w + 0.5,
                y0=h - 0.5,
                y1=h + 0.5,
                line={"color": "rgb(255,191,0)", "width": 4},
                row=1,
                col=col,
            )
    fig.update_layout(
        title=centred_title(t("fig.steps.slice.title", lang, n=n, c=c)),
        height=320,
        margin={"l": 40, "r": 20, "t": 70, "b": 40},
    )
    return fig


def group_values_strip(values: np.ndarray, mean: float, m: int, *, lang: str = "en") -> go.Figure:
    """The first values of one group as dots around their mean (a number line)."""
    shown = values.size
    fig = go.Figure(
        go.Scatter(
            x=values,
            y=np.zeros(shown),
            mode="markers",
            marker={"size": 10, "color": "rgba(31,119,180,0.7)"},
            hovertemplate="x = %{x:.4f}<extra></extra>",
            name=t("fig.steps.values", lang),
        )
    )
    fig.add_vline(x=mean, line={"color": "crimson", "width": 3}, annotation_text=f"μ = {mean:.4f}")
    title = (
        t("fig.steps.strip.title", lang)
        if shown == m
        else t("fig.steps.strip.title_first", lang, shown=shown, m=m)
    )
    fig.update_layout(
        title=centred_title(title),
        height=180,
        yaxis={"visible": False},
        xaxis={"title": "x"},
        margin={"l": 20, "r": 20, "t": 50, "b": 40},
        showlegend=False,
    )
    return fig
