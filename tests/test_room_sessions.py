"""The Class check with real concurrent sessions on `streamlit run`: a teacher and 40
students over Streamlit's websocket protocol (devtools/class_check.py), every answer counted
exactly once, a changed answer replacing the first, rooms isolated, a wrong code refused; and
two server processes sharing NORMVIZ_ROOMS_DB as one room, as replicas behind nginx would."""

from __future__ import annotations

import asyncio

import pytest

from devtools.class_check import alerts, answered, join, label, open_room, recorded, send
from devtools.server import streamlit_server

pytestmark = pytest.mark.slow
STUDENTS = 40


@pytest.fixture(scope="module")
def port():
    with streamlit_server() as (port, _pid):
        yield port


def first_answer(i: int) -> str:
    return "pytorch" if i % 2 == 0 else "keras"


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

        # everyone answers at once; the acknowledgement names each one's own answer
        runs = await asyncio.gather(*(send(s, first_answer(i)) for i, s in enumerate(students)))
        assert all(recorded(run, first_answer(i)) for i, run in enumerate(runs))
        assert answered(await teacher.refresh()) == STUDENTS

        # half of them change their mind, all at once, while the teacher's screen refreshes
        changes = [send(students[i], "keras") for i in range(STUDENTS // 2)]
        *runs, during = await asyncio.gather(*changes, teacher.refresh())
        assert all(recorded(run, "keras") for run in runs)
        assert answered(during) == STUDENTS  # replaced, never counted twice
        assert answered(await teacher.refresh()) == STUDENTS

        # the other room saw none of it, and counts its own student only
        visitor, _ = await join(port, other.code)
        await send(visitor, "pytorch")
        assert answered(await other.refresh()) == 1
        assert answered(await teacher.refresh()) == STUDENTS

        # the reveal: 20 who changed to Keras + the 10 odd ones of the rest answered right
        run = await teacher.reveal()
        keras = label("p12.q.momentum.keras")
        expected = label("p12.revealed", answer=keras, right=30)
        assert expected in alerts(run), alerts(run)
        result = await students[0].rerun_fragment(next(iter(students[0].auto_reruns)))
        assert label("p12.result", answer=keras, right=30, n=STUDENTS) in alerts(result)

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


async def across_replicas(port_a: int, port_b: int, shared: bool) -> None:
    teacher = await open_room(port_a)
    try:
        await teacher.ask_momentum()
        joined = await asyncio.gather(
            *(join(port_a if i % 2 else port_b, teacher.code) for i in range(10))
        )
        if not shared:  # each process keeps its own rooms: replica B has never heard of it
            assert all(any(teacher.code in a for a in alerts(run)) for _, run in joined[::2])
            return
        await asyncio.gather(*(send(s, "keras") for s, _ in joined))
        assert answered(await teacher.refresh()) == 10
        for s, _ in joined:
            await s.close()
    finally:
        await teacher.session.close()


@pytest.mark.parametrize("shared", [True, False])
def test_two_replicas_share_a_room_through_one_sqlite_file(tmp_path, shared):
    env = {"NORMVIZ_ROOMS_DB": str(tmp_path / "rooms.sqlite")} if shared else {}
    with streamlit_server(env=env) as (port_a, _), streamlit_server(env=env) as (port_b, _):
        asyncio.run(across_replicas(port_a, port_b, shared))
