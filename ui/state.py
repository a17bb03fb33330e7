"""The session's view configuration: one frozen ViewConfig in st.session_state.

Read from the URL on the session's first run; every module that changes the view (the
sidebar, the upload panel, a click on a figure) goes through `set_config`.
"""

from __future__ import annotations

import secrets

import streamlit as st

from normviz.config import ViewConfig, from_query
from normviz.i18n import Message

SESSION_ID = "_session_id"  # an anonymous random id per browser session
CONFIG = "config"
NOTES = "config_notes"  # Messages to show once, on the next run (a link's mistakes, a refusal)


def config() -> ViewConfig:
    """The session's configuration, read from the URL on the session's first run."""
    if CONFIG not in st.session_state:
        cfg, notes = from_query(st.query_params.to_dict())
        st.session_state[CONFIG] = cfg
        st.session_state[NOTES] = notes
    return st.session_state[CONFIG]


def set_config(cfg: ViewConfig, notes: list[Message] | None = None) -> None:
    """Replace the configuration, and queue notes to show on this run."""
    st.session_state[CONFIG] = cfg
    if notes:
        st.session_state[NOTES] = st.session_state.get(NOTES, []) + notes


def pop_notes() -> list[Message]:
    """The queued notes, once."""
    notes = st.session_state.get(NOTES, [])
    st.session_state[NOTES] = []
    return notes


def session_id() -> str:
    """This browser session's anonymous id: random, never shown to anybody (the class
    check's answers and the training lab's budget are kept per id)."""
    if SESSION_ID not in st.session_state:
        st.session_state[SESSION_ID] = secrets.token_hex(12)
    return st.session_state[SESSION_ID]
