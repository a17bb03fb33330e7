"""What every figure module shares: titles, panels side by side, the check that curves line
up, and the projector's scaling."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from normviz.figures.palette import CHOSEN, NEUTRAL


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
# Font sizes (px) a figure gets when it sets none; Streamlit's theme draws ticks at 12 px.
BASE_FONT = {"text": 12, "tick": 12, "axis_title": 14, "title": 16, "legend": 12}
# Characters per title line (a CJK character counts twice): a chart may fill half of the
# main column (two charts side by side) at 1440 px, or in presenter mode at 1920 px.
TITLE_CHARS = 56
PROJECTOR_TITLE_CHARS = 44
NO_LINE_START = "，。、；：？！）》」』】"  # Chinese punctuation that never starts a line
NO_LINE_END = "（《「『【"  # nor ends one
LINE_HEIGHT = 1.3  # a wrapped line's height, in font sizes


def _axes(fig) -> list[str]:
    """The names of a figure's axes ("xaxis", "yaxis2", …): those its layout sets and
    those its traces are drawn on."""
    names = {k for k in fig.layout.to_plotly_json() if k.startswith(("xaxis", "yaxis"))}
    for trace in fig.data:
        for letter in ("x", "y"):
            if hasattr(trace, f"{letter}axis"):  # cartesian: "x", "x2", … ("x" if unset)
                ref = getattr(trace, f"{letter}axis") or letter
                names.add(f"{letter}axis{ref[1:]}")
    return sorted(names)


def text_width(text: str) -> int:
    """Width in Latin characters: a CJK (full-width) character counts as two."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def wrap_text(text: str, limit: int) -> str:
    """The text in lines of at most `limit` characters (CJK counted twice), joined by <br>.

    Breaks at spaces; a Chinese text, which has none, is broken between characters (never
    inside a run of Latin letters or digits). Existing <br> breaks are kept.
    """
    if not text or limit < 1:
        return text
    return "<br>".join(_balanced(paragraph, limit) for paragraph in str(text).split("<br>"))


def _balanced(paragraph: str, limit: int) -> str:
    """The paragraph in as few lines as a greedy wrap at `limit` needs, with lines of even
    length: no word or lone character ("…变" / "化") left alone on the last line."""
    fewest = _greedy(paragraph, limit)
    for target in range(min(limit, -(-text_width(paragraph) // len(fewest))), limit):
        lines = _greedy(paragraph, target)
        if len(lines) <= len(fewest):
            return "<br>".join(lines)
    return "<br>".join(fewest)


def _greedy(paragraph: str, limit: int) -> list[str]:
    """Lines of at most `limit` characters, each as full as it can be."""
    lines: list[str] = []
    line = ""
    for token in _tokens(paragraph):
        if line and text_width(line + token) > limit and line.strip():
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    lines.append(line.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    """Break opportunities: before a space, and before and after each CJK character (not
    before the punctuation that never starts a Chinese line, nor after one that never ends
    it)."""
    tokens: list[str] = []
    for ch in text:
        wide = ord(ch) >= 0x2E80
        if tokens and (ch in NO_LINE_START or tokens[-1][-1] in NO_LINE_END):
            tokens[-1] += ch
        elif not tokens or ch == " " or wide or ord(tokens[-1][-1]) >= 0x2E80:
            tokens.append(ch)
        else:
            tokens[-1] += ch
    return tokens


def decade_ticks(fig):
    """Log axes labelled at whole decades only, with small unlabelled minor ticks between
    them (changed in place). An axis whose data span less than one decade keeps Plotly's
    own labels (it would have one or none); an axis with its own dtick keeps it."""
    data_by_axis: dict[str, list[np.ndarray]] = {}
    for trace in fig.data:
        for letter in ("x", "y"):
            values = getattr(trace, letter, None)
            if values is None:
                continue
            name = (getattr(trace, f"{letter}axis", None) or letter).replace(letter, "", 1)
            try:
                numbers = np.asarray(values, dtype=float).ravel()
            except (TypeError, ValueError):
                continue
            data_by_axis.setdefault(f"{letter}axis{name}", []).append(numbers)
    for name in _axes(fig):
        axis = fig.layout[name]
        if axis.type != "log":
            continue
        low, high = _log_span(axis, data_by_axis.get(name, []))
        span = 1.0 if low is None else high - low
        if axis.dtick is None and low is not None and np.floor(high) - np.ceil(low) >= 1:
            axis.dtick = max(1, int(np.ceil(span / 8)))  # at most ~8 labels
        # unlabelled minor ticks: every digit over a few decades, 2 and 5 over more, and
        # one a decade when the labels skip decades (never a solid bar of ticks)
        if isinstance(axis.dtick, int | float) and axis.dtick > 1:
            minor = 1
        else:
            minor = "D1" if span <= 4 else "D2"
        axis.minor = {
            "ticks": "outside",
            "ticklen": 3,
            "dtick": minor,
            "tickcolor": NEUTRAL,
            "showgrid": False,
        }
    return fig


def _log_span(axis, arrays: list[np.ndarray]) -> tuple[float | None, float | None]:
    """The axis' range in decades (log10): its own range, else its data's positive values."""
    if axis.range is not None and None not in axis.range:
        low, high = sorted(float(v) for v in axis.range)
        return low, high
    values = np.concatenate(arrays) if arrays else np.empty(0)
    values = values[np.isfinite(values) & (values > 0)]
    if values.size == 0:
        return None, None
    return float(np.log10(values.min())), float(np.log10(values.max()))


def wrap_titles(fig, limit: int = TITLE_CHARS):
    """Wrap the figure's title and its panels' titles so none is cut at the chart's edges,
    and make room above the plot for the extra lines (changed in place)."""
    layout = fig.layout
    title_lines = 0
    if layout.title.text:
        layout.title.text = wrap_text(layout.title.text, limit)
        title_lines = layout.title.text.count("<br>") + 1
    panels = _panel_titles(layout)
    panel_lines = 0
    for annotation in panels:
        annotation.text = wrap_text(annotation.text or "", _share(limit, len(panels)))
        panel_lines = max(panel_lines, annotation.text.count("<br>") + 1)
    labels = _labels_above(layout)  # a marker's label standing on the plot: a line of its own
    if labels:
        panel_lines = max(panel_lines, 1)
    if panel_lines > 1 or title_lines > 1:
        title_size = layout.title.font.size or BASE_FONT["title"]
        panel_size = max((a.font.size or BASE_FONT["text"] for a in panels + labels), default=0)
        needed = LINE_HEIGHT * (title_lines * title_size + panel_lines * panel_size) + 24
        layout.margin.t = max(layout.margin.t or 0, int(needed))
        if title_lines:  # stand the title on the plot, above its panel titles (a wrapped
            # one would run into them): Plotly anchors a title's first line, so the pad
            # lifts it by the lines below it
            below = LINE_HEIGHT * (panel_lines * panel_size + (title_lines - 1) * title_size)
            layout.title.update(y=1, yref="paper", yanchor="bottom", pad={"b": int(below) + 10})
    return fig


def _panel_titles(layout) -> list:
    """The annotations that title a panel: above the plot area (paper y ≥ 1, anchored at
    their bottom), as panel_title and make_subplots place them."""
    return [
        a
        for a in layout.annotations or ()
        if a.yref == "paper" and a.y is not None and a.y >= 1 and a.yanchor == "bottom"
    ]


def _labels_above(layout) -> list:
    """Labels standing on top of a plot area in an axis' own domain (yref "y domain", y ≥ 1,
    anchored at their bottom), as a vline's or a band's label "at the top": a wrapped title
    must stand above them, not on them."""
    return [
        a
        for a in layout.annotations or ()
        if str(a.yref or "").endswith(" domain")
        and a.y is not None
        and a.y >= 1
        and a.yanchor == "bottom"
    ]


def _share(limit: int, panels: int) -> int:
    """Characters per line of one of `panels` panel titles side by side."""
    return limit if panels == 1 else max(12, limit * 2 // (panels + 1))


def for_projector(fig, scale: float = PROJECTOR_SCALE):
    """The same figure for a projector (changed in place): every font scaled up, ticks and
    legend included (Streamlit's theme would keep them at 12 px), titles wrapped to the
    larger type, log axes at decades, and the height scaled up."""
    layout = fig.layout
    layout.font.size = (layout.font.size or BASE_FONT["text"]) * scale
    layout.title.font.size = (layout.title.font.size or BASE_FONT["title"]) * scale
    layout.legend.font.size = (layout.legend.font.size or BASE_FONT["legend"]) * scale
    if layout.legend.y is not None and layout.legend.y < 0:  # below the plot: clear of the
        layout.legend.y *= scale  # larger tick labels and axis title
    layout.hoverlabel.font.size = (layout.hoverlabel.font.size or BASE_FONT["text"]) * scale
    for annotation in layout.annotations or ():
        annotation.font.size = (annotation.font.size or BASE_FONT["text"]) * scale
    if layout.height:
        layout.height = int(layout.height * (1 + (scale - 1) / 2))
    for name in _axes(fig):
        ax = layout[name]
        ax.title.font.size = (ax.title.font.size or BASE_FONT["axis_title"]) * scale
        ax.tickfont.size = (ax.tickfont.size or BASE_FONT["tick"]) * scale
    colorbars = [getattr(trace, "colorbar", None) for trace in fig.data]
    colorbars += [layout[k].colorbar for k in layout.to_plotly_json() if k.startswith("coloraxis")]
    for colorbar in colorbars:  # a trace's own, or a colour scale shared by heatmaps
        if colorbar is not None:
            colorbar.tickfont.size = (colorbar.tickfont.size or BASE_FONT["tick"]) * scale
            colorbar.title.font.size = (colorbar.title.font.size or BASE_FONT["text"]) * scale
    wrap_titles(fig, PROJECTOR_TITLE_CHARS)
    return decade_ticks(fig)


def needs_style(fig, limit: int = TITLE_CHARS) -> bool:
    """Whether shared_style would change the figure (a log axis, a title longer than a
    line): a copy of a shared figure costs tens of milliseconds, so chart() copies only then."""
    layout = fig.layout
    if any(layout[name].type == "log" for name in _axes(fig)):
        return True
    if any(text_width(line) > limit for line in (layout.title.text or "").split("<br>")):
        return True
    panels = _panel_titles(layout)
    share = _share(limit, len(panels))
    return any(text_width(line) > share for a in panels for line in (a.text or "").split("<br>"))


def shared_style(fig):
    """What every chart gets, presenter mode or not (changed in place): log axes labelled at
    decades with minor ticks, and titles wrapped so that none is cut."""
    wrap_titles(fig)
    return decade_ticks(fig)


def chosen_column(index: int) -> dict:
    """A layout shape: the chosen element's bar or column of a categorical x axis, shaded
    full height behind the data in the chosen colour (what fig.add_vrect draws)."""
    return {
        "type": "rect",
        "x0": index - 0.5,
        "x1": index + 0.5,
        "xref": "x",
        "y0": 0,
        "y1": 1,
        "yref": "y domain",
        "fillcolor": CHOSEN,
        "opacity": 0.25,
        "line": {"width": 0},
        "layer": "below",
    }
