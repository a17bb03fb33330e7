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
        raise ValueError(f"The inputs have different lengths {sorted(sizes)}: one value per {per}.")
