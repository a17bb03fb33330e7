"""The live class check: rooms a teacher opens, questions the class answers, counts.

Pure Python and thread-safe (one lock per store): Streamlit runs every session's script in
its own thread, so 40 students may submit at the same instant. The store lives in the
server's memory and is bounded everywhere:

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

import math
import secrets
import threading
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field

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


@dataclass
class _Room:
    teacher: str
    touched: float
    questions: list[Question] = field(default_factory=list)
    answers: list[dict[str, float]] = field(default_factory=list)  # per question: id → answer
    revealed: list[bool] = field(default_factory=list)


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
    """All rooms of one server. Every method takes the lock once."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._rooms: dict[str, _Room] = {}
        self._expired: deque[str] = deque(maxlen=MAX_EXPIRED_KEPT)
        self._failed: dict[str, deque[float]] = {}  # session → times of its missed joins
        self._failed_all: deque[float] = deque()

    # --- the teacher ---------------------------------------------------------------------

    def open_room(self, teacher: str) -> str:
        """A new room owned by `teacher`; its code."""
        with self._lock:
            now = self._expire()
            if len(self._rooms) >= MAX_ROOMS:
                raise InputError("classroom.too_many_rooms", limit=MAX_ROOMS)
            code = self._new_code()
            self._rooms[code] = _Room(teacher=teacher, touched=now)
            return code

    def pose(self, code: str, teacher: str, question: Question) -> int:
        """Ask `question` in the room; it becomes the current one. Its index."""
        check_question(question)
        with self._lock:
            room = self._own_room(code, teacher)
            if len(room.questions) >= MAX_QUESTIONS:
                raise InputError("classroom.too_many_questions", limit=MAX_QUESTIONS)
            room.questions.append(question)
            room.answers.append({})
            room.revealed.append(False)
            return len(room.questions) - 1

    def reveal(self, code: str, teacher: str) -> None:
        """Show the current question's right answer and the class result to the students."""
        with self._lock:
            room = self._own_room(code, teacher)
            if not room.questions:
                raise InputError("classroom.no_question")
            room.revealed[-1] = True

    def tally(self, code: str, teacher: str) -> Tally | None:
        """The current question's counts (None before the first question)."""
        with self._lock:
            room = self._own_room(code, teacher)
            return _tally(room) if room.questions else None

    def close_room(self, code: str, teacher: str) -> None:
        with self._lock:
            self._own_room(code, teacher)
            del self._rooms[normalize_code(code)]

    # --- the students --------------------------------------------------------------------

    def join(self, code: str, student: str) -> str:
        """Check a code a student typed; the room's code as stored. Misses are counted."""
        with self._lock:
            now = self._expire()
            self._check_attempts(student, now)
            key = normalize_code(code)
            if key not in self._rooms:
                self._failed.setdefault(student, deque()).append(now)
                self._failed_all.append(now)
                raise self._missing(key)
            self._rooms[key].touched = now
            return key

    def answer(self, code: str, student: str, value: float) -> int:
        """Record (or replace) the student's answer to the current question; its index."""
        value = float(value)
        with self._lock:
            room = self._room(code)
            if not room.questions:
                raise InputError("classroom.no_question")
            question, answers = room.questions[-1], room.answers[-1]
            if room.revealed[-1]:
                raise InputError("classroom.closed")
            if not math.isfinite(value) or (
                question.is_choice
                and (value != int(value) or not 0 <= value < len(question.options))
            ):
                raise InputError("classroom.bad_answer")
            if student not in answers and len(answers) >= MAX_ANSWERS:
                raise InputError("classroom.room_full", limit=MAX_ANSWERS)
            answers[student] = value
            return len(room.questions) - 1

    def current(self, code: str) -> tuple[int, Question] | None:
        """The current question and its index, for a student's screen (None before one)."""
        with self._lock:
            room = self._room(code)
            if not room.questions:
                return None
            return len(room.questions) - 1, room.questions[-1]

    def own_answer(self, code: str, student: str, index: int) -> float | None:
        with self._lock:
            room = self._room(code)
            if not 0 <= index < len(room.answers):
                return None
            return room.answers[index].get(student)

    def result(self, code: str, index: int) -> Tally | None:
        """The class result of question `index`, once the teacher revealed it (else None)."""
        with self._lock:
            room = self._room(code)
            if not 0 <= index < len(room.questions) or not room.revealed[index]:
                return None
            return _tally(room, index)

    # --- bookkeeping ---------------------------------------------------------------------

    def room_count(self) -> int:
        with self._lock:
            self._expire()
            return len(self._rooms)

    def _new_code(self) -> str:
        while True:
            code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
            if code not in self._rooms:
                return code

    def _room(self, code: str) -> _Room:
        now = self._expire()
        key = normalize_code(code)
        if key not in self._rooms:
            raise self._missing(key)
        room = self._rooms[key]
        room.touched = now
        return room

    def _missing(self, key: str) -> InputError:
        """A code with no room: closed by expiry (remembered a while), or never opened."""
        if key in self._expired:
            return InputError("classroom.expired", code=key)
        return InputError("classroom.no_room", code=key)

    def _own_room(self, code: str, teacher: str) -> _Room:
        room = self._room(code)
        if room.teacher != teacher:
            raise InputError("classroom.not_teacher")
        return room

    def _expire(self) -> float:
        """Drop rooms unused for ROOM_TTL and old misses; the current time."""
        now = self._clock()
        for code in [c for c, r in self._rooms.items() if now - r.touched > ROOM_TTL]:
            del self._rooms[code]
            self._expired.append(code)
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


def _tally(room: _Room, index: int = -1) -> Tally:
    index = index % len(room.questions)
    question, answers = room.questions[index], room.answers[index]
    counts = Counter(answers.values())
    return Tally(
        question=question,
        index=index,
        answered=len(answers),
        counts=dict(sorted(counts.items())),
        revealed=room.revealed[index],
        right=sum(n for value, n in counts.items() if question.is_right(value)),
    )
