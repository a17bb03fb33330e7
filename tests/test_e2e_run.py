"""End to end, in headless Chromium: Train vs eval shows the worked example's one training
step, and lengthening the stream keeps the step where it was (issue 11)."""

from __future__ import annotations

import re

from tests.test_e2e_browser import (  # noqa: F401 (fixtures)
    assert_no_exception,
    browser,
    main_text,
    page,
    server,
    wait_for_url,
    wait_idle,
)

TRAIN = "Train_vs_eval"


def open_train(page, url: str, query: str = "") -> None:  # noqa: F811
    page.goto(f"{url}/{TRAIN}" + (f"?{query}" if query else ""))
    wait_idle(page)
    page.wait_for_selector(".st-key-batches input[type='range']")
    assert_no_exception(page)


def test_worked_example_one_step_is_on_screen(page, server):  # noqa: F811
    open_train(page, server)
    text = main_text(page)
    assert re.search(r"bn\.running_mean\s*=\s*\(0\.4500, 0\.7000\)", text), text[:3000]
    assert re.search(r"bn\.running_var\s*=\s*\(1\.5000, 3\.3000\)", text)
    assert "3.8981" in text  # y[0, 0, 0, 0] in eval mode: 2·0.55/√1.50001 + 3


def test_lengthening_the_stream_keeps_the_step(page, server):  # noqa: F811
    open_train(page, server, "step=7")
    assert "After 7 batches" in main_text(page)
    thumb = page.locator(".st-key-batches input[type='range']")
    thumb.focus()
    page.keyboard.press("ArrowRight")  # 100 → 110 batches
    wait_for_url(page, "batches=110")
    assert "step=7" in page.url
    assert "After 7 batches" in main_text(page)
    assert page.locator(".st-key-step input[type='range']").input_value() == "7"
    assert_no_exception(page)
