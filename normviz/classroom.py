"""The live class check: rooms a teacher opens, questions the class answers, counts.

Thread- and process-safe (SQLite transactions): Streamlit runs every session's script in
its own thread, so 40 students may submit at the same instant, and replicas behind a load
balancer may share one store (a SQLite file), so a room is one room on every replica. The
store lives in memory (or that file) and is bounded everywhere:

- a room code is CODE_LENGTH characters from an unambiguous alphabet drawn by `secrets`
  (32⁶ ≈ 1.07·10⁹ codes against at most MAX_ROOMS open rooms), and a session that misses
  MAX_FAILED_JOINS times in FAILED_JOIN_WINDOW seconds is refused for the rest of that
  window, as is everybody once MAX_FAILED_JOINS_GLOBAL misses arrive in one window: guessing
  a code by enumeration would take years;
- rooms expire ROOM_TTL seconds after their last use, and there are at most MAX_ROOMS rooms,
  MAX_QUESTIONS questions per room and MAX_ANSWERS answers per question;
- a student (an opaque id per browser session) has one answer per question: a second
  answer replaces the first. Nobody but the student sees which answer is theirs: the
  teacher sees counts only.

Every refusal is a translated InputError. Time comes from an injectable clock, so tests
can expire rooms without waiting.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import math
import secrets
import sqlite3
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from normviz.i18n import InputError

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud from a projector
CODE_LENGTH = 6
MAX_ROOMS = 200
MAX_QUESTIONS = 50
MAX_ANSWERS = 500  # per question: a lecture hall, with room to spare
MAX_OPTIONS = 8
MAX_TEXT = 300  # characters of a question or an option
ROOM_TTL = 3 * 3600.0  # seconds after the room's last use
MAX_FAILED_JOINS = 5  # per session, per window
MAX_FAILED_JOINS_GLOBAL = 200  # all sessions together, per window
FAILED_JOIN_WINDOW = 600.0
MAX_EXPIRED_KEPT = 1000  # codes remembered as expired, to say "expired" rather than "wrong"


@dataclass(frozen=True)
class Question:
    """A multiple-choice question (options, the index of the right one) or a number to
    compute (its value and the tolerance within which an answer counts as right)."""

    text: str  # the question, or a locale key that each screen reads in its own language
    options: tuple[str, ...] = ()
    correct: float = 0.0  # the right option's index, or the right number
    tolerance: float = 0.0  # numbers only: |answer − correct| ≤ tolerance is right
    params: tuple[tuple[str, str], ...] = ()  # the text's {placeholders}, when it is a key

    @property
    def is_choice(self) -> bool:
        return bool(self.options)

    def is_right(self, answer: float) -> bool:
        if self.is_choice:
            return int(answer) == int(self.correct)
        return abs(answer - self.correct) <= self.tolerance


@dataclass(frozen=True)
class Tally:
    """What the teacher sees of one question: how many answered and how (never who)."""

    question: Question
    index: int
    answered: int
    counts: dict[float, int]  # option index or number → how many gave it
    revealed: bool
    right: int  # how many answered right (the teacher's view; students see it once revealed)


def check_question(question: Question) -> Question:
    """A question the room can hold: text, 2–MAX_OPTIONS options with a valid right one, or a
    finite number with a finite tolerance ≥ 0."""
    if not question.text.strip() or len(question.text) > MAX_TEXT:
        raise InputError("classroom.bad_question", limit=MAX_TEXT)
    if question.is_choice:
        sizes_ok = 2 <= len(question.options) <= MAX_OPTIONS and all(
            0 < len(o) <= MAX_TEXT for o in question.options
        )
        if not sizes_ok or not 0 <= int(question.correct) < len(question.options):
            raise InputError("classroom.bad_question", limit=MAX_TEXT)
    elif (
        not (math.isfinite(question.correct) and math.isfinite(question.tolerance))
        or question.tolerance < 0
    ):
        raise InputError("classroom.bad_question", limit=MAX_TEXT)
    return question


def normalize_code(code: str) -> str:
    """What a student typed, as a code: upper case, spaces and dashes dropped."""
    return "".join(ch for ch in str(code).upper() if ch not in " -")[: 2 * CODE_LENGTH]


class Classroom:
    """All rooms of one server, or of every server process that opens the same SQLite file.

    Rooms, questions and answers live in SQLite: in memory for one process (the default), or
    in the file `path` (WAL mode) that several replicas of the app share, so a room stays one
    room whichever replica a student reaches. Every method is one transaction that takes
    SQLite's write lock first (BEGIN IMMEDIATE), so concurrent answers from threads or from
    processes are serialized: none lost, none counted twice. Failed joins are counted per
    process (a session lives on one replica).
    """

    def __init__(self, clock: Callable[[], float] = time.time, path: str | None = None) -> None:
        self._clock = clock  # wall-clock seconds: replicas on one machine share it
        self._lock = threading.Lock()  # one connection per process, one thread at a time
        self._db = sqlite3.connect(
            path or ":memory:", timeout=30.0, isolation_level=None, check_same_thread=False
        )
        with self._lock:
            self._set_up(path, deadline=time.monotonic() + 30.0)
        self._failed: dict[str, deque[float]] = {}  # session → times of its missed joins
        self._failed_all: deque[float] = deque()

    def _set_up(self, path: str | None, deadline: float) -> None:
        """WAL mode and the tables. Replicas started together open the file at the same
        moment; switching to WAL needs the file's exclusive lock, and SQLite answers "database
        is locked" at once, without waiting, when two connections ask for it together. So
        each retries (every statement here can run twice) until `deadline`."""
        while True:
            try:
                if path:
                    self._db.execute("PRAGMA journal_mode=WAL")
                    self._db.execute("PRAGMA synchronous=NORMAL")
                self._db.executescript(SCHEMA)
                return
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02 + 0.08 * secrets.randbelow(100) / 100)

    # --- the teacher ---------------------------------------------------------------------

    def open_room(self, teacher: str) -> str:
        """A new room owned by `teacher`; its code."""
        with self._transaction() as (db, now):
            (open_rooms,) = db.execute("SELECT COUNT(*) FROM rooms").fetchone()
            if open_rooms >= MAX_ROOMS:
                raise InputError("classroom.too_many_rooms", limit=MAX_ROOMS)
            code = self._new_code(db)
            db.execute("INSERT INTO rooms VALUES (?, ?, ?)", (code, teacher, now))
            return code

    def pose(self, code: str, teacher: str, question: Question) -> int:
        """Ask `question` in the room; it becomes the current one. Its index."""
        check_question(question)
        with self._transaction() as (db, now):
            key = self._own_room(db, now, code, teacher)
            count = _question_count(db, key)
            if count >= MAX_QUESTIONS:
                raise InputError("classroom.too_many_questions", limit=MAX_QUESTIONS)
            db.execute("INSERT INTO questions VALUES (?, ?, ?, 0)", (key, count, _dump(question)))
            return count

    def reveal(self, code: str, teacher: str) -> None:
        """Show the current question's right answer and the class result to the students."""
        with self._transaction() as (db, now):
            key = self._own_room(db, now, code, teacher)
            count = _question_count(db, key)
            if not count:
                raise InputError("classroom.no_question")
            db.execute(
                "UPDATE questions SET revealed = 1 WHERE code = ? AND idx = ?", (key, count - 1)
            )

    def tally(self, code: str, teacher: str) -> Tally | None:
        """The current question's counts (None before the first question)."""
        with self._transaction() as (db, now):
            key = self._own_room(db, now, code, teacher)
            count = _question_count(db, key)
            return _tally(db, key, count - 1) if count else None

    def close_room(self, code: str, teacher: str) -> None:
        with self._transaction() as (db, now):
            _drop(db, self._own_room(db, now, code, teacher))

    # --- the students --------------------------------------------------------------------

    def join(self, code: str, student: str) -> str:
        """Check a code a student typed; the room's code as stored. Misses are counted."""
        with self._transaction() as (db, now):
            self._check_attempts(student, now)
            key = normalize_code(code)
            if not _touch(db, key, now):
                self._failed.setdefault(student, deque()).append(now)
                self._failed_all.append(now)
                raise _missing(db, key)
            return key

    def answer(self, code: str, student: str, value: float) -> int:
        """Record (or replace) the student's answer to the current question; its index."""
        value = float(value)
        with self._transaction() as (db, now):
            key = self._room(db, now, code)
            count = _question_count(db, key)
            if not count:
                raise InputError("classroom.no_question")
            index = count - 1
            question, revealed = _question(db, key, index)
            if revealed:
                raise InputError("classroom.closed")
            if not math.isfinite(value) or (
                question.is_choice
                and (value != int(value) or not 0 <= value < len(question.options))
            ):
                raise InputError("classroom.bad_answer")
            where = (key, index, student)
            known = db.execute(
                "SELECT 1 FROM answers WHERE code = ? AND idx = ? AND student = ?", where
            ).fetchone()
            if known is None and _answer_count(db, key, index) >= MAX_ANSWERS:
                raise InputError("classroom.room_full", limit=MAX_ANSWERS)
            # one row per (room, question, student): a second answer replaces the first
            db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)", (*where, value))
            return index

    def current(self, code: str) -> tuple[int, Question] | None:
        """The current question and its index, for a student's screen (None before one)."""
        with self._transaction() as (db, now):
            key = self._room(db, now, code)
            count = _question_count(db, key)
            return (count - 1, _question(db, key, count - 1)[0]) if count else None

    def own_answer(self, code: str, student: str, index: int) -> float | None:
        with self._transaction() as (db, now):
            key = self._room(db, now, code)
            row = db.execute(
                "SELECT value FROM answers WHERE code = ? AND idx = ? AND student = ?",
                (key, index, student),
            ).fetchone()
            return None if row is None else row[0]

    def result(self, code: str, index: int) -> Tally | None:
        """The class result of question `index`, once the teacher revealed it (else None)."""
        with self._transaction() as (db, now):
            key = self._room(db, now, code)
            if not 0 <= index < _question_count(db, key) or not _question(db, key, index)[1]:
                return None
            return _tally(db, key, index)

    # --- bookkeeping ---------------------------------------------------------------------

    def room_count(self) -> int:
        with self._transaction() as (db, _):
            return db.execute("SELECT COUNT(*) FROM rooms").fetchone()[0]

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[tuple[sqlite3.Connection, float]]:
        """One transaction holding the write lock (of this process and of the file), after
        expiring old rooms; the connection and the current time."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db, self._expire()
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    @staticmethod
    def _new_code(db: sqlite3.Connection) -> str:
        while True:
            code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
            if not db.execute("SELECT 1 FROM rooms WHERE code = ?", (code,)).fetchone():
                return code

    @staticmethod
    def _room(db: sqlite3.Connection, now: float, code: str) -> str:
        """The stored code of the room `code` names, touched; or the reason it has none."""
        key = normalize_code(code)
        if not _touch(db, key, now):
            raise _missing(db, key)
        return key

    def _own_room(self, db: sqlite3.Connection, now: float, code: str, teacher: str) -> str:
        key = self._room(db, now, code)
        owner = db.execute("SELECT teacher FROM rooms WHERE code = ?", (key,)).fetchone()[0]
        if owner != teacher:
            raise InputError("classroom.not_teacher")
        return key

    def _expire(self) -> float:
        """Drop rooms unused for ROOM_TTL and old misses; the current time."""
        now = self._clock()
        db = self._db
        stale = [
            c for (c,) in db.execute("SELECT code FROM rooms WHERE touched < ?", (now - ROOM_TTL,))
        ]
        for code in stale:
            _drop(db, code)
            db.execute("INSERT OR REPLACE INTO expired VALUES (?, ?)", (code, now))
        if stale:  # remember the last MAX_EXPIRED_KEPT, to say "expired" rather than "wrong"
            db.execute(
                "DELETE FROM expired WHERE code NOT IN "
                "(SELECT code FROM expired ORDER BY at DESC LIMIT ?)",
                (MAX_EXPIRED_KEPT,),
            )
        horizon = now - FAILED_JOIN_WINDOW
        while self._failed_all and self._failed_all[0] < horizon:
            self._failed_all.popleft()
        for student in list(self._failed):
            times = self._failed[student]
            while times and times[0] < horizon:
                times.popleft()
            if not times:
                del self._failed[student]
        return now

    def _check_attempts(self, student: str, now: float) -> None:
        if len(self._failed.get(student, ())) >= MAX_FAILED_JOINS:
            wait = self._failed[student][0] + FAILED_JOIN_WINDOW - now
            raise InputError("classroom.too_many_attempts", minutes=max(1, math.ceil(wait / 60)))
        if len(self._failed_all) >= MAX_FAILED_JOINS_GLOBAL:
            wait = self._failed_all[0] + FAILED_JOIN_WINDOW - now
            raise InputError("classroom.too_many_attempts", minutes=max(1, math.ceil(wait / 60)))


SCHEMA = """
CREATE TABLE IF NOT EXISTS rooms (code TEXT PRIMARY KEY, teacher TEXT NOT NULL, touched REAL);
CREATE TABLE IF NOT EXISTS expired (code TEXT PRIMARY KEY, at REAL);
CREATE TABLE IF NOT EXISTS questions (
    code TEXT, idx INTEGER, body TEXT NOT NULL, revealed INTEGER NOT NULL,
    PRIMARY KEY (code, idx));
CREATE TABLE IF NOT EXISTS answers (
    code TEXT, idx INTEGER, student TEXT, value REAL NOT NULL,
    PRIMARY KEY (code, idx, student));
"""


def _touch(db: sqlite3.Connection, key: str, now: float) -> bool:
    """Mark room `key` as used now; whether it exists."""
    return db.execute("UPDATE rooms SET touched = ? WHERE code = ?", (now, key)).rowcount > 0


def _missing(db: sqlite3.Connection, key: str) -> InputError:
    """A code with no room: closed by expiry (remembered a while), or never opened."""
    if db.execute("SELECT 1 FROM expired WHERE code = ?", (key,)).fetchone():
        return InputError("classroom.expired", code=key)
    return InputError("classroom.no_room", code=key)


def _drop(db: sqlite3.Connection, key: str) -> None:
    for table in ("rooms", "questions", "answers"):
        db.execute(f"DELETE FROM {table} WHERE code = ?", (key,))  # noqa: S608 (fixed names)


def _question_count(db: sqlite3.Connection, key: str) -> int:
    return db.execute("SELECT COUNT(*) FROM questions WHERE code = ?", (key,)).fetchone()[0]


def _answer_count(db: sqlite3.Connection, key: str, index: int) -> int:
    return db.execute(
        "SELECT COUNT(*) FROM answers WHERE code = ? AND idx = ?", (key, index)
    ).fetchone()[0]


def _question(db: sqlite3.Connection, key: str, index: int) -> tuple[Question, bool]:
    """Question `index` of room `key` and whether its answer is revealed."""
    body, revealed = db.execute(
        "SELECT body, revealed FROM questions WHERE code = ? AND idx = ?", (key, index)
    ).fetchone()
    return _load(body), bool(revealed)


def _dump(question: Question) -> str:
    return json.dumps(dataclasses.asdict(question), ensure_ascii=False)


def _load(body: str) -> Question:
    fields = json.loads(body)
    return Question(
        text=fields["text"],
        options=tuple(fields["options"]),
        correct=fields["correct"],
        tolerance=fields["tolerance"],
        params=tuple(tuple(pair) for pair in fields["params"]),
    )


def _tally(db: sqlite3.Connection, key: str, index: int) -> Tally:
    question, revealed = _question(db, key, index)
    rows = db.execute(
        "SELECT value, COUNT(*) FROM answers WHERE code = ? AND idx = ? GROUP BY value "
        "ORDER BY value",
        (key, index),
    ).fetchall()
    counts = {value: n for value, n in rows}
    return Tally(
        question=question,
        index=index,
        answered=sum(counts.values()),
        counts=counts,
        revealed=revealed,
        right=sum(n for value, n in counts.items() if question.is_right(value)),
    )
