"""End to end, the Pre-LN vs Post-LN page in a real Chromium, in English and Chinese: the
gradient chart is drawn, and Train runs the three placements in a worker process and draws
their loss and accuracy curves.

Same server, browser and skips as tests/test_e2e_browser.py (its fixtures are imported).
"""

from __future__ import annotations

import random

import pytest
from playwright.sync_api import expect

from normviz.i18n import t
from tests.test_e2e_browser import (  # noqa: F401 (fixtures)
    CHART,
    assert_no_exception,
    browser,
    page,
    server,
    wait_idle,
)

pytestmark = pytest.mark.browser

PATH = "Pre_LN_vs_post_LN"
TRAIN = ".st-key-pp_train button"
RESULT = "[data-testid='stAlertContentSuccess']"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_loads_with_its_gradient_chart(page, server, lang):  # noqa: F811
    query = "?lang=zh" if lang == "zh" else ""
    page.goto(f"{server}/{PATH}{query}")
    wait_idle(page)
    expect(page.locator("h1").first).to_have_text(t("p10.title", lang))
    page.wait_for_selector(CHART)
    expect(page.locator(".js-plotly-plot").first).to_contain_text(t("fig.p10.axis.layer", lang))
    assert_no_exception(page)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_train_draws_the_three_runs(page, server, lang):  # noqa: F811
    seed = random.randrange(100, 1000)  # a setting nobody has trained on this server
    page.goto(f"{server}/{PATH}?lang={lang}&pp_layers=1&pp_seed={seed}")
    wait_idle(page)
    page.locator(TRAIN).click()
    page.wait_for_selector(RESULT, timeout=240_000)  # the workers may still import torch
    wait_idle(page)
    result = page.locator(RESULT).inner_text()
    for key in ("p10.run.post", "p10.run.pre"):
        assert t(key, lang) in result, result
    expect(page.locator(".js-plotly-plot")).to_have_count(3)  # gradients, loss, accuracy
    assert_no_exception(page)
