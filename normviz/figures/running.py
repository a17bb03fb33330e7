"""Running statistics figures: estimates batch after batch, batch weights, train vs eval."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go

from normviz.figures.palette import METHOD_COLORS, SERIES
from normviz.figures.style import centred_title
from normviz.i18n import InputError, t
from normviz.streams import (
    ESTIMATES,
    RunningTrajectory,
    SampleInBatches,
    batch_weights,
)

# One look per estimate; "bn_paper" equals "cumulative", so it is drawn as open markers on top.
# Every line here is BatchNorm's: PyTorch's convention in BN's colour, the others in colours
# that no method uses (normviz.figures.palette).
ESTIMATE_STYLES = {
    "pytorch": {"mode": "lines", "line": {"color": METHOD_COLORS["batch"], "width": 3}},
    "keras": {"mode": "lines", "line": {"color": SERIES[1], "width": 3}},
    "cumulative": {"mode": "lines", "line": {"color": SERIES[0], "width": 3, "dash": "dash"}},
    "bn_paper": {
        "mode": "markers",
        "marker": {"color": SERIES[0], "size": 7, "symbol": "circle-open"},
    },
}
BATCH_COLOR = "rgba(120, 120, 120, 0.55)"
TRUE_COLOR = "black"
QUANTITY_SYMBOLS = {"mean": "μ", "var": "σ²"}
MAX_MARKERS = 400  # beyond this many batches, draw every k-th open marker only

TICK_SIZE, AXIS_TITLE_SIZE, TITLE_SIZE = 13, 14, 17  # explicit: the projector scales them


def legible(layout: dict) -> dict:
    """The layout with explicit tick, axis-title and title font sizes (changed in place).

    ui.display.for_projector scales only sizes a figure sets; left unset, the browser's
    theme keeps ticks at its small default even in presenter mode.
    """
    for key, axis in layout.items():
        if not key.startswith(("xaxis", "yaxis")):
            continue
        axis.setdefault("tickfont", {"size": TICK_SIZE})
        title = axis.get("title")
        if isinstance(title, str):
            axis["title"] = {"text": title}
        if "title" in axis:
            axis["title"].setdefault("font", {"size": AXIS_TITLE_SIZE})
    if isinstance(layout.get("title"), dict):
        layout["title"].setdefault("font", {"size": TITLE_SIZE})
    return layout


# Every figure here is built as one dict of plain trace and layout dicts: plotly validates it
# once in go.Figure, where add_trace, update_layout and add_vline validated again at each call.


def estimate_name(
    key: str, momentum: float | None = 0.1, keras_momentum: float = 0.99, lang: str = "en"
) -> str:
    """The legend label of an estimate, naming its convention and momentum."""
    if key not in ESTIMATES:
        raise InputError("errors.streams.unknown_estimate", key=key, choices=", ".join(ESTIMATES))
    if key == "pytorch":
        if momentum is None:
            return t("fig.running.estimate.pytorch_none", lang)
        return t("fig.running.estimate.pytorch", lang, momentum=f"{momentum:g}")
    if key == "keras":
        return t("fig.running.estimate.keras", lang, momentum=f"{keras_momentum:g}")
    return t(f"fig.running.estimate.{key}", lang)


def running_estimates_figure(
    batch_values: np.ndarray,
    estimates: Mapping[str, np.ndarray],
    true_value: float | None,
    *,
    quantity: str = "mean",
    channel: int = 0,
    momentum: float | None = 0.1,
    keras_momentum: float = 0.99,
    lang: str = "en",
) -> go.Figure:
    """Each batch's statistic (grey dots), the running estimates (lines) and the truth.

    estimates maps keys of `streams.ESTIMATES` to one value per batch.
    """
    if quantity not in QUANTITY_SYMBOLS:
        raise InputError("errors.figures.quantity", quantity=quantity)
    symbol = QUANTITY_SYMBOLS[quantity]
    batch_values = np.asarray(batch_values, dtype=np.float64)
    steps = np.arange(1, batch_values.size + 1)
    traces = [
        {
            "type": "scatter",
            "x": steps,
            "y": batch_values,
            "mode": "markers",
            "marker": {"color": BATCH_COLOR, "size": 6},
            "name": t(f"fig.running.batch.{quantity}", lang),
            "hovertemplate": t("fig.running.hover.batch", lang, x="%{x}", y="%{y:.4f}")
            + "<extra></extra>",
        }
    ]
    for key, values in estimates.items():
        if key not in ESTIMATES:
            raise InputError(
                "errors.streams.unknown_estimate", key=key, choices=", ".join(ESTIMATES)
            )
        values = np.asarray(values, dtype=np.float64)
        every = max(1, values.size // MAX_MARKERS) if key == "bn_paper" else 1
        traces.append(
            {
                "type": "scatter",
                "x": steps[::every],
                "y": values[::every],
                "name": estimate_name(key, momentum, keras_momentum, lang),
                "hovertemplate": t("fig.running.hover.after", lang, x="%{x}", y="%{y:.4f}")
                + "<extra></extra>",
                **ESTIMATE_STYLES[key],
            }
        )
    if true_value is not None:
        traces.append(_true_line([steps[0], steps[-1]], float(true_value), symbol, lang))
    layout = {
        "title": centred_title(t(f"fig.running.title.{quantity}", lang, channel=channel)),
        "xaxis": {"title": t("fig.running.axis.batch", lang)},
        "yaxis": {"title": t(f"fig.running.axis.{quantity}", lang)},
        "height": 470,
        # below the axis title, with room for it at the projector's larger fonts
        "legend": {"orientation": "h", "y": -0.3, "yanchor": "top"},
        "margin": {"l": 60, "r": 20, "t": 60, "b": 40},
        "font": {"size": 15},
    }
    return go.Figure(data=traces, layout=legible(layout))


def running_figures(
    trajectory: RunningTrajectory,
    channel: int = 0,
    estimates: tuple[str, ...] = ESTIMATES,
    *,
    title_channel: int | None = None,
    lang: str = "en",
) -> tuple[go.Figure, go.Figure]:
    """The mean and the variance figures of one channel of a simulated stream.

    title_channel: the channel the titles name, when the stream holds one channel of a
    bigger tensor (default: `channel`).
    """
    figures = []
    for quantity, batch, running, truth in (
        ("mean", trajectory.batch.mean, trajectory.running_mean, trajectory.true_mean),
        ("var", trajectory.batch.var, trajectory.running_var, trajectory.true_var),
    ):
        figures.append(
            running_estimates_figure(
                batch[:, channel],
                {key: running[key][:, channel] for key in estimates},
                None if truth is None else float(truth[channel]),
                quantity=quantity,
                channel=channel if title_channel is None else title_channel,
                momentum=trajectory.momentum,
                keras_momentum=trajectory.keras_momentum,
                lang=lang,
            )
        )
    return figures[0], figures[1]


def batch_weights_figure(weights: Mapping[str, np.ndarray], *, lang: str = "en") -> go.Figure:
    """How much each past batch counts in the running estimate, by how long ago it was.

    weights maps a legend label to the weights of batches 1..K (the last one is "now").
    """
    traces = []
    for label, values in weights.items():
        values = np.asarray(values, dtype=np.float64)
        age = np.arange(values.size - 1, -1, -1)
        traces.append(
            {
                "type": "scatter",
                "x": age,
                "y": values,
                "mode": "lines+markers",
                "name": label,
                "hovertemplate": t("fig.running.weights.hover", lang, x="%{x}", y="%{y:.4f}")
                + "<extra></extra>",
            }
        )
    layout = {
        "title": centred_title(t("fig.running.weights.title", lang)),
        "xaxis": {"title": t("fig.running.weights.axis.ago", lang)},
        "yaxis": {"title": t("fig.running.weights.axis.weight", lang), "rangemode": "tozero"},
        "height": 380,
        "legend": {"orientation": "h", "y": -0.3, "yanchor": "top"},
        "margin": {"l": 60, "r": 20, "t": 60, "b": 40},
        "font": {"size": 15},
    }
    return go.Figure(data=traces, layout=legible(layout))


def convention_weights_figure(
    num_batches: int,
    momentum: float | None = 0.1,
    keras_momentum: float = 0.99,
    *,
    lang: str = "en",
) -> go.Figure:
    """`batch_weights_figure` for PyTorch's and Keras' momenta and the cumulative average."""
    weights = {
        estimate_name("pytorch", momentum, lang=lang): batch_weights(num_batches, momentum)[0],
        estimate_name("keras", keras_momentum=keras_momentum, lang=lang): batch_weights(
            num_batches, keras_momentum, "keras"
        )[0],
    }
    if momentum is not None:
        weights[estimate_name("cumulative", lang=lang)] = batch_weights(num_batches, None)[0]
    return batch_weights_figure(weights, lang=lang)


def train_eval_figure(
    train_outputs: np.ndarray,
    eval_running: float,
    eval_population: float | None = None,
    *,
    value: float | None = None,
    channel: int | None = None,
    lang: str = "en",
) -> go.Figure:
    """One sample's BN output: a cloud in training (it depends on the batch), one value
    in eval mode; with track_running_stats=False eval mode uses batch statistics too."""
    train_outputs = np.asarray(train_outputs, dtype=np.float64)
    rows = [t(f"fig.running.row.{row}", lang) for row in ("train", "untracked", "eval")]
    traces = [
        {
            "type": "box",
            "x": train_outputs,
            "y": [row] * train_outputs.size,
            "orientation": "h",
            "boxpoints": "all",
            "jitter": 0.6,
            "pointpos": 0,
            "marker": {"color": color, "size": 5, "opacity": 0.6},
            "line": {"color": color},
            "fillcolor": "rgba(0,0,0,0)",
            "name": row.replace("<br>", " "),
            "hovertemplate": "y = %{x:.4f}<extra></extra>",
        }
        for row, color in ((rows[0], METHOD_COLORS["batch"]), (rows[1], SERIES[2]))
    ]
    traces.append(
        {
            "type": "scatter",
            "x": [float(eval_running)],
            "y": [rows[2]],
            "mode": "markers",
            "marker": {"color": SERIES[0], "size": 16, "symbol": "diamond"},
            "name": t("fig.running.eval_point", lang),
            "hovertemplate": "y = %{x:.4f}<extra></extra>",
        }
    )
    title = t("fig.running.train_eval.title", lang)
    if channel is not None:
        title += t("fig.running.train_eval.channel", lang, channel=channel)
    if value is not None:
        title += t("fig.running.train_eval.value", lang, x=value)
    layout = {
        "title": centred_title(title),
        "xaxis": {"title": t("fig.running.train_eval.axis", lang)},
        "yaxis": {"categoryorder": "array", "categoryarray": rows[::-1]},
        "showlegend": False,
        "height": 380,
        "margin": {"l": 200, "r": 20, "t": 60, "b": 50},
        "font": {"size": 15},
    }
    if eval_population is not None:
        line, label = _population_line(float(eval_population), lang)
        layout.update(shapes=[line], annotations=[label])
    return go.Figure(data=traces, layout=legible(layout))


def sample_in_batches_figure(
    result: SampleInBatches, *, channel: int | None = None, lang: str = "en"
) -> go.Figure:
    """`train_eval_figure` for the result of `sample_in_random_batches`.

    channel: the channel the title names, when the result holds one channel of a bigger
    tensor (default: the result's own channel index).
    """
    return train_eval_figure(
        result.train,
        result.eval_running,
        result.eval_population,
        value=result.value,
        channel=result.element[0] if channel is None else channel,
        lang=lang,
    )


def _true_line(x: list, value: float, symbol: str, lang: str = "en") -> dict:
    """The population's true value, as a dotted line with its own legend entry."""
    return {
        "type": "scatter",
        "x": x,
        "y": [value, value],
        "mode": "lines",
        "line": {"color": TRUE_COLOR, "width": 2, "dash": "dot"},
        "name": t("fig.running.truth", lang, symbol=symbol, value=value),
        "hoverinfo": "skip",
    }


def _population_line(x: float, lang: str) -> tuple[dict, dict]:
    """The vertical line at the eval output with the population's statistics, labelled
    above it: what `fig.add_vline(x, ..., annotation_position="top")` adds."""
    refs = {"xref": "x", "yref": "y domain"}
    line = {"color": TRUE_COLOR, "dash": "dot", "width": 2}
    shape = {"type": "line", "x0": x, "x1": x, "y0": 0, "y1": 1, "line": line, **refs}
    label = {"x": x, "y": 1, "text": t("fig.running.population", lang), "showarrow": False}
    return shape, {**label, **refs, "xanchor": "center", "yanchor": "bottom"}
