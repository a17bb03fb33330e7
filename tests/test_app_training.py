"""AppTest of the Training lab page with short runs (the default run is benchmarked instead).

Nothing trains until Train is pressed; the run goes to a worker process (ui.jobs), and the
page shows its result once it is in the shared store. `train` presses Train and reruns the
page until the result is there (AppTest does not fire the polling fragment by itself).
"""

from __future__ import annotations

import re
import time

import pytest
from helpers import ok, open_app
from streamlit.testing.v1 import AppTest

from ui.jobs import runner

LAB = "app_pages/8_Training_lab.py"
SHORT = {"steps": "60", "batch": "32", "lr": "1.0"}
WAIT_SECONDS = 180  # worker start-up (torch import) plus the run, on a busy machine


def open_lab(**params: str) -> AppTest:
    """Open the home page, then the lab with these page parameters in its URL."""
    at = open_app(timeout=180)
    for key, value in {**SHORT, **params}.items():
        at.query_params[key] = value
    return ok(at.switch_page(LAB).run())


def summary(at: AppTest) -> str:
    return " ".join(s.value for s in at.success)


def wait_for(at: AppTest, done, timeout: float = WAIT_SECONDS) -> AppTest:
    """Rerun the page until done(at) holds."""
    deadline = time.monotonic() + timeout
    while not done(at):
        assert time.monotonic() < deadline, "the job did not end in time"
        time.sleep(0.3)
        ok(at.run())
    return at


def train(at: AppTest) -> AppTest:
    """Press Train and wait for the result."""
    ok(at.button(key="train").click().run())
    return wait_for(at, lambda a: bool(a.success))


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
    at = train(open_lab(**params))
    text = summary(at)
    assert "after 60 steps" in text and "no norm" in text, text
    shown = [float(v) for v in re.findall(r"(\d+\.\d)%", text)]
    assert len(shown) == 2 and all(0 <= v <= 100 for v in shown), text
    assert len(at.get("plotly_chart")) >= 5  # loss, accuracy, percentiles, saturation, grads


def test_a_finished_run_is_shared_with_the_next_session_without_training() -> None:
    first = summary(train(open_lab(lab_seed="3")))
    second = open_lab(lab_seed="3")  # a new session: no click
    assert summary(second) == first


def test_changing_a_control_does_not_start_a_run_and_train_does() -> None:
    at = train(open_lab(lab_seed="4"))
    key = ("compare", at.session_state["_lab_config"])
    at.number_input(key="lab_seed").set_value(5).run()
    ok(at)
    assert not at.success  # no result for seed 5 yet, and none is being made
    assert "Settings changed" in " ".join(i.value for i in at.info)
    moved = ("compare", at.session_state["_lab_config"])
    assert moved != key and runner().job(moved) is None
    at.number_input(key="lab_seed").set_value(4).run()  # back: the finished run is shown
    assert "after 60 steps" in summary(at)
    train(at.number_input(key="lab_seed").set_value(5).run())
    assert runner().job(moved) is not None


def test_stop_ends_the_run_and_the_page_says_so() -> None:
    at = open_lab(steps="5000", lab_seed="6")
    ok(at.button(key="train").click().run())
    wait_for(at, _running)
    ok(at.button(key="stop_train").click().run())
    wait_for(at, lambda a: any("Stopped" in w.value for w in a.warning))
    assert not at.success  # a stopped run has no final accuracy
    assert runner().job(("compare", at.session_state["_lab_config"])).status == "stopped"


def _running(at: AppTest) -> bool:
    job = runner().job(("compare", at.session_state["_lab_config"]))
    return job is not None and job.status == "running"


def test_lr_follows_the_model_until_the_user_moves_it() -> None:
    at = open_app(timeout=180)
    at = ok(at.switch_page(LAB).run())
    assert at.select_slider(key="lr").value == 2.0  # MLP + sigmoid
    at.radio(key="activation").set_value("relu").run()
    assert at.select_slider(key="lr").value == 0.1
    at.radio(key="model").set_value("cnn").run()
    at.radio(key="activation").set_value("sigmoid").run()
    assert at.select_slider(key="lr").value == 1.0
    at.select_slider(key="lr").set_value(0.3).run()
    at.radio(key="model").set_value("mlp").run()
    assert at.select_slider(key="lr").value == 0.3  # the user's choice stays


def test_the_settings_survive_a_visit_to_another_page() -> None:
    at = open_lab(lab_seed="8", model="cnn")
    ok(at.switch_page("app_pages/5_Batch_size.py").run())
    at.query_params.clear()  # a sidebar link: the lab's settings are not in it
    ok(at.switch_page(LAB).run())
    assert at.number_input(key="lab_seed").value == 8
    assert at.radio(key="model").value == "cnn"


def test_instance_norm_on_the_mlp_is_refused_with_the_reason() -> None:
    at = open_lab(norm="IN")
    assert "IN" in at.radio(key="norm").options
    assert at.error and "one value" in at.error[0].value, [e.value for e in at.error]
    assert "train" not in [b.key for b in at.button]  # nothing to train


def test_gn_with_a_group_count_that_does_not_divide_the_width_is_refused() -> None:
    at = open_lab(norm="GN", lab_G="7")
    assert at.error and "G" in at.error[0].value, [e.value for e in at.error]


def test_bad_page_parameters_fall_back_with_a_warning() -> None:
    at = open_lab(lr="abc", depth="99")
    warnings = " ".join(w.value for w in at.warning)
    assert "lr" in warnings and "depth" in warnings
    assert "depth='99': not a valid value (valid: 1–6); using 3." in warnings  # what to type
    assert "after 60 steps" in summary(train(at))


def test_lr_sweep_runs_on_click_and_is_kept() -> None:
    at = train(open_lab(steps="50", lab_seed="7"))
    charts_before = len(at.get("plotly_chart"))
    ok(at.button(key="run_lr").click().run())
    wait_for(at, lambda a: len(a.get("plotly_chart")) == charts_before + 1)
    at.run()  # kept for everyone: a rerun shows it without clicking again
    assert len(at.get("plotly_chart")) == charts_before + 1


def test_the_lab_speaks_chinese_before_and_after_a_run() -> None:
    at = ok(open_app(LAB, {**SHORT, "lang": "zh", "lab_seed": "12"}, timeout=180))
    assert at.title[0].value == "训练实验室"
    assert at.button(key="train").label == "训练"
    assert "请点击**训练**" in " ".join(i.value for i in at.info)
    text = summary(train(at))
    assert "训练 60 步后" in text and "无归一化" in text, text
    assert at.radio(key="model").options == ["MLP（全连接）", "CNN（卷积）"]


def test_a_sweep_in_chinese() -> None:
    query = {**SHORT, "lang": "zh", "steps": "50", "lab_seed": "13"}
    at = train(ok(open_app(LAB, query, timeout=180)))
    assert at.button(key="run_lr").label == "运行学习率扫描"
    charts_before = len(at.get("plotly_chart"))
    ok(at.button(key="run_lr").click().run())
    wait_for(at, lambda a: len(a.get("plotly_chart")) == charts_before + 1)
    assert "最终测试准确率" in " ".join(m.value for m in at.markdown)


def test_the_lab_follows_the_sidebars_method_or_says_why_not() -> None:
    at = ok(open_app(LAB, {**SHORT, "method": "group"}, timeout=180))
    assert at.radio(key="norm").value == "GN"
    at = ok(open_app(LAB, {**SHORT, "method": "instance"}, timeout=180))
    assert at.radio(key="norm").value == "BN"  # IN on the MLP: not followed, and said so
    assert any("MLP cannot use" in i.value for i in at.info), [i.value for i in at.info]
    assert not at.error
