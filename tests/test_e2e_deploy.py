"""End to end, the BN-deployed page in a real Chromium: it loads in English and Chinese
without an exception, the folding's max difference is on screen (float32 ≪ 1e-5, float64
≪ 1e-12), the formula is typeset, and the pitfalls' charts are drawn once their parts are
opened; the test image chosen in pitfall 1 reaches pitfall 3's part too.

Same server, browser and skips as tests/test_e2e_browser.py (its fixtures are imported).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.test_e2e_browser import (  # noqa: F401 (fixtures)
    CHART,
    assert_no_exception,
    browser,
    open_part,
    open_parts,
    page,
    server,
    wait_formulas,
    wait_idle,
)

pytestmark = pytest.mark.browser

TITLES = {
    "en": "After training: BatchNorm as it is deployed",
    "zh": "训练之后：部署时的批量归一化",
}
METRIC = "[data-testid='stMetric']"


def open_deployed(page, server: str, lang: str) -> None:  # noqa: F811
    page.goto(f"{server}/BN_deployed" + ("?lang=zh" if lang == "zh" else ""))
    wait_idle(page)
    expect(page.locator("h1").first).to_have_text(TITLES[lang])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_loads_and_shows_the_folding_difference(page, server, lang):  # noqa: F811
    open_deployed(page, server, lang)
    assert_no_exception(page)
    wait_formulas(page)
    metrics = page.locator(METRIC)
    expect(metrics).to_have_count(3)
    label = "float32"
    float32 = metrics.filter(has_text=label).first.locator("[data-testid='stMetricValue']")
    float64 = metrics.filter(has_text="float64").first.locator("[data-testid='stMetricValue']")
    f32, f64 = float(float32.inner_text()), float(float64.inner_text())
    assert 0 < f64 < 1e-12 < f32 < 1e-5, (f32, f64)
    # the pitfalls are closed parts: no chart until they are opened, then their four
    assert page.locator(".js-plotly-plot").count() == 0
    assert open_parts(page) == 4
    page.wait_for_selector(".js-plotly-plot")
    expect(page.locator(CHART).first).to_be_attached()
    assert page.locator(".js-plotly-plot").count() == 4
    text = page.locator("[data-testid='stMain']").inner_text()
    assert "Expected more than 1 value per channel when training" in text
    if lang == "zh":
        assert "滑动均值" in text and "评估模式" in text
    assert_no_exception(page)


def test_the_test_image_control_changes_the_numbers(page, server):  # noqa: F811
    open_deployed(page, server, "en")
    open_part(page, "p11_eval")
    open_part(page, "p11_untracked")
    box = page.get_by_label("Test image (0–444)")
    box.fill("7")
    box.press("Enter")
    page.wait_for_url(lambda url: "image=7" in url)
    wait_idle(page)
    expect(page.get_by_text("Test image 7 shows a 7", exact=False)).to_be_visible()
    # the control is in pitfall 1's part; pitfall 3's part shows the same image (the page
    # reran whole, not the part alone)
    expect(page.get_by_text("In eval mode, test image 7 (a 7)", exact=False)).to_be_visible()
    assert_no_exception(page)
