"""Figures for the BN-deployed page: one image's class probabilities in two batches, the
running mean during a "frozen" fine-tuning, and per-device statistics against the global
batch's. Built in one go from plain dicts (see normviz/figures/dropout.py)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from normviz.figures.palette import NEUTRAL, SECOND, SERIES
from normviz.figures.running import legible
from normviz.figures.style import centred_title, same_length, side_by_side
from normviz.i18n import t

MIXED = SERIES[0]  # training mode, a mixed batch
ONE_CLASS = SERIES[1]  # training mode, a batch of one digit
EVAL = SERIES[4]  # eval mode (the same in both batches)
DEVICE = SERIES[2]


def probabilities_figure(bars: dict[str, np.ndarray], *, title: str, lang: str = "en") -> go.Figure:
    """Grouped bars over the 10 digits: one image's class probabilities, one series per
    batch or mode (name → 10 probabilities), coloured in order."""
    series = [(name, np.asarray(values, float).ravel()) for name, values in bars.items()]
    same_length(*(values for _, values in series), per="class")
    digits = list(range(series[0][1].size))
    data = [
        {
            "type": "bar",
            "x": digits,
            "y": values,
            "name": name,
            "marker": {"color": color},
            "hovertemplate": "%{x}: %{y:.3f}<extra></extra>",
        }
        for (name, values), color in zip(series, (MIXED, ONE_CLASS, EVAL), strict=False)
    ]
    layout = legible(
        {
            "title": centred_title(title),
            "barmode": "group",
            "xaxis": {"title": t("fig.p11.digit", lang), "tickmode": "linear", "dtick": 1},
            "yaxis": {"title": t("fig.p11.probability", lang), "range": [0, 1.05]},
            "legend": {"orientation": "h", "y": -0.25},
            "height": 380,
            "margin": {"t": 60, "b": 40},
        }
    )
    return go.Figure(data=data, layout=layout)


def running_mean_drift_figure(
    trails: dict[str, np.ndarray], names: dict[str, str], *, lang: str = "en"
) -> go.Figure:
    """Largest |running_mean − pretrained running_mean| over the units, step by step, for
    each fine-tuning mode (trails: (steps + 1, units) arrays)."""
    colors = {"grad": ONE_CLASS, "eval": EVAL}
    data = []
    for mode, trail in trails.items():
        drift = np.abs(np.asarray(trail, float) - np.asarray(trail, float)[0]).max(axis=1)
        data.append(
            {
                "type": "scatter",
                "x": list(range(drift.size)),
                "y": drift,
                "mode": "lines+markers",
                "name": names[mode],
                "line": {
                    "color": colors.get(mode, NEUTRAL),
                    "dash": "dash" if mode == "eval" else "solid",
                },
                "hovertemplate": "%{x}: %{y:.4f}<extra></extra>",
            }
        )
    layout = legible(
        {
            "title": centred_title(t("fig.p11.drift.title", lang)),
            "xaxis": {"title": t("fig.p11.drift.step", lang)},
            "yaxis": {"title": t("fig.p11.drift.axis", lang), "rangemode": "tozero"},
            "legend": {"orientation": "h", "y": -0.25},
            "height": 360,
            "margin": {"t": 60, "b": 40},
        }
    )
    return go.Figure(data=data, layout=layout)


def device_statistics_figure(
    device_mean: np.ndarray,
    device_var: np.ndarray,
    global_mean: float,
    global_var: float,
    *,
    lang: str = "en",
) -> go.Figure:
    """Each device's μ and σ² (points) against the global batch's (a line), two panels."""
    device_mean, device_var = (np.asarray(a, float).ravel() for a in (device_mean, device_var))
    same_length(device_mean, device_var, per="device")
    devices = list(range(device_mean.size))
    layout = side_by_side(
        [t("fig.p11.devices.mean", lang), t("fig.p11.devices.var", lang)],
        x={
            "title": t("fig.p11.devices.device", lang),
            "tickmode": "linear",
            "dtick": 1 if len(devices) <= 16 else 2,
        },
    )
    data = []
    for col, (values, whole) in enumerate(
        ((device_mean, global_mean), (device_var, global_var)), 1
    ):
        suffix = "" if col == 1 else str(col)
        data.append(
            {
                "type": "scatter",
                "x": devices,
                "y": values,
                "mode": "markers",
                "marker": {"color": DEVICE, "size": 10},
                "name": t("fig.p11.devices.own", lang),
                "showlegend": col == 1,
                "xaxis": "x" + suffix,
                "yaxis": "y" + suffix,
                "hovertemplate": "%{x}: %{y:.4f}<extra></extra>",
            }
        )
        data.append(
            {
                "type": "scatter",
                "x": [devices[0] - 0.5, devices[-1] + 0.5],
                "y": [whole, whole],
                "mode": "lines",
                "line": {"color": SECOND, "width": 3},
                "name": t("fig.p11.devices.global", lang),
                "showlegend": col == 1,
                "xaxis": "x" + suffix,
                "yaxis": "y" + suffix,
                "hovertemplate": f"{whole:.4f}<extra></extra>",
            }
        )
    layout.update(
        {
            "legend": {"orientation": "h", "y": -0.3},
            "height": 360,
            "margin": {"t": 60, "b": 40},
        }
    )
    return go.Figure(data=data, layout=legible(layout))
