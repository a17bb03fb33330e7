"""Both languages hold every text the app shows, with the same placeholders."""

from __future__ import annotations

import ast
import re
import string

import pytest
from helpers import ROOT, calls_to

from normviz.i18n import LANGUAGES, TEXTS, InputError, Message, message, steps, t

EN, ZH = TEXTS["en"], TEXTS["zh"]
CJK = re.compile(r"[\u4e00-\u9fff]")
SOURCES = [
    ROOT / "app.py",
    *sorted((ROOT / "app_pages").glob("*.py")),
    *sorted((ROOT / "ui").glob("*.py")),
    *sorted((ROOT / "normviz").rglob("*.py")),
]


def fields(text: str | tuple[str, ...]) -> set[str]:
    parts = (text,) if isinstance(text, str) else text
    return {name for part in parts for _, name, _, _ in string.Formatter().parse(part) if name}


def text_problems(en: dict, zh: dict) -> list[str]:
    """Every difference between the two languages' texts, key by key."""
    problems = [f"{key}: missing in 简体中文" for key in sorted(set(en) - set(zh))]
    problems += [f"{key}: missing in English" for key in sorted(set(zh) - set(en))]
    for key in sorted(set(en) & set(zh)):
        a, b = en[key], zh[key]
        if type(a) is not type(b):
            problems.append(f"{key}: {type(a).__name__} in English, {type(b).__name__} in 中文")
            continue
        if isinstance(a, tuple):
            if len(a) != len(b):
                problems.append(f"{key}: {len(a)} steps in English, {len(b)} in 中文")
            if not all(part.strip() for part in a + b):
                problems.append(f"{key}: an empty step")
        if fields(a) != fields(b):
            problems.append(f"{key}: placeholders {sorted(fields(a))} ≠ {sorted(fields(b))}")
    return problems


def test_both_languages_have_the_same_keys_kinds_steps_and_placeholders():
    """One test over every key, reporting every problem at once."""
    problems = text_problems(EN, ZH)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def _dummy(text: str | tuple[str, ...]) -> dict[str, object]:
    """A value for every placeholder that any format spec accepts (numbers format as text)."""
    return {name: 1 for name in fields(text)}


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_every_text_formats(lang):
    problems = []
    for key, text in TEXTS[lang].items():
        try:
            t(key, lang, **_dummy(text))  # raises on a stray brace or a bad format spec
            if not steps(key, lang, **_dummy(text)):
                problems.append(f"{key}: no steps")
        except Exception as exc:  # every key's problem, not only the first
            problems.append(f"{key}: {exc!r}")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems)


def test_chinese_texts_are_translated():
    """A Chinese text has Chinese characters unless its English is symbols and names only."""
    english_words = re.compile(r"\b[a-z]{4,}\b")
    untranslated = [
        key
        for key, en in EN.items()
        if english_words.search(" ".join(en) if isinstance(en, tuple) else en)
        and not CJK.search(" ".join(ZH[key]) if isinstance(ZH[key], tuple) else ZH[key])
    ]
    assert untranslated == []


def test_english_texts_hold_no_chinese():
    chinese = [k for k, v in EN.items() if CJK.search(" ".join(v) if isinstance(v, tuple) else v)]
    assert chinese == []


KEY_CALL = re.compile(
    r"\b(?:tr|t|explain|steps|Message|InputError)\(\s*(f?)[\"']([A-Za-z0-9_.{}\[\]()\" -]+)[\"']"
)


def used_keys() -> tuple[set[str], set[str]]:
    """Literal keys, and the fixed prefixes of f-string keys, used anywhere in the code."""
    literal, prefixes = set(), set()
    for path in SOURCES:
        for is_f, key in KEY_CALL.findall(path.read_text(encoding="utf-8")):
            if is_f:
                prefixes.add(key.split("{")[0])
            elif "." in key:
                literal.add(key)
    return literal, prefixes


def test_every_key_used_in_the_code_exists():
    literal, prefixes = used_keys()
    assert len(literal) > 50  # the scan itself works
    assert sorted(literal - set(EN)) == []
    for prefix in prefixes:
        assert any(key.startswith(prefix) for key in EN), prefix


VISIBLE_ARGS = {"label", "help", "placeholder", "caption", "body", "text", "value"}
SHOWING = {
    "title", "header", "subheader", "markdown", "caption", "write", "text", "info", "warning",
    "error", "success", "metric", "button", "slider", "select_slider", "selectbox", "radio",
    "checkbox", "toggle", "number_input", "text_input", "expander", "tabs", "download_button",
    "file_uploader", "page_link", "popover", "toast", "latex", "plotly_chart",
}  # fmt: skip


def _visible_literal(node: ast.AST) -> str | None:
    """Text a student would read: a string with a letter, not only a formula or a format."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value.strip()
        if text.startswith("$") or text.startswith("<style"):
            return None  # LaTeX and CSS are the same in every language
        if re.search(r"[A-Za-z]{2,}", re.sub(r"\{[^}]*\}", "", text)) or CJK.search(text):
            return text
    if isinstance(node, ast.JoinedStr):
        parts = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        if re.search(r"[A-Za-z]{3,}", parts) or CJK.search(parts):
            return parts
    return None


@pytest.mark.parametrize(
    "path",
    [
        ROOT / "app.py",
        *sorted((ROOT / "app_pages").glob("*.py")),
        *sorted((ROOT / "ui").glob("*.py")),
    ],
    ids=lambda p: p.name,
)
def test_pages_show_no_literal_text(path):
    """Every text a page shows goes through tr(): a literal would stay English in 中文."""
    found = []
    for node in calls_to(ast.parse(path.read_text(encoding="utf-8")), SHOWING):
        args = list(node.args[:1]) + [k.value for k in node.keywords if k.arg in VISIBLE_ARGS]
        found += [(node.lineno, text) for a in args if (text := _visible_literal(a))]
    assert found == []


def test_message_and_input_error_speak_both_languages():
    note = Message("config.groups_divide", groups=3, c=4, nearest=2, valid="1, 2, 4")
    assert "G = 3" in note and note == t("config.groups_divide", "en", **note.params)
    assert CJK.search(message(note, "zh"))
    err = InputError("config.too_big", shape="2×2", size=4, cap=1)
    assert str(err).startswith("A 2×2 tensor")
    assert CJK.search(message(err, "zh"))
    assert message(ValueError("plain"), "zh") == "plain"


def test_unknown_language_falls_back_to_english():
    assert t("lang.label", "fr") == "Language"
