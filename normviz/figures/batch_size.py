"""Batch-size figures: BN's noisy estimates, the 1/√(N·H·W) law, one sample's output
by batch size next to LN/IN/GN, and the GN paper's published errors.

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
    NoiseGrid,
    OutputSpread,
    spread_summary,
)
from normviz.figures.palette import SECOND, SERIES, method_color, rgba
from normviz.figures.style import centred_title
from normviz.i18n import t

TRUE_COLOR = "black"
LAYOUT = {
    "height": 420,
    "legend": {"orientation": "h", "y": -0.25},
    "margin": {"l": 70, "r": 20, "t": 60, "b": 40},
    "font": {"size": 15},
}


def estimate_box_figure(
    batch_sizes: Sequence[int],
    summary: Mapping[str, np.ndarray],
    true_value: float,
    *,
    quantity: str = "mean",
    theory_std: np.ndarray | None = None,
    channel: int = 0,
    spatial: int | None = None,
    lang: str = "en",
) -> go.Figure:
    """Boxes of BN's batch estimates by batch size (whiskers 5–95 %), the true value, and
    for the mean the theoretical ±1 std band σ/√(N·H·W).

    summary is `spread_summary` of the estimates over batches, one entry per batch size.
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
    layout = {
        "title": centred_title(t("fig.batch_size.estimate_title", lang, word=word, where=where)),
        "xaxis": {"title": t("fig.batch_size.axis.batch", lang), "type": "category"},
        "yaxis": {"title": t("fig.batch_size.axis.estimate", lang, symbol=symbol)},
        **LAYOUT,
    }
    return go.Figure(data=traces, layout=layout)


def estimate_figures(
    estimates: BatchEstimates, channel: int = 0, *, lang: str = "en"
) -> tuple[go.Figure, go.Figure]:
    """Box figures of μ_B and σ²_B for one channel of `sample_batch_estimates`."""
    mean_fig = estimate_box_figure(
        estimates.batch_sizes,
        spread_summary(estimates.mean[:, :, channel]),
        float(estimates.true_mean[channel]),
        quantity="mean",
        theory_std=estimates.theory_std_of_mean[:, channel],
        channel=channel,
        spatial=estimates.spatial,
        lang=lang,
    )
    var_fig = estimate_box_figure(
        estimates.batch_sizes,
        spread_summary(estimates.var[:, :, channel]),
        float(estimates.true_var[channel]),
        quantity="var",
        channel=channel,
        spatial=estimates.spatial,
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
    """Measured noise by batch size (markers) against theory (dashed), log–log: the
    1/√(N·H·W) law is a straight line of slope −½, one line per feature-map size.

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
        "xaxis": {
            "title": t("fig.batch_size.axis.batch_log", lang),
            "type": "log",
            "tickvals": list(x),
        },
        "yaxis": {"title": t("fig.batch_size.log_scale", lang, title=y_title), "type": "log"},
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


def output_spread_figure(
    batch_sizes: Sequence[int],
    bn_summary: Mapping[str, np.ndarray],
    batch_free: Mapping[str, float],
    eval_population: float | None = None,
    *,
    value: float | None = None,
    lang: str = "en",
) -> go.Figure:
    """One sample's output by batch size: BN as a band (5–95 % and 25–75 % of the batches),
    LN, IN and GN as flat lines (their output does not depend on the batch)."""
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
    for name, output in batch_free.items():
        traces.append(
            {
                "type": "scatter",
                "x": [x[0], x[-1]],
                "y": [output, output],
                "mode": "lines",
                "line": {"color": method_color(name), "width": 3},
                "name": t("fig.batch_size.batch_free", lang, name=name),
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
    layout = {
        "title": centred_title(title),
        "xaxis": {"title": t("fig.batch_size.axis.batch", lang), "type": "category"},
        "yaxis": {"title": t("fig.batch_size.axis.output", lang)},
        **LAYOUT,
    }
    return go.Figure(data=traces, layout=layout)


def output_spread_figure_of(result: OutputSpread, *, lang: str = "en") -> go.Figure:
    """`output_spread_figure` for the result of `sample_output_spread`."""
    return output_spread_figure(
        result.batch_sizes,
        spread_summary(result.bn_train),
        result.batch_free,
        result.bn_eval_population,
        value=result.value,
        lang=lang,
    )


def gn_paper_figure(
    batch_sizes: Sequence[int] = GN_PAPER_BATCH_SIZES,
    errors: Mapping[str, Sequence[float]] = GN_PAPER_ERRORS,
    citation: str | None = None,
    *,
    lang: str = "en",
) -> go.Figure:
    """The published errors of BN and GN by batch size (not computed here).

    citation: the source under the title (default: the GN paper, in `lang`)."""
    if citation is None:
        citation = t("fig.batch_size.citation", lang)
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
            # the higher value's label above its point, the other's below: no overlap
            "textposition": [
                "top center" if v >= h else "bottom center"
                for v, h in zip(values, highest, strict=True)
            ],
            "marker": {"size": 10, "color": method_color(name)},
            "line": {"width": 3, "color": method_color(name)},
            "name": name,
        }
        for name, values in table.items()
    ]
    low, high = float(all_values.min()), float(all_values.max())
    layout = {
        "title": _title_with_source(t("fig.batch_size.paper_title", lang), citation),
        "xaxis": {"title": t("fig.batch_size.axis.images_per_gpu", lang), "type": "category"},
        "yaxis": {
            "title": t("fig.batch_size.axis.imagenet_error", lang),
            "range": [low - 1.5, high + 1.5],
        },
        **LAYOUT,
    }
    return go.Figure(data=traces, layout=layout)


def gn_paper_at_32_figure(
    errors: Mapping[str, float] = GN_PAPER_AT_32,
    citation: str | None = None,
    *,
    lang: str = "en",
) -> go.Figure:
    """The published errors of BN, LN, IN and GN at 32 images per GPU (not computed here).

    citation: the source under the title (default: the GN paper, in `lang`)."""
    if citation is None:
        citation = t("fig.batch_size.citation", lang)
    names = list(errors)
    bars = {
        "type": "bar",
        "x": names,
        "y": [errors[n] for n in names],
        "text": [f"{errors[n]:.1f}" for n in names],
        "textposition": "outside",
        "marker": {"color": [method_color(n) for n in names]},
    }
    layout = {
        "title": _title_with_source(
            t("fig.batch_size.paper_32_title", lang),
            t("fig.batch_size.paper_32_source", lang, citation=citation),
        ),
        "xaxis": {"title": t("fig.batch_size.axis.normalization", lang)},
        "yaxis": {"title": t("fig.batch_size.axis.imagenet_error", lang), "range": [20, 30]},
        "showlegend": False,
        **LAYOUT,
    }
    return go.Figure(data=[bars], layout=layout)


def _title_with_source(title: str, source: str) -> dict:
    """A title with the source of published numbers in small print under it."""
    return centred_title(f"{title}<br><sup>{source}</sup>")
