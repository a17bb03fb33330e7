"""The live class check's store: codes, one answer per student, exact counts under
concurrency, isolation, expiry, caps and limits on guessing."""

from __future__ import annotations

import threading

import pytest

from normviz import classroom as cr
from normviz.classroom import Classroom, Question
from normviz.i18n import InputError, message

CHOICE = Question("Which convention is momentum = 0.99?", ("PyTorch", "Keras"), correct=1)
NUMBER = Question("running_var of channel 0 after one step?", correct=1.5, tolerance=0.005)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def key_of(err: pytest.ExceptionInfo) -> str:
    return err.value.key


def test_codes_are_unique_unambiguous_and_random():
    room = Classroom()
    codes = {room.open_room(f"t{i}") for i in range(cr.MAX_ROOMS)}
    assert len(codes) == cr.MAX_ROOMS
    assert all(len(c) == cr.CODE_LENGTH and set(c) <= set(cr.ALPHABET) for c in codes)
    assert not set("01OI") & set(cr.ALPHABET)
    # 200 codes from 32⁶: every position uses many letters (a counter would not)
    assert all(len({c[i] for c in codes}) > 20 for i in range(cr.CODE_LENGTH))
    with pytest.raises(InputError) as err:
        room.open_room("one more")
    assert key_of(err) == "classroom.too_many_rooms"


def test_a_second_answer_replaces_the_first_and_counts_are_per_option():
    room = Classroom()
    code = room.open_room("teacher")
    room.pose(code, "teacher", CHOICE)
    room.join(code.lower(), "s1")  # typed in lower case: the same room
    room.answer(code, "s1", 0)
    room.answer(code, "s1", 1)  # changed their mind
    room.answer(code, "s2", 1)
    tally = room.tally(code, "teacher")
    assert tally.answered == 2 and tally.counts == {1.0: 2} and tally.right == 2
    assert room.own_answer(code, "s1", 0) == 1.0
    assert room.result(code, 0) is None  # not before the reveal
    room.reveal(code, "teacher")
    assert room.result(code, 0).counts == {1.0: 2}
    with pytest.raises(InputError) as err:
        room.answer(code, "s3", 0)
    assert key_of(err) == "classroom.closed"


def test_forty_students_answering_at_once_are_each_counted_once():
    room = Classroom()
    code = room.open_room("teacher")
    room.pose(code, "teacher", NUMBER)
    start = threading.Barrier(40)

    def student(i: int) -> None:
        start.wait()
        for attempt in range(5):  # each re-submits: only the last answer counts
            room.answer(code, f"s{i}", 1.5 if i % 4 else 1.4 + attempt * 0.0)

    threads = [threading.Thread(target=student, args=(i,)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    tally = room.tally(code, "teacher")
    assert tally.answered == 40
    assert sum(tally.counts.values()) == 40
    assert tally.counts == {1.4: 10, 1.5: 30} and tally.right == 30


def test_rooms_are_isolated_and_only_their_teacher_runs_them():
    room = Classroom()
    a, b = room.open_room("ta"), room.open_room("tb")
    room.pose(a, "ta", CHOICE)
    room.pose(b, "tb", NUMBER)
    room.answer(a, "s1", 0)
    assert room.tally(b, "tb").answered == 0
    assert room.current(b)[1] == NUMBER
    with pytest.raises(InputError) as err:
        room.reveal(a, "tb")
    assert key_of(err) == "classroom.not_teacher"


def test_rooms_expire_and_say_so():
    clock = Clock()
    room = Classroom(clock)
    code = room.open_room("teacher")
    clock.now += cr.ROOM_TTL - 1
    room.join(code, "s1")  # a use keeps it open
    clock.now += cr.ROOM_TTL + 1
    with pytest.raises(InputError) as err:
        room.join(code, "s1")
    assert key_of(err) == "classroom.expired"
    assert code in message(err.value, "en") and code in message(err.value, "zh")
    assert room.room_count() == 0


def test_guessing_codes_is_limited_per_session_and_overall():
    clock = Clock()
    room = Classroom(clock)
    code = room.open_room("teacher")
    for _ in range(cr.MAX_FAILED_JOINS):
        with pytest.raises(InputError) as err:
            room.join("ZZZZZZ", "guesser")
        assert key_of(err) == "classroom.no_room"
    with pytest.raises(InputError) as err:
        room.join(code, "guesser")  # even the right code, until the window passes
    assert key_of(err) == "classroom.too_many_attempts"
    room.join(code, "someone else")
    clock.now += cr.FAILED_JOIN_WINDOW + 1
    assert room.join(code, "guesser") == code
    # many sessions together hit the global limit
    for i in range(cr.MAX_FAILED_JOINS_GLOBAL):
        with pytest.raises(InputError):
            room.join("ZZZZZZ", f"bot{i}")
    with pytest.raises(InputError) as err:
        room.join(code, "honest student")
    assert key_of(err) == "classroom.too_many_attempts"


def test_caps_on_questions_and_answers(monkeypatch):
    monkeypatch.setattr(cr, "MAX_ANSWERS", 3)
    monkeypatch.setattr(cr, "MAX_QUESTIONS", 2)
    room = Classroom()
    code = room.open_room("teacher")
    room.pose(code, "teacher", CHOICE)
    for i in range(3):
        room.answer(code, f"s{i}", 0)
    room.answer(code, "s0", 1)  # replacing is always allowed
    with pytest.raises(InputError) as err:
        room.answer(code, "s3", 0)
    assert key_of(err) == "classroom.room_full"
    room.pose(code, "teacher", NUMBER)
    with pytest.raises(InputError) as err:
        room.pose(code, "teacher", NUMBER)
    assert key_of(err) == "classroom.too_many_questions"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 2, -1, 0.5])
def test_bad_answers_to_a_choice_are_refused(value):
    room = Classroom()
    code = room.open_room("teacher")
    room.pose(code, "teacher", CHOICE)
    with pytest.raises(InputError) as err:
        room.answer(code, "s1", value)
    assert key_of(err) == "classroom.bad_answer"


@pytest.mark.parametrize(
    "question",
    [
        Question(""),
        Question("x" * (cr.MAX_TEXT + 1), correct=1.0),
        Question("one option", ("a",), correct=0),
        Question("right one missing", ("a", "b"), correct=2),
        Question("nan", correct=float("nan")),
        Question("negative tolerance", correct=1.0, tolerance=-1.0),
    ],
)
def test_bad_questions_are_refused(question):
    room = Classroom()
    code = room.open_room("teacher")
    with pytest.raises(InputError) as err:
        room.pose(code, "teacher", question)
    assert key_of(err) == "classroom.bad_question"


def test_every_refusal_reads_in_both_languages():
    import inspect
    import re

    from normviz.locales import en, zh

    raised = set(re.findall(r'InputError\(\s*"(classroom\.[a-z_]+)"', inspect.getsource(cr)))
    assert len(raised) >= 9  # the refusals the store can raise, read from its source
    for key in raised:
        assert en.TEXTS.get(key) and zh.TEXTS.get(key), key
        assert message(InputError(key, limit=1, code="ABC234", minutes=2), "zh") != key


def test_replicas_sharing_one_file_share_the_rooms(tmp_path):
    """Two server processes with the same NORMVIZ_ROOMS_DB are two Classrooms on one file:
    a room opened on one is joined, answered and counted on the other."""
    path = str(tmp_path / "rooms.sqlite")
    replica_a, replica_b = Classroom(path=path), Classroom(path=path)
    code = replica_a.open_room("teacher")
    replica_a.pose(code, "teacher", CHOICE)
    assert replica_b.join(code.lower(), "s1") == code
    replica_b.answer(code, "s1", 1)
    replica_a.answer(code, "s2", 0)
    replica_b.answer(code, "s1", 0)  # replaces s1's first answer, on either replica
    tally = replica_a.tally(code, "teacher")
    assert (tally.answered, tally.counts) == (2, {0.0: 2})
    replica_b.close_room(code, "teacher")
    with pytest.raises(InputError) as err:
        replica_a.current(code)
    assert key_of(err) == "classroom.no_room"


def _answer_many(path: str, code: str, students: range) -> None:
    room = Classroom(path=path)
    for s in students:
        room.answer(code, f"s{s}", s % 2)
        room.answer(code, f"s{s}", (s + 1) % 2)  # every student changes their mind once


def test_concurrent_processes_lose_no_answer_and_count_none_twice(tmp_path):
    import multiprocessing

    path = str(tmp_path / "rooms.sqlite")
    room = Classroom(path=path)
    code = room.open_room("teacher")
    room.pose(code, "teacher", CHOICE)
    context = multiprocessing.get_context("spawn")
    workers = [
        context.Process(target=_answer_many, args=(path, code, range(k, 120, 4))) for k in range(4)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
        assert w.exitcode == 0
    tally = room.tally(code, "teacher")
    assert tally.answered == 120
    assert tally.counts == {0.0: 60, 1.0: 60}


OPEN_AT = r"""
import sys, time
from normviz.classroom import Classroom
start = float(sys.argv[2])
while time.time() < start:
    pass
Classroom(path=sys.argv[1]).open_room("teacher")
"""


def test_replicas_started_together_all_open_the_new_file(tmp_path):
    """deploy/serve.py starts its replicas at once: each opens the rooms file as it imports
    ui.classroom. Switching a new file to WAL together answered "database is locked"."""
    import subprocess
    import sys
    import time

    for trial in range(8):
        path = str(tmp_path / f"rooms{trial}.sqlite")
        start = time.time() + 1.5
        replicas = [
            subprocess.Popen(
                [sys.executable, "-c", OPEN_AT, path, str(start)], stderr=subprocess.PIPE
            )
            for _ in range(6)
        ]
        errors = [p.communicate(timeout=120)[1].decode() for p in replicas]
        assert all(p.returncode == 0 for p in replicas), [e[-500:] for e in errors if e]
