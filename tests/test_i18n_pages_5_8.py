"""Pages 5–8 (Batch size, Gradients, Dropout, Training lab) in English and in Chinese.

Each page runs in both languages without an exception and shows its title, explanations,
widget labels and chart titles in the chosen language; steps mode reveals an explanation
one step at a time; no text shown by these pages is a string literal in the page's code.
"""

from __future__ import annotations

import ast
import json
import string

import pytest
from helpers import ROOT, calls_to, headings, ok, open_app, section_texts, text
from streamlit.testing.v1 import AppTest

from normviz.i18n import steps, t

pages_5_8 = section_texts(
    "p5.",
    "p6.",
    "p7.",
    "p8.",
    "fig.batch_size.",
    "fig.gradients.",
    "fig.dropout.",
    "fig.training.",
    "training.",
)

PAGES = {
    "p5": "app_pages/5_Batch_size.py",
    "p6": "app_pages/6_Gradients.py",
    "p7": "app_pages/7_Dropout.py",
    "p8": "app_pages/8_Training_lab.py",
}
SHORT_TRAINING = {"steps": "60", "batch": "32", "lr": "1.0"}  # the lab's run in seconds
SMALL = {"n": "4", "c": "4", "h": "3", "w": "3"}  # a small tensor: quick pages


pytestmark = pytest.mark.usefixtures("strict_i18n")  # a missing key fails (conftest.py)


def open_page(prefix: str, lang: str, **query: str) -> AppTest:
    params = {**SMALL, **(SHORT_TRAINING if prefix == "p8" else {}), **query}
    if lang != "en":
        params["lang"] = lang
    return ok(open_app(PAGES[prefix], params, timeout=180))


def shown_text(at: AppTest) -> str:
    return text(at, "markdown", "caption", "info", "success", "warning", "error", "subheader")


def chart_titles(at: AppTest) -> list[str]:
    return [
        (json.loads(c.proto.spec)["layout"].get("title") or {}).get("text", "")
        for c in at.get("plotly_chart")
    ]


def widget_labels(at: AppTest) -> list[str]:
    kinds = (at.slider, at.select_slider, at.radio, at.number_input, at.button)
    return [w.label for kind in kinds for w in kind if w.key and not w.key.startswith("_")]


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# --- the texts --------------------------------------------------------------------------------


def placeholders(value: str | tuple[str, ...]) -> set[str]:
    parts = (value,) if isinstance(value, str) else value
    return {f for p in parts for _, f, _, _ in string.Formatter().parse(p) if f is not None}


def test_both_languages_have_the_same_keys_kinds_and_placeholders():
    en, zh = pages_5_8.EN, pages_5_8.ZH
    assert set(en) == set(zh)
    for key in en:
        assert type(en[key]) is type(zh[key]), key
        if isinstance(en[key], tuple):
            assert len(en[key]) == len(zh[key]) and 2 <= len(en[key]) <= 6, key
        assert placeholders(en[key]) == placeholders(zh[key]), key
        assert key.split(".")[0] in ("p5", "p6", "p7", "p8", "fig", "training"), key


def test_chinese_texts_are_chinese():
    """Every Chinese text differs from the English one unless it is a name or a symbol."""
    same = {k for k, v in pages_5_8.EN.items() if pages_5_8.ZH[k] == v}
    assert same <= {
        "p8.model.mlp",
        "p8.model.cnn",
        "p8.activation.relu",
    } | {"fig.training.percentile_short"}, same


# --- the pages in both languages ----------------------------------------------------------


@pytest.mark.parametrize("prefix", ["p5", "p6", "p7"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_runs_in_both_languages(prefix: str, lang: str):
    at = open_page(prefix, lang)
    assert at.title[0].value == t(f"{prefix}.title", lang)
    assert steps(f"{prefix}.intro", lang)[0] in shown_text(at) or prefix == "p6"
    titles = chart_titles(at)
    assert titles and all(titles)
    labels = widget_labels(at)
    assert labels
    if lang == "zh":
        assert all(has_chinese(title) for title in titles), titles
        assert all(has_chinese(label) for label in labels), labels
        assert all(has_chinese(h) for h in headings(at)), headings(at)
    else:
        assert not any(has_chinese(title) for title in titles), titles
        assert not has_chinese(shown_text(at))


def test_gradients_page_names_the_method_in_chinese():
    at = open_page("p6", "zh", method="group", G="2")
    intro = shown_text(at)
    assert "组归一化 GroupNorm" in intro and "反向传播" in intro
    radio = at.radio(key="upstream")
    assert list(radio.options) == ["加权和", "平方和的一半", "经过 sigmoid"]
    assert radio.value == "weighted sum"  # the stored value stays the URL's value
    assert "wᵢ ~ N(0, 1) 随机" in shown_text(at)
    assert "torch autograd" in " ".join(s.value for s in at.success)


def test_dropout_form_is_translated_but_keeps_its_value():
    at = open_page("p7", "zh", dropout_mode="classic")
    radio = at.radio(key="dropout_mode")
    assert list(radio.options) == ["倒置 Dropout", "经典 Dropout"]
    assert radio.value == "classic"
    assert "(1 − p)·输入" in shown_text(at)


def test_training_lab_error_in_chinese_page_still_runs():
    """A configuration the model refuses shows an error, not a traceback, in Chinese too."""
    at = open_page("p8", "zh", norm="GN", lab_G="7")
    assert at.error and "G" in at.error[0].value


# --- steps mode ---------------------------------------------------------------------------


def test_steps_mode_reveals_the_intro_one_step_at_a_time():
    at = open_page("p7", "zh", stepwise="1")
    parts = steps("p7.intro", "zh")
    text = shown_text(at)
    assert parts[0] in text and parts[1] not in text
    at.button(key="_step_p7.intro_next").click().run()
    assert not at.exception
    text = shown_text(at)
    assert parts[1] in text and parts[2] not in text


# --- no literal text in the pages -------------------------------------------------------------

SHOWN = {
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "write",
    "text",
    "info",
    "warning",
    "error",
    "success",
    "button",
    "slider",
    "select_slider",
    "radio",
    "selectbox",
    "number_input",
    "checkbox",
    "toggle",
    "progress",
    "expander",
    "metric",
    "tabs",
}


def literal_texts(node: ast.AST) -> list[str]:
    """Strings written in the code that a call would show (keys and formats excluded)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value] if any(ch.isalpha() for ch in node.value) else []
    if isinstance(node, ast.JoinedStr):
        return [ast.unparse(node)]
    if isinstance(node, ast.BinOp):
        return literal_texts(node.left) + literal_texts(node.right)
    return []


@pytest.mark.parametrize("page", sorted(PAGES.values()))
def test_pages_show_no_literal_text(page: str):
    tree = ast.parse((ROOT / page).read_text(encoding="utf-8"))
    found = []
    for node in calls_to(tree, SHOWN):
        shown = list(node.args[:1]) + [k.value for k in node.keywords if k.arg in ("text", "help")]
        found += [(node.lineno, s) for arg in shown for s in literal_texts(arg)]
    assert not found, found


@pytest.mark.parametrize("prefix", ["p5", "p6", "p7"])
def test_presenter_and_steps_mode_in_chinese(prefix: str):
    at = open_page(prefix, "zh", present="1", stepwise="1")
    assert at.title[0].value == t(f"{prefix}.title", "zh")
    first, second = steps(f"{prefix}.intro", "zh")[:2]
    text = shown_text(at)
    assert second not in text and (first in text or prefix == "p6")  # p6's intro has params
    assert at.button(key=f"_step_{prefix}.intro_next").label == t("steps.next", "zh")
