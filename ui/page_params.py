"""Page-level settings (a page's own sliders) that live in the URL next to the sidebar's.

A widget keyed `key` starts from the URL's value when it is valid, else from its default,
and start_page(page_params=...) writes it back, so a link reproduces the page exactly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from ui.display import tr

T = TypeVar("T")
DEFAULTS = "_page_param_defaults"  # session key: each page setting's default value


def non_default(keys: tuple[str, ...]) -> dict[str, str]:
    """The page settings that differ from their defaults, as URL text (short links)."""
    defaults = st.session_state.get(DEFAULTS, {})
    return {
        key: str(st.session_state[key])
        for key in keys
        if key in st.session_state and st.session_state[key] != defaults.get(key)
    }


def initial(key: str, default: T, parse: Callable[[str], T]) -> None:
    """Seed st.session_state[key] once per visit: from the URL if it parses, else default."""
    st.session_state.setdefault(DEFAULTS, {})[key] = default
    if key in st.session_state:
        return
    raw = st.query_params.get(key)
    value = default
    if raw is not None:
        try:
            value = parse(raw)
        except (ValueError, TypeError, OverflowError):
            valid = getattr(parse, "valid", "")  # the factories below say what they accept
            st.warning(
                tr(
                    "note.bad_page_param",
                    key=key,
                    value=repr(raw[:40]),
                    default=default,
                    valid=valid or "—",
                )
            )
    st.session_state[key] = value


# The parsers below raise ValueError(raw) for initial() to catch: it shows note.bad_page_param
# in the page's language, so their text never reaches a student.
def int_in(lo: int, hi: int) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        value = int(raw)
        if not lo <= value <= hi:
            raise ValueError(raw)
        return value

    parse.valid = f"{lo}–{hi}"
    return parse


def float_in(lo: float, hi: float) -> Callable[[str], float]:
    def parse(raw: str) -> float:
        value = float(raw)
        if not lo <= value <= hi:  # also refuses NaN
            raise ValueError(raw)
        return value

    parse.valid = f"{lo:g}–{hi:g}"
    return parse


def one_of(options: list[str]) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if raw not in options:
            raise ValueError(raw)
        return raw

    parse.valid = ", ".join(options)
    return parse


def one_of_numbers(options: list[float]) -> Callable[[str], float]:
    """A number that must be one of a select_slider's options."""

    def parse(raw: str) -> float:
        value = float(raw)
        for option in options:
            if value == option:
                return option
        raise ValueError(raw)

    parse.valid = ", ".join(f"{option:g}" for option in options)
    return parse
