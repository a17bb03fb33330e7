"""End to end: the method switch (with G under GroupNorm) and the chosen element are in view,
without scrolling, on every page: at 1440×900, and at 1920×1080 in presenter mode.

A real `streamlit run app.py` and headless Chromium, as in tests/test_e2e_browser.py, whose
fixtures and helpers this file uses. Screenshots of what is in view go to
artifacts/screenshots/sidebar_*.png.
"""

from __future__ import annotations

import re

import pytest

from tests.test_e2e_browser import (  # noqa: F401  (server, browser: pytest fixtures)
    SCREENSHOTS,
    assert_no_exception,
    browser,
    page_paths,
    server,
    wait_idle,
)

pytestmark = pytest.mark.browser

METHOD = ".st-key-_w_method"
GROUPS = ".st-key-_w_groups"
ELEMENT = ".st-key-side_element"  # ui/sidebar.py: the element's row of index boxes
VIEWS = {  # name → (width, height, query)
    "laptop": (1440, 900, ""),
    "presenter": (1920, 1080, "present=1"),
}


def in_view(page, selector: str) -> dict:
    """The element's box, checked to lie wholly inside the viewport as the page opened."""
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not drawn"
    height = page.viewport_size["height"]
    assert box["y"] >= 0 and box["y"] + box["height"] <= height, (selector, box, height)
    return box


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("view", list(VIEWS))
def test_method_and_element_are_in_view_on_every_page(browser, server, view, lang):  # noqa: F811
    width, height, query = VIEWS[view]
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(60_000)
    params = "&".join(p for p in (query, "method=GN", "lang=zh" if lang == "zh" else "") if p)
    try:
        for path in page_paths():
            page.goto(f"{server}/{path}?{params}")
            wait_idle(page)
            page.wait_for_selector(f"{METHOD} [data-testid='stRadioOption']")
            page.wait_for_selector(f"{ELEMENT} input")
            page.wait_for_timeout(300)  # the presenter style and late widgets settle
            assert_no_exception(page)
            scrolled = page.evaluate(
                "document.querySelector('[data-testid=stSidebarContent]').scrollTop"
            )
            assert scrolled == 0, path
            method, element = in_view(page, METHOD), in_view(page, ELEMENT)
            in_view(page, GROUPS)  # GN's G, between them
            assert method["y"] < element["y"], path
            boxes = page.locator(f"{ELEMENT} input")
            assert boxes.count() == 4, path  # n, c, h, w in one row
            tops = {round(boxes.nth(i).bounding_box()["y"]) for i in range(4)}
            assert len(tops) == 1, (path, tops)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"sidebar_{view}_{lang}.png"))
    finally:
        context.close()


def test_switching_method_from_the_top_keeps_the_element(browser, server):  # noqa: F811
    """The teacher's hand: a method switch and an element change, with nothing scrolled."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{server}/Step_by_step?at=1,1,0,1")
        wait_idle(page)
        page.wait_for_selector(f"{METHOD} [data-testid='stRadioOption']")
        options = page.locator(f"{METHOD} [data-testid='stRadioOption']")
        options.filter(has_text=re.compile(r"^LN$")).click()  # not "token LN"
        page.wait_for_url(re.compile("method=layer"))
        wait_idle(page)
        assert "at=1%2C1%2C0%2C1" in page.url
        box = page.locator(f"{ELEMENT} input").nth(3)
        box.fill("0")
        box.press("Enter")
        page.wait_for_url(re.compile("at=1%2C1%2C0%2C0"))
        wait_idle(page)
        assert_no_exception(page)
        assert "x[1, 1, 0, 0]" in page.locator("[data-testid='stSidebar']").inner_text()
        in_view(page, METHOD)
        in_view(page, ELEMENT)
    finally:
        context.close()
