"""End to end: a 3-D upload read as N×C×L, then as N×T×D with one click, in a real browser.

A real `streamlit run app.py` and headless Chromium, with the fixtures and helpers of
tests/test_e2e_browser.py. The shape text beside the upload, the address bar (seq=1) and the
Reduction axes table follow the reading; the file is uploaded once.
"""

from __future__ import annotations

import numpy as np
import pytest
from playwright.sync_api import expect

from normviz.i18n import t
from tests.test_e2e_browser import (  # noqa: F401  (server, browser, page: pytest fixtures)
    assert_no_exception,
    browser,
    open_page,
    page,
    screenshot,
    server,
    wait_for_url,
    wait_idle,
)

pytestmark = pytest.mark.browser
READING = ".st-key-_w_upload_reading"


def test_a_3d_upload_switches_between_its_two_readings(page, server, tmp_path):  # noqa: F811
    x = np.random.default_rng(0).standard_normal((2, 6, 4)).astype(np.float32)
    path = tmp_path / "tokens.npy"
    np.save(path, x)
    open_page(page, server, "Reduction_axes", "method=token")
    page.get_by_text(t("upload.panel.title")).click()
    page.locator(".st-key-_w_upload_file input[type='file']").set_input_files(str(path))
    wait_for_url(page, "src=")
    sidebar = page.locator("[data-testid='stSidebar']")
    expect(sidebar).to_contain_text("2×6×4 read as N×C×L")
    assert "seq=1" not in page.url
    page.locator(READING).get_by_text(t("upload.panel.reading.ntd")).click()
    wait_for_url(page, "seq=1")
    expect(sidebar).to_contain_text("2×6×4 read as N×T×D")
    expect(sidebar).to_contain_text("held as 2×4×1×6")
    table = page.locator("[data-testid='stMain'] [data-testid='stTable']").last
    expect(table).to_be_visible()
    assert_no_exception(page)
    screenshot(page, "seq_upload")
    page.locator(READING).get_by_text(t("upload.panel.reading.ncl")).click()
    page.wait_for_url(lambda u: "seq=1" not in u)
    wait_idle(page)
    expect(sidebar).to_contain_text("2×6×4 read as N×C×L")
    assert_no_exception(page)
