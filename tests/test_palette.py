"""One colour per method on every chart, and a method's colour never means anything else."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from normviz.figures import palette
from normviz.figures.cube import cube_figure
from normviz.figures.saturation import (
    gradient_decay,
    histogram_with_sigmoid,
    per_channel_saturation,
    resaturation_curve,
)
from normviz.figures.steps import group_values_strip
from normviz.methods import METHODS, NO_NORM

ROOT = Path(__file__).resolve().parents[1]


def rgb(color: str) -> tuple[int, int, int]:
    """(r, g, b) of "#1f77b4", "rgb(…)" or "rgba(…)"."""
    if color.startswith("#"):
        return tuple(int(color[i : i + 2], 16) for i in (1, 3, 5))
    return tuple(int(float(v)) for v in re.findall(r"\d+(?:\.\d+)?", color)[:3])


METHOD_RGB = {key: rgb(color) for key, color in palette.METHOD_COLORS.items()}


def colours_of(fig) -> set[tuple[int, int, int]]:
    """Every trace colour of a figure (markers, lines, fills)."""
    found = set()
    for trace in fig.to_dict()["data"]:
        for part in ("marker", "line"):
            color = trace.get(part, {}).get("color")
            if isinstance(color, str):
                found.add(rgb(color))
        if isinstance(trace.get("fillcolor"), str):
            found.add(rgb(trace["fillcolor"]))
    return found


def test_methods_have_distinct_colours_and_others_never_use_them():
    assert set(palette.METHOD_COLORS) == {NO_NORM, *METHODS}
    assert len(set(METHOD_RGB.values())) == len(METHOD_RGB)
    others = {rgb(c) for c in (*palette.SERIES, palette.SECOND, palette.NEUTRAL)}
    assert not others & set(METHOD_RGB.values())


@pytest.mark.parametrize("label", ["BN", "batch", "GN (G=4)", "group", "no norm", "none", "LN"])
def test_method_color_takes_keys_and_labels(label):
    key = {"BN": "batch", "GN (G=4)": "group", "no norm": NO_NORM, "LN": "layer"}.get(label, label)
    assert palette.method_color(label) == palette.METHOD_COLORS[key]


def test_no_figure_module_writes_a_method_colour_by_hand():
    """Colours in normviz/figures come from the palette: a hex or rgb literal equal to a
    method's colour anywhere else would give that colour a second meaning."""
    literal = re.compile(r"#[0-9a-fA-F]{6}\b|rgba?\([^)]*\)")
    offenders = []
    for path in sorted((ROOT / "normviz" / "figures").glob("*.py")):
        if path.name == "palette.py":
            continue
        for match in literal.finditer(path.read_text(encoding="utf-8")):
            text = match.group()
            if len(re.findall(r"\d+", text)) >= 3 and rgb(text) in METHOD_RGB.values():
                offenders.append(f"{path.name}: {match.group()}")
    assert offenders == []


@pytest.mark.parametrize("method", METHODS)
def test_the_normalized_side_is_drawn_in_the_methods_colour(method):
    own, others = METHOD_RGB[method], set(METHOD_RGB.values()) - {METHOD_RGB[method]}
    edges = np.linspace(-6, 6, 13)
    figures = [
        histogram_with_sigmoid(edges, np.ones(12), title="y", cutoff=2.944, method=method),
        per_channel_saturation(np.array([0.5, 0.2]), np.array([0.1, 0.0]), method=method),
        gradient_decay(0.1, 0.2, 5, method=method),
        resaturation_curve(
            np.geomspace(0.1, 10, 5), np.linspace(0, 1, 5), np.zeros(5), "now", method=method
        ),
        group_values_strip(np.arange(4.0), 1.5, 4, method=method),
    ]
    for fig in figures:
        colours = colours_of(fig)
        assert own in colours
        # only the unnormalized side may carry another method-palette colour (NO_NORM's red)
        assert colours & others <= {METHOD_RGB[NO_NORM]}


@pytest.mark.parametrize("method", METHODS)
def test_the_cube_shades_the_group_in_the_methods_colour(method):
    groups = 2 if method == "group" else None
    fig = cube_figure((2, 4, 3, 3), method, (0, 1, 0, 0), groups=groups)
    assert METHOD_RGB[method] in colours_of(fig)
