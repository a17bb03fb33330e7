"""Every text the app shows, in English and Simplified Chinese, looked up by key.

The texts live in one module per language (normviz/locales/en.py, zh.py). A value is a
string, formatted with str.format(**params), or a tuple of strings: the steps of an
explanation, which presenter mode reveals one click at a time. Both languages hold the same
keys, the same kind of value and the same {placeholders} (tests/test_i18n.py).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from normviz.locales import en, zh

LANGUAGES = {"en": "English", "zh": "简体中文"}
DEFAULT_LANGUAGE = "en"
TEXTS: dict[str, Mapping[str, str | tuple[str, ...]]] = {"en": en.TEXTS, "zh": zh.TEXTS}


def section(*prefixes: str) -> dict[str, dict[str, str | tuple[str, ...]]]:
    """The texts of one part of the app (keys starting with a prefix), in every language."""
    keys = [k for k in TEXTS[DEFAULT_LANGUAGE] if k.startswith(prefixes)]
    return {lang: {k: table[k] for k in keys if k in table} for lang, table in TEXTS.items()}


def _strict() -> bool:
    """Tests set NORMVIZ_STRICT_I18N=1 so a missing key fails instead of falling back."""
    return os.environ.get("NORMVIZ_STRICT_I18N") == "1"


def language(lang: str | None) -> str:
    """A supported language code; anything else means the default."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def _lookup(key: str, lang: str) -> str | tuple[str, ...]:
    table = TEXTS[language(lang)]
    if key in table:
        return table[key]
    if _strict():
        raise KeyError(f"no text {key!r} in language {lang!r}")
    return TEXTS[DEFAULT_LANGUAGE].get(key, key)  # never a traceback in front of a class


def t(key: str, /, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """The text `key` in `lang`, with {placeholders} filled from params."""
    text = _lookup(key, lang)
    if isinstance(text, tuple):
        text = "\n\n".join(text)
    return text.format(**params) if params else text


def steps(key: str, /, lang: str = DEFAULT_LANGUAGE, **params: object) -> tuple[str, ...]:
    """An explanation as its steps (a plain string is one step)."""
    text = _lookup(key, lang)
    parts = (text,) if isinstance(text, str) else text
    return tuple(p.format(**params) if params else p for p in parts)


class InputError(ValueError):
    """A bad input whose message exists in every language: key + params, English by default."""

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(t(key, DEFAULT_LANGUAGE, **params))

    def message(self, lang: str) -> str:
        return t(self.key, lang, **self.params)

    def __reduce__(self) -> tuple:
        """Pickle by key and params, so the error crosses a process boundary intact."""
        return (_rebuild_input_error, (self.key, self.params))


def _rebuild_input_error(key: str, params: dict) -> InputError:
    return InputError(key, **params)


class Message(str):
    """A text that reads as English but keeps its key, so the app can show it in any language."""

    key: str
    params: dict

    def __new__(cls, key: str, /, **params: object) -> Message:
        text = super().__new__(cls, t(key, DEFAULT_LANGUAGE, **params))
        text.key, text.params = key, params
        return text

    def message(self, lang: str) -> str:
        return t(self.key, lang, **self.params)


def message(item: object, lang: str) -> str:
    """What to show for an error or a note: its translation when it has one, else its text."""
    if isinstance(item, InputError | Message):
        return item.message(lang)
    return str(item)
