"""Guided lessons: a teacher's sequence of stops, read from a TOML file in normviz/lessons/.

A lesson is data, not code, so a teacher can read and adapt it: each stop names a page and
the view it opens (the URL parameters of a shared link), says what to look at, and asks a
prediction before the page shows the answer. Every text is given in every language of the
app. A prediction is either a multiple choice written in the file, or one of the Class
check's questions (ui.classroom), whose answer is computed from the stop's tensor.

This module only reads and checks the files; ui.lesson shows them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from normviz.config import ViewConfig, from_query

LESSONS_DIR = Path(__file__).with_name("lessons")
LANGUAGES = ("en", "zh")

Text = dict[str, str]  # language → text


class LessonError(ValueError):
    """A lesson file that cannot be shown: what is wrong and where."""


@dataclass(frozen=True)
class Prediction:
    """What the class commits to before the page answers it."""

    question: Text | None  # a multiple choice's question (None: a computed question's own)
    options: tuple[Text, ...]  # a multiple choice's options
    answer: int  # the right option's index
    computed: str  # or: the name of a Class check question (ui.classroom.QUESTIONS)
    explain: Text  # why, shown once the prediction is made

    @property
    def is_choice(self) -> bool:
        return not self.computed


@dataclass(frozen=True)
class Stop:
    id: str
    page: str  # a page's file name without ".py" (ui.pages: HOME or PAGES)
    view: dict[str, str]  # URL parameters: the sidebar's settings and the page's own
    title: Text
    look: Text  # two or three sentences: what to look at
    predict: Prediction | None
    parts: tuple[str, ...] = ()  # the page's later parts (ui.parts) the stop opens

    def config(self) -> ViewConfig:
        """The sidebar settings this stop opens (the page's own are in `view` too)."""
        return from_query(self.view)[0]


@dataclass(frozen=True)
class Lesson:
    id: str
    title: Text
    intro: Text
    stops: tuple[Stop, ...]


def available() -> tuple[str, ...]:
    """The lessons in normviz/lessons/, by id (the file name without .toml)."""
    return tuple(sorted(p.stem for p in LESSONS_DIR.glob("*.toml")))


def load(lesson_id: str) -> Lesson:
    """Lesson `lesson_id`, checked: every text in every language, every view a valid link."""
    if lesson_id not in available():
        raise LessonError(f"no lesson {lesson_id!r} in {LESSONS_DIR}")
    path = LESSONS_DIR / f"{lesson_id}.toml"
    with path.open("rb") as file:
        data = tomllib.load(file)
    try:
        stops = tuple(_stop(raw, i) for i, raw in enumerate(data["stops"]))
        lesson = Lesson(lesson_id, _text(data["title"]), _text(data["intro"]), stops)
    except (KeyError, TypeError) as err:
        raise LessonError(f"{path.name}: missing or malformed {err}") from err
    ids = [s.id for s in stops]
    if len(set(ids)) != len(ids) or not stops:
        raise LessonError(f"{path.name}: stop ids must be unique, and there must be a stop")
    return lesson


def _text(raw: object, where: str = "") -> Text:
    if not isinstance(raw, dict) or any(not str(raw.get(k, "")).strip() for k in LANGUAGES):
        raise LessonError(f"{where or 'a text'}: needs a non-empty text in {LANGUAGES}")
    return {k: str(raw[k]).strip() for k in LANGUAGES}


def _stop(raw: dict, index: int) -> Stop:
    where = f"stop {index + 1} ({raw.get('id', '?')})"
    view = {str(k): str(v) for k, v in raw.get("view", {}).items()}
    notes = from_query(view)[1]
    if notes:  # a value from_query would replace with its default: a broken link
        raise LessonError(f"{where}: view {view} does not parse ({notes[0].key})")
    predict = raw.get("predict")
    parts = raw.get("parts", [])
    number = str(raw["page"]).split("_")[0]
    if not isinstance(parts, list) or not all(
        isinstance(p, str) and re.fullmatch(rf"p{number}_[a-z0-9_]+", p) for p in parts
    ):
        raise LessonError(f"{where}: parts must be a list of this page's part keys (p{number}_…)")
    return Stop(
        id=str(raw["id"]),
        page=str(raw["page"]),
        view=view,
        title=_text(raw["title"], where),
        look=_text(raw["look"], where),
        predict=None if predict is None else _prediction(predict, where),
        parts=tuple(parts),
    )


def _prediction(raw: dict, where: str) -> Prediction:
    computed = str(raw.get("computed", ""))
    explain = _text(raw["explain"], where)
    if computed:
        return Prediction(None, (), 0, computed, explain)
    options = tuple(_text(o, where) for o in raw["options"])
    answer = int(raw["answer"])
    if not 2 <= len(options) <= 6 or not 0 <= answer < len(options):
        raise LessonError(f"{where}: 2–6 options and a valid answer index")
    return Prediction(_text(raw["question"], where), options, answer, "", explain)
