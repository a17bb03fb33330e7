"""End to end, the Transformers page in a real Chromium, in English and Chinese: it renders
every chart without an exception; its later parts open on a click (ui.parts); the offset
slider moves by keyboard into the link and changes the number on screen, rerunning its part
alone; an opened part stays open after a visit of another page.

Same server, browser and skips as tests/test_e2e_browser.py (its fixtures are imported).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from normviz.i18n import t
from tests.test_e2e_browser import (  # noqa: F401 (fixtures)
    CHART,
    assert_no_exception,
    browser,
    main_text,
    nudge_slider,
    open_part,
    page,
    server,
    wait_for_url,
    wait_idle,
)

pytestmark = pytest.mark.browser
PATH = "Transformer_norms"
METRIC = "[data-testid='stMetricValue']"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_transformer_page_renders_and_the_offset_slider_reaches_the_link(page, server, lang):  # noqa: F811
    query = "?lang=zh" if lang == "zh" else ""
    received: list[int] = []  # the server's messages (one a delta), counted
    page.on("websocket", lambda ws: ws.on("framereceived", lambda _: received.append(1)))
    page.goto(f"{server}/{PATH}{query}")
    wait_idle(page)
    expect(page.locator("h1").first).to_have_text(t("p9.title", lang))
    expect(page.locator(CHART)).not_to_have_count(0)
    page.wait_for_selector(".js-plotly-plot")
    assert_no_exception(page)
    text = main_text(page)
    assert t("p9.rms.header", lang) in text and t("p9.speed.header", lang) in text
    expect(page.locator(METRIC)).to_have_count(0)  # the part is closed: not drawn
    open_part(page, "p9_rms")
    expect(page.locator(METRIC)).to_have_count(2)
    before = page.locator(METRIC).first.inner_text()
    charts = page.locator(CHART).count()
    # the whole page's rerun (the sidebar's ε one step) against the part's own slider
    count = len(received)
    nudge_slider(page, "eps")
    wait_for_url(page, "eps=")
    page_messages = len(received) - count
    count = len(received)
    thumb = page.locator(".st-key-rms_offset input[type='range']")
    thumb.focus()
    page.keyboard.press("ArrowRight")
    wait_for_url(page, "rms_offset=2.25")
    expect(page.locator(METRIC).first).not_to_have_text(before)
    assert_no_exception(page)
    part_messages = len(received) - count
    assert part_messages < page_messages / 3, (part_messages, page_messages)  # the part alone
    assert page.locator(CHART).count() == charts
    # another page and back: the part is still open (its slider back at the link's value)
    page.locator("[data-testid='stSidebar'] a[href='Step_by_step']").first.click()
    wait_idle(page)
    page.locator(f"[data-testid='stSidebar'] a[href='{PATH}']").first.click()
    wait_idle(page)
    expect(page.locator(METRIC)).to_have_count(2)
    assert_no_exception(page)
