"""A page in parts: its first part is drawn when the page opens, each later part when its
header is clicked, and a part's own controls rerun that part alone.

Why (issue 15, measured with bench/bench_perceived.py): a page switch costs the browser
about 90 ms for each Plotly chart with panels, and as much for a chart folded in a closed
st.expander; a part that is not open is neither computed, nor sent, nor drawn. A part once
opened stays open for the session (st.session_state[OPEN]), on every later visit of its page.

The header is a button (a chevron and the part's title), not an st.expander: an expander
animates its height for 500 ms whenever its contents change, so a part opened that way was
still moving half a second after its charts had arrived.

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
PREFIX = "part_"  # a part's header button key, and its CSS class st-key-part_<key> (a heading)
DETAIL = "detail_"  # the same for a part that is a detail, not a section of the page
BODY = "partbody_"  # the container of an open part's elements


def is_part_rerun() -> bool:
    """True in a rerun of fragments only (a part's own control moved), not of the page."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def open_parts() -> set[str]:
    return st.session_state.setdefault(OPEN, set())


def _toggle(key: str) -> None:
    """The header was clicked: open or close the part, for this and later visits."""
    opened = open_parts()
    if key in opened:
        opened.discard(key)
    else:
        opened.add(key)


def part(title: str, key: str, draw: Callable[[], None], heading: bool = True) -> None:
    """The page's part `key` under the header `title`, drawn by `draw()` while it is open.

    key: unique in the app (a page prefix, e.g. "p9_bn"); draw: the part's elements, which
    may read the page's variables but own no control read outside the part (else see
    read_elsewhere); heading: the header is styled as a section heading (False: a detail).
    """

    @st.fragment
    def drawn() -> None:
        if is_part_rerun():
            from ui.sidebar import write_url  # imported here: tests read OPEN without the app
            from ui.throttle import fair_share

            fair_share()
            write_url()
        shown = key in open_parts()
        st.button(
            title,
            key=(PREFIX if heading else DETAIL) + key,
            icon=":material/expand_more:" if shown else ":material/chevron_right:",
            type="tertiary",
            on_click=_toggle,
            args=(key,),
        )
        if shown:
            with st.container(key=BODY + key):
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
