"""The guided lesson in AppTest: every stop opens its page in both languages, the page is
held back until the prediction is made, the verdict is right for a computed answer, and
Back / Next / Back to the lesson's view / a link / End behave as a teacher expects."""

from __future__ import annotations

import pytest

from normviz import lesson as lessons
from tests.helpers import config, ok, open_app, text, warnings
from ui.classroom import question
from ui.lesson import PREDICTED

LESSON = lessons.load("normalization")


def button(at, key: str):
    return next(b for b in at.button if b.key == key)


def start(lang: str = "en", lesson_id: str = "normalization"):
    at = ok(open_app(query={"lang": lang}))
    button(at, f"lesson_start_{lesson_id}").click().run()
    return ok(at)


def where(at) -> int:
    return at.session_state["_lesson"]["stop"]


def predict(at, value: float):
    """Make the current stop's prediction (an option's index, or a number) and commit it."""
    pick = [w for w in (*at.radio, *at.number_input) if (w.key or "").startswith("lesson_pick")]
    assert len(pick) == 1
    pick[0].set_value(value)
    next(b for b in at.button if (b.key or "").endswith("_commit")).click().run()
    return ok(at)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("lesson_id", lessons.available())
def test_every_stop_opens_holds_its_page_back_and_then_shows_it(lesson_id, lang):
    lesson = lessons.load(lesson_id)
    at = start(lang, lesson_id)
    for index, stop in enumerate(lesson.stops):
        assert where(at) == index
        assert at.query_params["stop"] == [str(index + 1)] or at.query_params["stop"] == str(
            index + 1
        )
        assert at.subheader[0].value == stop.title[lang]
        assert not warnings(at), (stop.id, warnings(at))  # the stop's link parsed cleanly
        assert config(at) == stop.config(), stop.id
        if stop.predict is not None:
            assert not at.title, f"{stop.id}: the page shows before the prediction"
            predict(at, 0)
            assert stop.predict.explain[lang] in text(at, "markdown")
        assert at.title, f"{stop.id}: the page stays hidden after the prediction"
        if index < len(lesson.stops) - 1:
            button(at, "lesson_next").click().run()
            ok(at)
    assert button(at, "lesson_next").disabled


def test_a_computed_answer_is_checked_against_the_stops_tensor():
    at = start()
    while LESSON.stops[where(at)].id != "worked":
        button(at, "lesson_next").click().run()
    stop = LESSON.stops[where(at)]
    right = question("group_mean", stop.config()).correct
    assert at.table[0].value.shape == (4, 4)  # the 16 values to compute it from, page held back
    predict(at, right + 0.5)
    assert "Not this time" in text(at, "info") and f"{right:g}" in text(at, "info")
    at.session_state[PREDICTED].clear()
    at.run()
    assert not at.title  # asked again
    predict(at, right + 0.004)
    assert text(at, "success").startswith("Right:")


def test_back_to_the_lessons_view_restores_the_stop_after_free_changes():
    at = start()
    predict(at, 1)
    at.sidebar.radio(key="_w_method").set_value("LN").run()
    assert config(at).method == "layer"
    button(at, "lesson_restore").click().run()
    ok(at)
    assert config(at) == LESSON.stops[0].config()
    assert at.title  # the prediction is kept: no need to answer again
    button(at, "lesson_next").click().run()
    button(at, "lesson_back").click().run()
    assert where(at) == 0 and at.title and "Right:" in text(at, "success")


def test_leaving_the_lessons_page_offers_the_way_back():
    at = start()
    predict(at, 1)
    at.switch_page("app_pages/1_Reduction_axes.py").run()
    ok(at)
    assert "This is not the lesson's page" in text(at, "markdown")
    assert at.title  # another page is not held back
    button(at, "lesson_return").click().run()
    ok(at)
    assert at.subheader[0].value == LESSON.stops[0].title["en"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_stop_is_a_link(lang):
    stop = LESSON.stops[2]
    at = ok(
        open_app(
            f"app_pages/{stop.page}.py",
            {"lang": lang, **stop.view, "lesson": "normalization", "stop": "3"},
        )
    )
    assert where(at) == 2 and at.subheader[0].value == stop.title[lang]
    assert not at.title  # the prediction comes first on another laptop too


@pytest.mark.parametrize(
    "query", [{"lesson": "nope"}, {"lesson": "normalization", "stop": "99"}, {"stop": "x"}]
)
def test_a_malformed_lesson_link_opens_the_page_with_a_message(query):
    at = ok(open_app("app_pages/2_Step_by_step.py", {"lang": "zh", **query}))
    assert at.title  # the page itself opens
    if "lesson" in query:
        assert any("课程" in w for w in warnings(at)), warnings(at)
    assert at.session_state["_lesson"] is None if "lesson" in query else True


def test_ending_the_lesson_removes_it_from_the_page_and_the_link():
    at = start()
    predict(at, 1)
    button(at, "lesson_end").click().run()
    ok(at)
    assert at.session_state["_lesson"] is None
    assert "lesson" not in at.query_params and "stop" not in at.query_params
    assert not [b for b in at.button if b.key == "lesson_next"]


def test_a_stop_opens_the_parts_its_text_is_about():
    """The stop "depth" says to scroll to the layers part: it opens with the part drawn, by
    the lesson's Next and by a link to the stop, in a session that had every part closed."""
    index = next(i for i, stop in enumerate(LESSON.stops) if stop.id == "depth")
    assert LESSON.stops[index].parts == ("p3_layers",)
    at = ok(open_app(query={"lesson": "normalization", "stop": str(index + 1)}, parts=False))
    assert "p3_layers" in at.session_state["_open_parts"]
    at = ok(open_app(parts=False))
    button(at, "lesson_start_normalization").click().run()
    assert "p3_layers" not in at.session_state["_open_parts"]
    for _ in range(index):
        if LESSON.stops[where(at)].predict is not None:
            predict(at, 0)
        button(at, "lesson_next").click().run()
    assert where(at) == index and "p3_layers" in at.session_state["_open_parts"]
    if LESSON.stops[index].predict is not None:
        predict(at, 0)
    assert [s.key for s in at.slider if s.key == "layers"] == ["layers"]  # the part is drawn
