"""End to end, the guided lesson in real Chromium: Start on the home page, the stop's page held
back until the prediction is locked in, then shown; Next opens the next stop's page and link;
a stop's link opens the same stop in a second browser. Fixtures from tests/test_e2e_browser.py."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from normviz import lesson as lessons
from tests.test_e2e_browser import (  # noqa: F401 (fixtures)
    assert_no_exception,
    browser,
    page,
    server,
    wait_idle,
)

pytestmark = pytest.mark.browser
LESSON = lessons.load("normalization")
PANEL = ".st-key-lesson_panel"
WORDS = {
    "en": ("Start the lesson", "Lock in my prediction", "Next ▶", "Sigmoid saturation"),
    "zh": ("开始课程", "锁定我的预测", "下一站 ▶", "Sigmoid 饱和"),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_predict_then_reveal_then_next(browser, page, server, lang):  # noqa: F811
    start, commit, next_stop, first_title = WORDS[lang]
    page.goto(f"{server}/?lang={lang}")
    wait_idle(page)
    page.get_by_role("button", name=start).click()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"/Sigmoid_saturation\?.*lesson=normalization"))
    panel = page.locator(PANEL)
    expect(panel.get_by_text(LESSON.stops[0].title[lang], exact=True)).to_be_visible()
    expect(page.locator("h1")).to_have_count(0)  # the page (its title first) is held back
    expect(page.locator(".js-plotly-plot")).to_have_count(0)  # the chart that answers is held

    panel.locator("[data-testid='stRadioOption'], label[data-baseweb='radio']").nth(1).click()
    wait_idle(page)
    page.get_by_role("button", name=commit).click()
    wait_idle(page)
    expect(page.locator("h1").filter(has_text=first_title)).to_be_visible()
    expect(panel.locator("[data-testid='stAlertContentSuccess']")).to_be_visible()
    expect(page.locator(".js-plotly-plot").first).to_be_visible(timeout=30_000)
    assert_no_exception(page)

    page.get_by_role("button", name=next_stop).click()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"stop=2"))
    expect(panel.get_by_text(LESSON.stops[1].title[lang], exact=True)).to_be_visible()
    link = page.url

    context = browser.new_context()  # a student's laptop opens the teacher's link
    student = context.new_page()
    try:
        student.goto(link)
        wait_idle(student)
        expect(
            student.locator(PANEL).get_by_text(LESSON.stops[1].title[lang], exact=True)
        ).to_be_visible()
        expect(student.locator(".js-plotly-plot")).to_have_count(0)
        assert_no_exception(student)
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_test_yourself_checks_an_answer_from_the_tensor_on_screen(page, server, lang):  # noqa: F811
    """Step by step on the worked example, BN, element (1, 1, 0, 1): its channel's mean is 7."""
    header, right, wrong = {
        "en": ("Test yourself", "Right.", "Not quite."),
        "zh": ("自测", "正确。", "还不对。"),
    }[lang]
    page.goto(f"{server}/Step_by_step?lang={lang}&at=1,1,0,1")
    wait_idle(page)
    page.get_by_text(header, exact=True).click()
    number = page.locator(".st-key-selftest_group_mean input")
    for typed, verdict, alert in (("7", right, "Success"), ("7.5", wrong, "Warning")):
        number.fill(typed)
        number.press("Enter")
        wait_idle(page)
        page.locator(".st-key-selftest_group_mean_check button").click()
        wait_idle(page)
        alerts = page.locator(f"[data-testid='stAlertContent{alert}']")
        expect(alerts.filter(has_text=verdict)).to_have_count(1)
    assert_no_exception(page)
