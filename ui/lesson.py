"""The guided lesson, above every page: which stop the class is at, what to look at, a
prediction to commit to before the page shows the answer, and Back / Next.

The lesson and its stop live in session state and in the URL (lesson=…&stop=…, 1-based), so
every stop is a link that opens the same view on any replica. A stop's page is held back
(st.stop) until its prediction is made; the prediction is kept for the session, so Back
shows the verdict rather than the question again. The settings can be changed freely at a
stop: "Back to the lesson's view" restores the stop's.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import streamlit as st

from normviz import lesson as lessons
from normviz.lesson import Lesson, Stop
from ui.classroom import question, show_values
from ui.display import answer_input, display, lang, tr
from ui.page_params import DEFAULTS
from ui.pages import current_page, path
from ui.parts import open_parts
from ui.state import set_config

LESSON = "_lesson"  # {"id": lesson id, "stop": index from 0}
PREDICTED = "_lesson_predicted"  # "lesson/stop" → the prediction (an option's index, a number)
BAD_LINK = "_lesson_bad_link"  # a link's lesson or stop that does not exist, shown once
BY_HAND = ("group_mean", "running_var")  # computed from the values: the panel shows them


@cache
def lesson(lesson_id: str) -> Lesson:
    """A lesson file, read and checked once per process (the files never change at run time)."""
    return lessons.load(lesson_id)


@dataclass(frozen=True)
class Ask:
    """A stop's prediction as this session's language shows it."""

    text: str
    options: tuple[str, ...]  # empty: a number
    correct: float
    tolerance: float

    def is_right(self, value: float) -> bool:
        if self.options:
            return int(value) == int(self.correct)
        return abs(value - self.correct) <= self.tolerance

    def shown(self, value: float) -> str:
        return self.options[int(value)] if self.options else f"{value:g}"


def ask_of(stop: Stop) -> Ask:
    """The stop's prediction in this session's language; a computed answer comes from the
    stop's own tensor (the one the question names), not from the current settings."""
    p, language = stop.predict, lang()
    if p.is_choice:
        options = tuple(o[language] for o in p.options)
        return Ask(p.question[language], options, float(p.answer), 0.0)
    q = question(p.computed, stop.config())
    options = tuple(tr(o) for o in q.options)
    return Ask(tr(q.text, **dict(q.params)), options, q.correct, q.tolerance)


def active() -> tuple[Lesson, int] | None:
    state = st.session_state.get(LESSON)
    return None if state is None else (lesson(state["id"]), state["stop"])


def lesson_query() -> dict[str, str]:
    """The URL parameters that keep the lesson in a link."""
    now = active()
    return {} if now is None else {"lesson": now[0].id, "stop": str(now[1] + 1)}


def from_url() -> None:
    """On a session's first run, follow a link's lesson=…&stop=… (the view is the link's)."""
    if LESSON in st.session_state or "lesson" not in st.query_params:
        return
    lesson_id, stop = st.query_params.get("lesson", ""), st.query_params.get("stop", "1")
    known = lesson_id in lessons.available() and stop.isdigit()
    if known and 1 <= int(stop) <= len(lesson(lesson_id).stops):
        st.session_state[LESSON] = {"id": lesson_id, "stop": int(stop) - 1}
        open_parts().update(lesson(lesson_id).stops[int(stop) - 1].parts)
        return
    st.session_state[LESSON] = None
    st.session_state[BAD_LINK] = f"lesson={lesson_id[:40]}, stop={stop[:10]}"


def open_stop(chosen: Lesson, index: int) -> None:
    """Go to stop `index`: its page, with its settings (the pages' own settings reset)."""
    stop = chosen.stops[index]
    st.session_state[LESSON] = {"id": chosen.id, "stop": index}
    set_config(stop.config())
    open_parts().update(stop.parts)  # the part the stop is about is drawn on arrival
    for key in st.session_state.get(DEFAULTS, {}):  # each page seeds them again from the URL
        st.session_state.pop(key, None)
    params = stop.view | display().to_query() | lesson_query()
    st.switch_page(path(stop.page), query_params=params)


def end() -> None:
    st.session_state[LESSON] = None
    st.rerun()


def panel() -> None:
    """The lesson's panel at the top of the page; on the stop's page, the page is held back
    until the stop's prediction is made."""
    if st.session_state.get(BAD_LINK):
        st.warning(tr("lesson.bad_link", link=st.session_state.pop(BAD_LINK)))
    now = active()
    if now is None:
        return
    chosen, index = now
    stop = chosen.stops[index]
    language = lang()
    with st.container(border=True, key="lesson_panel"):
        st.caption(
            tr("lesson.where", lesson=chosen.title[language], k=index + 1, n=len(chosen.stops))
        )
        if current_page() != stop.page:
            st.markdown(tr("lesson.away", stop=stop.title[language]))
            _buttons(chosen, index, away=True)
            return
        st.subheader(stop.title[language])
        st.markdown(stop.look[language])
        if stop.predict is None:
            _buttons(chosen, index)
            return
        key = f"{chosen.id}/{stop.id}"
        predicted = st.session_state.setdefault(PREDICTED, {}).get(key)
        if predicted is None:
            _predict(stop, key)
            _buttons(chosen, index)
            st.stop()  # the page, which answers the question, waits for the prediction
        _verdict(stop, predicted)
        _buttons(chosen, index)


def _predict(stop: Stop, key: str) -> None:
    ask = ask_of(stop)
    st.markdown(f"**{tr('lesson.predict')}** {ask.text}")
    if stop.predict.computed in BY_HAND:
        show_values(stop.config())
    widget = f"lesson_pick_{key}"
    value = answer_input(tr("lesson.your_prediction"), ask.options, widget)
    if st.button(tr("lesson.commit"), type="primary", key=f"{widget}_commit"):
        if value is None:
            st.warning(tr("lesson.commit_first"))
            return
        st.session_state[PREDICTED][key] = float(value)
        st.rerun()


def _verdict(stop: Stop, predicted: float) -> None:
    ask = ask_of(stop)
    st.markdown(f"**{tr('lesson.predict')}** {ask.text}")
    answer = ask.shown(ask.correct)
    if not ask.options and ask.tolerance:
        answer = f"{answer} (± {ask.tolerance:g})"
    if ask.is_right(predicted):
        st.success(tr("lesson.right", answer=answer))
    else:
        st.info(tr("lesson.wrong", mine=ask.shown(predicted), answer=answer))
    st.markdown(stop.predict.explain[lang()])


def _buttons(chosen: Lesson, index: int, away: bool = False) -> None:
    cols = st.columns(4)
    if away:
        if cols[0].button(tr("lesson.back_to_lesson"), type="primary", key="lesson_return"):
            open_stop(chosen, index)
    else:
        if cols[0].button(tr("lesson.back"), key="lesson_back", disabled=index == 0):
            open_stop(chosen, index - 1)
        last = index == len(chosen.stops) - 1
        if cols[1].button(tr("lesson.next"), type="primary", key="lesson_next", disabled=last):
            open_stop(chosen, index + 1)
        if cols[2].button(tr("lesson.restore"), key="lesson_restore"):
            open_stop(chosen, index)
    if cols[3].button(tr("lesson.end"), key="lesson_end"):
        end()


def start_button() -> None:
    """The home page's way into the lesson (one lesson today; a list if there are several)."""
    for lesson_id in lessons.available():
        chosen = lesson(lesson_id)
        st.subheader(chosen.title[lang()])
        st.markdown(chosen.intro[lang()])
        if st.button(tr("lesson.start"), type="primary", key=f"lesson_start_{lesson_id}"):
            open_stop(chosen, 0)
