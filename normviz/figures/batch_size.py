"""Batch-size figures: BN's noisy estimates, their noise by feature-map size (1/√(N·H·W) for
independent values, a floor √(cov/N) for correlated ones), one sample's output by batch size
next to LN/IN/GN, and the GN paper's published errors.

Box plots are sent as percentiles (5, 25, 50, 75, 95), not as every sampled batch.

Each figure is built in one go: its traces as plain dicts and its layout as one nested
dict, validated once by `go.Figure(data=..., layout=...)` (add_trace and update_layout
validate again at every call, which took most of a rerun's figure time).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import plotly.graph_objects as go

from normviz.batch_noise import (
    GN_PAPER_AT_32,
    GN_PAPER_BATCH_SIZES,
    GN_PAPER_ERRORS,
    BatchEstimates,
    FeatureMapNoise,
    NoiseGrid,
    OutputSpread,
    spread_summary,
)
from normviz.figures.palette import NEUTRAL, SECOND, SERIES, method_color, rgba
from normviz.figures.style import centred_title
from normviz.i18n import t

TRUE_COLOR = "black"
MARK_FILL = "rgba(127,127,127,0.16)"  # the band behind the sidebar's batch size N
# the formulas of the noise of μ_B, in σ (the same in every language)
LAW_INDEPENDENT = "σ/√(N·H·W)"
LAW = "√((σ² + (H·W − 1)·cov)/(N·H·W))"
TICKS = {"size": 14}  # set on every axis, so that the projector's scaling enlarges them too
LAYOUT = {
    "height": 420,
    "legend": {"orientation": "h", "y": -0.25},
    "margin": {"l": 70, "r": 20, "t": 60, "b": 40},
    "font": {"size": 15},
}


def log_axis(title: str, **extra: object) -> dict:
    """A log axis labelled at the decades only, with small unlabelled minor ticks between."""
    minor = {"ticks": "outside", "ticklen": 4, "dtick": "D1", "showgrid": False}
    return {"title": title, "type": "log", "dtick": 1, "minor": minor, "tickfont": TICKS, **extra}


def mark_category(labels: Sequence[str], value: int | None, text: str) -> tuple[list, list]:
    """A grey band behind one category of the x axis and its label at the top (shapes and
    annotations), or nothing when the value is not on the axis."""
    if value is None or str(value) not in labels:
        return [], []
    i = list(labels).index(str(value))
    refs = {"xref": "x", "yref": "y domain"}
    band = {"type": "rect", "x0": i - 0.45, "x1": i + 0.45, "y0": 0, "y1": 1, **refs}
    band.update(fillcolor=MARK_FILL, line={"width": 0}, layer="below")
    label = {"x": i, "y": 1.0, "text": text, "showarrow": False, **refs}
    label.update(yanchor="bottom", font={"color": NEUTRAL})
    return [band], [label]


def estimate_box_figure(
    batch_sizes: Sequence[int],
    summary: Mapping[str, np.ndarray],
    true_value: float,
    *,
    quantity: str = "mean",
    theory_std: np.ndarray | None = None,
    expected: np.ndarray | None = None,
    channel: int = 0,
    spatial: int | None = None,
    mark_n: int | None = None,
    lang: str = "en",
) -> go.Figure:
    """Boxes of BN's batch estimates by batch size (whiskers 5–95 %), the true value, for
    the mean the theoretical ±1 std band √((σ² + (H·W − 1)·cov)/(N·H·W)), for the variance
    its expected value E[σ²_B] = σ² − Var(μ_B) (`expected`, one per batch size).

    summary is `spread_summary` of the estimates over batches, one entry per batch size;
    mark_n: the sidebar's batch size, marked by a grey band when it is on the axis.
    """
    symbol = {"mean": "μ", "var": "σ²"}[quantity]
    labels = [str(n) for n in batch_sizes]
    traces = [
        {
            "type": "box",
            "x": labels,
            "q1": summary["p25"],
            "median": summary["median"],
            "q3": summary["p75"],
            "lowerfence": summary["p05"],
            "upperfence": summary["p95"],
            "mean": summary["mean"],
            "name": t("fig.batch_size.box", lang, symbol=symbol),
            "marker": {"color": method_color("batch")},
            "boxpoints": False,
        }
    ]
    if theory_std is not None:
        theory_std = np.asarray(theory_std, dtype=np.float64)
        band = t("fig.batch_size.theory_band", lang)
        for sign, name in ((1, band), (-1, None)):
            traces.append(
                {
                    "type": "scatter",
                    "x": labels,
                    "y": true_value + sign * theory_std,
                    "mode": "lines+markers",
                    "line": {"color": SECOND, "dash": "dash", "width": 2},
                    "name": name,
                    "showlegend": name is not None,
                    "hovertemplate": "%{y:.4f}<extra>"
                    + t("fig.batch_size.theory", lang)
                    + "</extra>",
                }
            )
    if expected is not None:
        traces.append(
            {
                "type": "scatter",
                "x": labels,
                "y": np.asarray(expected, dtype=np.float64),
                "mode": "lines+markers",
                "line": {"color": SECOND, "dash": "dash", "width": 2},
                "name": t("fig.batch_size.expected_var", lang),
                "hovertemplate": "%{y:.4f}<extra>" + t("fig.batch_size.theory", lang) + "</extra>",
            }
        )
    traces.append(
        {
            "type": "scatter",
            "x": [labels[0], labels[-1]],
            "y": [float(true_value), float(true_value)],
            "mode": "lines",
            "line": {"color": TRUE_COLOR, "dash": "dot", "width": 2},
            "name": t("fig.batch_size.population", lang, symbol=symbol, value=float(true_value)),
            "hoverinfo": "skip",
        }
    )
    if spatial is None:
        where = t("fig.batch_size.channel", lang, channel=channel)
    else:
        where = t("fig.batch_size.channel_spatial", lang, channel=channel, spatial=spatial)
    word = t(f"fig.batch_size.word.{quantity}", lang)
    shapes, notes = mark_category(labels, mark_n, t("fig.batch_size.your_n", lang, n=mark_n))
    layout = {
        "title": centred_title(t("fig.batch_size.estimate_title", lang, word=word, where=where)),
        "xaxis": {
            "title": t("fig.batch_size.axis.batch", lang),
            "type": "category",
            "tickfont": TICKS,
        },
        "yaxis": {
            "title": t("fig.batch_size.axis.estimate", lang, symbol=symbol),
            "tickfont": TICKS,
        },
        "shapes": shapes,
        "annotations": notes,
        **LAYOUT,
    }
    return go.Figure(data=traces, layout=layout)


def estimate_figures(
    estimates: BatchEstimates,
    channel: int = 0,
    *,
    mark_n: int | None = None,
    shown_channel: int | None = None,
    lang: str = "en",
) -> tuple[go.Figure, go.Figure]:
    """Box figures of μ_B and σ²_B for one channel of `sample_batch_estimates`.

    shown_channel: the channel's number in the titles (default: `channel`), for estimates
    sampled for one selected channel of a larger tensor."""
    label = channel if shown_channel is None else shown_channel
    expected = estimates.true_var[channel] - np.square(estimates.theory_std_of_mean[:, channel])
    mean_fig = estimate_box_figure(
        estimates.batch_sizes,
        spread_summary(estimates.mean[:, :, channel]),
        float(estimates.true_mean[channel]),
        quantity="mean",
        theory_std=estimates.theory_std_of_mean[:, channel],
        channel=label,
        spatial=estimates.spatial,
        mark_n=mark_n,
        lang=lang,
    )
    var_fig = estimate_box_figure(
        estimates.batch_sizes,
        spread_summary(estimates.var[:, :, channel]),
        float(estimates.true_var[channel]),
        quantity="var",
        expected=expected,
        channel=label,
        spatial=estimates.spatial,
        mark_n=mark_n,
        lang=lang,
    )
    return mean_fig, var_fig


def noise_curves_figure(
    batch_sizes: Sequence[int],
    measured: Mapping[str, np.ndarray],
    theory: Mapping[str, np.ndarray] | None = None,
    *,
    title: str | None = None,
    y_title: str | None = None,
    lang: str = "en",
) -> go.Figure:
    """Measured noise by batch size (markers) against theory (dashed), log–log, one line per
    feature-map size: for independent values a straight line of slope −½ (1/√(N·H·W)).

    title and y_title default to those of the batch mean's noise."""
    if title is None:
        title = t("fig.batch_size.noise_mean_title", lang)
    if y_title is None:
        y_title = t("fig.batch_size.noise_mean_axis", lang)
    x = np.asarray(batch_sizes, dtype=np.float64)
    theory_word = t("fig.batch_size.theory", lang)
    traces = []
    for i, (label, values) in enumerate(measured.items()):
        color = SERIES[i % len(SERIES)]
        values = np.asarray(values, dtype=np.float64)
        defined = np.isfinite(values)  # N·H·W = 1 is undefined in training: no point
        traces.append(
            {
                "type": "scatter",
                "x": x[defined],
                "y": values[defined],
                "mode": "markers+lines",
                "marker": {"size": 9, "color": color},
                "line": {"color": color, "width": 2},
                "name": t("fig.batch_size.measured", lang, label=label),
                "hovertemplate": "N = %{x}: %{y:.4f}<extra></extra>",
            }
        )
        if theory is not None and label in theory:
            traces.append(
                {
                    "type": "scatter",
                    "x": x[defined],
                    "y": np.asarray(theory[label], dtype=np.float64)[defined],
                    "mode": "lines",
                    "line": {"color": color, "width": 2, "dash": "dash"},
                    "name": t("fig.batch_size.theory_of", lang, label=label),
                    "hovertemplate": "N = %{x}: %{y:.4f}<extra>" + theory_word + "</extra>",
                }
            )
    layout = {
        "title": centred_title(title),
        "xaxis": log_axis(t("fig.batch_size.axis.batch_log", lang)),
        "yaxis": log_axis(t("fig.batch_size.log_scale", lang, title=y_title)),
        **LAYOUT,
    }
    return go.Figure(data=traces, layout=layout)


def noise_grid_figure(grid: NoiseGrid, quantity: str = "mean", *, lang: str = "en") -> go.Figure:
    """`noise_curves_figure` for `noise_by_feature_map`: one curve per H·W."""
    labels = [f"H·W = {s}" for s in grid.spatial_sizes]
    if quantity == "mean":
        return noise_curves_figure(
            grid.batch_sizes,
            dict(zip(labels, grid.mean_noise, strict=True)),
            dict(zip(labels, grid.mean_noise_theory, strict=True)),
            lang=lang,
        )
    return noise_curves_figure(
        grid.batch_sizes,
        dict(zip(labels, grid.var_noise, strict=True)),
        title=t("fig.batch_size.noise_var_title", lang),
        y_title=t("fig.batch_size.noise_var_axis", lang),
        lang=lang,
    )


def feature_map_noise_figure(
    result: FeatureMapNoise,
    quantity: str = "mean",
    *,
    spatial_now: int | None = None,
    lang: str = "en",
) -> go.Figure:
    """The noise of μ_B (or σ²_B) by feature-map size H·W at one batch size N, log–log, one
    colour per population: measured (markers), and for μ_B the theory (line) and its floor
    √(cov/N) (dotted). Independent values fall like 1/√(N·H·W); correlated ones level off.

    spatial_now: the page's H·W, marked by a vertical line."""
    x = np.asarray(result.spatial_sizes, dtype=np.float64)
    n = result.batch_size
    measured_all = result.mean_noise if quantity == "mean" else result.var_noise
    traces = []
    for i, name in enumerate(result.names):
        color = SERIES[i % len(SERIES)]
        rho = float(result.correlation[i])
        label = t(f"fig.batch_size.kind.{name}", lang, rho=rho)
        measured = measured_all[i]
        defined = np.isfinite(measured)
        traces.append(
            {
                "type": "scatter",
                "x": x[defined],
                "y": measured[defined],
                "mode": "markers",
                "marker": {"size": 10, "color": color},
                "name": t("fig.batch_size.measured", lang, label=label),
                "legendgroup": name,
                # for μ_B the legend names the curve once, with its formula (the line's entry)
                "showlegend": quantity != "mean",
                "hovertemplate": "H·W = %{x}: %{y:.4f}<extra></extra>",
            }
        )
        if quantity != "mean":
            continue
        law = LAW_INDEPENDENT if rho == 0 else LAW
        traces.append(
            {
                "type": "scatter",
                "x": x[defined],
                "y": result.mean_noise_theory[i][defined],
                "mode": "lines",
                "line": {"color": color, "width": 2},
                "name": t("fig.batch_size.curve", lang, label=label, law=law),
                "legendgroup": name,
                "hovertemplate": "H·W = %{x}: %{y:.4f}<extra></extra>",
            }
        )
        if rho > 0:
            floor = float(result.floor[i])
            traces.append(
                {
                    "type": "scatter",
                    "x": [x[0], x[-1]],
                    "y": [floor, floor],
                    "mode": "lines",
                    "line": {"color": color, "width": 2, "dash": "dot"},
                    "name": t("fig.batch_size.floor", lang, n=n, floor=floor),
                    "legendgroup": name,
                    "hoverinfo": "skip",
                }
            )
    if spatial_now is not None:
        values = np.concatenate([measured_all[np.isfinite(measured_all)], result.floor])
        values = values[values > 0]
        low, high = float(values.min()) / 1.3, float(values.max()) * 1.3
        traces.append(
            {
                "type": "scatter",
                "x": [spatial_now, spatial_now],
                "y": [low, high],
                "mode": "lines",
                "line": {"color": NEUTRAL, "width": 2, "dash": "dash"},
                "name": t("fig.batch_size.spatial_now", lang, spatial=spatial_now),
                "hoverinfo": "skip",
            }
        )
    if quantity == "mean":
        title = t("fig.batch_size.fm_mean_title", lang, n=n)
        y_title = t("fig.batch_size.noise_mean_axis", lang)
    else:
        title = t("fig.batch_size.fm_var_title", lang, n=n)
        y_title = t("fig.batch_size.noise_var_axis", lang)
    layout = {
        "title": centred_title(title),
        "xaxis": log_axis(t("fig.batch_size.axis.spatial_log", lang)),
        "yaxis": log_axis(t("fig.batch_size.log_scale", lang, title=y_title)),
        **LAYOUT,
        # the same plot height for both charts, whatever the length of their legends
        # (a bottom margin that holds the longest legend, also at the projector's scale)
        "height": 620,
        "margin": {"l": 70, "r": 20, "t": 60, "b": 280},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.22, "tracegroupgap": 2},
    }
    return go.Figure(data=traces, layout=layout)


def output_spread_figure(
    batch_sizes: Sequence[int],
    bn_summary: Mapping[str, np.ndarray],
    batch_free: Mapping[str, float],
    eval_population: float | None = None,
    *,
    value: float | None = None,
    groups: int | None = None,
    mark_n: int | None = None,
    lang: str = "en",
) -> go.Figure:
    """One sample's output by batch size: BN as a band (5–95 % and 25–75 % of the batches),
    LN, IN and GN as flat lines (their output does not depend on the batch).

    The flat lines are drawn from wide and pale (LN) to thin and dashed (GN), so a line that
    coincides with another (GN with G = 1 is LN, with G = C it is IN) stays visible, and its
    legend entry says which one it equals. groups: GN's G, for its label; mark_n: the
    sidebar's batch size, marked by a grey band."""
    x = [str(n) for n in batch_sizes]
    bn = method_color("batch")
    traces = []
    for low, high, opacity, name in (
        ("p05", "p95", 0.18, t("fig.batch_size.band_90", lang)),
        ("p25", "p75", 0.35, t("fig.batch_size.band_50", lang)),
    ):
        traces += [
            {
                "type": "scatter",
                "x": x,
                "y": bn_summary[high],
                "mode": "lines",
                "line": {"width": 0},
                "showlegend": False,
            },
            {
                "type": "scatter",
                "x": x,
                "y": bn_summary[low],
                "mode": "lines",
                "line": {"width": 0},
                "fill": "tonexty",
                "fillcolor": rgba(method_color("batch"), opacity),
                "name": name,
            },
        ]
    traces.append(
        {
            "type": "scatter",
            "x": x,
            "y": bn_summary["median"],
            "mode": "lines+markers",
            "line": {"color": bn, "width": 3},
            "name": t("fig.batch_size.bn_median", lang),
        }
    )
    styles = {"LN": (9, "solid", 0.45), "IN": (5, "solid", 0.7), "GN": (3, "dash", 1.0)}
    drawn: dict[str, float] = {}
    for name, output in batch_free.items():
        width, dash, opacity = styles.get(name, (3, "solid", 1.0))
        label = name if name != "GN" or groups is None else f"GN (G = {groups})"
        same = [other for other, v in drawn.items() if np.isclose(v, output, rtol=1e-9, atol=0)]
        if same:
            label = t("fig.batch_size.equals", lang, name=label, other=same[0])
        drawn[name] = output
        traces.append(
            {
                "type": "scatter",
                "x": [x[0], x[-1]],
                "y": [output, output],
                "mode": "lines",
                "line": {"color": method_color(name), "width": width, "dash": dash},
                "opacity": opacity,
                "name": t("fig.batch_size.batch_free", lang, name=label),
            }
        )
    if eval_population is not None:
        traces.append(
            {
                "type": "scatter",
                "x": [x[0], x[-1]],
                "y": [eval_population, eval_population],
                "mode": "lines",
                "line": {"color": TRUE_COLOR, "width": 2, "dash": "dot"},
                "name": t("fig.batch_size.bn_population", lang),
            }
        )
    if value is None:
        title = t("fig.batch_size.output_title", lang)
    else:
        title = t("fig.batch_size.output_title_value", lang, value=value)
    shapes, notes = mark_category(x, mark_n, t("fig.batch_size.your_n", lang, n=mark_n))
    layout = {
        "title": centred_title(title),
        "xaxis": {
            "title": t("fig.batch_size.axis.batch", lang),
            "type": "category",
            "tickfont": TICKS,
        },
        "yaxis": {"title": t("fig.batch_size.axis.output", lang), "tickfont": TICKS},
        "shapes": shapes,
        "annotations": notes,
        **LAYOUT,
    }
    return go.Figure(data=traces, layout=layout)


def output_spread_figure_of(
    result: OutputSpread,
    *,
    groups: int | None = None,
    mark_n: int | None = None,
    lang: str = "en",
) -> go.Figure:
    """`output_spread_figure` for the result of `sample_output_spread`."""
    return output_spread_figure(
        result.batch_sizes,
        spread_summary(result.bn_train),
        result.batch_free,
        result.bn_eval_population,
        value=result.value,
        groups=groups,
        mark_n=mark_n,
        lang=lang,
    )


def gn_paper_figure(
    batch_sizes: Sequence[int] = GN_PAPER_BATCH_SIZES,
    errors: Mapping[str, Sequence[float]] = GN_PAPER_ERRORS,
    *,
    lang: str = "en",
) -> go.Figure:
    """The published errors of BN and GN by batch size (Wu & He 2018, Table 2; not computed
    here). The full citation belongs in a caption under the chart, where it can wrap."""
    x = [str(n) for n in batch_sizes]
    table = {name: np.asarray(values, dtype=np.float64) for name, values in errors.items()}
    all_values = np.stack(list(table.values()))
    highest = all_values.max(axis=0)
    traces = [
        {
            "type": "scatter",
            "x": x,
            "y": values,
            "mode": "lines+markers+text",
            "text": [f"{v:.1f}" for v in values],
            # the higher value's label above its point (left of a rising line), the other's
            # below: no overlap
            "textposition": _label_positions(values, highest),
            "marker": {"size": 10, "color": method_color(name)},
            "line": {"width": 3, "color": method_color(name)},
            "name": name,
        }
        for name, values in table.items()
    ]
    low, high = float(all_values.min()), float(all_values.max())
    layout = {
        "title": centred_title(t("fig.batch_size.paper_title", lang)),
        "xaxis": {
            "title": t("fig.batch_size.axis.images_per_gpu", lang),
            "type": "category",
            "tickfont": TICKS,
        },
        "yaxis": {
            "title": t("fig.batch_size.axis.imagenet_error", lang),
            "tickfont": TICKS,
            "range": [low - 1.5, high + 1.5],
        },
        **LAYOUT,
    }
    return go.Figure(data=traces, layout=layout)


def gn_paper_at_32_figure(
    errors: Mapping[str, float] = GN_PAPER_AT_32, *, lang: str = "en"
) -> go.Figure:
    """The published errors of BN, LN, IN and GN at 32 images per GPU (Wu & He 2018,
    Table 1; not computed here). Bars start at zero, so their lengths compare honestly."""
    names = list(errors)
    bars = {
        "type": "bar",
        "x": names,
        "y": [errors[n] for n in names],
        "text": [f"{errors[n]:.1f}" for n in names],
        "textposition": "outside",
        "cliponaxis": False,
        "marker": {"color": [method_color(n) for n in names]},
    }
    layout = {
        "title": centred_title(t("fig.batch_size.paper_32_title", lang)),
        "xaxis": {"title": t("fig.batch_size.axis.normalization", lang), "tickfont": TICKS},
        "yaxis": {
            "title": t("fig.batch_size.axis.imagenet_error", lang),
            "tickfont": TICKS,
            "range": [0, 1.15 * max(errors.values())],
        },
        "showlegend": False,
        **LAYOUT,
    }
    return go.Figure(data=[bars], layout=layout)


def _label_positions(values: np.ndarray, highest: np.ndarray) -> list[str]:
    """Text positions of a line's value labels: below where another line is higher, above
    otherwise, and up to the left where the line rises to the next point (off the line)."""
    positions = []
    for i, (v, h) in enumerate(zip(values, highest, strict=True)):
        rising = i + 1 < len(values) and values[i + 1] > v + 1.0
        positions.append("bottom center" if v < h else "top left" if rising else "top center")
    return positions
