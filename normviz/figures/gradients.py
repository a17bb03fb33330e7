"""Figures for the Gradients page: one group's backward pass, what BN removes from the
gradient, scale invariance, and the loss landscape with and without BN.

Each figure is built in one go: its traces as plain dicts and its layout as one nested
dict, validated once by `go.Figure(data=..., layout=...)` (make_subplots, add_trace,
update_* and add_vline validate again at every call, which took most of a rerun)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from normviz.figures.palette import CHOSEN_LINE, METHOD_COLORS, SECOND, method_color, rgba
from normviz.figures.style import (
    axis_name,
    centred_title,
    chosen_column,
    panel_title,
    same_length,
    side_by_side,
)
from normviz.i18n import t
from normviz.methods import NO_NORM
from normviz.saturation import power_of_ten

PLAIN = rgba(METHOD_COLORS[NO_NORM], 0.85)  # without BN
WITH_BN = rgba(METHOD_COLORS["batch"], 0.85)  # with BN
REMOVED = "rgba(127,127,127,0.8)"
MAX_BARS = 64  # bars per group shown; beyond this the first MAX_BARS values
MAX_POINTS = 1000  # scatter points per trace


def group_gradients(
    grad_y: np.ndarray,
    grad_x_hat: np.ndarray,
    grad_x: np.ndarray,
    *,
    chosen: int | None = None,
    method: str = "",
    lang: str = "en",
) -> go.Figure:
    """∂L/∂y, ∂L/∂x̂ and ∂L/∂x for each element of one group, as grouped bars.

    The ∂L/∂x bars sum to zero: the title says so with the actual sum. `chosen` is the
    position of the selected element in these arrays (outlined).
    """
    grad_y, grad_x_hat, grad_x = (
        np.asarray(a, dtype=float).ravel() for a in (grad_y, grad_x_hat, grad_x)
    )
    same_length(grad_y, grad_x_hat, grad_x)
    m = grad_x.size
    shown = min(m, MAX_BARS)
    index = np.arange(shown)
    element = t("fig.gradients.element", lang)
    traces = [
        {
            "type": "bar",
            "x": index,
            "y": values[:shown],
            "name": name,
            "marker": {"color": color},
            "hovertemplate": element + " %{x}: %{y:.4g}<extra>" + name + "</extra>",
        }
        for values, name, color in (
            (grad_y, t("fig.gradients.arriving", lang), rgba(SECOND, 0.8)),
            (grad_x_hat, "∂L/∂x̂ = γ·∂L/∂y", REMOVED),
            (grad_x, t("fig.gradients.leaving", lang), rgba(method_color(method or "BN"), 0.8)),
        )
    ]
    note = "" if shown == m else t("fig.gradients.first_of", lang, shown=shown, total=m)
    label = f"{method} " if method else ""
    title = t("fig.gradients.group_title", lang, label=label, note=note, total=grad_x.sum())
    layout = {
        "title": centred_title(title),
        "barmode": "group",
        "height": 340,
        "xaxis": {"title": t("fig.gradients.axis.element", lang)},
        "yaxis": {"title": t("fig.gradients.axis.gradient", lang)},
        "legend": {"orientation": "h", "y": -0.25},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 40},
    }
    if chosen is not None and 0 <= chosen < shown:
        layout["shapes"] = [chosen_column(chosen)]
    return go.Figure(data=traces, layout=layout)


def removed_components(
    x_hat: np.ndarray,
    arriving: np.ndarray,
    passed: np.ndarray,
    *,
    label: str = "BN",
    lang: str = "en",
) -> go.Figure:
    """∂L/∂x̂ against x̂ with the straight line the normalization `label` removes, and what
    passes on.

    mean(g) + mean(g·x̂)·x̂ is (up to ε) the least-squares line of g = ∂L/∂x̂ on x̂ over a
    group: every method subtracts it, so the part that passes has no mean and no trend
    along x̂.
    """
    x_hat, arriving, passed = (
        np.asarray(a, dtype=float).ravel() for a in (x_hat, arriving, passed)
    )
    same_length(x_hat, arriving, passed)
    if x_hat.size > MAX_POINTS:  # a thousand points show the pattern as well as more
        keep = np.linspace(0, x_hat.size - 1, MAX_POINTS).astype(int)
        x_hat, arriving, passed = x_hat[keep], arriving[keep], passed[keep]
    # float32 halves the payload and is far finer than a projected screen
    x_hat, arriving, passed = (a.astype(np.float32) for a in (x_hat, arriving, passed))
    removed = arriving - passed
    order = np.argsort(x_hat)
    # one layout dict for both panels: plotly validates it once (make_subplots and
    # add_hline took most of the page's rerun)
    traces = [
        {
            "type": "scatter",
            "x": x_hat,
            "y": arriving,
            "mode": "markers",
            "name": "∂L/∂x̂",
            "marker": {"color": REMOVED},
        },
        {
            "type": "scatter",
            "x": x_hat[order],
            "y": removed[order],
            "mode": "lines",
            "name": t("fig.gradients.removed", lang),
            "line": {"color": "black", "width": 3},
        },
        {
            "type": "scatter",
            "x": x_hat,
            "y": passed,
            "mode": "markers",
            "name": t("fig.gradients.passes", lang),
            "marker": {"color": rgba(method_color(label), 0.85)},
            "xaxis": "x2",
            "yaxis": "y2",
        },
    ]
    panel_titles = [
        panel_title(text, x, size=14)
        for text, x in (
            (t("fig.gradients.panel.arriving", lang, label=label), 0.225),
            (t("fig.gradients.panel.passes", lang), 0.775),
        )
    ]
    zero_line = {
        "type": "line",
        "xref": "x2 domain",
        "x0": 0,
        "x1": 1,
        "y0": 0,
        "y1": 0,
        "yref": "y2",
        "line": {"dash": "dot", "color": "black"},
    }
    layout = {
        "title": centred_title(t("fig.gradients.removed_title", lang, label=label)),
        "xaxis": {"domain": [0, 0.45], "title": {"text": t("fig.gradients.axis.x_hat", lang)}},
        "xaxis2": {"domain": [0.55, 1], "title": {"text": t("fig.gradients.axis.x_hat", lang)}},
        "yaxis": {"title": {"text": t("fig.gradients.axis.gradient", lang)}},
        "yaxis2": {"anchor": "x2", "matches": "y", "showticklabels": False},
        "annotations": panel_titles,
        "shapes": [zero_line],
        "height": 360,
        "legend": {"orientation": "h", "y": -0.25},
        "margin": {"l": 60, "r": 20, "t": 95, "b": 40},
    }
    return go.Figure(data=traces, layout=layout)


def scale_invariance(
    scales: np.ndarray,
    grad_w_norm: np.ndarray,
    grad_w_norm_predicted: np.ndarray,
    output_change: np.ndarray,
    *,
    a_now: float | None = None,
    label: str = "BN",
    lang: str = "en",
) -> go.Figure:  # `label` names the method ("GN (G=2)"); formulas use its short name (GN)
    """Left: ‖∂L/∂(aW)‖ against a with the 1/a line. Right: how much the output of the
    normalization `label` moved."""
    color = rgba(method_color(label), 0.85)
    fn = label.split(" (")[0]
    scales, grad_w_norm, grad_w_norm_predicted, output_change = (
        np.asarray(a, dtype=float).ravel()
        for a in (scales, grad_w_norm, grad_w_norm_predicted, output_change)
    )
    same_length(scales, grad_w_norm, grad_w_norm_predicted, output_change)
    # a = 1 has change exactly 0, which a log axis cannot show: plot it at the floor
    floor = 1e-17
    traces = [
        {
            "type": "scatter",
            "x": scales,
            "y": grad_w_norm_predicted,
            "name": t("fig.gradients.predicted", lang),
            "line": {"dash": "dash", "color": "black"},
            "xaxis": "x",
            "yaxis": "y",
        },
        {
            "type": "scatter",
            "x": scales,
            "y": grad_w_norm,
            "mode": "markers",
            "name": t("fig.gradients.autograd", lang),
            "marker": {"color": color, "size": 8},
            "xaxis": "x",
            "yaxis": "y",
        },
        {
            "type": "scatter",
            "x": scales,
            "y": np.maximum(output_change, floor),
            "mode": "lines+markers",
            "name": t("fig.gradients.output_change", lang, fn=fn),
            "line": {"color": color},
            "xaxis": "x2",
            "yaxis": "y2",
        },
    ]
    layout = side_by_side(
        (
            t("fig.gradients.panel.grad_w", lang),
            t("fig.gradients.panel.output_change", lang, label=label),
        ),
        x=log_axis(t("fig.gradients.axis.scale", lang)),
        y=log_axis(None),
    )
    layout["yaxis2"].update(log_axis(None, _decades(np.maximum(output_change, floor))))
    layout["yaxis"]["title"] = {"text": "‖∂L/∂(aW)‖"}
    layout["yaxis2"]["title"] = {"text": t("fig.gradients.axis.largest_change", lang)}
    if a_now is not None:  # a dotted vertical line at the current a, in both panels
        layout["shapes"] = [
            {
                "type": "line",
                "x0": a_now,
                "x1": a_now,
                "xref": xref,
                "y0": 0,
                "y1": 1,
                "yref": f"{yref} domain",
                "line": {"dash": "dot", "color": CHOSEN_LINE, "width": 2},
            }
            for xref, yref in (("x", "y"), ("x2", "y2"))
        ]
    layout.update(
        title=centred_title(t("fig.gradients.scale_title", lang, fn=fn)),
        height=360,
        legend={"orientation": "h", "y": -0.42},
        margin={"l": 70, "r": 20, "t": 95, "b": 40},
    )
    return go.Figure(data=traces, layout=layout)


def loss_landscape(
    step_sizes: np.ndarray,
    loss_plain: np.ndarray,
    loss_bn: np.ndarray,
    grad_norm_plain: np.ndarray,
    grad_norm_bn: np.ndarray,
    grad_change_plain: np.ndarray | None = None,
    grad_change_bn: np.ndarray | None = None,
    *,
    label: str = "BN",
    lang: str = "en",
) -> go.Figure:
    """Loss, gradient norm (and gradient change) at θ − η·∇L against η, with and without the
    normalization `label`."""
    arrays = [step_sizes, loss_plain, loss_bn, grad_norm_plain, grad_norm_bn]
    panels = [
        (t("fig.gradients.panel.loss", lang), loss_plain, loss_bn),
        (t("fig.gradients.panel.grad_norm", lang), grad_norm_plain, grad_norm_bn),
    ]
    if grad_change_plain is not None and grad_change_bn is not None:
        arrays += [grad_change_plain, grad_change_bn]
        panels.append(
            (t("fig.gradients.panel.grad_change", lang), grad_change_plain, grad_change_bn)
        )
    arrays = [np.asarray(a, dtype=float).ravel() for a in arrays]
    same_length(*arrays)
    steps = arrays[0]
    runs = (
        (t("fig.gradients.without_bn", lang), PLAIN),
        (t("fig.gradients.with_bn", lang, label=label), rgba(method_color(label), 0.85)),
    )
    traces = [
        {
            "type": "scatter",
            "x": steps,
            "y": np.asarray(values, dtype=float),
            "mode": "lines+markers",
            "name": name,
            "line": {"color": color, "width": 3},
            "legendgroup": name,
            "showlegend": col == 1,
            "xaxis": axis_name("x", col),
            "yaxis": axis_name("y", col),
        }
        for col, (_, plain, bn) in enumerate(panels, start=1)
        for values, (name, color) in zip((plain, bn), runs, strict=True)
    ]
    layout = side_by_side(
        [p[0] for p in panels],
        x=log_axis(t("fig.gradients.axis.step", lang)),
        y=log_axis(None),
    )
    layout.update(
        title=centred_title(t("fig.gradients.landscape_title", lang, label=label)),
        height=380,
        legend={"orientation": "h", "y": -0.42},
        margin={"l": 60, "r": 20, "t": 95, "b": 40},
    )
    return go.Figure(data=traces, layout=layout)


def log_axis(title: str | None, decades: float = 4.0) -> dict:
    """A log axis labelled at decades only (10⁻³, 1, 10 …; every k-th decade when it spans
    more than 6), small unlabelled minor ticks between them."""
    axis = {
        "type": "log",
        "dtick": max(1, int(np.ceil(decades / 6))),
        "exponentformat": "power",
        "ticks": "outside",
        "minor": {"ticks": "outside", "ticklen": 3, "dtick": "D1", "showgrid": False},
    }
    if title:
        axis["title"] = {"text": title}
    return axis


def bias_outputs(
    y_plain: np.ndarray,
    y_every: np.ndarray,
    y_one: np.ndarray,
    change_every: float,
    change_one: float,
    *,
    positions: int,
    value: float,
    label: str = "BN",
    lang: str = "en",
) -> go.Figure:
    """One sample's output without bias (rings) and with a bias b before the layer (dots):
    left b on every channel, right b on channel 0 only. Identical where it cancels."""
    y_plain, y_every, y_one = (
        np.asarray(a, dtype=float).ravel() for a in (y_plain, y_every, y_one)
    )
    same_length(y_plain, y_every, y_one)
    index = np.arange(y_plain.size)
    color = method_color(label)
    traces = []
    for col, (with_bias, name) in enumerate(
        (
            (y_every, t("fig.gradients.bias.with_every", lang, value=value)),
            (y_one, t("fig.gradients.bias.with_one", lang, value=value)),
        ),
        start=1,
    ):
        axes = {"xaxis": axis_name("x", col), "yaxis": axis_name("y", col)}
        traces += [
            {
                "type": "scatter",
                "x": index,
                "y": y_plain,
                "mode": "markers",
                "name": t("fig.gradients.bias.without", lang),
                "marker": {
                    "size": 13,
                    "color": "rgba(0,0,0,0)",
                    "line": {"color": "black", "width": 2},
                },
                "showlegend": col == 1,
                "legendgroup": "plain",
                **axes,
            },
            {
                "type": "scatter",
                "x": index,
                "y": with_bias,
                "mode": "markers",
                "name": name,
                "marker": {
                    "size": 7,
                    "color": color,
                    "symbol": "circle" if col == 1 else "diamond",
                },
                **axes,
            },
        ]
    titles = [
        t("fig.gradients.bias.panel_every", lang, value=value, change=power_of_ten(change_every)),
        t("fig.gradients.bias.panel_one", lang, value=value, change=power_of_ten(change_one)),
    ]
    channels = y_plain.size // max(positions, 1)
    ticks = {
        "tickvals": [c * positions + (positions - 1) / 2 for c in range(channels)],
        "ticktext": [f"c = {c}" for c in range(channels)],
        "title": {"text": t("fig.gradients.bias.axis", lang)},
    }
    layout = side_by_side(titles, x=ticks, shared_y=True)
    layout["yaxis"]["title"] = {"text": t("fig.gradients.bias.output", lang, label=label)}
    layout["shapes"] = [
        {
            "type": "line",
            "x0": c * positions - 0.5,
            "x1": c * positions - 0.5,
            "xref": axis_name("x", col),
            "y0": 0,
            "y1": 1,
            "yref": f"{axis_name('y', col)} domain",
            "line": {"dash": "dot", "color": "gray", "width": 1},
        }
        for col in (1, 2)
        for c in range(1, channels)
    ]
    layout.update(
        title=centred_title(t("fig.gradients.bias.title", lang, label=label)),
        height=360,
        legend={"orientation": "h", "y": -0.42},
        margin={"l": 60, "r": 20, "t": 95, "b": 40},
    )
    return go.Figure(data=traces, layout=layout)


def _decades(values: np.ndarray) -> float:
    """How many decades the positive finite values span."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v) & (v > 0)]
    return float(np.log10(v.max() / v.min())) if v.size else 1.0
