"""Every page with token LayerNorm and RMSNorm chosen in the sidebar, in both languages.

The new methods must reach every page the way the four do: no traceback, no missing text,
and where a page's words depend on the method (RMSNorm has no mean), the words for it.
"""

from __future__ import annotations

import pytest

from tests.helpers import HOME, ok, open_app, text

PAGES = [
    HOME,
    "app_pages/1_Reduction_axes.py",
    "app_pages/2_Step_by_step.py",
    "app_pages/3_Sigmoid_saturation.py",
    "app_pages/4_Train_vs_eval.py",
    "app_pages/5_Batch_size.py",
    "app_pages/6_Gradients.py",
    "app_pages/7_Dropout.py",
    "app_pages/8_Training_lab.py",
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("method", ["token", "rms"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_with_the_new_methods(page, method, lang):
    at = ok(open_app(page, {"method": method, "lang": lang}))
    assert not at.error, [e.value for e in at.error]
    assert text(at)  # the page said something
    assert at.session_state["config"].method == method


def test_step_page_shows_rmsnorm_without_a_mean():
    at = ok(open_app("app_pages/2_Step_by_step.py", {"method": "rms"}))
    page = text(at)
    assert "RMSNorm is not standardization" in page
    assert "unbiased variance" not in page
    latex = " ".join(e.value for e in at.get("markdown"))
    assert r"\mu := 0" in latex and r"\mathrm{RMS}^2" in latex
    columns = list(at.get("table")[0].value.columns) if at.get("table") else []
    assert columns == [] or "μ" not in columns


def test_gradients_page_says_rmsnorm_keeps_the_sum():
    at = ok(open_app("app_pages/6_Gradients.py", {"method": "rms"}))
    page = text(at)
    assert "Σ ∂L/∂xᵢ is not 0" in page
    assert "∂L/∂μ = 0" in page
    assert "Neither cancels" in page


def test_sidebar_says_rmsnorm_has_no_beta():
    at = ok(open_app("app_pages/2_Step_by_step.py", {"method": "rms"}))
    assert "RMSNorm has no β" in text(at.sidebar)
