"""One colour per method, the same on every page and in every chart, and the colours of
everything else, chosen so that a method's colour never means something else.

Methods are keyed by their key (normviz.methods.METHODS) and NO_NORM for the network or the
tensor without normalization; `method_color` also takes a label ("BN", "GN (G=4)").
"""

from __future__ import annotations

from normviz.methods import NO_NORM, NO_NORM_LABEL, canonical_method

METHOD_COLORS = {
    NO_NORM: "#d62728",  # red: the unnormalized input or network
    "batch": "#1f77b4",  # blue
    "layer": "#2ca02c",  # green
    "instance": "#9467bd",  # purple
    "group": "#ff7f0e",  # orange
    "token": "#008b8b",  # dark cyan: a LayerNorm, over the channels of one position
    "rms": "#8b008b",  # dark magenta
}
NEUTRAL = "#7f7f7f"  # anything that is not a method
# Series that are not methods (feature-map sizes, units, conventions), in this order
SERIES = ("#17becf", "#8c564b", "#e377c2", "#bcbd22", "#393b79", "#7f7f7f", "#d6616b", "#637939")
SECOND = "#17becf"  # a second quantity next to a method's own (cyan), e.g. σ' beside σ
# Where LayerNorm sits in a transformer block (app_pages/10): both are LN, so neither takes LN's
# colour; post-LN with warm-up is post-LN's colour, dashed.
PLACEMENT_COLORS = {"post": "#8c564b", "pre": "#17becf"}  # brown, cyan (from SERIES)
CHOSEN = "rgba(255, 191, 0, 0.95)"  # the chosen element (amber): its box, ring or column
CHOSEN_LINE = "darkgoldenrod"  # a line or label marking the chosen element or value


def method_color(method: str) -> str:
    """The colour of a method given by key ("batch"), label ("BN", "GN (G=10)") or "no norm"."""
    name = str(method).split(" (")[0]
    if name in (NO_NORM, NO_NORM_LABEL):
        return METHOD_COLORS[NO_NORM]
    try:
        return METHOD_COLORS[canonical_method(name)]
    except ValueError:
        return NEUTRAL


def rgba(hex_color: str, alpha: float) -> str:
    """ "#1f77b4" with an opacity: "rgba(31,119,180,0.5)"."""
    r, g, b = (int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"
