"""AppTest of the Training lab page with short runs (the default run is benchmarked instead)."""

from __future__ import annotations

import re

import pytest
from helpers import ok, open_app
from streamlit.testing.v1 import AppTest

LAB = "pages/8_Training_lab.py"
SHORT = {"steps": "60", "batch": "32", "lr": "1.0"}


def open_lab(**params: str) -> AppTest:
    """Open the home page, then the lab with these page parameters in its URL."""
    at = open_app(timeout=180)
    for key, value in {**SHORT, **params}.items():
        at.query_params[key] = value
    return ok(at.switch_page(LAB).run())


def summary(at: AppTest) -> str:
    return " ".join(s.value for s in at.success)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"activation": "relu", "norm": "LN"},
        {"norm": "GN", "lab_G": "5"},
        {"model": "cnn", "norm": "IN", "depth": "2"},
        {"model": "cnn", "norm": "GN", "lab_G": "4", "depth": "2"},
    ],
)
def test_lab_trains_both_runs_and_reports_accuracy(params: dict[str, str]) -> None:
    at = open_lab(**params)
    text = summary(at)
    assert "after 60 steps" in text and "no norm" in text, text
    shown = [float(v) for v in re.findall(r"(\d+\.\d)%", text)]
    assert len(shown) == 2 and all(0 <= v <= 100 for v in shown), text
    assert len(at.get("plotly_chart")) >= 5  # loss, accuracy, percentiles, saturation, grads


def test_same_configuration_gives_the_same_numbers() -> None:
    first = summary(open_lab(lab_seed="3"))
    second = summary(open_lab(lab_seed="3"))
    assert first == second


def test_gn_with_a_group_count_that_does_not_divide_the_width_is_refused() -> None:
    at = open_lab(norm="GN", lab_G="7")
    assert at.error and "G" in at.error[0].value, [e.value for e in at.error]


def test_bad_page_parameters_fall_back_with_a_warning() -> None:
    at = open_lab(lr="abc", depth="99")
    warnings = " ".join(w.value for w in at.warning)
    assert "lr" in warnings and "depth" in warnings
    assert "after 60 steps" in summary(at)


def test_lr_sweep_runs_on_click() -> None:
    at = open_lab(steps="50")
    charts_before = len(at.get("plotly_chart"))
    at.button(key="run_lr").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("plotly_chart")) == charts_before + 1  # the sweep's chart appeared
    at.run()  # kept for everyone: a rerun shows it without clicking again
    assert len(at.get("plotly_chart")) == charts_before + 1
