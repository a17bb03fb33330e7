"""AppTest of the Pre-LN vs Post-LN page in English and Chinese: the gradient chart and its
measured numbers (against normviz.prepost), the page settings in the link, and Train, whose
three runs go to a worker process (ui.jobs) and come back as two charts and a result line."""

from __future__ import annotations

import re
import time

import pytest
from helpers import chart, ok, open_app, text, warnings
from streamlit.testing.v1 import AppTest

from normviz import prepost
from normviz.i18n import t
from ui.jobs import runner

PAGE = "app_pages/10_Pre_LN_vs_post_LN.py"
WAIT_SECONDS = 240  # worker start-up (torch import) plus three runs, on a busy machine


def open_page(lang: str = "en", stepwise: str = "0", **params: str) -> AppTest:
    """The page, first visited after the home page (display settings from its link)."""
    at = open_app(timeout=180, lang=lang, stepwise=stepwise)
    for key, value in params.items():
        at.query_params[key] = value
    return ok(at.switch_page(PAGE).run())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_shows_the_gradient_chart_and_its_measured_ratios(lang):
    at = open_page(lang, pp_layers="3")
    assert at.title[0].value == t("p10.title", lang)
    assert at.slider(key="pp_layers").value == 3
    chart(at, "grad_chart")
    grads = prepost.init_gradients(3, "ffn2")
    shown = text(at, "markdown")
    for placement in prepost.PLACEMENTS:
        assert f"{grads.ratio(placement):.2f}" in shown, (placement, shown)
    assert t(f"p10.trend.{prepost.trend(grads.ratio('pre'))}", lang) in shown
    assert t("p10.press_train", lang) in text(at, "info")
    if lang == "zh":  # the page speaks Chinese, not only its title
        assert "初始化时各层的梯度范数" in [h.value for h in at.subheader]


def test_a_link_sets_the_page_and_a_bad_value_warns():
    at = open_page(pp_lr="0.003", pp_warmup="100", pp_weight="all", pp_seed="7")
    assert at.select_slider(key="pp_lr").value == 0.003
    assert at.select_slider(key="pp_warmup").value == 100
    assert at.radio(key="pp_weight").value == "all"
    assert at.number_input(key="pp_seed").value == 7
    bad = open_page(pp_lr="5", pp_layers="99")
    assert len(warnings(bad)) == 2 and bad.slider(key="pp_layers").value == 6


def test_changing_the_weights_redraws_the_measured_numbers():
    at = open_page(pp_layers="2")
    at.radio(key="pp_weight").set_value("attn_out").run()
    ok(at)
    grads = prepost.init_gradients(2, "attn_out")
    assert f"{grads.ratio('post'):.2f}" in text(at, "markdown")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_train_runs_the_three_placements_and_reports_them(lang):
    at = open_page(lang, pp_layers="1", pp_seed=str(11 if lang == "en" else 12))
    ok(at.button(key="pp_train").click().run())
    deadline = time.monotonic() + WAIT_SECONDS
    while not at.success:
        assert time.monotonic() < deadline, "the job did not end in time"
        time.sleep(0.5)
        ok(at.run())
    summary = at.success[0].value
    shown = [float(v) for v in re.findall(r"(\d+\.\d)%", summary)]
    assert len(shown) == 3 and all(0 <= v <= 100 for v in shown), summary
    names = [t("p10.run.post", lang), t("p10.run.pre", lang)]
    assert all(name in summary for name in names), summary
    chart(at, "pp_loss")
    chart(at, "pp_accuracy")
    job = runner().job(
        (
            "prepost",
            prepost.CompareConfig(layers=1, lr=0.01, warmup=50, seed=11 if lang == "en" else 12),
        )
    )
    assert job is not None and job.status == "finished"


def test_steps_mode_shows_the_chart_with_the_paragraph_that_reads_it():
    at = open_page(stepwise="1")
    header = t("p10.grad.header", "en")
    headers = [h.value for h in at.subheader]
    assert not at.get("plotly_chart") and header not in headers  # the intro comes first
    ok(at.button(key="_step_p10.intro_all").click().run())
    headers = [h.value for h in at.subheader]
    assert header in headers and not at.get("plotly_chart")  # the theorem, not yet the chart
    ok(at.button(key="_step_p10.grad_next").click().run())
    chart(at, "grad_chart")


def test_stop_is_told_to_the_session_that_stopped_and_not_to_others():
    params = {"pp_layers": "12", "pp_seed": "13"}  # a long run nobody else trains
    at = open_page(**params)
    ok(at.button(key="pp_train").click().run())
    ok(at.button(key="pp_stop").click().run())
    deadline = time.monotonic() + WAIT_SECONDS
    while not at.warning:
        assert time.monotonic() < deadline, "the job did not stop in time"
        time.sleep(0.3)
        ok(at.run())
    assert "Stopped" in at.warning[0].value
    other = open_page(**params)
    assert not warnings(other) and t("p10.press_train", "en") in text(other, "info")
