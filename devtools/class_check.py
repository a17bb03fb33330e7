"""A class in the Class check page over real websockets: a teacher and students, each a
devtools.streamlit_client.Session (one browser tab), as tests/test_room_sessions.py and
bench/bench_load.py's `classcheck` scenario drive them.

Everything a session does is what its browser would send: the teacher presses "Open a room"
and "Ask the room", and reruns the count's fragment every TEACHER_REFRESH seconds (a browser
does that for st.fragment(run_every=...)); a student opens the room's link, which joins it,
and sends an answer with the form's Send button. Labels are read from the locale, so a text
change does not break the drivers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyarrow as pa

from devtools.streamlit_client import Run, Session
from normviz.i18n import t

PAGE = "Class_check"
CODE = re.compile(r">([2-9A-HJ-NP-Z]{6})<")  # the room code in the teacher's st.html
OPTIONS = {"pytorch": 0, "keras": 1}  # the momentum question's options, in order


def label(key: str, **params: object) -> str:
    return t(key, "en", **params)


def alerts(run: Run) -> list[str]:
    return [e.alert.body for e in run.of_kind("alert")]


def answered(run: Run) -> int | None:
    """The teacher's count in a run of the page or of its fragment (None if not drawn)."""
    shown = run.metrics().get(label("p12.answered"))
    return None if shown is None else int(shown)


def distribution(run: Run) -> dict[str, int]:
    """The answers' bar chart in a run of the teacher's (or a revealed student's) screen, as
    answer text → how many gave it; {} when no chart was drawn (nobody answered yet)."""
    answer, count = label("p12.col.answer"), label("p12.col.count")
    out: dict[str, int] = {}
    for element in run.of_kind("vega_lite_chart"):
        for dataset in element.vega_lite_chart.datasets:
            table = pa.ipc.open_stream(dataset.data.data).read_all().to_pydict()
            if answer in table and count in table:
                out.update(zip(table[answer], map(int, table[count]), strict=True))
    return out


@dataclass
class Teacher:
    session: Session
    code: str
    fragment: str  # the live count's fragment id

    async def ask_momentum(self) -> Run:
        """Ask the choice question whose right answer is Keras' convention (option 1)."""
        self.session.widget("class_question").value = label("p12.q.momentum.short")
        run = await self.session.click(label("p12.ask"))
        self.fragment = next(iter(self.session.auto_reruns), self.fragment)
        return run

    @property
    def interval(self) -> float:
        """Seconds between the count's reruns, as the server told the browser."""
        return self.session.auto_reruns[self.fragment]

    async def refresh(self) -> Run:
        """The browser's timed rerun of the count's fragment."""
        return await self.session.rerun_fragment(self.fragment)

    async def reveal(self) -> Run:
        return await self.session.click(label("p12.reveal"))


async def open_room(port: int) -> Teacher:
    """A teacher's tab that opened a room (the tab stays connected: close it when done)."""
    session = Session(port)
    await session.connect()
    await session.load(PAGE, query_string="role=teacher")
    run = await session.click(label("p12.open"))
    bodies = " ".join(e.html.body for e in run.of_kind("html"))
    found = CODE.search(bodies)
    if found is None:
        raise AssertionError(f"no room code on the teacher's screen: {alerts(run)}")
    return Teacher(session, found.group(1), next(iter(session.auto_reruns), ""))


async def join(port: int, code: str) -> tuple[Session, Run]:
    """A student's tab that followed the room's link (which joins it)."""
    session = Session(port)
    await session.connect()
    run = await session.load(PAGE, query_string=f"role=student&room={code}")
    return session, run


async def send(student: Session, option: str) -> Run:
    """Answer the momentum question with option "pytorch" or "keras" and press Send."""
    text = label(f"p12.q.momentum.{option}")
    return await student.click(label("p12.send"), class_pick=text)


def recorded(run: Run, option: str) -> bool:
    """Whether the run acknowledges the answer `option`."""
    mine = label(f"p12.q.momentum.{option}")
    return any(
        body.startswith(label("p12.recorded", mine=mine)[:20]) and mine in body
        for body in alerts(run)
    )
