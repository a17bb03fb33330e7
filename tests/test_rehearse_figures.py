"""What a lesson rehearsal at the projector found in the figures (issue 11): titles that
wrap must stand above the labels on top of a plot, and a shared colour bar scales too."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

import normviz as nv
from normviz.figures.batch_size import estimate_box_figure
from normviz.figures.running import train_eval_figure
from normviz.figures.steps import slice_heatmaps
from normviz.figures.style import LINE_HEIGHT, for_projector


def _room_for_label(fig: go.Figure) -> None:
    """The wrapped title stands above the label on the plot (both fit in the top margin)."""
    layout = fig.layout
    title_lines = layout.title.text.count("<br>") + 1
    assert title_lines > 1  # the case that collided
    label = next(a for a in layout.annotations if a.yref.endswith(" domain") and a.y >= 1)
    label_size = label.font.size
    title_size = layout.title.font.size
    # the title's first line is lifted by its other lines and the label's line
    assert layout.title.pad.b >= LINE_HEIGHT * ((title_lines - 1) * title_size + label_size)
    assert layout.margin.t >= int(LINE_HEIGHT * (title_lines * title_size + label_size) + 24)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_train_eval_title_stands_above_the_population_label_on_a_projector(lang):
    fig = train_eval_figure(
        np.linspace(-1, 2, 50), -0.6, 0.0, value=123456.0, channel=12, lang=lang
    )
    fig.layout.title.text += " " + fig.layout.title.text  # long enough to wrap in zh too
    _room_for_label(for_projector(go.Figure(fig)))


def test_batch_box_title_stands_above_the_sidebar_band_label_on_a_projector():
    sizes = [1, 2, 4, 8]
    summary = {k: np.ones(4) for k in ("p05", "p25", "median", "p75", "p95", "mean")}
    fig = estimate_box_figure(sizes, summary, 1.0, quantity="var", mark_n=2, spatial=4)
    _room_for_label(for_projector(go.Figure(fig)))


def test_the_shared_colour_bar_of_the_slice_heatmaps_grows_on_a_projector():
    fig = slice_heatmaps({k: np.arange(4.0).reshape(2, 2) for k in ("x", "x_hat", "y")}, 0, 0)
    before = fig.layout.coloraxis.colorbar.tickfont.size or 12
    out = for_projector(go.Figure(fig))
    assert out.layout.coloraxis.colorbar.tickfont.size >= 1.5 * before
    assert out.layout.coloraxis.colorbar.title.font.size >= 18


def test_a_one_line_title_stands_above_wrapped_panel_titles_on_a_projector():
    """Gradients' bias and landscape figures: their panel titles wrap on a projector."""
    from normviz.figures.style import side_by_side

    layout = side_by_side(["b on every channel: max |Δy| = 8.88 × 10⁻¹⁶"] * 2)
    fig = go.Figure(layout={**layout, "title": {"text": "Does a bias b change it?"}})
    out = for_projector(fig)
    panel = out.layout.annotations[0]
    panel_lines = panel.text.count("<br>") + 1
    assert panel_lines > 1 and out.layout.title.text.count("<br>") == 0
    assert out.layout.title.yref == "paper" and out.layout.title.yanchor == "bottom"
    assert out.layout.title.pad.b >= LINE_HEIGHT * panel_lines * panel.font.size


def test_the_chosen_elements_label_stands_above_the_histogram():
    """Inside the plot it covered the bars and the σ′ peak (Sigmoid saturation)."""
    from normviz.figures.saturation import histogram_with_sigmoid

    edges = np.linspace(-10, 10, 81)
    fig = histogram_with_sigmoid(
        edges, np.ones(80), title="x", cutoff=2.944, mark=1.0, mark_label="chosen element: 1"
    )
    label = fig.layout.annotations[0]
    assert label.yref == "y domain" and label.y == 1 and label.yanchor == "bottom"
    title_size, label_size = 16, 12  # Streamlit's theme: the title and the text
    assert fig.layout.margin.t >= LINE_HEIGHT * (title_size + label_size) + 24


@pytest.mark.parametrize(
    ("title", "orphan"),
    [
        ("y = k·γ·x̂ + β 的饱和比例随 γ 的系数 k 的变化", "化"),
        ("Published results: error by batch size (Wu & He 2018)", "He 2018)"),
    ],
)
def test_wrapped_titles_leave_no_orphan_on_the_last_line(title, orphan):
    from normviz.figures.style import PROJECTOR_TITLE_CHARS, text_width, wrap_text

    lines = wrap_text(title, PROJECTOR_TITLE_CHARS).split("<br>")
    assert len(lines) == 2 and all(text_width(x) <= PROJECTOR_TITLE_CHARS for x in lines)
    assert lines[-1] != orphan and text_width(lines[-1]) >= text_width(title) // 3
    assert "".join(lines).replace(" ", "") == title.replace(" ", "")  # nothing lost


def test_no_chinese_line_ends_on_an_opening_bracket():
    from normviz.figures.style import wrap_text

    text = "批量归一化的批量方差 σ²（有偏）随批量大小的变化（通道 0，H·W = 4）"
    for limit in range(12, 40):
        assert not any(x.endswith("（") for x in wrap_text(text, limit).split("<br>"))


def test_a_small_cubes_spatial_label_stands_left_of_the_cube_inside_its_panel():
    """At 56×56 the centred "H·W / 56×56" ran into the cube and off the panel's edge."""
    from normviz.figures.cube import small_multiples

    fig = small_multiples((32, 64, 56, 56), (0, 0, 0, 0), 32)
    labels = [a for a in fig.layout.annotations if "56×56" in (a.text or "")]
    assert len(labels) == len(nv.METHODS)
    for label in labels:
        axis = fig.layout[label.xref.replace("x", "xaxis")]
        assert label.xanchor == "right" and label.x < 0  # left of the cube's front face
        room = label.x - axis.range[0]  # data units between the panel's edge and the label
        width = axis.range[1] - axis.range[0]
        assert room / width >= 0.15  # about 30 px of a 200 px panel for "56×56"
