"""End to end, the Class check in real Chromium: a teacher opens a room and asks, a student in
a second browser context joins by the link and answers, and the teacher's count reaches 1
without a reload (the fragment refreshes it). Fixtures from tests/test_e2e_browser.py."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.test_e2e_browser import (  # noqa: F401 (fixtures)
    assert_no_exception,
    browser,
    page,
    server,
    wait_idle,
)

pytestmark = pytest.mark.browser
METRIC = "[data-testid='stMetricValue']"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_student_answer_reaches_the_teachers_count(browser, page, server, lang):  # noqa: F811
    words = {
        "en": ("Open a room", "Ask the room", "Send", "Recorded"),
        "zh": ("开一个房间", "向全班提问", "提交", "已记录"),
    }[lang]
    query = "?lang=zh" if lang == "zh" else ""
    page.goto(f"{server}/Class_check{query}")
    wait_idle(page)
    page.get_by_role("button", name=words[0]).click()
    wait_idle(page)
    code_box = page.locator("div").filter(has_text=re.compile(r"^[2-9A-HJ-NP-Z]{6}$")).last
    expect(code_box).to_be_visible()
    code = code_box.inner_text().strip()
    page.get_by_role("button", name=words[1]).click()  # the first question: GN's pairs
    wait_idle(page)
    expect(page.locator(METRIC).first).to_have_text("0")

    context = browser.new_context()
    student = context.new_page()
    try:
        sep = "&" if query else "?"
        student.goto(f"{server}/Class_check{query}{sep}role=student&room={code}")
        wait_idle(student)
        number = student.locator(".st-key-class_number input")
        expect(number).to_be_visible(timeout=15_000)
        number.fill("8")
        number.press("Enter")
        student.get_by_role("button", name=words[2]).click()
        expect(student.get_by_text(words[3], exact=False)).to_be_visible(timeout=15_000)
        assert_no_exception(student)
    finally:
        context.close()
    # no click on the teacher's side: the count arrives by the fragment's refresh
    expect(page.locator(METRIC).first).to_have_text("1", timeout=15_000)
    assert_no_exception(page)
