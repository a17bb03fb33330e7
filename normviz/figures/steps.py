"""Heatmaps for the step-by-step page: one (sample, channel) slice, and one group's values."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from normviz.figures.cube import ELEMENT_COLOR
from normviz.figures.palette import method_color, rgba
from normviz.figures.style import axis_name, centred_title, side_by_side, vline
from normviz.i18n import t
from normviz.masks import group_slices

MAX_TEXT_CELLS = 100  # write the number in each cell up to this many cells
COLORAXIS = "coloraxis"  # the one colour scale of the three slice panels
STACK_BINS = 80  # the strip stacks values closer than 1/80 of its range (and equal ones)


def slice_heatmaps(
    maps: dict[str, np.ndarray],
    n: int,
    c: int,
    chosen: tuple[int, int] | None = None,
    *,
    centered: bool = True,
    lang: str = "en",
) -> go.Figure:
    """x, x̂ and y of one (n, c) slice side by side, the chosen (h, w) outlined
    (centered=False: RMSNorm's x̂ = x/√(RMS²+ε) and y = γ·x̂).

    Built as one figure dict, three axis pairs written out as make_subplots lays them:
    plotly validates it once.
    """
    titles = {
        "x": t("fig.steps.panel.x", lang),
        "x_hat": "x̂ = (x − μ)/√(σ²+ε)" if centered else "x̂ = x/√(RMS²+ε)",
        "y": "y = γ·x̂ + β" if centered else "y = γ·x̂",
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
                "coloraxis": COLORAXIS,
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
    # one diverging scale, centred on 0, for x, x̂ and y: the same colour is the same number
    # in every panel, so x̂'s values around 0 look as small as they are next to x
    reach = max(float(np.nanmax(np.abs(maps[key]))) for key in keys) or 1.0
    layout[COLORAXIS] = {
        "colorscale": "RdBu_r",
        "cmin": -reach,
        "cmax": reach,
        "colorbar": {"title": {"text": t("fig.steps.colorbar", lang)}, "thickness": 14},
    }
    title = centred_title(t("fig.steps.slice.title", lang, n=n, c=c))
    title.update(y=1.0, yref="container", yanchor="top", pad={"t": 6})  # above the panel titles
    layout.update(
        shapes=shapes or None,
        title=title,
        height=340,
        margin={"l": 40, "r": 20, "t": 90, "b": 40},
    )
    return go.Figure(data=traces, layout=layout)


def index_in_group(
    shape: tuple[int, ...], method: str, at: tuple[int, ...], groups: int | None = None
) -> int:
    """Where element `at` sits among its group's values, flattened in memory order (the
    order of StepNumbers.group_values)."""
    slices = group_slices(shape, method, at, groups=groups)
    ranges = [range(*sl.indices(size)) for sl, size in zip(slices, shape, strict=True)]
    offsets = [i - r.start for i, r in zip(at, ranges, strict=True)]
    return int(np.ravel_multi_index(offsets, [len(r) for r in ranges]))


def stack_levels(values: np.ndarray, bins: int = STACK_BINS) -> np.ndarray:
    """A dot plot's heights: the k-th value (in the given order) that falls in the same
    1/bins-wide slot of the range as earlier values sits at height k, so equal values are
    stacked, never drawn on top of each other. Deterministic: no random jitter."""
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0:
        return np.zeros(0, dtype=int)
    low, span = float(values.min()), float(values.max() - values.min())
    slots = (
        np.zeros(values.size, dtype=np.int64)
        if span == 0
        else np.round((values - low) / span * bins).astype(np.int64)
    )
    seen: dict[int, int] = {}
    levels = np.empty(values.size, dtype=int)
    for i, slot in enumerate(slots.tolist()):
        levels[i] = seen.get(slot, 0)
        seen[slot] = levels[i] + 1
    return levels


def group_values_strip(
    values: np.ndarray,
    mean: float,
    m: int,
    *,
    chosen: tuple[int, float] | None = None,
    method: str = "batch",
    lang: str = "en",
) -> go.Figure:
    """Values of one group (all, or evenly spaced) as dots around their mean (a number line); equal
    values stacked (stack_levels), the chosen element (its index in the group, its value)
    ringed in amber, as in the cube, also when it is not among the values listed."""
    values = np.asarray(values, dtype=np.float64)
    shown = values.size
    listed = chosen is not None and 0 <= chosen[0] < shown
    extra = chosen is not None and not listed
    everything = np.append(values, chosen[1]) if extra else values
    levels = stack_levels(everything)
    points = {
        "type": "scatter",
        "x": values,
        "y": levels[:shown],
        "mode": "markers",
        "marker": {"size": 10, "color": rgba(method_color(method), 0.7)},
        "hovertemplate": "x = %{x:.4f}<extra></extra>",
        "name": t("fig.steps.values", lang),
    }
    traces = [points]
    annotations = []
    if chosen is not None:
        where = chosen[0] if listed else shown
        x, y = float(everything[where]), int(levels[where])
        traces.append(
            {
                "type": "scatter",
                "x": [x],
                "y": [y],
                "mode": "markers",
                "marker": {
                    "size": 17,
                    "symbol": "circle-open",
                    "color": ELEMENT_COLOR,
                    "line": {"width": 4, "color": ELEMENT_COLOR},
                },
                "hovertemplate": "x = %{x:.4f}<extra>" + t("fig.steps.chosen", lang) + "</extra>",
                "name": t("fig.steps.chosen", lang),
            }
        )
        annotations.append(
            {
                "x": x,
                "y": y,
                "text": t("fig.steps.chosen", lang),
                "showarrow": False,
                "yshift": -20,
                "font": {"size": 12},
            }
        )
    mean_line, mean_label = vline(mean, {"color": "crimson", "width": 3}, f"μ = {mean:.4f}")
    title = (
        t("fig.steps.strip.title", lang)
        if shown == m
        else t("fig.steps.strip.title_first", lang, shown=shown, m=m)
    )
    top = int(levels.max()) if levels.size else 0
    layout = {
        "shapes": [mean_line],
        "annotations": [mean_label, *annotations],
        "title": centred_title(title),
        "height": 190 + 16 * min(top, 10),
        "yaxis": {"visible": False, "range": [-0.9, top + 1.2]},
        "xaxis": {"title": "x"},
        "margin": {"l": 20, "r": 20, "t": 50, "b": 40},
        "showlegend": False,
    }
    return go.Figure(data=traces, layout=layout)
