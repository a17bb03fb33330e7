"""Home, Reduction axes and Step by step after the examiner's and the rehearsal's review
(issues 11 and 13): the texts a lesson relies on, steps mode on the four computation steps,
and the figures (one orientation of h, one colour scale, every value of a group visible)."""

from __future__ import annotations

import re

import numpy as np
import pytest
from helpers import box_height, ok, open_app, text, warnings

import normviz as nv
from normviz.figures.cube import cube_figure, small_multiples
from normviz.figures.steps import (
    group_values_strip,
    index_in_group,
    slice_heatmaps,
    stack_levels,
)
from normviz.i18n import steps, t
from ui.compute import STATS_TABLE_ROWS
from ui.display import LONG_TABLE_PX

AXES = "app_pages/1_Reduction_axes.py"
STEPS = "app_pages/2_Step_by_step.py"
FORMULA = re.compile(r"\$\$\n(.*?)\n\$\$", re.S)

pytestmark = pytest.mark.usefixtures("strict_i18n")  # a missing key fails (conftest.py)


def formulas(at) -> list[str]:
    """The display formulas of the page's Markdown, in order."""
    return [f for m in at.markdown for f in FORMULA.findall(m.value)]


def click(at, label: str, nth: int = 0):
    """Click the nth button with this label and rerun."""
    buttons = [b for b in at.button if b.label == label]
    return ok(buttons[nth].click().run())


# ---------------------------------------------------------------------------------------
# Texts


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_home_has_two_layernorm_rows_and_names_the_apps_one(lang):
    at = ok(open_app(lang=lang) if lang != "en" else open_app())
    table = t("home.methods_table", lang)
    shown = text(at)
    assert table in shown
    rows = [r for r in table.splitlines() if "LayerNorm" in r or "层归一化" in r]
    assert len(rows) == 2, rows
    gn_paper, transformer = rows
    assert "C·H·W" in gn_paper and "Wu & He 2018" in gn_paper
    assert "nn.LayerNorm(D)" in transformer and "N×T×D" in transformer
    assert "ConvNeXt" in transformer and "T·D" in transformer
    assert ("the LN this app computes" if lang == "en" else "本应用计算的就是这种 LN") in gn_paper
    intro = steps("home.intro", lang)
    assert "z-score" in intro[1] and "σ²/(σ² + ε)" in intro[1]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_three_d_note_says_a_transformer_tensor_is_read_with_tokens_as_channels(lang):
    """The note names both readings of a 3-D array, and what the wrong one does."""
    note = t("upload.note.three_d", lang, shape="2×5×8")
    assert "N×C×L" in note and "N×T×D" in note and "nn.LayerNorm(D)" in note
    assert "BatchNorm1d" in note and "2×5×8" in note
    assert (
        "T tokens would be taken for channels" if lang == "en" else "T 个词元就会被当作通道"
    ) in note


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_parameters_per_channel_and_pytorchs_modules(lang):
    caption = t("p1.caption", lang)
    assert "torch.nn.LayerNorm([C, H, W])" in caption and "C·H·W" in caption
    assert "affine=False" in caption  # nn.InstanceNorm2d has no γ, β by default
    assert "Wu & He 2018" in caption


# ---------------------------------------------------------------------------------------
# Reduction axes: GroupNorm with G = 1 or G = C


def test_groupnorm_on_two_channels_says_it_is_layernorm_or_instancenorm():
    at = ok(open_app(AXES, method="GN", G="1"))
    (note,) = [i.value for i in at.info if "GN with" in i.value]
    assert note.startswith(t("p1.gn_equals.layer", c=2))
    assert t("p1.gn_only_two", c=2) in note
    assert not warnings(at)  # information, not a complaint about the input
    at = ok(open_app(AXES, method="GN", G="2"))
    (note,) = [i.value for i in at.info if "GN with" in i.value]
    assert note.startswith(t("p1.gn_equals.instance", c=2))


@pytest.mark.parametrize("c", ["5", "7"])
def test_groupnorm_on_a_prime_number_of_channels_suggests_a_c_with_more_divisors(c):
    at = ok(open_app(AXES, method="GN", G="1", c=c, preset="Standard normal"))
    (note,) = [i.value for i in at.info if "GN with" in i.value]
    assert t("p1.gn_only_two", c=int(c)) in note
    assert "C = 4, 6 or 8" in note and "4 or more" not in note  # 5 and 7 are "4 or more"


def test_groupnorm_on_one_channel_says_gn_ln_and_in_coincide():
    at = ok(open_app(AXES, method="GN", G="1", c="1", preset="Standard normal"))
    notes = [i.value for i in at.info if i.value == t("p1.gn_only_one")]
    assert len(notes) == 1  # alone: no "G = C = 1 gives every channel its own group" as well
    assert t("p1.gn_only_two", c=1) not in text(at)


def test_groupnorm_between_ln_and_in_has_no_note():
    at = ok(open_app(AXES, method="GN", c="8", G="4", preset="Standard normal"))
    shown = text(at)
    assert "C/G = 2 channels" in shown  # G = 4 of C = 8: neither LN nor IN
    assert t("p1.gn_equals.layer", c=8) not in shown
    assert t("p1.gn_equals.instance", c=8) not in shown


def test_the_small_groupnorm_cube_of_the_worked_example_is_said_to_be_layernorm():
    """Under BN the small multiples draw GN with C = 2's default G = 1: a caption says so."""
    at = ok(open_app(AXES, lang="zh"))
    assert t("p1.gn_equals.layer", "zh", c=2) in text(at, "caption")


# ---------------------------------------------------------------------------------------
# Step by step


def test_steps_mode_shows_each_formula_with_its_step():
    at = ok(open_app(STEPS, stepwise="1"))
    assert formulas(at) == [] and not at.table  # the intro first
    click(at, t("steps.next"))  # the intro's second step
    shown = formulas(at)
    assert len(shown) == 1 and shown[0].startswith(r"\mu =")
    assert not at.table and not at.get("plotly_chart")[1:]  # only the strip of values
    next_step = 1  # the second Next button belongs to the four steps
    click(at, t("steps.next"), next_step)
    shown = formulas(at)
    assert len(shown) == 2 and shown[1].startswith(r"\sigma^2 =")
    assert "6.0000" in text(at, "caption")  # the unbiased variance, with step 2
    assert not at.table
    click(at, t("steps.next"), next_step)
    assert len(formulas(at)) == 3 and len(at.table) == 1  # √(σ²+ε) is explained: the table
    assert len(at.get("plotly_chart")) == 1  # the slice's y needs step 4
    click(at, t("steps.next"), next_step)
    assert len(formulas(at)) == 4 and len(at.get("plotly_chart")) == 2
    assert at.success  # the check against PyTorch


def test_outside_steps_mode_everything_is_shown():
    at = ok(open_app(STEPS))
    assert len(formulas(at)) == 4
    assert t("p2.standardize") in text(at, "caption")
    assert len(at.get("plotly_chart")) == 2 and len(at.table) == 1


def test_the_worked_example_table_shows_every_group():
    at = ok(open_app(STEPS, present="1"))
    table = at.table[0].value
    assert table["μ"].tolist() == [4.5, 7.0] and table["σ²"].tolist() == [5.25, 21.0]


def test_many_groups_scroll_as_html_in_a_box():
    at = ok(open_app(STEPS, method="IN", n="4", c="8", preset="Standard normal"))
    assert not at.main.dataframe and len(at.table[0].value) == 32
    assert box_height(at, at.table[0]) == LONG_TABLE_PX


def test_more_groups_than_listed_say_where_every_group_is():
    at = ok(open_app(STEPS, method="IN", n="32", c="16", preset="Standard normal"))
    assert len(at.table[0].value) == STATS_TABLE_ROWS < 32 * 16
    assert t("p2.groups.truncated", shown=STATS_TABLE_ROWS, total=32 * 16) in text(at, "caption")


@pytest.mark.parametrize(("method", "key"), [("BN", "p2.unbiased"), ("LN", "p2.unbiased.other")])
def test_running_var_is_mentioned_only_for_batchnorm(method, key):
    at = ok(open_app(STEPS, method=method))
    captions = text(at, "caption")
    assert t(key, var=6.0 if method == "BN" else 3.6429) in captions


def test_the_step_three_formula_leaves_room_for_its_fraction():
    at = ok(open_app(STEPS))
    normalize = formulas(at)[2]
    assert normalize.startswith(r"\rule[") and r"\hat x =" in normalize


# ---------------------------------------------------------------------------------------
# Figures


def test_slice_heatmaps_share_one_colour_scale_with_a_colour_bar():
    x = nv.worked_example()
    maps = {"x": x[0, 1], "x_hat": (x[0, 1] - 7) / np.sqrt(21), "y": 5 * x[0, 1] + 8}
    fig = slice_heatmaps(maps, 0, 1, chosen=(1, 0))
    assert [trace.coloraxis for trace in fig.data] == ["coloraxis"] * 3
    axis = fig.layout.coloraxis
    assert axis.colorbar.title.text == "value"
    reach = max(np.abs(m).max() for m in maps.values())
    assert (axis.cmin, axis.cmax) == (-reach, reach)  # centred: 0 is white in every panel
    assert all(trace.showscale is None for trace in fig.data)


def test_slice_title_sits_above_the_panel_titles():
    fig = slice_heatmaps({k: np.zeros((2, 2)) for k in ("x", "x_hat", "y")}, 0, 0)
    assert fig.layout.title.yref == "container" and fig.layout.title.yanchor == "top"
    assert fig.layout.margin.t >= 80


def test_stack_levels_stacks_equal_values_deterministically():
    assert stack_levels(np.array([1.0, 2.0, 2.0, 5.0, 2.0])).tolist() == [0, 0, 1, 0, 2]
    assert stack_levels(np.full(3, 4.0)).tolist() == [0, 1, 2]


def test_layernorm_strip_shows_all_eight_values_and_rings_the_chosen_one():
    """LN's group of x[0, 0, 1, 1] in the worked example: 1 2 3 4 0 2 4 6, two pairs equal."""
    x = nv.worked_example()
    at = (0, 0, 1, 1)
    values = x[0].reshape(-1).astype(np.float64)
    where = index_in_group(x.shape, "layer", at)
    assert values[where] == x[at] == 4.0 and where == 3
    fig = group_values_strip(values, values.mean(), 8, chosen=(where, 4.0), method="layer")
    dots, ring = fig.data
    assert len(set(zip(dots.x, dots.y, strict=True))) == 8  # no dot hides another
    assert (ring.x[0], ring.y[0]) == (dots.x[where], dots.y[where])
    assert ring.marker.symbol == "circle-open"


def test_strip_rings_a_chosen_element_beyond_the_listed_values():
    values = np.arange(8.0)
    fig = group_values_strip(values, 3.5, 100, chosen=(50, 3.0))
    dots, ring = fig.data
    assert len(dots.x) == 8 and ring.x[0] == 3.0 and ring.y[0] == 1  # stacked on the 3


@pytest.mark.parametrize(
    ("method", "at", "expected"),
    [("batch", (1, 0, 1, 0), 6), ("layer", (1, 1, 0, 1), 5), ("instance", (1, 1, 1, 1), 3)],
)
def test_index_in_group_is_the_memory_order_of_the_group(method, at, expected):
    x = np.arange(16.0).reshape(2, 2, 2, 2)
    from normviz.masks import group_slices

    block = x[group_slices(x.shape, method, at)].reshape(-1)
    assert index_in_group(x.shape, method, at) == expected
    assert block[expected] == x[at]


def _point_height(fig, face: str, a: int, b: int) -> float:
    for trace in fig.data:
        for (f, i, j), y in zip(trace.customdata or (), trace.y, strict=False):
            if (f, i, j) == (face, a, b):
                return y
    raise AssertionError((face, a, b))


def test_the_cube_draws_position_0_at_the_top_as_the_heatmaps_do():
    fig = cube_figure((2, 2, 2, 2), "batch", (0, 0, 0, 0), clickable=True)
    assert _point_height(fig, "front", 0, 0) > _point_height(fig, "front", 0, 3)
    heat = slice_heatmaps({k: np.zeros((2, 2)) for k in ("x", "x_hat", "y")}, 0, 0)
    assert heat.layout.yaxis.autorange == "reversed"  # row 0 at the top
    labels = {a.text: a.y for a in fig.layout.annotations if a.text in ("0", "3")}
    assert labels["0"] > labels["3"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_small_multiple_titles_are_centred_over_their_panels(lang):
    fig = small_multiples((2, 2, 2, 2), (0, 0, 0, 0), 1, lang=lang)
    names = [t(f"fig.cube.panel.{m}", lang) for m in ("batch", "layer", "instance", "group")]
    titles = [a for a in fig.layout.annotations if any(a.text.startswith(n) for n in names)]
    assert len(titles) == 4 and {a.xanchor for a in titles} == {"center"}
    left, right = titles[0], titles[1]
    assert right.x - left.x >= 0.45  # half the figure apart: room for the longer Chinese names


def test_a_large_groups_preview_is_evenly_spaced_over_every_sample():
    """BN's group of channel 0 in an 8×2×8×8 tensor has 512 values; the 64 listed are every
    8th, so they come from all 8 samples (the first 64 would all be sample 0's)."""
    from normviz.forward import normalize
    from normviz.summaries import step_numbers

    x = np.random.default_rng(0).normal(size=(8, 2, 8, 8)) + np.arange(8)[:, None, None, None]
    numbers = step_numbers(normalize(x, "batch"), (0, 0, 0, 0))
    assert numbers.preview_stride == 8
    np.testing.assert_array_equal(numbers.group_values, x[:, 0].reshape(-1)[::8])
    assert abs(numbers.group_values.mean() - numbers.mean) < 0.5  # spans the samples' offsets
