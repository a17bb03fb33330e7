"""The GroupNorm-paper cube: axes N, C and H·W, with one normalization group shaded.

Drawn as a 2-D oblique projection with filled polygons, so its size in the browser
is the same for a 2×2×2×2 tensor and a 32×64×56×56 one: cells are drawn only when few.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from normviz.figures.palette import CHOSEN, method_color, rgba
from normviz.figures.style import centred_title
from normviz.i18n import t
from normviz.masks import group_slices
from normviz.methods import METHODS, SHORT_NAMES, layout
from normviz.tensors import axes_text, axis_names

# Display lengths of the axes (the cube keeps its shape whatever the tensor's size)
WIDTH_C, HEIGHT_S, DEPTH_N = 1.0, 1.0, 0.75
ANGLE = math.radians(35)
MAX_GRID_LINES = 48  # draw cell lines on an axis only up to this many cells
MAX_CLICK_CELLS = 1024  # clickable cell markers per face, at most

CUBE_FILL = "rgba(200, 210, 225, 0.35)"
CUBE_LINE = "rgba(70, 80, 100, 0.9)"
GRID_LINE = "rgba(70, 80, 100, 0.25)"
GROUP_OPACITY = 0.75  # the shaded group, in its method's colour (normviz.figures.palette)
ELEMENT_COLOR = CHOSEN  # the chosen element, amber
GROUP_LINE = "rgba(20, 20, 20, 0.8)"


def _project(c: float, s: float, n: float) -> tuple[float, float]:
    """Oblique projection: C to the right, H·W up, N into the page (up and right)."""
    return c + n * math.cos(ANGLE), s + n * math.sin(ANGLE)


def _height_of(position: float, spatial: int) -> float:
    """Display height of a point `position` cells down the H·W axis: position 0 is at the top,
    as row 0 of an image and of the Step-by-step heatmaps."""
    return (spatial - position) / spatial * HEIGHT_S


def _box_faces(c0, c1, s0, s1, n0, n1) -> list[list[tuple[float, float]]]:
    """The three visible faces (front, top, right) of a box, as 2-D polygons."""
    front = [(c0, s0, n0), (c1, s0, n0), (c1, s1, n0), (c0, s1, n0)]
    top = [(c0, s1, n0), (c1, s1, n0), (c1, s1, n1), (c0, s1, n1)]
    right = [(c1, s0, n0), (c1, s0, n1), (c1, s1, n1), (c1, s1, n0)]
    return [[_project(*p) for p in face] for face in (front, top, right)]


def _polygon_trace(faces, fill: str, line: str, name: str, width: float = 1.5) -> dict:
    """All faces in one trace, separated by None (one trace per box, not per face).

    Traces are plain dicts here: go.Figure validates each once, at the end.
    """
    xs: list[float | None] = []
    ys: list[float | None] = []
    for face in faces:
        xs += [p[0] for p in face] + [face[0][0], None]
        ys += [p[1] for p in face] + [face[0][1], None]
    return {
        "type": "scatter",
        "x": xs,
        "y": ys,
        "fill": "toself",
        "fillcolor": fill,
        "line": {"color": line, "width": width},
        "mode": "lines",
        "name": name,
        "hoverinfo": "skip",
        "showlegend": False,
    }


def _scaled_box(shape4, block) -> tuple[float, float, float, float, float, float]:
    """Display coordinates of a block given as (n range, c range, s range)."""
    n, c, s = shape4
    (n0, n1), (c0, c1), (s0, s1) = block
    return (
        c0 / c * WIDTH_C,
        c1 / c * WIDTH_C,
        _height_of(s1, s),
        _height_of(s0, s),
        n0 / n * DEPTH_N,
        n1 / n * DEPTH_N,
    )


def _grid_trace(shape4) -> dict | None:
    """Cell lines on the three visible faces, when the tensor is small enough to show cells."""
    n, c, s = shape4
    xs: list[float | None] = []
    ys: list[float | None] = []

    def line(p, q):
        a, b = _project(*p), _project(*q)
        xs.extend([a[0], b[0], None])
        ys.extend([a[1], b[1], None])

    W, H, D = WIDTH_C, HEIGHT_S, DEPTH_N
    if c <= MAX_GRID_LINES:
        for i in range(1, c):
            x = i / c * W
            line((x, 0, 0), (x, H, 0))  # front face, vertical
            line((x, H, 0), (x, H, D))  # top face, into depth
    if s <= MAX_GRID_LINES:
        for j in range(1, s):
            y = j / s * H
            line((0, y, 0), (W, y, 0))  # front face, horizontal
            line((W, y, 0), (W, y, D))  # right face, into depth
    if n <= MAX_GRID_LINES:
        for k in range(1, n):
            z = k / n * D
            line((0, H, z), (W, H, z))  # top face, across channels
            line((W, 0, z), (W, H, z))  # right face, vertical
    if not xs:
        return None
    return {
        "type": "scatter",
        "x": xs,
        "y": ys,
        "mode": "lines",
        "line": {"color": GRID_LINE, "width": 1},
        "hoverinfo": "skip",
        "showlegend": False,
    }


def _click_targets(shape4, lang: str, sequence: bool = False) -> list[dict]:
    """Markers at the centres of the front and top cells; a click on one picks an element.

    customdata holds (face, a, b): front → (channel c, position s), top → (sample n, channel c).
    """
    n, c, s = shape4
    hover_front, hover_top = "fig.cube.hover.front", "fig.cube.hover.top"
    if sequence:  # the same cells named as features d and tokens t
        hover_front, hover_top = hover_front + ".sequence", hover_top + ".sequence"
    traces = []
    if c * s <= MAX_CLICK_CELLS:
        pts = [
            ((ci + 0.5) / c * WIDTH_C, _height_of(si + 0.5, s), 0.0)
            for ci in range(c)
            for si in range(s)
        ]
        data = [("front", ci, si) for ci in range(c) for si in range(s)]
        hover = t(hover_front, lang, c="%{customdata[1]}", s="%{customdata[2]}")
        traces.append(_marker_trace(pts, data, hover, lang))
    if n * c <= MAX_CLICK_CELLS:
        pts = [
            ((ci + 0.5) / c * WIDTH_C, HEIGHT_S, (ni + 0.5) / n * DEPTH_N)
            for ni in range(n)
            for ci in range(c)
        ]
        data = [("top", ni, ci) for ni in range(n) for ci in range(c)]
        hover = t(hover_top, lang, n="%{customdata[1]}", c="%{customdata[2]}")
        traces.append(_marker_trace(pts, data, hover, lang))
    return traces


def _marker_trace(points, data, hover: str, lang: str) -> dict:
    xy = [_project(*p) for p in points]
    return {
        "type": "scatter",
        "x": [p[0] for p in xy],
        "y": [p[1] for p in xy],
        "mode": "markers",
        "marker": {"size": 14, "color": "rgba(0,0,0,0.02)"},
        "customdata": [list(d) for d in data],
        "hovertemplate": f"{hover}<extra>{t('fig.cube.hover.click', lang)}</extra>",
        "showlegend": False,
    }


def _cube_traces(
    lay, at: tuple[int, ...], clickable: bool, lang: str, sequence: bool = False
) -> list[dict]:
    """Tensor box, cell lines, group box, element box (and click targets), back to front."""
    n, c = lay.shape[:2]
    shape4 = (n, c, lay.spatial)
    slices = group_slices(lay.shape, lay.method, at, groups=lay.groups)
    spatial_index = _flat_spatial(lay.shape, at)
    tensor_box = _box_faces(0, WIDTH_C, 0, HEIGHT_S, 0, DEPTH_N)
    # token LN and RMSNorm: one position; the other methods: all positions
    positions = (spatial_index, spatial_index + 1) if lay.over_channels else (0, lay.spatial)
    group_box = _scaled_box(shape4, (_range(slices[0], n), _range(slices[1], c), positions))
    element_box = _scaled_box(
        shape4, ((at[0], at[0] + 1), (at[1], at[1] + 1), (spatial_index, spatial_index + 1))
    )
    name = {part: t(f"fig.cube.trace.{part}", lang) for part in ("tensor", "group", "element")}
    traces = [_polygon_trace(tensor_box, CUBE_FILL, CUBE_LINE, name["tensor"])]
    grid = _grid_trace(shape4)
    if grid is not None:
        traces.append(grid)
    traces.append(
        _polygon_trace(
            _box_faces(*group_box),
            rgba(method_color(lay.method), GROUP_OPACITY),
            GROUP_LINE,
            name["group"],
        )
    )
    traces.append(
        _polygon_trace(_box_faces(*element_box), ELEMENT_COLOR, GROUP_LINE, name["element"])
    )
    if clickable:
        traces += _click_targets(shape4, lang, sequence)
    return traces


def _title(lay, lang: str, kind: str = "method.long") -> str:
    """The method's name (kind "fig.cube.panel": the compact one of a small panel)."""
    name = t(f"{kind}.{lay.method}", lang)
    return f"{name} (G={lay.groups})" if lay.method == "group" else name


X_RANGE = [-0.3, WIDTH_C + DEPTH_N * math.cos(ANGLE) + 0.1]
Y_RANGE = [-0.2, HEIGHT_S + DEPTH_N * math.sin(ANGLE) + 0.15]
# a small cube's H·W label ("H·W / 56×56") stands left of the cube, within its panel
SMALL_X_RANGE = [X_RANGE[0] - 0.2, X_RANGE[1]]


def cube_figure(
    shape: tuple[int, ...],
    method: str,
    at: tuple[int, ...],
    *,
    groups: int | None = None,
    height: int = 460,
    clickable: bool = False,
    lang: str = "en",
    sequence: bool = False,
) -> go.Figure:
    """The tensor as a cube N × C × H·W with the group of element `at` shaded (N × D × T,
    labelled so, for a `sequence` N×T×D held as N×D×1×T).

    The geometry is constant in the tensor size: one box for the tensor, one for the group,
    one for the element, plus cell lines and click targets only when the tensor is small.
    Built as one figure dict: plotly validates it once.
    """
    lay = layout(shape, method, groups)
    annotations = [
        {"x": x, "y": y, "text": text, "showarrow": False, "font": {"size": 14}}
        for x, y, text in _axis_labels(lay.shape, lang, sequence)
    ]
    annotations += [
        {"x": x, "y": y, "text": text, "showarrow": False, "xanchor": "right", "font": {"size": 11}}
        for x, y, text in _position_labels(lay.spatial)
    ]
    return go.Figure(
        data=_cube_traces(lay, at, clickable, lang, sequence),
        layout={
            "annotations": annotations,
            "title": centred_title(_title(lay, lang), size=18),
            "height": height,
            "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
            "xaxis": {"visible": False, "range": X_RANGE},
            "yaxis": {"visible": False, "scaleanchor": "x", "range": Y_RANGE},
            "plot_bgcolor": "white",
            "dragmode": False,
            "clickmode": "event+select",
        },
    )


def small_multiples(
    shape: tuple[int, ...],
    at: tuple[int, ...],
    groups: int,
    *,
    height: int = 760,
    lang: str = "en",
    sequence: bool = False,
) -> go.Figure:
    """All six methods (GN with `groups`) on one 2-column figure, same element shaded:
    the GN paper's four in the first two rows, token LN and RMSNorm in the third.

    The layout is written out as one dict (four axis pairs): plotly validates it once,
    where make_subplots plus per-panel updates took most of a rerun.
    """
    layouts = [layout(shape, method, groups if method == "group" else None) for method in METHODS]
    rows = -(-len(layouts) // 2)
    gap_x, gap_y, title_room = 0.04, 0.05, 0.035
    panel_w, panel_h = (1 - gap_x) / 2, (1 - gap_y * (rows - 1)) / rows
    traces, annotations, axes = [], [], {}
    for i, lay in enumerate(layouts):
        row, col = divmod(i, 2)
        suffix = "" if i == 0 else str(i + 1)
        x0 = col * (panel_w + gap_x)
        y1 = 1 - row * (panel_h + gap_y)
        axes[f"xaxis{suffix}"] = {
            "domain": [x0, x0 + panel_w],
            "range": SMALL_X_RANGE,
            "visible": False,
            "anchor": f"y{suffix}",
        }
        axes[f"yaxis{suffix}"] = {
            "domain": [max(0.0, y1 - panel_h), y1 - title_room],
            "range": Y_RANGE,
            "visible": False,
            "anchor": f"x{suffix}",
            "scaleanchor": f"x{suffix}",
        }
        for trace in _cube_traces(lay, at, clickable=False, lang=lang, sequence=sequence):
            trace.update(xaxis=f"x{suffix}", yaxis=f"y{suffix}")
            traces.append(trace)
        annotations.append(
            {
                "x": x0 + panel_w / 2,
                "y": y1,
                "xref": "paper",
                "yref": "paper",
                "text": _title(lay, lang, "fig.cube.panel"),
                "showarrow": False,
                "xanchor": "center",  # "auto" would anchor the left panels' titles on the left
                "yanchor": "top",
                "font": {"size": 14},
            }
        )
        annotations += [
            {
                "x": x,
                "y": y,
                "text": text,
                "showarrow": False,
                "font": {"size": 11},
                "xref": f"x{suffix}",
                "yref": f"y{suffix}",
                **({"xanchor": "right", "x": x + 0.1} if i == 1 else {}),  # H·W: beside the cube
            }
            for i, (x, y, text) in enumerate(_axis_labels(lay.shape, lang, sequence))
        ]
    return go.Figure(
        data=traces,
        layout={
            **axes,
            "annotations": annotations,
            "height": height,
            "margin": {"l": 5, "r": 5, "t": 10, "b": 5},
            "plot_bgcolor": "white",
            "dragmode": False,
        },
    )


def _flat_spatial(shape: tuple[int, ...], at: tuple[int, ...]) -> int:
    """Position of `at` along the flattened H·W axis (0 for an N×C tensor)."""
    index = 0
    for i, size in zip(at[2:], shape[2:], strict=True):
        index = index * size + i
    return index


def _range(sl: slice, size: int) -> tuple[int, int]:
    start, stop, _ = sl.indices(size)
    return start, stop


def _axis_labels(
    shape: tuple[int, ...], lang: str = "en", sequence: bool = False
) -> list[tuple[float, float, str]]:
    """Axis names with their sizes, placed along the cube's edges (normviz.tensors.axis_names:
    a sequence's are D and T)."""
    n, c = shape[:2]
    names = axis_names(len(shape), sequence)
    spatial = "×".join(str(v) for v in shape[2:]) or "1"
    spatial_name = {2: t("fig.cube.axis.none", lang), 3: "L", 4: "H·W"}[len(shape)]
    if sequence and len(shape) == 4:  # N×D×1×T: the positions are the T tokens
        spatial_name, spatial = names[3], str(shape[3])
    labels = [
        (_project(WIDTH_C / 2, -0.08, 0), f"{names[1]} = {c}"),
        (_project(-0.14, HEIGHT_S / 2, 0), f"{spatial_name}<br>{spatial}"),
        (_project(-0.2, HEIGHT_S + 0.04, DEPTH_N / 2), f"N = {n}"),  # clear of the top face
    ]
    return [(x, y, text) for (x, y), text in labels]


def _position_labels(spatial: int) -> list[tuple[float, float, str]]:
    """The first and last position along H·W, beside the front face: 0 at the top."""
    if not 1 < spatial <= MAX_GRID_LINES:
        return []
    labels = []
    for position in (0, spatial - 1):
        x, y = _project(-0.02, _height_of(position + 0.5, spatial), 0)
        labels.append((x, y, str(position)))
    return labels


def method_caption(
    shape: tuple[int, ...],
    method: str,
    groups: int | None = None,
    *,
    lang: str = "en",
    sequence: bool = False,
) -> str:
    """One line under a cube: reduced axes, group size m, number of (μ, σ²), parameters."""
    lay = layout(shape, method, groups)
    axes = axes_text(lay.reduced_axes, len(lay.shape), sequence)
    if lay.method == "group":
        per = lay.shape[1] // lay.groups
        if sequence:
            axes = axes.replace("D", t("fig.cube.group_features", lang, per=per))
        else:
            axes = axes.replace("C", t("fig.cube.group_channels", lang, per=per))
    return t(
        "fig.cube.caption.rms" if lay.method == "rms" else "fig.cube.caption",
        lang,
        short=SHORT_NAMES[lay.method],
        axes=axes,
        m=lay.group_size,
        pairs=lay.num_stats,
        params=lay.num_parameters,
    )


def clicked_element(
    customdata: object, at: tuple[int, int, int, int], width: int, fully_connected: bool
) -> tuple[int, int, int, int] | None:
    """The element a click on cube_figure(clickable=True) picks, or None for anything malformed.

    The front face's points carry ("front", channel, flattened position), the top face's
    ("top", sample, channel). A browser sends what the figure holds, but a crafted message
    may send anything: it must not raise.
    """
    try:
        face, a, b = customdata
        a, b = int(a), int(b)
    except (TypeError, ValueError):
        return None
    n, c, h, w = at
    if face == "front":
        c = a
        if not fully_connected:
            h, w = divmod(b, max(int(width), 1))
    elif face == "top":
        n, c = a, b
    else:
        return None
    return n, c, h, w
