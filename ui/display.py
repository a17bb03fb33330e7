"""How the app speaks and looks: language, presenter mode and step-by-step explanations.

Kept apart from the tensor's ViewConfig (so caches of computations never split by language),
in st.session_state["display"], read from the URL on a session's first run (lang, present,
stepwise) and written back by the sidebar with the rest of the view.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

import plotly.graph_objects as go
import streamlit as st

from normviz.figures.style import for_projector, needs_style, shared_style
from normviz.i18n import DEFAULT_LANGUAGE, LANGUAGES, steps, t

DISPLAY = "display"
URL_KEYS = ("lang", "present", "stepwise")  # the training lab owns "steps"


@dataclass(frozen=True)
class Display:
    lang: str = DEFAULT_LANGUAGE
    presenter: bool = False  # larger fonts and charts for a projector
    steps: bool = False  # explanations revealed one step per click

    def to_query(self) -> dict[str, str]:
        """The URL parameters that differ from the defaults."""
        out = {}
        if self.lang != DEFAULT_LANGUAGE:
            out["lang"] = self.lang
        if self.presenter:
            out["present"] = "1"
        if self.steps:
            out["stepwise"] = "1"
        return out


def from_query(params: dict) -> tuple[Display, list[tuple[str, dict]]]:
    """The display settings of a link; bad values fall back, each with a note (key, params)."""
    notes: list[tuple[str, dict]] = []
    values: dict[str, object] = {}
    raw = params.get("lang")
    if raw is not None:
        if raw in LANGUAGES:
            values["lang"] = raw
        else:
            notes.append(
                (
                    "note.bad_param",
                    {"key": "lang", "value": str(raw)[:40], "valid": ", ".join(LANGUAGES)},
                )
            )
    for key, field in (("present", "presenter"), ("stepwise", "steps")):
        raw = params.get(key)
        if raw is None:
            continue
        if raw in ("0", "1", "true", "false"):
            values[field] = raw in ("1", "true")
        else:
            notes.append(
                (
                    "note.bad_param",
                    {"key": key, "value": str(raw)[:40], "valid": "0, 1, true, false"},
                )
            )
    return Display(**values), notes


def display() -> Display:
    """This session's display settings (read from the URL on the first run)."""
    if DISPLAY not in st.session_state:
        settings, notes = from_query(st.query_params.to_dict())
        st.session_state[DISPLAY] = settings
        for key, params in notes:
            st.warning(t(key, settings.lang, **params))
    return st.session_state[DISPLAY]


def set_display(**changes: object) -> None:
    st.session_state[DISPLAY] = replace(display(), **changes)


def lang() -> str:
    return display().lang


def tr(key: str, /, **params: object) -> str:
    """The text `key` in this session's language."""
    return t(key, lang(), **params)


def method_name(method: str, label: str) -> str:
    """ "BatchNorm (BN)", "GroupNorm (GN (G=4))"…, or "RMSNorm" alone when the name holds the
    label already: the method as prose names it, in this session's language."""
    name = tr(f"method.long.{method}")
    if label in name:
        return name
    return f"{name}（{label}）" if lang() == "zh" else f"{name} ({label})"


# Streamlit Markdown: emphasis, code, links and images, HTML, LaTeX ($), headings, tables,
# strikethrough, :colour[...] directives and :emoji: codes, entities and e-mail autolinks
MARKDOWN_SPECIALS = str.maketrans({ch: "\\" + ch for ch in "\\`*_{}[]()<>#+!|$~:&@="})
MAX_INERT = 120  # characters of a user-supplied text kept for display


def inert(text: object, limit: int = MAX_INERT) -> str:
    """A user-supplied text (a file or array name) that any Markdown element shows literally.

    Control and direction characters are dropped, the text is cut to `limit` characters and
    every character Streamlit's Markdown gives a meaning is backslash-escaped, so
    "[click](http://evil)" is neither a link nor "**b**" bold; "www." and a leading "1." or
    "-" are escaped too (an autolink, a list).
    """
    kept = "".join(ch for ch in str(text) if unicodedata.category(ch)[0] != "C")
    if len(kept) > limit:
        kept = kept[: limit - 1] + "…"
    escaped = kept.translate(MARKDOWN_SPECIALS)
    escaped = re.sub(r"(?i)\b(www)\.", r"\1\\.", escaped)
    escaped = re.sub(r"^(\s*\d+)\.(?=\s|$)", r"\1\\.", escaped)  # "1. x": an ordered list
    return re.sub(r"^(\s*)-(?=\s|$)", r"\1\\-", escaped)  # "- x": a list


def chart(fig, **kwargs) -> object:
    """st.plotly_chart with the styles every chart shares (log axes labelled at decades
    with minor ticks, titles wrapped, not cut), and in presenter mode fonts and height
    scaled up for a projector (normviz.figures.style)."""
    if display().presenter:
        fig = for_projector(go.Figure(fig))  # a copy: cached figures are shared
    elif needs_style(fig):
        fig = shared_style(go.Figure(fig))
    return st.plotly_chart(fig, **kwargs)


SMALL_TABLE_ROWS = 24  # up to this many rows, a table is shown whole
LONG_TABLE_PX = 560  # a longer table scrolls in a box this tall (× the presenter's type)


def table(data, hide_index: bool | None = None) -> None:
    """A table as HTML (st.table), at presenter mode's larger type too: up to
    SMALL_TABLE_ROWS rows whole, a longer one in a box that scrolls (give it the rows to
    list: every one is sent and drawn).

    Not st.dataframe: its canvas keeps a fixed 14 px type on a projector, and it redraws
    itself some 300 ms after it appears, which every page switch then waited for (issue 15).
    """
    if _row_count(data) <= SMALL_TABLE_ROWS:
        st.table(data, hide_index=hide_index)
        return
    scale = PRESENTER_ROOT_PX / 16 if display().presenter else 1.0
    with st.container(height=round(LONG_TABLE_PX * scale)):
        st.table(data, hide_index=hide_index)


def _row_count(data) -> int:
    """Rows of a DataFrame (or its Styler), a list of rows or a dict of columns."""
    data = getattr(data, "data", data)  # a pandas Styler: its DataFrame
    if isinstance(data, dict):
        return len(next(iter(data.values()), ()))
    return len(data)


def answer_input(label: str, options: tuple[str, ...], key: str) -> float | None:
    """An answer to a question: one of `options` (its index), or a number when there are
    none; None until the student gives one (no option is preselected)."""
    if options:
        return st.radio(
            label,
            range(len(options)),
            index=None,
            format_func=dict(enumerate(options)).get,
            key=key,
        )
    return st.number_input(label, value=None, format="%.4f", key=key)


def explain(key: str, /, **params: object) -> int:
    """An explanation: all of it, or in steps mode one more step per click of Next.

    Returns how many of its steps are on screen, so a page shows a chart or a number
    only once the step that explains it is (`if explain(...) >= 2: chart(...)`).
    """
    parts = steps(key, lang(), **params)
    if not display().steps or len(parts) == 1:
        st.markdown("\n\n".join(parts))
        return len(parts)
    state = f"_step_{key}"
    shown = min(max(st.session_state.get(state, 1), 1), len(parts))
    for part in parts[:shown]:
        st.markdown(part)
    back, forward, everything, where = st.columns([1, 1, 1, 3], vertical_alignment="center")
    back.button(
        tr("steps.back"),
        key=f"{state}_back",
        disabled=shown == 1,
        on_click=_go_to,
        args=(state, shown - 1),
    )
    forward.button(
        tr("steps.next"),
        key=f"{state}_next",
        disabled=shown == len(parts),
        on_click=_go_to,
        args=(state, shown + 1),
        type="primary",
    )
    everything.button(
        tr("steps.all"),
        key=f"{state}_all",
        disabled=shown == len(parts),
        on_click=_go_to,
        args=(state, len(parts)),
    )
    where.caption(tr("steps.where", shown=shown, total=len(parts)))
    return shown


def _go_to(state: str, step: int) -> None:
    st.session_state[state] = step


# A page's later parts (ui.parts): their headers read as the page's section headings (the
# size of st.subheader), in every mode
PART_HEADINGS_CSS = """
[class*="st-key-part_"] button p { font-size: 1.75rem; font-weight: 600; }
"""

PRESENTER_ROOT_PX = 22  # presenter mode's root font size (the browser's default: 16 px)
PRESENTER_CSS = (
    f"""
<style>
html {{ font-size: {PRESENTER_ROOT_PX}px; }}
"""
    + """[data-testid="stSidebar"] { font-size: 18px; }
/* a wider sidebar: BN LN IN GN on one line, the element's four boxes legible */
section[data-testid="stSidebar"] { width: 370px !important; min-width: 370px !important; }
/* the sidebar's elements closer together, so the method and element stay in view */
[data-testid="stSidebarUserContent"] [data-testid="stVerticalBlock"] { gap: 0.45rem; }
[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"] { padding-top: 0; padding-bottom: 0; }
[data-testid="stSidebarUserContent"] .st-key-side_nav { gap: 0.1rem; }
[data-testid="stSidebar"] hr { margin: 0.4rem 0; }
[data-testid="stSidebarHeader"] { height: 2.5rem; }
[data-testid="stSidebar"] [role="radiogroup"] { column-gap: 0.3rem; }
[data-testid="stSidebar"] [role="radiogroup"] label { margin-right: 0.4rem; }
[data-testid="stMetricValue"] { font-size: 2.6rem; }
h1 { font-size: 2.8rem !important; }
/* st.table (ui.display.table in presenter mode): the larger type, roomier rows */
[data-testid="stMain"] [data-testid="stTable"] :is(td, th) { padding: 0.35rem 0.7rem; }
"""
)
PRESENTER_CSS += PART_HEADINGS_CSS + "</style>\n"


# Every mode: a lower sidebar header (it holds only the collapse button), thinner dividers
# and page links, so the method switch and the chosen element sit higher.
SIDEBAR_CSS = """
<style>
[data-testid="stSidebarHeader"] { height: 2.5rem; }
[data-testid="stSidebar"] hr { margin: 0.5rem 0; }
/* twelve page links packed tight (ui.pages.navigation), so the method and the element
   stay in view */
[data-testid="stSidebarUserContent"] .st-key-side_nav { gap: 0.1rem; }
"""
SIDEBAR_CSS += PART_HEADINGS_CSS + "</style>\n"


def presenter_style() -> None:
    """The sidebar's compact style, and in presenter mode larger type everywhere (Streamlit
    sizes in rem, so the root font size scales it all)."""
    st.html(PRESENTER_CSS if display().presenter else SIDEBAR_CSS)
