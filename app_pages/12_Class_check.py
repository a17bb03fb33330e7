"""Class check: the teacher asks the room a question, students answer from their laptops,
the teacher's screen counts the answers as they arrive and reveals the right one."""

import streamlit as st

st.set_page_config(page_title="Class check · normviz")

import pandas as pd

from normviz.classroom import CODE_LENGTH, normalize_code
from normviz.i18n import InputError, message
from ui.classroom import QUESTIONS, ROOMS, question, show_question_values
from ui.display import explain, lang, tr
from ui.page_params import initial, one_of
from ui.sidebar import start_page
from ui.state import session_id

TEACHER_REFRESH = 1  # seconds: the count on the projector is never more than this behind
STUDENT_REFRESH = 2  # seconds: a student's screen polls for the question and the result
ROLES = ["teacher", "student"]
CODE_HTML = "<div style='font-size:5rem;font-weight:700;letter-spacing:0.5rem'>{code}</div>"


def code_param(raw: str) -> str:
    code = normalize_code(raw)
    if len(code) != CODE_LENGTH:
        raise ValueError(raw)
    return code


code_param.valid = f"{CODE_LENGTH} letters and digits"
initial("role", "teacher", one_of(ROLES))
initial("room", "", code_param)
cfg = start_page(page_params=("role", "room"))
st.title(tr("p12.title"))
explain("p12.intro")
st.radio(
    tr("p12.role"),
    ROLES,
    key="role",
    horizontal=True,
    format_func={r: tr(f"p12.role.{r}") for r in ROLES}.get,
)
me = session_id()


def question_text(q) -> str:
    return tr(q.text, **dict(q.params))


def option_text(q, value: float) -> str:
    """An answer as the screen shows it: the option's text, or the number."""
    return tr(q.options[int(value)]) if q.is_choice else f"{value:g}"


def right_answer(q) -> str:
    return option_text(q, q.correct) if q.is_choice else f"{q.correct:g} (± {q.tolerance:g})"


def counts_table(tally) -> None:
    frame = pd.DataFrame(
        {
            tr("p12.col.answer"): [option_text(tally.question, v) for v in tally.counts],
            tr("p12.col.count"): list(tally.counts.values()),
        }
    )
    if len(frame):
        st.bar_chart(frame, x=tr("p12.col.answer"), y=tr("p12.col.count"), horizontal=True)


def show_code(code: str) -> None:
    """The room code, large enough to read from the back of a lecture hall."""
    st.html(CODE_HTML.format(code=code))


# --- the teacher ---------------------------------------------------------------------------
def teacher() -> None:
    code = st.session_state.get("_class_room")
    if code is None:
        if st.button(tr("p12.open"), type="primary"):
            try:
                st.session_state["_class_room"] = ROOMS.open_room(me)
            except InputError as err:
                st.error(message(err, lang()))
                return
            st.rerun()
        return
    room, count = st.columns([2, 3], gap="large")  # the count in view beside the code
    with room:
        st.caption(tr("p12.code.caption"))
        show_code(code)
        st.caption(tr("p12.code.link", link=f"?role=student&room={code}"))
        name = st.selectbox(
            tr("p12.question"),
            QUESTIONS,
            format_func={n: tr(f"p12.q.{n}.short") for n in QUESTIONS}.get,
            key="class_question",
        )
        if st.button(tr("p12.ask")):
            try:
                ROOMS.pose(code, me, question(name, cfg))
            except (InputError, ValueError) as err:
                st.error(message(err, lang()))
    with count:
        live_count(code)


@st.fragment(run_every=TEACHER_REFRESH)
def live_count(code: str) -> None:
    try:
        tally = ROOMS.tally(code, me)
    except InputError as err:
        st.error(message(err, lang()))
        st.session_state.pop("_class_room", None)
        return
    if tally is None:
        st.info(tr("p12.no_question_yet"))
        return
    st.markdown(f"**{question_text(tally.question)}**")
    show_question_values(tally.question)
    answered, reveal = st.columns(2, vertical_alignment="center")  # in view on a projector
    if not tally.revealed and reveal.button(tr("p12.reveal"), type="primary"):
        ROOMS.reveal(code, me)
        tally = ROOMS.tally(code, me)
    answered.metric(tr("p12.answered"), tally.answered)
    if tally.revealed:
        st.success(tr("p12.revealed", answer=right_answer(tally.question), right=tally.right))
    counts_table(tally)


# --- the student ---------------------------------------------------------------------------
def student() -> None:
    joined = st.session_state.get("_class_joined")
    if joined is None:
        typed = st.text_input(tr("p12.enter_code"), value=st.session_state["room"])
        if st.button(tr("p12.join"), type="primary") or (st.session_state["room"] and typed):
            try:
                st.session_state["_class_joined"] = ROOMS.join(typed, me)
            except InputError as err:
                st.session_state["room"] = ""  # a wrong code in a link is tried once only
                st.error(message(err, lang()))
                return
            st.rerun()
        return
    st.caption(tr("p12.joined", code=joined))
    student_view(joined)


@st.fragment(run_every=STUDENT_REFRESH)
def student_view(code: str) -> None:
    try:
        current = ROOMS.current(code)
    except InputError as err:
        st.error(message(err, lang()))
        st.session_state.pop("_class_joined", None)
        return
    if current is None:
        st.info(tr("p12.wait"))
        return
    index, q = current
    st.subheader(question_text(q))
    show_question_values(q)
    mine = ROOMS.own_answer(code, me, index)
    result = ROOMS.result(code, index)
    if result is not None:  # revealed: the class result and the right answer
        counts_table(result)
        verdict = "p12.you_right" if mine is not None and q.is_right(mine) else "p12.you_wrong"
        st.success(tr("p12.result", answer=right_answer(q), right=result.right, n=result.answered))
        if mine is not None:
            st.caption(tr(verdict, mine=option_text(q, mine)))
        return
    with st.form(f"answer_{code}_{index}"):
        if q.is_choice:
            pick = st.radio(
                tr("p12.your_answer"),
                range(len(q.options)),
                format_func={i: tr(o) for i, o in enumerate(q.options)}.get,
                key="class_pick",
            )
        else:
            pick = st.number_input(
                tr("p12.your_answer"), value=None, format="%.4f", key="class_number"
            )
        sent = st.form_submit_button(tr("p12.send"))
    if sent and pick is not None:
        try:
            ROOMS.answer(code, me, pick)
        except InputError as err:
            st.error(message(err, lang()))
            return
        mine = float(pick)
    if mine is not None:
        st.success(tr("p12.recorded", mine=option_text(q, mine)))


if st.session_state["role"] == "teacher":
    teacher()
else:
    student()
