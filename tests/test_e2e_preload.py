"""End to end: the sidebar imports Plotly's chunk while the first page is read (ui.preload),
so the first chart page does not wait for it, and the sidebar's widgets do not move.

A real `streamlit run app.py` and headless Chromium, as in tests/test_e2e_browser.py.
"""

from __future__ import annotations

import pytest

from tests.test_e2e_browser import (  # noqa: F401  (server, browser, page: pytest fixtures)
    assert_no_exception,
    browser,
    open_page,
    page,
    server,
    visit_by_navigation,
    wait_idle,
)
from ui.preload import plotly_chunk

pytestmark = pytest.mark.browser

FETCHED = """chunk => performance.getEntriesByType('resource')
                      .filter(e => e.name.endsWith('/' + chunk)).length"""
LANGUAGE = ".st-key-_w_lang"  # the sidebar's first widget


def test_the_home_page_loads_plotly_before_any_chart_and_only_once(page, server):  # noqa: F811
    chunk = plotly_chunk()
    open_page(page, server)
    assert page.locator("[data-testid='stPlotlyChart']").count() == 0  # no chart at home
    page.wait_for_function(f"() => ({FETCHED})('{chunk}') === 1", timeout=15_000)
    top = page.locator(LANGUAGE).bounding_box()["y"]

    visit_by_navigation(page, "Reduction axes")
    wait_idle(page)
    page.wait_for_selector("[data-testid='stPlotlyChart'] .main-svg")
    assert_no_exception(page)
    assert page.evaluate(FETCHED, chunk) == 1  # Streamlit's own import found it loaded
    assert page.locator(LANGUAGE).bounding_box()["y"] == top  # the sidebar did not move
