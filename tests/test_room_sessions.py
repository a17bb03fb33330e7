"""The Class check with real concurrent sessions on `streamlit run`: a teacher and 40
students over Streamlit's websocket protocol (devtools/class_check.py), every answer counted
exactly once while the teacher's count reruns as the browser reruns it, a changed answer
replacing the first (in the count and in the chart), rooms isolated, a wrong code refused; and
two server processes sharing NORMVIZ_ROOMS_DB as one room, as replicas behind nginx would,
where a room that has expired is refused to the teacher and to students on both."""

from __future__ import annotations

import asyncio
import random
import time

import pytest

from devtools.class_check import (
    Teacher,
    alerts,
    answered,
    distribution,
    join,
    label,
    open_room,
    recorded,
    send,
)
from devtools.server import streamlit_server
from devtools.streamlit_client import Run, Session
from normviz.classroom import ROOM_TTL, Classroom

pytestmark = pytest.mark.slow
STUDENTS = 40
SPREAD = 1.5  # s: the first answers arrive at random moments within this window
PYTORCH, KERAS = label("p12.q.momentum.pytorch"), label("p12.q.momentum.keras")


@pytest.fixture(scope="module")
def port():
    with streamlit_server() as (port, _pid):
        yield port


def first_answer(i: int) -> str:
    return "pytorch" if i % 2 == 0 else "keras"


async def answer_while_watched(teacher: Teacher, students: list[Session]) -> list[Run]:
    """Every student sends a first answer at a random moment within SPREAD s while the
    teacher's count reruns back to back (as its run_every does, only faster). Each count the
    teacher sees lies between the answers acknowledged before that rerun was sent and the
    answers sent before it finished, and never goes down."""
    rng = random.Random(17)
    sent = acked = 0
    seen: list[int] = []

    async def student(i: int, session: Session) -> Run:
        nonlocal sent, acked
        await asyncio.sleep(rng.uniform(0, SPREAD))
        sent += 1
        run = await send(session, first_answer(i))
        acked += 1
        return run

    async def watch() -> None:
        while acked < len(students):
            low = acked
            count = answered(await teacher.refresh())
            assert count is not None and low <= count <= sent, (low, count, sent)
            assert not seen or count >= seen[-1], seen
            seen.append(count)
            await asyncio.sleep(0.05)

    *runs, _ = await asyncio.gather(*(student(i, s) for i, s in enumerate(students)), watch())
    return runs


async def forty_students(port: int) -> None:
    teacher = await open_room(port)
    other = await open_room(port)  # a second room on the same server
    try:
        await teacher.ask_momentum()
        await other.ask_momentum()
        assert teacher.code != other.code and teacher.fragment

        joined = await asyncio.gather(*(join(port, teacher.code) for _ in range(STUDENTS)))
        students = [session for session, _ in joined]
        for _, run in joined:
            assert not run.exceptions and not alerts(run)  # joined, question on screen

        # everyone answers within SPREAD s, the teacher's count rerunning meanwhile; the
        # acknowledgement names each one's own answer
        runs = await answer_while_watched(teacher, students)
        assert all(recorded(run, first_answer(i)) for i, run in enumerate(runs))
        run = await teacher.refresh()
        assert answered(run) == STUDENTS
        assert distribution(run) == {PYTORCH: STUDENTS // 2, KERAS: STUDENTS // 2}

        # half of them change their mind, all at once, while the teacher's screen refreshes
        changes = [send(students[i], "keras") for i in range(STUDENTS // 2)]
        *runs, during = await asyncio.gather(*changes, teacher.refresh())
        assert all(recorded(run, "keras") for run in runs)
        assert answered(during) == STUDENTS  # replaced, never counted twice
        assert sum(distribution(during).values()) == STUDENTS
        run = await teacher.refresh()
        assert answered(run) == STUDENTS
        # the first 20 switched to Keras; of the 20 who did not, the 10 even ones said PyTorch
        assert distribution(run) == {PYTORCH: STUDENTS // 4, KERAS: 3 * STUDENTS // 4}

        # the other room saw none of it, and counts its own student only
        visitor, _ = await join(port, other.code)
        await send(visitor, "pytorch")
        run = await other.refresh()
        assert answered(run) == 1 and distribution(run) == {PYTORCH: 1}
        run = await teacher.refresh()
        assert answered(run) == STUDENTS
        assert distribution(run) == {PYTORCH: STUDENTS // 4, KERAS: 3 * STUDENTS // 4}

        # the reveal: 20 who changed to Keras + the 10 odd ones of the rest answered right
        run = await teacher.reveal()
        expected = label("p12.revealed", answer=KERAS, right=30)
        assert expected in alerts(run), alerts(run)
        result = await students[0].rerun_fragment(next(iter(students[0].auto_reruns)))
        assert label("p12.result", answer=KERAS, right=30, n=STUDENTS) in alerts(result)

        # a code nobody opened is refused with a sentence that names it
        stranger, run = await join(port, "ZZZZ22")
        assert not run.exceptions and any("ZZZZ22" in a for a in alerts(run)), alerts(run)
        for s in [*students, visitor, stranger]:
            await s.close()
    finally:
        await teacher.session.close()
        await other.session.close()


def test_forty_students_answer_at_once_and_each_is_counted_once(port):
    asyncio.run(forty_students(port))


async def across_replicas(port_a: int, port_b: int, db: str | None) -> None:
    teacher = await open_room(port_a)
    try:
        await teacher.ask_momentum()
        joined = await asyncio.gather(
            *(join(port_a if i % 2 else port_b, teacher.code) for i in range(10))
        )
        if db is None:  # each process keeps its own rooms: replica B has never heard of it
            assert all(any(teacher.code in a for a in alerts(run)) for _, run in joined[::2])
            return
        await asyncio.gather(*(send(s, "keras") for s, _ in joined))
        run = await teacher.refresh()
        assert answered(run) == 10 and distribution(run) == {KERAS: 10}

        # three hours later another replica's request expires the room (the store drops rooms
        # unused for ROOM_TTL on any call): every screen on both replicas says it has closed
        later = Classroom(clock=lambda: time.time() + ROOM_TTL + 60, path=db)
        assert later.room_count() == 0
        closed = label("classroom.expired", code=teacher.code)
        run = await teacher.refresh()
        assert not run.exceptions and run.error_alerts == [closed], alerts(run)
        on_b = joined[0][0]  # a student's screen on replica B polling its question
        run = await on_b.rerun_fragment(next(iter(on_b.auto_reruns)))
        assert not run.exceptions and run.error_alerts == [closed], alerts(run)
        for port in (port_a, port_b):  # the room's link, opened late
            late, run = await join(port, teacher.code)
            assert not run.exceptions and run.error_alerts == [closed], alerts(run)
            await late.close()
        # the teacher can start again: the page offers a new room
        run = await teacher.session.rerun()
        assert not run.exceptions and teacher.session.button(label("p12.open"))
        for s, _ in joined:
            await s.close()
    finally:
        await teacher.session.close()


@pytest.mark.parametrize("shared", [True, False])
def test_two_replicas_share_a_room_through_one_sqlite_file(tmp_path, shared):
    db = str(tmp_path / "rooms.sqlite") if shared else None
    env = {"NORMVIZ_ROOMS_DB": db} if db else {}
    with streamlit_server(env=env) as (port_a, _), streamlit_server(env=env) as (port_b, _):
        asyncio.run(across_replicas(port_a, port_b, db))
