"""The classroom app under Streamlit's AppTest: every page, every method, the worked example's
numbers as the pages show them, bad links, the element cap, and state across pages."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from helpers import HOME, config, errors, ok, open_app, text, url_matches_config, warnings
from streamlit.testing.v1 import AppTest

import normviz as nv
from normviz.config import DEFAULT, MAX_ELEMENTS

AXES = "app_pages/1_Reduction_axes.py"
STEPS = "app_pages/2_Step_by_step.py"
SIGMOID = "app_pages/3_Sigmoid_saturation.py"
PAGES = (HOME, AXES, STEPS, SIGMOID)
TITLES = {
    HOME: "normviz: normalization layers, one number at a time",
    AXES: "Reduction axes",
    STEPS: "Step by step",
    SIGMOID: "Sigmoid saturation",
}
SATURATION_CUTOFF = math.log(19)  # σ(x) > 0.95 ⇔ x > ln 19 ≈ 2.944


# ---------------------------------------------------------------------------------------
# Helpers


def go(at: AppTest, page: str) -> AppTest:
    """Move to another page in the same session."""
    return ok(at.switch_page(page).run())


def metrics(at: AppTest) -> list[str]:
    return [m.value for m in at.metric]


def set_widget(at: AppTest, kind: str, field: str, value) -> AppTest:
    """Change one sidebar widget (key _w_<field>) and rerun."""
    getattr(at.sidebar, kind)(key=f"_w_{field}").set_value(value).run()
    return ok(at)


def set_method(at: AppTest, label: str) -> AppTest:
    return set_widget(at, "radio", "method", label)


def formulas(at: AppTest) -> list[str]:
    """The display formulas ($$ … $$) of the page's Markdown, in order (the Step page writes
    each of its four steps and its formula as one paragraph)."""
    return [f for m in at.markdown for f in re.findall(r"\$\$\n(.*?)\n\$\$", m.value, re.S)]


def shown_steps(at: AppTest) -> dict[str, str]:
    """The result of each of the four LaTeX steps, as written on the Step page."""
    names = ("mu", "var", "x_hat", "y")
    blocks = formulas(at)
    assert len(blocks) == 4, blocks
    last = re.compile(r"= (\(?-?[\d.]+\)?)\s*\$*\s*$")  # the number after the last "="
    return {name: last.findall(b)[0] for name, b in zip(names, blocks, strict=True)}


def percent(value: str) -> float:
    return float(value.rstrip("%")) / 100


def saturation(values: np.ndarray) -> tuple[float, float]:
    """Saturated fraction and mean σ', computed here independently of normviz."""
    s = 1 / (1 + np.exp(-values))
    return float(np.mean(np.abs(values) > SATURATION_CUTOFF)), float(np.mean(s * (1 - s)))


def worked_bn(gamma=(2.0, 5.0), beta=(3.0, 8.0)) -> np.ndarray:
    """PyTorch's BatchNorm of the worked example with γ = (2, 5), β = (3, 8) by default."""
    x = torch.from_numpy(nv.worked_example())
    gamma, beta = torch.tensor(gamma, dtype=x.dtype), torch.tensor(beta, dtype=x.dtype)
    return F.batch_norm(x, None, None, gamma, beta, training=True, eps=1e-5).numpy()


# ---------------------------------------------------------------------------------------
# Every page at the default settings (the worked example)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_at_default_settings(page):
    at = ok(open_app(page))
    assert [t.value for t in at.title] == [TITLES[page]]
    assert config(at) == DEFAULT
    assert not warnings(at) and not errors(at)
    assert at.query_params == {}  # the default view's link is the bare address
    assert at.sidebar.radio(key="_w_method").value == "BN"
    assert at.sidebar.selectbox(key="_w_preset").value == "Worked example"


def test_home_shows_the_worked_tensor():
    at = ok(open_app())
    x = nv.worked_example()
    assert metrics(at) == ["2×2×2×2", "16", f"{x.mean():.4g}", f"{x.std():.4g}", "0", "14"]
    assert metrics(at)[2:4] == ["5.75", "3.832"]
    assert "Method: BatchNorm (BN), ε = 1e-05" in text(at)


def test_axes_page_counts_groups_of_the_worked_tensor():
    at = ok(open_app(AXES))
    rows = at.table[0].value.set_index("method")  # six rows: HTML, not a canvas
    assert rows.loc["BatchNorm", "reduced axes"] == "N, H, W"
    assert rows.loc["LayerNorm", "reduced axes"] == "C, H, W"
    assert rows.loc["InstanceNorm", "reduced axes"] == "H, W"
    assert rows["group size m"].tolist()[:3] == [8, 8, 4]
    assert rows["(μ, σ²) pairs (RMSNorm: RMS²)"].tolist()[:3] == [2, 2, 4]
    params = rows["learnable γ, β"]
    assert params.loc["RMSNorm"] == 2  # γ only, C = 2
    assert set(params.drop("RMSNorm")) == {4}
    assert rows.loc["token LayerNorm", "reduced axes"] == "C"
    assert rows.loc["token LayerNorm", "(μ, σ²) pairs (RMSNorm: RMS²)"] == 8  # one per (n, h, w)
    assert at.info[0].value.startswith("BN: averages over N, H, W; m = 8 values")


def test_step_page_shows_the_worked_batchnorm_numbers():
    at = ok(open_app(STEPS))
    assert shown_steps(at) == {"mu": "4.5000", "var": "5.2500", "x_hat": "-1.5275", "y": "-0.0550"}
    page = text(at)
    assert "m = 8** values" in page
    assert "unbiased variance (× m/(m−1)) is 6.0000" in page
    table = at.table[0].value
    assert table["μ"].tolist() == [4.5, 7.0]
    assert table["σ²"].tolist() == [5.25, 21.0]
    diff = float(at.success[0].value.rsplit("=", 1)[1])
    assert diff < 1e-6


def test_sigmoid_page_shows_saturation_before_and_after():
    at = ok(open_app(SIGMOID))
    before_sat, before_grad = saturation(nv.worked_example())
    x_hat_sat, x_hat_grad = saturation(worked_bn(gamma=(1.0, 1.0), beta=(0.0, 0.0)))
    after_sat, after_grad = saturation(worked_bn())
    # first view: x̂ itself (γ = 1, β = 0): normalization pulls every input out of saturation
    assert at.toggle(key="affine").value is False
    assert metrics(at) == [
        f"{before_sat:.1%}",
        f"{before_grad:.4f}",
        f"{x_hat_sat:.1%}",
        f"{x_hat_grad:.4f}",
        f"{after_sat:.1%}",  # the γ-scan's metric: the sidebar's γ, β
    ]
    assert metrics(at)[0] == "75.0%"  # 12 of the 16 values have |x| > 2.944
    assert metrics(at)[2] == "0.0%" and metrics(at)[4] == "62.5%"
    ok(at.toggle(key="affine").set_value(True).run())  # the sidebar's γ = (2, 5), β = (3, 8)
    assert metrics(at)[2:] == [f"{after_sat:.1%}", f"{after_grad:.4f}", f"{after_sat:.1%}"]
    assert at.query_params["affine"] == "True"


# ---------------------------------------------------------------------------------------
# Every method, and the worked example's other numbers (domain.md §2)


@pytest.mark.parametrize(
    ("label", "at_", "expected"),
    [
        ("BN", (1, 1, 0, 0), {"mu": "7.0000", "var": "21.0000", "y": "9.0911"}),
        ("BN", (1, 1, 1, 1), {"y": "15.6376"}),
        ("LN", (0, 0, 0, 0), {"mu": "2.7500", "var": "3.1875", "y": "1.0396"}),
        ("LN", (0, 0, 0, 1), {"y": "2.1598"}),
        ("LN", (0, 0, 1, 1), {"y": "4.4003"}),
        ("IN", (0, 0, 0, 0), {"mu": "2.5000", "var": "1.2500", "y": "0.3167"}),
        ("IN", (0, 0, 1, 1), {"y": "5.6833"}),
    ],
)
def test_step_page_shows_the_worked_example(label, at_, expected):
    at = ok(open_app(STEPS))
    if label != "BN":
        set_method(at, label)
    for axis, index in enumerate(at_):
        if index:
            set_widget(at, "number_input", f"at{axis}", index)
    assert config(at).at == at_
    shown = shown_steps(at)
    assert {k: shown[k] for k in expected} == expected
    assert f"x[{', '.join(map(str, at_))}]" in text(at)


@pytest.mark.parametrize(
    ("label", "name", "axes_caption"),
    [
        ("BN", "BatchNorm", "BN: averages over N, H, W; m = 8"),
        ("LN", "LayerNorm", "LN: averages over C, H, W; m = 8"),
        ("IN", "InstanceNorm", "IN: averages over H, W; m = 4"),
        ("GN", "GroupNorm", "GN: averages over C/G = 2 channels, H, W; m = 8"),
    ],
)
def test_every_method_on_every_page(label, name, axes_caption):
    at = ok(open_app())
    set_method(at, label)
    assert f"Method: {name} (" in text(at)
    go(at, AXES)
    assert at.info[0].value.startswith(axes_caption)
    go(at, STEPS)
    assert f"**{name} ({label}" in text(at)
    assert len(shown_steps(at)) == 4
    go(at, SIGMOID)
    assert len(metrics(at)) >= 4 and not errors(at)
    assert at.sidebar.radio(key="_w_method").value == label


def test_sigmoid_page_follows_the_method():
    at = ok(open_app(SIGMOID))
    bn = metrics(at)
    set_method(at, "IN")
    assert metrics(at)[:2] == bn[:2]  # the input x does not change
    assert metrics(at)[2:4] != bn[2:4]


# ---------------------------------------------------------------------------------------
# GroupNorm and its groups


def test_groupnorm_groups_on_the_worked_example_are_layernorm_and_instancenorm():
    at = ok(open_app(STEPS))
    set_method(at, "GN")
    groups = at.sidebar.select_slider(key="_w_groups")
    assert groups.options == ["1", "2"]
    assert config(at).groups == 1
    assert shown_steps(at)["y"] == "1.0396"  # G = 1 is LayerNorm
    set_widget(at, "select_slider", "groups", 2)
    assert shown_steps(at)["y"] == "0.3167"  # G = C is InstanceNorm
    assert config(at).label == "GN (G=2)"
    assert at.query_params["G"] == "2"


def test_groupnorm_groups_change_the_group_size():
    at = ok(open_app(STEPS))
    set_widget(at, "slider", "c", 8)
    set_method(at, "GN")
    assert at.sidebar.select_slider(key="_w_groups").options == ["1", "2", "4", "8"]
    assert config(at).groups == 4  # a default that is neither LN nor IN
    assert "m = 8** values" in text(at) and "8 such groups" in text(at)
    set_widget(at, "select_slider", "groups", 2)
    assert "m = 16** values" in text(at) and "4 such groups" in text(at)
    assert len(at.table[0].value) == 4  # N·G rows of (μ, σ²)
    go(at, AXES)
    assert at.info[0].value.startswith("GN: averages over C/G = 4 channels, H, W; m = 16")
    url_matches_config(at)


def test_changing_c_moves_groups_to_a_divisor_with_a_warning():
    at = ok(open_app(STEPS))
    set_widget(at, "slider", "c", 8)
    set_method(at, "GN")
    set_widget(at, "slider", "c", 5)
    assert config(at).groups == 5  # the divisor of 5 nearest to 4
    (note,) = warnings(at)
    assert "G = 4 does not divide C = 5; using G = 5 (valid: 1, 5)" in note
    assert len(shown_steps(at)) == 4
    at.run()
    assert warnings(at) == []  # a note is shown once


# ---------------------------------------------------------------------------------------
# Other controls


def test_eps_changes_the_normalization():
    at = ok(open_app(STEPS))
    set_widget(at, "select_slider", "eps", 1.0)
    shown = shown_steps(at)
    assert (shown["x_hat"], shown["y"]) == ("-1.4000", "0.2000")  # −3.5/√(5.25+1)
    assert at.query_params["eps"] == "1"


def test_preset_sets_the_tensor_and_a_generator_change_makes_it_custom():
    at = ok(open_app())
    set_widget(at, "selectbox", "preset", "Badly scaled, saturating")
    cfg = config(at)
    assert (cfg.preset, cfg.scale, cfg.shift, cfg.gamma, cfg.shape) == (
        "Badly scaled, saturating",
        6,
        3,
        (1,) * 4,
        nv.PRESETS["Badly scaled, saturating"].shape,  # its own shape, not the worked 2×2×2×2
    )
    assert "Tensor: Badly scaled, saturating." in text(at)
    go(at, SIGMOID)
    before, after = percent(metrics(at)[0]), percent(metrics(at)[2])
    assert before > after  # normalizing pulls the inputs out of saturation
    set_widget(at, "slider", "scale", 2.0)
    assert config(at).preset == "Custom"
    assert at.sidebar.selectbox(key="_w_preset").value == "Custom"
    url_matches_config(at)


def test_large_gamma_pushes_normalized_inputs_back_into_saturation():
    at = ok(open_app(SIGMOID, n="4", c="4", h="8", w="8", preset="Standard normal"))
    small = percent(metrics(at)[4])  # saturated with the sidebar's γ, β
    x_hat = metrics(at)[2]
    set_widget(at, "slider", "gamma", 10.0)
    assert config(at).gamma == (10.0,) * 4
    assert percent(metrics(at)[4]) > small + 0.5
    assert metrics(at)[2] == x_hat  # the first chart shows x̂: γ does not move it
    ok(at.toggle(key="affine").set_value(True).run())
    assert metrics(at)[2] == metrics(at)[4]


def test_layers_slider_on_the_sigmoid_page():
    at = ok(open_app(SIGMOID))
    ok(at.slider(key="layers").set_value(20).run())
    assert "at most 0.25ᴸ: 9.09 × 10⁻¹³ for L = 20" in text(at)  # 0.25²⁰ = 9.09e-13
    assert "25ᴸ = 9.09 × 10²⁷: **exploding gradients**" in text(at)  # 25²⁰ = 9.09e27
    assert "**vanishing gradients**" in text(at)
    assert at.query_params["layers"] == "20"


# ---------------------------------------------------------------------------------------
# Links: good, bad, and the address bar


BAD_LINK = {"n": "abc", "method": "XX", "eps": "nan", "at": "1,2,3"}


@pytest.mark.parametrize("page", PAGES)
def test_bad_link_parameters_warn_and_fall_back(page):
    at = ok(open_app(page, **BAD_LINK))
    assert [t.value for t in at.title] == [TITLES[page]]
    notes = warnings(at)
    assert len(notes) == 4
    for key in ("n='abc'", "method='XX'", "eps='nan'", "at='1,2,3'"):
        assert any(key in note for note in notes), (key, notes)
    assert config(at) == DEFAULT
    assert at.query_params == {}  # the bad parameters are gone from the address bar
    if page == STEPS:
        assert shown_steps(at)["y"] == "-0.0550"
    ok(at.run())
    assert warnings(at) == []


def test_link_with_groups_not_dividing_c():
    at = ok(open_app(STEPS, method="GN", c="4", G="3", preset="Standard normal"))
    (note,) = warnings(at)
    assert "G = 3 does not divide C = 4; using G = 2 (valid: 1, 2, 4)" in note
    assert at.sidebar.select_slider(key="_w_groups").value == 2
    assert at.query_params["G"] == "2"


def test_link_with_a_shape_over_the_cap():
    at = ok(open_app(HOME, n="64", c="128", h="64", w="64", preset="Standard normal"))
    (note,) = warnings(at)
    assert "64×128×64×64" in note and f"{MAX_ELEMENTS:,}" in note
    assert config(at).shape == (2, 2, 2, 2)
    assert metrics(at)[0] == "2×2×2×2"


def test_good_link_sets_the_view():
    at = ok(open_app(STEPS, method="LN", at="0,0,0,1"))
    assert not warnings(at)
    assert shown_steps(at)["y"] == "2.1598"
    assert at.sidebar.radio(key="_w_method").value == "LN"
    assert at.query_params == {"method": "layer", "at": "0,0,0,1"}


def test_address_bar_follows_every_change():
    at = ok(open_app())
    set_method(at, "LN")
    assert at.query_params == {"method": "layer"}
    set_widget(at, "slider", "n", 4)
    assert at.query_params["n"] == "4"
    set_widget(at, "selectbox", "preset", "Per-sample offsets")
    assert at.query_params["preset"] == "Per-sample offsets"
    set_widget(at, "number_input", "at0", 1)  # the preset's own shape: N = 2
    assert at.query_params["at"] == "1,0,0,0"
    url_matches_config(at)
    set_method(at, "BN")
    assert "method" not in at.query_params
    url_matches_config(at)


# ---------------------------------------------------------------------------------------
# State across pages


def test_settings_survive_page_switches():
    at = ok(open_app())
    set_widget(at, "slider", "n", 4)
    set_method(at, "IN")
    set_widget(at, "select_slider", "eps", 1e-3)
    set_widget(at, "number_input", "at0", 3)
    cfg = config(at)
    assert (cfg.n, cfg.method, cfg.eps, cfg.at) == (4, "instance", 1e-3, (3, 0, 0, 0))
    for page in (AXES, STEPS, SIGMOID, HOME, STEPS):
        go(at, page)
        assert config(at) == cfg, page
        assert at.sidebar.slider(key="_w_n").value == 4
        assert at.sidebar.radio(key="_w_method").value == "IN"
        assert at.sidebar.select_slider(key="_w_eps").value == 1e-3
        assert at.sidebar.number_input(key="_w_at0").value == 3
        url_matches_config(at)
    assert "x[3, 0, 0, 0]" in text(at)


def test_a_change_on_a_page_reaches_the_other_pages():
    at = ok(open_app(SIGMOID))
    set_widget(at, "slider", "gamma", 3.0)
    go(at, STEPS)
    assert config(at).gamma == (3.0, 3.0)
    latex = formulas(at)[3]
    assert "3.0000 \\cdot" in latex


# ---------------------------------------------------------------------------------------
# The element cap


def test_a_slider_change_over_the_cap_is_refused():
    at = ok(open_app(HOME, n="2", c="128", h="64", w="64", preset="Standard normal"))
    before = config(at)
    set_widget(at, "slider", "n", 16)  # 16·128·64·64 = 8,388,608 elements
    (note,) = warnings(at)
    assert "16×128×64×64 would be 8,388,608 elements" in note
    assert f"cap of {MAX_ELEMENTS:,}" in note and "kept N = 2" in note
    assert config(at) == before
    assert at.sidebar.slider(key="_w_n").value == 2
    assert metrics(at)[0] == "2×128×64×64"
    url_matches_config(at)
    set_widget(at, "slider", "n", 15)  # 7,864,320 elements: allowed
    assert not warnings(at)
    assert metrics(at)[:2] == ["15×128×64×64", "7,864,320"]


def test_turning_off_fully_connected_over_the_cap_is_refused():
    at = ok(open_app(HOME, fc="1", n="64", c="128", h="64", w="64", preset="Standard normal"))
    assert metrics(at)[0] == "64×128"
    set_widget(at, "radio", "layout", "image")
    assert "over the cap" in warnings(at)[0]
    assert config(at).fully_connected
    assert at.sidebar.radio(key="_w_layout").value == "fc"


# ---------------------------------------------------------------------------------------
# Tensors where a method is undefined in training: an error sentence, not a crash


def fully_connected(at: AppTest) -> AppTest:
    set_widget(at, "radio", "layout", "fc")
    assert config(at).shape == (2, 2)
    return at


def assert_error_sentence(at: AppTest, *words: str) -> None:
    ok(at)
    (message,) = errors(at)
    assert message.endswith(".") and len(message) > 60
    for word in words:
        assert word in message


def test_batchnorm_with_one_value_per_channel_is_explained():
    at = fully_connected(ok(open_app()))
    set_widget(at, "slider", "n", 1)
    assert config(at).shape == (1, 2)
    for page in (STEPS, SIGMOID):
        go(at, page)
        assert_error_sentence(at, "BatchNorm", "more than one value per channel", "N·H·W = 1")
        assert not at.latex and not formulas(at) and not at.metric
    go(at, AXES)
    assert not errors(at)
    assert at.info[0].value.startswith("BN: averages over N; m = 1 values")
    go(at, HOME)
    assert metrics(at)[0] == "1×2"


def test_instancenorm_on_a_fully_connected_tensor_is_explained():
    at = fully_connected(ok(open_app()))
    set_method(at, "IN")
    for page in (STEPS, SIGMOID):
        go(at, page)
        assert_error_sentence(at, "InstanceNorm", "H·W = 1")
    set_method(at, "LN")  # the same tensor is fine for LayerNorm
    assert len(metrics(at)) >= 4 and not errors(at)


def test_fully_connected_layernorm_numbers():
    at = fully_connected(ok(open_app(STEPS)))
    set_method(at, "LN")
    cfg = config(at)
    assert cfg.preset == "Custom"  # the worked tensor exists as N×C×H×W only
    x = nv.make_tensor((2, 2), cfg.spec, cfg.seed).astype(np.float64)[0]
    y = cfg.gamma[0] * (x[0] - x.mean()) / np.sqrt(x.var() + cfg.eps) + cfg.beta[0]
    shown = shown_steps(at)
    assert (shown["mu"], shown["var"]) == (f"{x.mean():.4f}", f"{x.var():.4f}")
    assert shown["y"] == f"{y:.4f}"
    assert "x[0, 0]" in text(at)
    element = [s.key for s in at.sidebar.number_input if s.key.startswith("_w_at")]
    assert element == ["_w_at0", "_w_at1"]


# ---------------------------------------------------------------------------------------
# Bugs found while writing these tests, fixed since: kept as regression tests


def test_link_gamma_beyond_the_slider_range_is_shown():
    at = open_app(HOME, gamma="50")
    assert not at.exception, [e.value for e in at.exception]


def test_eps_zero_keeps_the_step_page_for_batchnorm():
    at = ok(open_app(STEPS))
    set_widget(at, "select_slider", "eps", 0.0)
    assert not errors(at), errors(at)
    assert shown_steps(at)["y"] == "-0.0551"  # 2·(1 − 4.5)/√5.25 + 3 = −0.05505 with ε = 0


def test_single_value_layernorm_is_computed_and_torch_refusal_noted():
    at = ok(open_app(STEPS, n="1", c="1", h="1", w="1", method="LN", preset="Standard normal"))
    assert not errors(at), errors(at)
    assert shown_steps(at)["y"] == "0.0000"  # m = 1: x̂ = 0, y = β
