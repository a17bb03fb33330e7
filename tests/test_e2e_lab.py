"""End to end, the Training lab in a real Chromium: a run goes on in a worker process while
the sidebar's navigation works, Stop shows "Stopped" within half a second of the click, and
a stopped run says so.

Same server, browser and skips as tests/test_e2e_browser.py (its fixtures are imported).
"""

from __future__ import annotations

import random
import time

import pytest
from playwright.sync_api import expect

from tests.test_e2e_browser import (  # noqa: F401 (fixtures)
    NAV_LINK,
    assert_no_exception,
    browser,
    page,
    server,
    wait_idle,
)

pytestmark = pytest.mark.browser

TRAIN = ".st-key-train button"
STOP = ".st-key-stop_train button"
PROGRESS = "[data-testid='stProgress']"
STOP_BUDGET = 0.5  # seconds from the click on Stop to "Stopped" on screen (issue 11)
ATTEMPTS = 3  # the machine is shared: the best of three clicks must meet the budget


def open_lab(page, server: str) -> None:  # noqa: F811
    """The lab with a long run nobody has trained (a fresh seed), in English."""
    seed = random.randrange(1000, 10_000)
    page.goto(f"{server}/Training_lab?steps=5000&lab_seed={seed}")
    wait_idle(page)
    page.wait_for_selector(TRAIN)


def start_run(page) -> None:  # noqa: F811
    page.locator(TRAIN).click()
    page.wait_for_selector(PROGRESS, timeout=60_000)  # the workers may still import torch
    page.wait_for_selector(STOP)


def stop_and_time(page) -> float:  # noqa: F811
    """Click Stop; seconds until the page says the run stopped."""
    clicked = time.monotonic()
    page.locator(STOP).click()
    page.get_by_text("Stopped", exact=False).first.wait_for(timeout=10_000)
    return time.monotonic() - clicked


def test_navigation_works_during_a_run_and_stop_is_prompt(page, server):  # noqa: F811
    open_lab(page, server)
    start_run(page)
    # the script is not busy with the run: the sidebar navigation answers
    page.locator(NAV_LINK).filter(has_text="Batch size").first.click()
    page.wait_for_url(lambda url: "Batch_size" in url, timeout=15_000)
    expect(page.locator("h1").first).to_have_text("Batch size", timeout=15_000)
    wait_idle(page)
    page.locator(NAV_LINK).filter(has_text="Training lab").first.click()
    expect(page.locator("h1").first).to_have_text("Training lab", timeout=15_000)
    page.wait_for_selector(STOP)  # the run went on while we were away; it is shown again
    seconds = [stop_and_time(page)]
    expect(page.locator("[data-testid='stAlert']").filter(has_text="Stopped")).to_contain_text(
        "step"
    )  # says how far it got
    assert_no_exception(page)
    while min(seconds) > STOP_BUDGET and len(seconds) < ATTEMPTS:
        start_run(page)
        time.sleep(1.0)
        seconds.append(stop_and_time(page))
    print(f"Stop → 'Stopped' on screen: {', '.join(f'{s:.2f}' for s in seconds)} s")
    assert min(seconds) <= STOP_BUDGET, seconds
