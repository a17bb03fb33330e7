"""The lesson files (normviz/lessons/): every stop opens a real page with a valid link, every
text in both languages, and the answers the file claims are what the library computes."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch

import normviz as nv
from normviz import lesson as lessons
from normviz.config import URL_KEYS
from normviz.lesson import LessonError
from tests.helpers import PART_KEYS, ROOT
from ui.classroom import QUESTIONS
from ui.pages import HOME, PAGES, path

LESSON = lessons.load("normalization")
STOPS = {s.id: s for s in LESSON.stops}


def page_params(page: str) -> set[str]:
    """The page's own URL settings: the keys it seeds with ui.page_params.initial."""
    source = (ROOT / path(page)).read_text()
    return set(re.findall(r'^initial\("(\w+)"', source, flags=re.M))


@pytest.mark.parametrize("lesson_id", lessons.available())
def test_every_stop_opens_a_page_with_a_valid_link(lesson_id):
    lesson = lessons.load(lesson_id)
    pages = {HOME[0]} | {name for name, _ in PAGES}
    assert len(lesson.stops) >= 10
    for stop in lesson.stops:
        assert stop.page in pages, stop.id
        allowed = set(URL_KEYS.values()) | page_params(stop.page)
        assert set(stop.view) <= allowed, (stop.id, set(stop.view) - allowed)
        if stop.predict and not stop.predict.is_choice:
            assert stop.predict.computed in QUESTIONS, stop.id


def test_the_lesson_follows_the_lecture():
    order = [s.page for s in LESSON.stops]
    first = {page: order.index(page) for page in order}
    assert first["3_Sigmoid_saturation"] < first["2_Step_by_step"] < first["4_Train_vs_eval"]
    assert first["4_Train_vs_eval"] < first["1_Reduction_axes"] < first["5_Batch_size"]
    assert first["5_Batch_size"] < first["6_Gradients"] < first["7_Dropout"]
    assert first["7_Dropout"] < first["9_Transformer_norms"] < first["10_Pre_LN_vs_post_LN"]
    assert all(s.predict is not None for s in LESSON.stops)  # every stop asks first


def write(tmp_path, monkeypatch, text: str) -> None:
    monkeypatch.setattr(lessons, "LESSONS_DIR", tmp_path)
    (tmp_path / "mine.toml").write_text(text, encoding="utf-8")


GOOD_STOP = """
[[stops]]
id = "a"
page = "2_Step_by_step"
view = { method = "ln" }
title = { en = "A", zh = "甲" }
look = { en = "Look.", zh = "看。" }
"""
HEAD = 'title = { en = "T", zh = "课" }\nintro = { en = "I", zh = "引" }\n'


def test_a_teachers_own_lesson_file_loads(tmp_path, monkeypatch):
    write(tmp_path, monkeypatch, HEAD + GOOD_STOP)
    assert lessons.available() == ("mine",)
    lesson = lessons.load("mine")
    assert lesson.stops[0].config().method == "layer"
    assert lesson.stops[0].predict is None


@pytest.mark.parametrize(
    "broken",
    [
        GOOD_STOP.replace('zh = "甲"', 'zh = ""'),  # a text missing in one language
        GOOD_STOP.replace('method = "ln"', 'method = "xx"'),  # a view that is not a link
        GOOD_STOP + GOOD_STOP,  # two stops with one id
        GOOD_STOP.replace('page = "2_Step_by_step"\n', ""),  # no page
        GOOD_STOP
        + '[stops.predict]\nquestion = { en = "Q", zh = "问" }\noptions = [{ en = "a", zh = '
        '"甲" }, { en = "b", zh = "乙" }]\nanswer = 2\nexplain = { en = "E", zh = "释" }\n',
    ],
)
def test_a_broken_lesson_file_says_what_is_wrong(tmp_path, monkeypatch, broken):
    write(tmp_path, monkeypatch, HEAD + broken)
    with pytest.raises(LessonError):
        lessons.load("mine")


def test_an_unknown_lesson_is_refused():
    with pytest.raises(LessonError):
        lessons.load("../../etc/passwd")


# --- the answers the file claims, computed ----------------------------------------------------


def answer_text(stop_id: str) -> str:
    stop = STOPS[stop_id]
    return stop.predict.options[stop.predict.answer]["en"]


def test_saturation_answer_holds_on_the_stops_tensor():
    from ui import compute

    cfg = STOPS["saturation"].config()
    x = compute.tensor(cfg)
    y = nv.normalize(x, cfg.method, groups=cfg.group_count).y  # γ = 1, β = 0
    before, after = np.mean(np.abs(x) > 2.944), np.mean(np.abs(y) > 2.944)
    assert 0.6 < before < 0.72  # "about two thirds"
    assert after < 0.05 and answer_text("saturation") == "Well under 5 %"


def test_bias_before_bn_gets_no_gradient():
    torch.manual_seed(0)
    conv = torch.nn.Conv2d(3, 4, 3, bias=True)
    bn = torch.nn.BatchNorm2d(4).train()
    out = bn(conv(torch.randn(8, 3, 6, 6)))
    (out * torch.randn_like(out)).sum().backward()
    assert conv.bias.grad.abs().max() < 1e-5
    assert answer_text("bias") == "Exactly zero"


def test_inverted_dropout_before_bn_shrinks_the_eval_variance():
    torch.manual_seed(0)
    x = 2.0 + torch.randn(20_000, 1)
    dropped = torch.nn.Dropout(0.5).train()(x)
    assert x.var() < 0.5 * dropped.var()  # (v + μ²)/(1 − p) − μ² = 9 against v = 1
    assert answer_text("dropout") == "smaller"


def test_a_large_feature_map_does_not_rescue_two_samples():
    rng = np.random.default_rng(0)

    def batch_mean_noise(positions: int) -> float:
        offsets = 4.0 * rng.standard_normal((4000, 2, 1))  # per-sample offsets, N = 2
        values = offsets + rng.standard_normal((4000, 2, positions))
        return float(values.mean(axis=(1, 2)).std())

    ratio = batch_mean_noise(1024) / batch_mean_noise(256)
    assert 0.9 < ratio < 1.1 and answer_text("small_batch") == "hardly change"


def test_every_stop_opens_only_parts_of_its_own_page():
    for lesson_id in lessons.available():
        for stop in lessons.load(lesson_id).stops:
            number = stop.page.split("_")[0]
            assert all(p in PART_KEYS and p.startswith(f"p{number}_") for p in stop.parts), stop
