"""End to end, in headless Chromium: steps mode holds a page's charts and formulas back until
the paragraph that explains them is on screen (issue 11)."""

from __future__ import annotations

import pytest

from normviz.i18n import steps, t
from tests.test_e2e_browser import (  # noqa: F401 (fixtures)
    assert_no_exception,
    browser,
    page,
    server,
    wait_idle,
)

CHARTS = "[data-testid='stMain'] .js-plotly-plot"
FORMULAS = "[data-testid='stMain'] .katex-display"


def counts(page, settle_ms: int = 0) -> tuple[int, int]:  # noqa: F811
    """Charts and display formulas in the main area (after settle_ms, so a chart that
    Plotly is still drawing is counted when asserting that there is none)."""
    page.wait_for_timeout(settle_ms)
    return page.locator(CHARTS).count(), page.locator(FORMULAS).count()


def click_next(page, which: int) -> None:  # noqa: F811
    """Click the Next of the page's explanation number `which` (0: the first)."""
    page.get_by_role("button", name=t("steps.next")).nth(which).click()
    wait_idle(page)


def test_step_by_step_reveals_each_formula_with_its_step(page, server):  # noqa: F811
    page.goto(f"{server}/Step_by_step?stepwise=1")
    wait_idle(page)
    assert_no_exception(page)
    assert counts(page, settle_ms=1500) == (0, 0)  # the intro's first paragraph only
    for _ in range(len(steps("p2.intro")) - 1):
        click_next(page, 0)
    page.wait_for_selector(CHARTS)
    charts, formulas = counts(page)
    assert charts >= 1 and formulas == 1  # the group's values, and step 1's formula (the mean)
    click_next(page, 1)
    page.wait_for_function(f'document.querySelectorAll("{FORMULAS}").length >= 2', timeout=10_000)
    assert counts(page)[1] == 2  # step 2's formula (the variance) arrives with its paragraph
    assert_no_exception(page)


@pytest.mark.parametrize("path", ["Sigmoid_saturation", "Batch_size", "Dropout"])
def test_a_pages_charts_wait_for_their_paragraph(page, server, path):  # noqa: F811
    page.goto(f"{server}/{path}?stepwise=1")
    wait_idle(page)
    first = counts(page, settle_ms=1500)[0]
    page.get_by_role("button", name=t("steps.all")).first.click()
    wait_idle(page)
    page.wait_for_selector(CHARTS)
    assert counts(page)[0] > first, (first, counts(page))
    assert_no_exception(page)
