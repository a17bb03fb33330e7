"""End to end, the Transformers page in a real Chromium, in English and Chinese: it renders
every chart without an exception, the offset slider moves by keyboard into the link and
changes the number on screen.

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
    page.goto(f"{server}/{PATH}{query}")
    wait_idle(page)
    expect(page.locator("h1").first).to_have_text(t("p9.title", lang))
    expect(page.locator(CHART)).not_to_have_count(0)
    page.wait_for_selector(".js-plotly-plot")
    assert_no_exception(page)
    text = main_text(page)
    assert t("p9.rms.header", lang) in text and t("p9.speed.header", lang) in text
    expect(page.locator(METRIC)).to_have_count(2)
    before = page.locator(METRIC).first.inner_text()
    thumb = page.locator(".st-key-rms_offset input[type='range']")
    thumb.focus()
    page.keyboard.press("ArrowRight")
    wait_for_url(page, "rms_offset=2.25")
    expect(page.locator(METRIC).first).not_to_have_text(before)
    assert_no_exception(page)
