"""What every figure module shares: titles, panels side by side, the check that curves line
up, and the projector's scaling."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def centred_title(text: str, **font) -> dict:
    """A title centred over the plot (Streamlit's theme would anchor it on the left)."""
    title = {"text": text, "x": 0.5, "xanchor": "center"}
    if font:
        title["font"] = font
    return title


def same_length(*arrays: np.ndarray, per: str = "point") -> None:
    """Refuse curves of different lengths with a sentence, not a broken chart."""
    sizes = {np.size(a) for a in arrays}
    if len(sizes) != 1:
        # internal: not reachable from the app (curves computed together by the library)
        raise ValueError(f"The inputs have different lengths {sorted(sizes)}: one value per {per}.")


def panel_title(text: str, x: float, size: int) -> dict:
    """A subplot's title above its panel, where make_subplots puts it (paper coordinates)."""
    return {
        "text": text,
        "x": x,
        "y": 1.0,
        "xref": "paper",
        "yref": "paper",
        "showarrow": False,
        "xanchor": "center",
        "yanchor": "bottom",
        "font": {"size": size},
    }


def axis_name(letter: str, col: int) -> str:
    """A panel's axis: "x" (or "xaxis") for the first, "x2", "x3" … for the next."""
    return letter if col == 1 else f"{letter}{col}"


def side_by_side(
    titles: Sequence[str],
    *,
    count: int | None = None,
    spacing: float | None = None,
    x: dict | None = None,
    y: dict | None = None,
    shared_y: bool = False,
) -> dict:
    """The layout of `make_subplots(rows=1, cols=count, subplot_titles=titles,
    horizontal_spacing=spacing, shared_yaxes=shared_y)`, written out with the same floats
    for the domains and title positions, and the settings `x` and `y` in every axis.

    Building a figure from one dict lets plotly validate it once; make_subplots and
    update_* validate at every call and took most of a rerun's time.
    """
    count = len(titles) if count is None else count
    spacing = 0.2 / count if spacing is None else spacing  # make_subplots' default
    width = (1.0 - spacing * (count - 1)) / count
    layout: dict = {}
    annotations = []
    for col in range(1, count + 1):
        start = sum([width] * (col - 1)) + (col - 1) * spacing  # summed as make_subplots does
        domain = [max(0.0, start), min(1.0, start + width)]
        layout[axis_name("xaxis", col)] = {
            "anchor": axis_name("y", col),
            "domain": domain,
            **(x or {}),
        }
        yaxis = {"anchor": axis_name("x", col), "domain": [0.0, 1.0], **(y or {})}
        if shared_y and col > 1:  # one y axis shared by the panels, labelled on the left only
            yaxis.update(matches="y", showticklabels=False)
        layout[axis_name("yaxis", col)] = yaxis
        if col <= len(titles) and titles[col - 1]:
            annotations.append(panel_title(titles[col - 1], sum(domain) / 2.0, size=16))
    if annotations:
        layout["annotations"] = annotations
    return layout


def vline(x: float, line: dict, text: str) -> tuple[dict, dict]:
    """The line and its label that `fig.add_vline(x, line=line, annotation_text=text)` adds."""
    refs = {"xref": "x", "yref": "y domain"}
    shape = {"type": "line", "x0": x, "x1": x, "y0": 0, "y1": 1, "line": line, **refs}
    label = {"x": x, "y": 1, "text": text, "showarrow": False, **refs}
    return shape, {**label, "xanchor": "left", "yanchor": "top"}


PROJECTOR_SCALE = 1.5  # fonts on a projector: readable from the back of a classroom


def for_projector(fig, scale: float = PROJECTOR_SCALE):
    """The same figure with fonts and height scaled up for a projector (changed in place)."""
    layout = fig.layout
    layout.font.size = (layout.font.size or 12) * scale
    if layout.title.font.size:
        layout.title.font.size *= scale
    for annotation in layout.annotations or ():
        annotation.font.size = (annotation.font.size or 12) * scale
    if layout.height:
        layout.height = int(layout.height * (1 + (scale - 1) / 2))
    for axis in [k for k in layout.to_plotly_json() if k.startswith(("xaxis", "yaxis"))]:
        ax = layout[axis]
        if ax.title.font.size:
            ax.title.font.size *= scale
        if ax.tickfont.size:
            ax.tickfont.size *= scale
    return fig
