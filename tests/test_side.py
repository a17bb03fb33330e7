"""The sidebar where the teacher's hand is: presets with their own shape and a way back to
them, controls that keep each other's state, and the figure styles every chart shares."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import plotly.graph_objects as go
import pytest
from helpers import HOME, box_height, config, ok, open_app, text, url_matches_config

import normviz as nv
from normviz.config import WORKED, fit, from_query, preset_changes, preset_view, to_query
from normviz.figures.saturation import resaturation_curve
from normviz.figures.style import (
    PROJECTOR_TITLE_CHARS,
    TITLE_CHARS,
    for_projector,
    needs_style,
    shared_style,
    text_width,
    wrap_text,
)
from normviz.i18n import t

STEPS = "app_pages/2_Step_by_step.py"
SIGMOID = "app_pages/3_Sigmoid_saturation.py"
SN = "Standard normal"


def set_widget(at, kind: str, field: str, value):
    getattr(at.sidebar, kind)(key=f"_w_{field}").set_value(value).run()
    return ok(at)


def click(at, key: str):
    at.sidebar.button(key=key).click().run()
    return ok(at)


def has_button(at, key: str) -> bool:
    return any(b.key == key for b in at.sidebar.button)


# ---------------------------------------------------------------------------------------
# Presets: their own shape, what changed since, and the way back


@pytest.mark.parametrize("name", list(nv.PRESETS))
def test_choosing_a_preset_gives_its_own_shape(name):
    at = ok(open_app(HOME, preset="Custom", n="3", c="6", h="5", w="7"))
    set_widget(at, "selectbox", "preset", name)
    cfg = config(at)
    preset = nv.PRESETS[name]
    assert (cfg.preset, cfg.shape) == (name, preset.shape)
    assert preset_changes(cfg) == ()
    assert not has_button(at, "_w_preset_back")
    assert "×".join(map(str, preset.shape)) in text(at, "caption")
    url_matches_config(at)


def test_preset_shapes_show_what_they_are_for():
    shapes = {name: p.shape for name, p in nv.PRESETS.items()}
    assert shapes[WORKED] == (2, 2, 2, 2)
    assert shapes["Per-sample offsets"][0] == 2  # the Batch size page's small-batch floor
    for name in ("Badly scaled, saturating", "ReLU-like (skewed)", "Outliers", SN):
        assert np.prod(shapes[name]) >= 4096, name  # a histogram, not 16 values
    outliers = nv.preset_tensor("Outliers", shapes["Outliers"])
    assert (np.abs(outliers) >= 10).sum() == round(0.01 * outliers.size) > 40


def test_preset_descriptions_hold_at_their_own_shapes():
    """The numbers and claims of the preset captions, on the tensors the sidebar builds."""

    def at_own_shape(name: str) -> np.ndarray:
        return nv.preset_tensor(name, nv.PRESETS[name].shape).astype(np.float64)

    sat = np.abs(at_own_shape("Badly scaled, saturating")) > np.log(19)  # σ < 0.05 or > 0.95
    assert 0.6 < sat.mean() < 0.72  # "about two thirds"
    relu = at_own_shape("ReLU-like (skewed)")
    assert relu.min() == 0 and abs((relu == 0).mean() - 0.31) < 0.02  # "about 31% exact zeros"
    x = at_own_shape("Per-channel offsets")
    means = {m: nv.normalize(x, m).y.mean(axis=(0, 2, 3)) for m in ("BN", "IN", "LN")}
    assert np.abs(means["BN"]).max() < 1e-9 and np.abs(means["IN"]).max() < 1e-9
    assert np.ptp(means["LN"]) > 1  # LayerNorm keeps the differences between channels
    x = at_own_shape("Per-sample offsets")
    assert x.shape[0] == 2
    for method in ("LN", "IN", "GN"):
        y = nv.normalize(x, method, groups=2 if method == "GN" else None).y
        assert np.abs(y.mean(axis=(1, 2, 3))).max() < 1e-9, method  # the offset is gone
    y = nv.normalize(x, "BN").y
    assert np.ptp(y.mean(axis=(1, 2, 3))) > 1  # BatchNorm keeps the samples apart


def test_back_to_the_worked_example_after_moving_gamma():
    at = ok(open_app(SIGMOID))
    assert not has_button(at, "_w_preset_back")
    set_widget(at, "slider", "gamma", 2.1)  # "one value for every channel"
    assert config(at).gamma == (2.1, 2.1) and config(at).beta == (3.0, 8.0)
    assert at.sidebar.slider(key="_w_gamma").label == t("sidebar.gamma_all")  # γ is shared now
    assert at.sidebar.slider(key="_w_beta").label == t("sidebar.beta_every")
    captions = text(at.sidebar, "caption")
    assert "Per channel: β = (3, 8)." in captions
    assert "γ = 2.1 (the preset's is (2, 5))" in captions  # the description stays true
    assert t("preset.worked_example.description") in captions
    at.switch_page(HOME).run()
    assert "Tensor: Worked example (changed)." in text(ok(at))
    click(at, "_w_preset_back")
    assert (config(at).gamma, config(at).beta) == ((2.0, 5.0), (3.0, 8.0))
    assert not has_button(at, "_w_preset_back")
    assert "Tensor: Worked example." in text(at)
    url_matches_config(at)


def test_back_to_a_generated_preset_restores_shape_gamma_beta_and_keeps_the_rest():
    at = ok(open_app(STEPS))
    set_widget(at, "selectbox", "preset", "Outliers")
    set_widget(at, "radio", "method", "IN")
    set_widget(at, "select_slider", "eps", 1e-3)
    for axis, index in enumerate((7, 3, 15, 15)):
        set_widget(at, "number_input", f"at{axis}", index)
    set_widget(at, "slider", "n", 4)  # the element is clamped into the smaller N, not reset
    assert config(at).at == (3, 3, 15, 15)
    set_widget(at, "slider", "beta", 1.5)
    assert preset_changes(config(at)) == ("shape", "beta")
    caption = text(at.sidebar, "caption")
    assert "shape 4×4×16×16 (the preset's is 8×4×16×16)" in caption and "β = 1.5" in caption
    click(at, "_w_preset_back")
    cfg = config(at)
    assert (cfg.shape, cfg.gamma, cfg.beta) == ((8, 4, 16, 16), (1.0,) * 4, (0.0,) * 4)
    assert (cfg.method, cfg.eps, cfg.at, cfg.preset) == (
        "instance",
        1e-3,
        (3, 3, 15, 15),
        "Outliers",
    )
    url_matches_config(at)


def test_per_channel_gamma_is_edited_per_channel_and_the_sliders_say_they_set_all():
    at = ok(open_app())
    labels = [s.label for s in at.sidebar.slider if s.key in ("_w_gamma", "_w_beta")]
    assert labels == [t("sidebar.gamma_every"), t("sidebar.beta_every")]
    assert at.sidebar.slider(key="_w_gamma").value == pytest.approx(3.5)  # the channels' mean
    assert "Per channel: γ = (2, 5), β = (3, 8)." in text(at.sidebar, "caption")
    assert any((e.key or "").startswith("_w_affine_") for e in at.data_editor)
    click(at, "_w_affine_one")
    assert (config(at).gamma, config(at).beta) == ((1.0, 1.0), (0.0, 0.0))
    labels = [s.label for s in at.sidebar.slider if s.key in ("_w_gamma", "_w_beta")]
    assert labels == [t("sidebar.gamma_all"), t("sidebar.beta_all")]
    assert not has_button(at, "_w_affine_one")


def test_the_builder_folds_away_once_a_preset_is_set():
    at = ok(open_app())
    assert at.session_state["_side_builder_open"] is False  # the worked example: folded
    custom = ok(open_app(HOME, preset="Custom", scale="2"))
    assert custom.session_state["_side_builder_open"] is True  # a tensor being built
    set_widget(custom, "selectbox", "preset", "Outliers")
    assert custom.session_state["_side_builder_open"] is False


# ---------------------------------------------------------------------------------------
# Controls keep each other's state


def test_groupnorm_keeps_its_g_after_a_trip_to_batchnorm():
    at = ok(open_app(STEPS, preset=SN, c="8"))
    set_widget(at, "radio", "method", "GN")
    assert config(at).groups == nv.default_groups(8)
    set_widget(at, "select_slider", "groups", 8)
    assert at.sidebar.caption  # G = C says it is InstanceNorm
    assert t("sidebar.groups.same_instance", c=8) in text(at.sidebar, "caption")
    set_widget(at, "radio", "method", "BN")
    set_widget(at, "radio", "method", "GN")
    assert config(at).groups == 8
    set_widget(at, "select_slider", "groups", 1)
    set_widget(at, "radio", "method", "LN")
    set_widget(at, "radio", "method", "GN")
    assert config(at).groups == 1  # a deliberate G = 1 too
    assert t("sidebar.groups.same_layer") in text(at.sidebar, "caption")


def test_language_and_presenter_change_nothing_else():
    at = ok(open_app(STEPS, preset="Outliers", method="GN", G="2", eps="0.001", at="1,2,3,4"))
    at.sidebar.slider(key="_w_gamma").set_value(1.7).run()
    before = config(ok(at))
    at.sidebar.selectbox(key="_w_lang").set_value("zh").run()
    at.sidebar.toggle(key="_w_presenter").set_value(True).run()
    at.sidebar.toggle(key="_w_steps").set_value(True).run()
    assert config(ok(at)) == before
    assert at.sidebar.radio(key="_w_method").value == "GN"
    assert at.sidebar.number_input(key="_w_at3").value == 4
    assert at.query_params["lang"] == ["zh"] or at.query_params["lang"] == "zh"
    url_matches_config(at)


def test_method_and_preset_keep_the_element_epsilon_and_method():
    at = ok(open_app(STEPS, preset=SN, n="4", c="4", h="4", w="4", at="3,2,1,0"))
    set_widget(at, "radio", "method", "LN")
    set_widget(at, "select_slider", "eps", 0.1)
    set_widget(at, "selectbox", "preset", "Per-channel offsets")  # 8×4×8×8
    cfg = config(at)
    assert (cfg.method, cfg.eps, cfg.at) == ("layer", 0.1, (3, 2, 1, 0))


# ---------------------------------------------------------------------------------------
# Links of presets


def test_a_preset_alone_in_a_link_opens_at_its_own_shape_and_back():
    for name, preset in nv.PRESETS.items():
        cfg, notes = from_query({"preset": name})
        assert (cfg.shape, notes) == (preset.shape, [])
        assert to_query(cfg) == ({} if name == WORKED else {"preset": name})
    cfg, _ = from_query({"preset": "Outliers", "n": "4"})  # a shape given: as links always were
    assert cfg.shape == (4, 2, 2, 2)
    small = fit(replace(preset_view(cfg, "Outliers"), n=2, c=2, h=2, w=2))[0]
    assert "n" in to_query(small)  # the default shape is written out: not the preset's own
    assert from_query(to_query(small))[0] == small


# ---------------------------------------------------------------------------------------
# Figure styles (normviz.figures.style), applied to every chart by ui.display.chart


def log_figure(low: float, high: float) -> go.Figure:
    x = np.geomspace(low, high, 50)
    return go.Figure(go.Scatter(x=x, y=x), layout={"xaxis": {"type": "log"}})


def test_log_axes_label_decades_only_with_unlabelled_minor_ticks():
    fig = shared_style(log_figure(1e-3, 1.0))
    axis = fig.layout.xaxis
    assert axis.dtick == 1  # a label at every decade, none at 2 and 5
    assert axis.minor.ticks == "outside" and axis.minor.dtick == "D1"  # minor ticks carry no label
    assert fig.layout.yaxis.dtick is None and fig.layout.yaxis.minor.ticks is None  # linear
    assert shared_style(log_figure(1e-6, 1.0)).layout.xaxis.minor.dtick == "D2"  # not a bar
    wide = shared_style(log_figure(1e-12, 1e12)).layout.xaxis
    assert wide.dtick == 3 and wide.minor.dtick == 1  # 24 decades: ~8 labels, a tick a decade


def test_a_log_axis_within_one_decade_keeps_its_labels():
    axis = shared_style(log_figure(0.2, 0.8)).layout.xaxis
    assert axis.dtick is None  # with dtick = 1 it would have no label at all
    assert axis.minor.ticks == "outside"


def test_the_apps_log_figures_get_decade_ticks():
    scales = np.geomspace(0.1, 100, 30)
    fig = resaturation_curve(scales, np.linspace(0, 1, 30), np.linspace(0, 0.5, 30), "now")
    assert needs_style(fig)
    assert shared_style(go.Figure(fig)).layout.xaxis.dtick == 1
    projected = for_projector(go.Figure(fig))
    assert projected.layout.xaxis.dtick == 1 and projected.layout.xaxis.minor.ticks == "outside"


def test_long_titles_wrap_and_make_room():
    title = "BN's batch variance σ² (biased) by batch size (channel 0, H·W = 4), 200 batches each"
    fig = go.Figure(layout={"title": {"text": title}, "margin": {"t": 40}})
    assert needs_style(fig)
    styled = shared_style(fig)
    lines = styled.layout.title.text.split("<br>")
    assert len(lines) == 2 and all(text_width(line) <= TITLE_CHARS for line in lines)
    assert " ".join(lines) == title  # nothing lost
    assert styled.layout.margin.t > 40
    zh = wrap_text("批量归一化的批量方差 σ²（有偏）随批量大小的变化（通道 0，H·W = 4）", 20)
    assert all(text_width(line) <= 20 for line in zh.split("<br>"))
    assert not any(line.startswith(("）", "，")) for line in zh.split("<br>"))


def test_short_linear_figures_are_not_copied():
    assert not needs_style(go.Figure(go.Scatter(x=[1, 2], y=[3, 4]), layout={"title": "Loss"}))


def test_presenter_fonts_are_legible():
    fig = go.Figure(
        [go.Scatter(x=[1, 2], y=[3, 4]), go.Heatmap(z=[[1, 2]], xaxis="x2", yaxis="y2")],
        layout={
            "title": {"text": "A title long enough to wrap on a projector, in the larger type"},
            "xaxis2": {"anchor": "y2"},
            "yaxis2": {"anchor": "x2"},
        },
    )
    out = for_projector(fig)
    for name in ("xaxis", "yaxis", "xaxis2", "yaxis2"):
        assert out.layout[name].tickfont.size >= 18, name
        assert out.layout[name].title.font.size >= 20, name
    assert out.layout.legend.font.size >= 18 and out.layout.title.font.size >= 24
    assert out.data[1].colorbar.tickfont.size >= 18
    lines = out.layout.title.text.split("<br>")
    assert len(lines) == 2 and all(text_width(line) <= PROJECTOR_TITLE_CHARS for line in lines)


def test_my_chinese_sections_use_the_standard_terms():
    """批量归一化 / 批量大小 / 滑动均值 / 评估模式 — never their non-standard variants."""
    from normviz.locales.zh import TEXTS

    mine = ("display.", "steps.", "note.", "config.", "nav.", "sidebar.", "preset.", "lang.")
    mine += ("errors.tensors.",)
    wrong = ("批归一化", "批大小", "运行均值", "运行方差", "推理模式")
    found = [
        (key, term)
        for key, value in TEXTS.items()
        if key.startswith(mine)
        for term in wrong
        if term in (" ".join(value) if isinstance(value, tuple) else value)
    ]
    assert found == []
    assert TEXTS["nav.4_Train_vs_eval"] == "训练模式与评估模式"
    assert TEXTS["nav.5_Batch_size"] == "批量大小"


def test_tables_are_html_small_ones_whole_and_long_ones_in_a_box_that_scrolls():
    """ui.display.table: st.table (HTML, scaled with the presenter's type) in both modes; up
    to SMALL_TABLE_ROWS rows whole, a longer one in a fixed-height box (taller on a
    projector, where the rows are), never st.dataframe."""
    from streamlit.testing.v1 import AppTest

    from ui.display import LONG_TABLE_PX, PRESENTER_ROOT_PX, SMALL_TABLE_ROWS

    def script(root: str):
        import sys

        import streamlit as st

        sys.path.insert(0, root)  # the app's packages, from the script's temporary file
        from ui.display import set_display, table

        set_display(presenter=st.session_state.get("presenter_test", False))
        rows = st.session_state.get("rows_test", 12)
        table({"group": list(range(rows)), "μ": [0.5] * rows}, hide_index=True)

    root = str(Path(__file__).resolve().parents[1])
    at = AppTest.from_function(script, args=(root,), default_timeout=30)
    for presenter in (False, True):
        for rows in (12, SMALL_TABLE_ROWS, SMALL_TABLE_ROWS + 1, 200):
            at.session_state["presenter_test"] = presenter
            at.session_state["rows_test"] = rows
            ok(at.run())
            assert len(at.table) == 1 and len(at.dataframe) == 0
            assert len(at.table[0].value) == rows  # every row sent
            scale = PRESENTER_ROOT_PX / 16 if presenter else 1.0
            expected = round(LONG_TABLE_PX * scale) if rows > SMALL_TABLE_ROWS else None
            assert box_height(at, at.table[0]) == expected, (presenter, rows)


def test_sidebar_changes_keep_a_pages_own_settings():
    """Language, presenter mode, method and preset leave Train vs eval's stream and step."""
    at = ok(open_app("app_pages/4_Train_vs_eval.py", batches="30", step="5", momentum="0.2"))
    own = {"batches": "30", "step": "5", "momentum": "0.2"}
    at.sidebar.selectbox(key="_w_lang").set_value("zh").run()
    at.sidebar.toggle(key="_w_presenter").set_value(True).run()
    set_widget(at, "radio", "method", "LN")
    set_widget(at, "selectbox", "preset", "Per-channel offsets")
    query = {k: v[-1] if isinstance(v, list) else v for k, v in at.query_params.items()}
    assert {k: query.get(k) for k in own} == own
    assert (query["lang"], query["present"], query["method"]) == ("zh", "1", "layer")


def test_the_sidebar_ends_with_the_script_that_imports_plotly_s_chunk():
    """ui.preload: the chunk is Streamlit's own static file (a new Streamlit release that
    renames it fails here, not silently), imported by a script at the sidebar's end."""
    from ui.preload import STATIC_JS, plotly_chunk

    chunk = plotly_chunk()
    assert chunk is not None and (STATIC_JS / chunk).stat().st_size > 1_000_000
    at = ok(open_app())
    scripts = [h.proto.body for h in at.sidebar.html if chunk in h.proto.body]
    assert len(scripts) == 1 and "import(chunk)" in scripts[0]
    assert "http" not in scripts[0]  # nothing from outside: resolved against the app's URL
