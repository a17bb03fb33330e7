"""What every figure module shares: a centred title and the check that curves line up."""

from __future__ import annotations

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
