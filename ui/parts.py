"""A page in parts: its first part is drawn when the page opens, each later part when its
header is clicked, and a part's own controls rerun that part alone.

Why (issue 15, measured with bench/bench_perceived.py): a page switch costs the browser
about 90 ms for each Plotly chart with panels, and as much for a chart folded in a closed
st.expander; a part that is not open is neither computed, nor sent, nor drawn. A part once
opened stays open for the session (st.session_state[OPEN]), on every later visit of its page.

A part is an st.fragment, so a widget inside it (its own slider) reruns only the part: the
sidebar and the page's other parts are not recomputed, re-sent or redrawn. Such a rerun
does first what every full run does in the sidebar: it takes the session's fair share
(ui.throttle) and keeps the address bar a link to the view (the page's own settings).
A part must therefore not own a control that something outside it reads.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

OPEN = "_open_parts"  # session state: the keys of the parts this session has open
PREFIX = "part_"  # a part's expander key, and its CSS class st-key-part_<key> (a heading)
DETAIL = "detail_"  # the same for a part that is a detail, not a section of the page


def is_part_rerun() -> bool:
    """True in a rerun of fragments only (a part's own control moved), not of the page."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def open_parts() -> set[str]:
    return st.session_state.setdefault(OPEN, set())


def _remember(key: str, widget: str) -> None:
    """The header was clicked: keep the part's new state for this and later visits."""
    if st.session_state[widget]:
        open_parts().add(key)
    else:
        open_parts().discard(key)


def part(title: str, key: str, draw: Callable[[], None], heading: bool = True) -> None:
    """The page's part `key` under the header `title`, drawn by `draw()` while it is open.

    key: unique in the app (a page prefix, e.g. "p9_bn"); draw: the part's elements, which
    may read the page's variables but own no control read outside the part (else see
    read_elsewhere); heading: the header is styled as a section heading (False: a detail).
    """
    widget = (PREFIX if heading else DETAIL) + key
    st.session_state[widget] = key in open_parts()  # seeded before it is drawn

    @st.fragment
    def drawn() -> None:
        if is_part_rerun():
            from ui.sidebar import write_url  # imported here: tests read OPEN without the app
            from ui.throttle import fair_share

            fair_share()
            write_url()
        box = st.expander(title, key=widget, on_change=_remember, args=(key, widget))
        if box.open:
            with box:
                draw()

    drawn()


def read_elsewhere(key: str) -> None:
    """Call after drawing a part's control `key` that is read outside the part too: when it
    moved in a rerun of the part alone, the whole page reruns, so nothing shows a stale value."""
    seen = f"_part_seen_{key}"
    value = st.session_state.get(key)
    moved = seen in st.session_state and st.session_state[seen] != value
    st.session_state[seen] = value
    if moved and is_part_rerun():
        st.rerun()
