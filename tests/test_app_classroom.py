"""The Class check page: a teacher and students in separate sessions of one server process
(AppTest runs them in this process, so they share ui.classroom.ROOMS as real sessions do)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

import normviz as nv
from tests.helpers import errors, ok, open_app, text
from ui.classroom import ROOMS

PAGE = "app_pages/12_Class_check.py"


def teacher_opens(lang: str = "en", **query):
    at = ok(open_app(PAGE, {"lang": lang, **query}))
    at.button[0].click().run()  # Open a room
    ok(at)
    return at, at.session_state["_class_room"]


def ask(at, name: str):
    at.selectbox(key="class_question").set_value(name).run()
    next(b for b in at.button if b.label in ("Ask the room", "向全班提问")).click().run()
    return ok(at)


def student_joins(code: str, lang: str = "en"):
    at = ok(open_app(PAGE, {"lang": lang, "role": "student", "room": code}))
    assert at.session_state["_class_joined"] == code, errors(at)
    return at


def send(at, option: int) -> None:
    at.radio(key="class_pick").set_value(option)
    next(b for b in at.button if b.label in ("Send", "提交")).click().run()
    ok(at)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_room_counts_each_students_last_answer(lang):
    teacher, code = teacher_opens(lang)
    ask(teacher, "momentum")
    students = [student_joins(code, lang) for _ in range(3)]
    for i, st in enumerate(students):
        send(st, i % 2)  # options: 0 PyTorch, 1 Keras
    send(students[0], 1)  # student 0 changes their mind
    tally = ROOMS.tally(code, teacher.session_state["_session_id"])
    assert tally.answered == 3 and tally.counts == {0.0: 1, 1.0: 2} and tally.right == 2
    teacher.run()
    assert teacher.metric[0].value == "3"
    # nothing of the result reaches a student before the reveal, all of it after
    students[1].run()
    assert "3" not in " ".join(s.value for s in students[1].success if "Right" in s.value)
    next(b for b in teacher.button if b.label in ("Reveal the answer", "公布答案")).click().run()
    ok(teacher)
    students[1].run()
    shown = text(students[1])
    assert ("Right answer" in shown) if lang == "en" else ("正确答案" in shown)


def test_numeric_answers_come_from_the_teachers_tensor():
    teacher, code = teacher_opens(preset="Worked example")
    ask(teacher, "running_var")
    q = ROOMS.current(code)[1]
    x = nv.worked_example()
    bn = torch.nn.BatchNorm2d(2).double()
    bn.train()
    bn(torch.from_numpy(x))
    assert np.isclose(q.correct, float(bn.running_var[0]), atol=1e-6)
    assert q.is_right(1.503) and not q.is_right(1.6)
    ask(teacher, "gn_pairs")
    g = teacher.session_state["config"].gn_groups
    assert ROOMS.current(code)[1].correct == 2 * g  # N = 2 samples × G groups


def test_a_student_sees_the_values_of_the_teachers_tensor():
    """The question is computed from the teacher's tensor; the student's sidebar holds
    another one, so the values come with the question."""
    teacher, code = teacher_opens(preset="Worked example", at="1,1,0,1")
    ask(teacher, "group_mean")
    q = ROOMS.current(code)[1]
    assert q.correct == 7.0  # channel 1 of the worked example: 0, 2, 4, 6, 8, 10, 12, 14
    student = ok(open_app(PAGE, {"role": "student", "room": code, "preset": "Outliers"}))
    values = student.table[0].value
    assert values.shape == (4, 4) and list(values.iloc[1]) == ["0", "2", "4", "6"]
    assert any("(1, 1, 0, 1)" in h.value for h in student.subheader)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_wrong_code_gets_a_sentence(lang):
    at = ok(open_app(PAGE, {"lang": lang, "role": "student", "room": "ZZZZ22"}))
    assert errors(at) and "ZZZZ22" in errors(at)[0]
    assert "_class_joined" not in at.session_state


def test_a_malformed_code_in_a_link_is_named():
    at = ok(open_app(PAGE, {"role": "student", "room": "<script>"}))
    assert any("room" in w.value for w in at.warning)


def test_the_page_writes_nothing_by_accident():
    """A bare expression at the page's top level would be drawn by Streamlit's magic."""
    at = ok(open_app(PAGE))
    assert not [m.value for m in at.markdown if m.value.strip() in ("None", "`None`")]


# --- Test yourself (ui.self_test): the same questions, checked on the student's own screen


def check(at, name: str, value) -> str:
    widget = f"selftest_{name}"
    if at.session_state["config"] is not None and name in ("momentum", "bn_fc_two"):
        at.radio(key=widget).set_value(value)
    else:
        at.number_input(key=widget).set_value(value)
    at.button(key=f"{widget}_check").click().run()
    ok(at)
    return " ".join([s.value for s in at.success] + [w.value for w in at.warning])


@pytest.mark.parametrize(
    ("query", "expected_pairs"),
    [
        ({"preset": "Worked example"}, None),
        ({"n": "3", "c": "12", "method": "group", "G": "3"}, 9),
        ({"n": "5", "c": "6", "method": "group", "G": "6"}, 30),
    ],
)
def test_self_test_answers_follow_the_tensor_on_screen(query, expected_pairs):
    at = ok(open_app("app_pages/1_Reduction_axes.py", query))
    cfg = at.session_state["config"]
    pairs = nv.layout(cfg.shape, "group", cfg.gn_groups).num_stats
    if expected_pairs is not None:
        assert pairs == expected_pairs
    assert "Right." in check(at, "gn_pairs", pairs)
    assert "Not quite." in check(at, "gn_pairs", pairs + 1)
    assert "Right." in check(at, "rms_params", cfg.c)


@pytest.mark.parametrize(
    ("query", "mean"),
    [
        ({"preset": "Worked example", "at": "1,1,0,1"}, 7.0),  # BN: channel 1, 0…14 by 2
        ({"preset": "Worked example", "method": "ln", "at": "1,0,0,0"}, 8.75),  # sample 1
        ({"preset": "Worked example", "method": "in", "at": "0,1,1,1"}, 3.0),  # 0, 2, 4, 6
    ],
)
def test_self_test_group_mean_is_the_groups_on_screen(query, mean):
    at = ok(open_app("app_pages/2_Step_by_step.py", query))
    assert "Right." in check(at, "group_mean", mean)
    assert "Not quite." in check(at, "group_mean", mean + 0.01)


def test_self_test_running_var_is_torchs():
    at = ok(open_app("app_pages/4_Train_vs_eval.py", {"preset": "Worked example"}))
    bn = torch.nn.BatchNorm2d(2).double()
    bn.train()
    bn(torch.from_numpy(nv.worked_example()))
    assert "Right." in check(at, "running_var", round(float(bn.running_var[0]), 4))
    assert "Right." in check(at, "momentum", 1)  # Keras
