"""Pages 1–4 and their figures in English and Chinese: the texts of both languages match key
for key, no page shows a literal string, every page and figure builds in both languages, and
the Chinese one really is Chinese."""

from __future__ import annotations

import ast
import json
import string
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest
from helpers import ROOT, calls_to, headings, ok, open_app, section_texts
from streamlit.testing.v1 import AppTest

import normviz as nv
from normviz.figures.cube import cube_figure, method_caption, small_multiples
from normviz.figures.running import estimate_name
from normviz.figures.saturation import (
    gradient_decay,
    histogram_with_sigmoid,
    per_channel_saturation,
    resaturation_curve,
)
from normviz.figures.steps import group_values_strip, slice_heatmaps
from normviz.i18n import t
from normviz.methods import training_refusal
from normviz.streams import ESTIMATES

pages_1_4 = section_texts(
    "p1.",
    "p2.",
    "p3.",
    "p4.",
    "fig.cube.",
    "fig.steps.",
    "fig.saturation.",
    "fig.running.",
    "method.",
    "summary.",
)

PAGES = {
    "p1": "app_pages/1_Reduction_axes.py",
    "p2": "app_pages/2_Step_by_step.py",
    "p3": "app_pages/3_Sigmoid_saturation.py",
    "p4": "app_pages/4_Train_vs_eval.py",
}
PREFIXES = ("p1.", "p2.", "p3.", "p4.", "fig.cube.", "fig.steps.", "fig.saturation.")
PREFIXES += ("fig.running.", "summary.", "method.", "common.")
SN = "Standard normal"


pytestmark = pytest.mark.usefixtures("strict_i18n")  # a missing key fails (conftest.py)


def has_chinese(text: str) -> bool:
    """Chinese characters or Chinese (full-width) punctuation."""
    return any("\u4e00" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in text)


def figure_text(value: object) -> str:
    """Every string of a decoded figure (json.loads of a chart's spec, or Figure.to_dict()).

    Read this, not the JSON: whether plotly writes Chinese as-is or as \\uXXXX escapes
    depends on which JSON engine is installed (orjson or the standard library's json).
    """
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        value = list(value.values())
    return "\n".join(map(figure_text, value)) if isinstance(value, list | tuple) else ""


# ---------------------------------------------------------------------------------------
# The texts


def fields(text: str) -> set[tuple[str, str]]:
    """The {placeholders} of a text, with their format specs."""
    return {(name, spec) for _, name, spec, _ in string.Formatter().parse(text) if name is not None}


def test_both_languages_hold_the_same_keys_kinds_and_placeholders():
    en, zh = pages_1_4.EN, pages_1_4.ZH
    assert set(en) == set(zh)
    for key in en:
        assert key.startswith(PREFIXES), key
        assert type(en[key]) is type(zh[key]), key
        en_parts = en[key] if isinstance(en[key], tuple) else (en[key],)
        zh_parts = zh[key] if isinstance(zh[key], tuple) else (zh[key],)
        assert len(en_parts) == len(zh_parts), key
        assert set().union(*map(fields, en_parts)) == set().union(*map(fields, zh_parts)), key


def test_explanations_are_a_few_short_steps():
    for table in (pages_1_4.EN, pages_1_4.ZH):
        for key, value in table.items():
            if isinstance(value, tuple):
                assert 2 <= len(value) <= 6, key
                assert all(part.strip() for part in value), key


def test_the_chinese_prose_is_chinese():
    same = {k for k in pages_1_4.EN if pages_1_4.EN[k] == pages_1_4.ZH[k]}
    assert same <= {f"method.short.{m}" for m in nv.METHODS}  # BN, LN, IN, GN in both
    for key, value in pages_1_4.ZH.items():
        if not key.startswith("method.short."):
            parts = value if isinstance(value, tuple) else (value,)
            assert all(has_chinese(p) for p in parts), key


def test_method_names_for_every_method():
    for method in nv.METHODS:
        assert t(f"method.long.{method}", "en") == nv.LONG_NAMES[method]
        assert nv.LONG_NAMES[method] in t(f"method.long.{method}", "zh")


def test_estimate_names_in_both_languages():
    """Every legend names its convention in English and is Chinese in Chinese."""
    conventions = {"pytorch": "PyTorch", "keras": "Keras", "cumulative": "PyTorch"}
    for key in ESTIMATES:
        for momentum in (0.1, None, 0.25):
            for keras in (0.99, 0.5):
                english = estimate_name(key, momentum, keras)
                assert conventions.get(key, "BN") in english
                assert has_chinese(estimate_name(key, momentum, keras, lang="zh"))


def test_training_refusals():
    assert training_refusal((2, 2, 2, 2), "batch") is None
    assert training_refusal((2, 3), "layer") is None
    batch = training_refusal((1, 3), "batch")
    assert "N·H·W = 1" in batch and "Expected more than 1 value per channel" in batch
    assert "1×3" in batch.message("zh") and has_chinese(batch.message("zh"))
    instance = training_refusal((4, 3, 1, 1), "instance")
    assert "H·W = 1" in instance and has_chinese(instance.message("zh"))


# ---------------------------------------------------------------------------------------
# No literal string shown by a page

SHOWN = {
    "title", "header", "subheader", "markdown", "caption", "info", "error", "warning",
    "success", "metric", "slider", "select_slider", "selectbox", "radio", "button",
    "download_button", "expander", "toggle", "checkbox", "number_input", "text", "write",
    "tabs", "latex_label",
}  # fmt: skip


def literal_texts(path: Path) -> list[tuple[int, str]]:
    """String literals (or f-strings) passed as the shown text of a Streamlit call."""
    found = []
    for node in calls_to(ast.parse(path.read_text(encoding="utf-8")), SHOWN):
        args = list(node.args[:1]) + [k.value for k in node.keywords if k.arg in ("label", "help")]
        for arg in args:
            if isinstance(arg, ast.JoinedStr) or (
                isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            ):
                found.append((node.lineno, ast.unparse(arg)))
    return found


@pytest.mark.parametrize("page", PAGES.values())
def test_pages_show_no_literal_text(page):
    assert literal_texts(ROOT / page) == []


@pytest.mark.parametrize("page", PAGES.values())
def test_pages_draw_charts_through_the_display(page):
    source = (ROOT / page).read_text(encoding="utf-8")
    assert "plotly_chart" not in source and "chart(" in source


# ---------------------------------------------------------------------------------------
# Every page in both languages


def open_page(page: str, **query: str) -> AppTest:
    return ok(open_app(page, query, timeout=90))


@pytest.mark.parametrize("area", PAGES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_page_runs_in_both_languages(area, lang):
    query = {"lang": lang} if lang != "en" else {}
    at = open_page(PAGES[area], **query)
    (title,) = [e.value for e in at.title]
    assert title == t(f"{area}.title", lang)
    assert not at.error
    main = at.main  # the sidebar's texts are not this page's
    shown = [m.value for m in main.markdown] + [c.value for c in main.caption]
    shown += [i.value for i in main.info] + headings(main)
    if lang == "zh":
        assert title != t(f"{area}.title", "en")
        assert all(has_chinese(text) for text in shown if len(text) > 40), shown
        charts = at.get("plotly_chart")
        assert charts and all(has_chinese(figure_text(json.loads(c.proto.spec))) for c in charts)


def test_chinese_titles_differ_from_english():
    for area in PAGES:
        assert t(f"{area}.title", "zh") != t(f"{area}.title", "en")


@pytest.mark.parametrize("area", ["p2", "p3", "p4"])
def test_refusal_is_explained_in_chinese(area):
    at = open_page(PAGES[area], lang="zh", fc="1", n="1", preset=SN)
    (message,) = [e.value for e in at.error]
    assert has_chinese(message) and "N·H·W = 1" in message
    assert "Expected more than 1 value per channel" in message  # PyTorch's own words


def test_steps_mode_reveals_the_intro_one_step_at_a_time():
    at = open_page(PAGES["p3"], lang="zh", stepwise="1")
    intro = t("p3.intro", "zh").split("\n\n")
    assert at.markdown[0].value == intro[0]
    next_buttons = [b for b in at.button if b.label == t("steps.next", "zh")]
    next_buttons[0].click().run()
    assert not at.exception
    assert [m.value for m in at.markdown[:2]] == intro[:2]


def test_train_page_radio_shows_chinese_labels_and_keeps_its_values():
    at = open_page(PAGES["p4"], lang="zh")
    radio = at.radio(key="momentum_mode")
    assert radio.options == [t("p4.mode.pytorch", "zh"), t("p4.mode.cumulative", "zh")]
    radio.set_value("cumulative (momentum=None)").run()
    assert not at.exception
    assert at.query_params["momentum_mode"] == "cumulative (momentum=None)"
    assert at.slider(key="momentum").disabled


# ---------------------------------------------------------------------------------------
# Every figure builder of pages 1–3 in both languages (running: test_figures_running_batch)


def figures(lang: str) -> dict[str, go.Figure]:
    shape, at = (2, 4, 3, 3), (1, 2, 0, 1)
    x = nv.make_tensor(shape, nv.TensorSpec(), 0)
    edges = np.linspace(-10, 10, 41)
    counts = np.histogram(x, edges)[0]
    maps = {"x": x[1, 2], "x_hat": x[1, 2] - x[1, 2].mean(), "y": 2 * x[1, 2]}
    return {
        "cube": cube_figure(shape, "group", at, groups=2, clickable=True, lang=lang),
        "cube_fc": cube_figure((3, 4), "layer", (0, 1), lang=lang),
        "small_multiples": small_multiples(shape, at, 2, lang=lang),
        "slice": slice_heatmaps(maps, 1, 2, chosen=(0, 1), lang=lang),
        "strip": group_values_strip(x[:, 2].reshape(-1)[:8], 0.0, 18, lang=lang),
        "histogram": histogram_with_sigmoid(edges, counts, title="x", cutoff=2.944, lang=lang),
        "per_channel": per_channel_saturation(np.full(4, 0.5), np.zeros(4), lang=lang),
        "decay": gradient_decay(0.1, 0.2, 10, lang=lang),
        "resaturation": resaturation_curve(
            np.geomspace(0.1, 20, 5), np.zeros(5), np.zeros(5), "γ = 1", lang=lang
        ),
    }


def test_every_figure_builds_in_both_languages():
    english, chinese = figures("en"), figures("zh")
    for name, fig in english.items():
        other = chinese[name]
        assert isinstance(other, go.Figure) and len(other.data) == len(fig.data), name
        assert other.to_json() != fig.to_json(), name
        assert has_chinese(figure_text(other.to_dict())), name
        if fig.layout.title.text and fig.layout.title.text != "x":  # the histogram's is given
            assert other.layout.title.text != fig.layout.title.text, name
    small = chinese["small_multiples"].layout.annotations
    assert "组归一化 GN (G=2)" in [a.text for a in small]  # compact: four panels side by side
    english_small = english["small_multiples"].layout.annotations
    assert "GroupNorm (G=2)" in [a.text for a in english_small]


def test_figure_texts_in_english_are_unchanged():
    english = figures("en")
    assert english["cube"].layout.title.text == "GroupNorm (G=2)"
    assert english["slice"].layout.title.text == "One slice: sample n=1, channel c=2"
    assert english["strip"].layout.title.text.startswith("The group's values (8 of 18")
    assert english["decay"].layout.title.text == (
        "The σ′ part of the gradient factor through L layers (weights not included)"
    )
    hover = english["cube"].data[-1].hovertemplate
    assert hover == (
        "sample n=%{customdata[1]}, channel c=%{customdata[2]}<extra>click to choose</extra>"
    )


def test_method_caption_in_both_languages():
    english = method_caption((2, 8, 2, 2), "group", 2)
    assert english.startswith("GN: averages over C/G = 4 channels, H, W; m = 16 values")
    chinese = method_caption((2, 8, 2, 2), "group", 2, lang="zh")
    assert chinese.startswith("GN：") and "C/G = 4 个通道" in chinese and "m = 16" in chinese
