"""End to end, Reduction axes and Step by step in a real Chromium: in presenter mode at
1920×1080 every group of the worked example is on screen, no formula is cut,
and the small cubes' titles do not run into each other.

Same server, browser and skips as tests/test_e2e_browser.py (its fixtures are imported).
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from playwright.sync_api import expect

from normviz.methods import METHODS
from tests.test_e2e_browser import (  # noqa: F401 (fixtures)
    assert_no_exception,
    browser,
    open_page,
    server,
    wait_formulas,
    wait_idle,
)

pytestmark = pytest.mark.browser

PRESENTER = {"width": 1920, "height": 1080}
LAPTOP = {"width": 1440, "height": 900}
MAIN = "[data-testid='stMain']"


@pytest.fixture
def sized(browser):  # noqa: F811 (the imported fixture)
    """A fresh session in a browser page of a given viewport."""
    contexts = []

    def make(viewport: dict):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        return page

    yield make
    for context in contexts:
        context.close()


def test_presenter_mode_shows_every_group_of_the_worked_example(sized, server):  # noqa: F811
    page = sized(PRESENTER)
    open_page(page, server, "Step_by_step", "present=1")
    table = page.locator(f"{MAIN} [data-testid='stTable'] table")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(2)  # BN on 2 channels: one (μ, σ²) per channel (waits for it)
    last = rows.filter(has_text="21.0000")  # channel 1: μ = 7, σ² = 21
    expect(last).to_have_count(1)
    last.scroll_into_view_if_needed()
    row, box = last.bounding_box(), table.bounding_box()
    assert (
        row["height"] > 0
        and box["y"] <= row["y"]
        and row["y"] + row["height"] <= box["y"] + box["height"] + 1
    )
    # nothing scrolls inside the table: its whole height is on the page
    clipped = table.evaluate(
        "t => { for (let e = t; e && e.dataset.testid !== 'stMain'; e = e.parentElement) {"
        " if (e.scrollHeight > e.clientHeight + 1 && getComputedStyle(e).overflowY !== 'visible')"
        " return true; } return false; }"
    )
    assert not clipped
    assert_no_exception(page)


def _ink_margins(png: bytes) -> tuple[int, int]:
    """Blank pixel rows above and below the ink of a screenshot (0: the ink touches the edge,
    the box cuts it off)."""
    grey = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    inked = np.nonzero((grey < 200).any(axis=1))[0]
    assert inked.size, "no ink"
    return int(inked[0]), int(grey.shape[0] - 1 - inked[-1])


@pytest.mark.parametrize("path", ["", "Step_by_step"])
@pytest.mark.parametrize(("viewport", "query"), [(LAPTOP, ""), (PRESENTER, "present=1")])
def test_no_formula_is_cut(sized, server, viewport, query, path):  # noqa: F811
    """The home page's formula and the four steps: ink clear of the box's top and bottom
    (Streamlit's display-math box hides what overflows it)."""
    page = sized(viewport)
    open_page(page, server, path, query)
    wait_formulas(page)
    formulas = page.locator(f"{MAIN} .katex-display")
    expect(formulas).to_have_count(4 if path else 1)
    for i in range(formulas.count()):
        formula = formulas.nth(i)
        formula.scroll_into_view_if_needed()
        top, bottom = _ink_margins(formula.screenshot())
        assert top >= 1 and bottom >= 1, (i, top, bottom)


def test_small_cube_titles_do_not_overlap_in_chinese_presenter_mode(sized, server):  # noqa: F811
    page = sized(PRESENTER)
    page.goto(f"{server}/Reduction_axes?lang=zh&present=1")
    wait_idle(page)
    page.wait_for_selector(".st-key-small_multiples .js-plotly-plot")
    texts = page.locator(".st-key-small_multiples g.annotation text")
    titles = [
        texts.nth(i).bounding_box()
        for i in range(texts.count())
        if "归一化" in (texts.nth(i).text_content() or "")
    ]
    assert len(titles) == len(METHODS)
    for i, a in enumerate(titles):
        for b in titles[i + 1 :]:
            apart = (
                a["x"] + a["width"] <= b["x"]
                or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"]
                or b["y"] + b["height"] <= a["y"]
            )
            assert apart, (a, b)
    assert_no_exception(page)
