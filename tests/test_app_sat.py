"""Pages 3 (Sigmoid saturation) and 6 (Gradients) under AppTest: the first view, the curve
that agrees with its metric, headings and demonstrations that follow the chosen method, and
the corrected texts in both languages."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from helpers import config, errors, headings, ok, open_app, text
from test_app_pages_more import figure, trace, ys

from normviz import scale_invariance as si
from normviz.i18n import t
from ui import compute

SIGMOID = "app_pages/3_Sigmoid_saturation.py"
GRADS = "app_pages/6_Gradients.py"
LABELS = {"BN": "batch", "LN": "layer", "IN": "instance", "GN": "group"}


def percent(value: str) -> float:
    return float(value.rstrip("%")) / 100


# ---------------------------------------------------------------------------------------
# Sigmoid saturation


@pytest.mark.parametrize(
    "query",
    [
        {},  # the worked example: γ = (2, 5), β = (3, 8)
        {"n": "4", "c": "4", "h": "8", "w": "8", "preset": "Standard normal", "gamma": "3"},
        {"method": "GN", "G": "2", "n": "4", "c": "4", "h": "6", "w": "6", "beta": "2.5"},
    ],
)
def test_the_saturates_again_curve_equals_the_metric_above_it(query):
    at = ok(open_app(SIGMOID, **query))
    shown = [m.value for m in at.metric][4]  # "saturated with the sidebar's γ, β"
    fig = figure(at, "resaturation")
    name = t("fig.saturation.resat.both", "en")
    scales = np.asarray(trace(fig, name)["x"], dtype=np.float64)
    curve = ys(fig, name)
    assert f"{curve[scales == 1.0][0]:.1%}" == shown
    # and exactly the share of the layer's own output (computed here by torch)
    cfg = config(at)
    x = torch.from_numpy(compute.tensor(cfg).astype(np.float64))
    gamma = torch.tensor(cfg.gamma, dtype=torch.float64)
    beta = torch.tensor(cfg.beta, dtype=torch.float64)
    y = {
        "batch": lambda: F.batch_norm(x, None, None, gamma, beta, training=True, eps=cfg.eps),
        "group": lambda: F.group_norm(x, cfg.groups, gamma, beta, cfg.eps),
    }[cfg.method]()
    assert curve[scales == 1.0][0] == pytest.approx(float((y.abs() > np.log(19)).double().mean()))
    (marker,) = [tr for tr in fig["data"] if tr.get("mode") == "markers"]
    assert marker["x"] == [1.0] and marker["name"].endswith(shown)


def test_first_view_pulls_the_worked_example_out_of_saturation_and_the_toggle_resaturates():
    at = ok(open_app(SIGMOID))
    assert [m.value for m in at.metric][0::2] == ["75.0%", "0.0%", "62.5%"]
    title = figure(at, "resaturation")["layout"]["title"]["text"]
    assert "k·γ·x̂ + β" in title
    ok(at.toggle(key="affine").set_value(True).run())
    assert [m.value for m in at.metric][2] == "62.5%"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_sigmoid_page_shows_the_corrected_texts(lang):
    at = ok(open_app(SIGMOID, lang=lang))
    page = text(at)
    layers = t("p3.layers.text", lang, layers=10, before="x", after="x", best="x", explode="x")
    for word in ("梯度消失", "梯度爆炸") if lang == "zh" else ("vanishing", "exploding"):
        assert word in page
    assert "0.25ᴸ: 9.54 × 10⁻⁷" in page or "0.25ᴸ：L = 10 时为 9.54 × 10⁻⁷" in page
    assert "25ᴸ = 9.54 × 10¹³" in page
    assert "Wᵀ" in page and "Wᵀ" in layers
    assert "e⁻ˣ" in page and "e^" not in page and "0.25^" not in page
    assert t("p3.resat.caption", lang) in page
    assert t("fig.saturation.decay.best", lang).endswith("0.25ᴸ")


# ---------------------------------------------------------------------------------------
# Gradients: headings, formulas and demonstrations follow the sidebar's method

GRAD_TENSOR = {"n": "4", "c": "4", "h": "3", "w": "3", "preset": "Standard normal"}


@pytest.mark.parametrize("label", ["BN", "LN", "IN", "GN"])
def test_gradients_headings_and_demonstrations_follow_the_method(label):
    groups = {"G": "2"} if label == "GN" else {}
    at = ok(open_app(GRADS, method=label, **groups, **GRAD_TENSOR))
    shown = "GN (G=2)" if label == "GN" else label
    assert config(at).label == shown
    shown_headings = headings(at)
    assert f"What {shown} removes from the gradient" in shown_headings
    assert f"A bias before {shown}" in shown_headings
    assert not any("BN" in h for h in shown_headings if label != "BN" and "Why does BN" not in h)
    assert shown in figure(at, "removed")["layout"]["title"]["text"]
    scale_title = figure(at, "scale_invariance")["layout"]["title"]["text"]
    assert f"{label}(aW·u) = {label}(W·u)" in scale_title  # the short name in formulas
    assert f"{label}(aW·u) = {label}(W·u)" in text(at)
    method = LABELS[label]
    bias_text = t(f"p6.bias.{method}", "en", grad="", change="", groups=2).split("**")[1]
    assert bias_text in text(at)
    landscape = figure(at, "landscape")
    names = [tr["name"] for tr in landscape["data"] if tr.get("showlegend", True)]
    if label == "IN":  # undefined on the MLP: the page says so and shows BN
        assert t("p6.landscape.instance", "en") in text(at, "info")
        assert "with BN" in names
    else:
        assert f"with {shown}" in names
    assert not errors(at)


@pytest.mark.parametrize("label", ["BN", "LN", "IN", "GN"])
def test_bias_demonstration_numbers_match_torch(label):
    groups = {"G": "2"} if label == "GN" else {}
    at = ok(open_app(GRADS, method=label, **groups, **GRAD_TENSOR))
    model = si.make_linear_bn(batch=si.DEMO_BATCH, positions=si.DEMO_POSITIONS)
    z = torch.from_numpy(np.einsum("cd,ndl->ncl", model.weight, model.u))
    norm = {
        "BN": lambda v: F.batch_norm(v, None, None, training=True, eps=1e-5),
        "LN": lambda v: F.group_norm(v, 1, eps=1e-5),
        "IN": lambda v: F.instance_norm(v, eps=1e-5),
        "GN": lambda v: F.group_norm(v, 2, eps=1e-5),
    }[label]
    one = torch.tensor([si.DEMO_BIAS, 0.0, 0.0, 0.0], dtype=torch.float64)[None, :, None]
    fig = figure(at, "bias")
    rings, every, _, only_one = (np.asarray(tr["y"], dtype=np.float64) for tr in fig["data"])
    np.testing.assert_allclose(rings, norm(z)[0].reshape(-1).numpy(), atol=1e-6)
    np.testing.assert_allclose(every, norm(z + si.DEMO_BIAS)[0].reshape(-1).numpy(), atol=1e-6)
    np.testing.assert_allclose(only_one, norm(z + one)[0].reshape(-1).numpy(), atol=1e-6)
    moved = float((norm(z + one) - norm(z)).abs().max())
    assert (moved > 0.1) == (label in ("LN", "GN"))  # a per-channel bias survives LN and GN


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_gradients_page_shows_the_corrected_texts(lang):
    at = ok(open_app(GRADS, lang=lang))
    page = text(at)
    removed = t("p6.removed", lang, sum=0, dot=0, dot_eps=0, label="BN").split("\n\n")[2]
    assert removed[:40] in page
    for words in (
        ("一阶", "η²‖∂L/∂x‖²", "权重衰减"),
        ("first order", "η²‖∂L/∂x‖²", "weight decay"),
    )[lang == "en"]:
        assert words in page
    assert "NeurIPS 2018" in page and "§3.1" in page and "§3.3" in page
    assert ("初始化不那么敏感" if lang == "zh" else "less sensitive to initialization") in page
    assert "van Laarhoven 2017" in page


# ---------------------------------------------------------------------------------------
# Steps mode: a chart appears with the paragraph that explains it


def next_button(at, key: str):
    (button,) = [b for b in at.button if b.key == f"_step_{key}_next"]
    return button


def test_steps_mode_shows_the_sigmoid_charts_with_their_paragraphs():
    at = ok(open_app(SIGMOID, stepwise="1"))
    assert not at.get("plotly_chart") and not at.metric  # step 1: σ and σ′ only
    ok(next_button(at, "p3.intro").click().run())
    assert len(at.get("plotly_chart")) == 1  # step 2: x and its saturation
    assert "affine" not in [w.key for w in at.main.toggle]
    ok(next_button(at, "p3.intro").click().run())
    assert at.toggle(key="affine").value is False  # step 3: the normalized side
    assert [m.value for m in at.metric][2] == "0.0%"
    assert "gradient_decay" not in str([c.proto.id for c in at.get("plotly_chart")])


def test_steps_mode_shows_the_removed_chart_with_its_paragraph():
    at = ok(open_app(GRADS, stepwise="1"))
    ids = [c.proto.id for c in at.get("plotly_chart")]
    assert not any(i.endswith("-removed") or i.endswith("-scale_invariance") for i in ids)
    ok(next_button(at, "p6.removed").click().run())
    assert any(c.proto.id.endswith("-removed") for c in at.get("plotly_chart"))
