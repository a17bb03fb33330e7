"""The session's view configuration: one frozen ViewConfig in st.session_state.

Read from the URL on the session's first run; every module that changes the view (the
sidebar, the upload panel, a click on a figure) goes through `set_config`.
"""

from __future__ import annotations

import streamlit as st

from normviz.config import ViewConfig, from_query
from normviz.i18n import Message

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
