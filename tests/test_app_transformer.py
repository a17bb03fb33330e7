"""The Transformers page under Streamlit's AppTest, in English and Chinese: the numbers it
shows (table, captions, chart data) against PyTorch and the library, its page settings in
the URL, steps mode, and bad input (a one-channel tensor) as a message, not a traceback."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from helpers import errors, headings, ok, open_app, text, warnings
from test_app_pages_more import chart_keys, figure

from normviz import transformer_norms as tn
from normviz.i18n import t
from ui import compute

PAGE = "app_pages/9_Transformer_norms.py"
SN = "Standard normal"
TENSOR = {"n": "3", "c": "4", "h": "2", "w": "3", "preset": SN, "at": "1,2,1,2"}
pytestmark = pytest.mark.usefixtures("strict_i18n")  # a missing key fails (conftest.py)
CHARTS = ["grids", "spread", "padding", "neighbour", "mismatch", "one_token"]


def table_rows(at) -> list[list]:
    frames = [e.value for e in at.main.dataframe] + [e.value for e in at.main.table]
    (frame,) = frames
    return frame.values.tolist()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_shows_every_part_with_torch_numbers(lang):
    at = ok(open_app(PAGE, {"lang": lang, **TENSOR}))
    assert not warnings(at) and not errors(at)
    assert chart_keys(at) == CHARTS
    page = text(at)
    assert t("p9.share.header", lang) in [h.value for h in at.subheader]
    # the sidebar's tensor read as a sequence: T = H·W = 6 tokens of d = C = 4 features
    assert t("p9.share.reading", lang, shape="3×4×2×3", t=6, d=4, token=5, feature=2, n=1) in page
    tensor = torch.from_numpy(compute.build_tensor(compute.tensor_key(at.session_state["config"])))
    rows = table_rows(at)
    assert [r[0] for r in rows] == [t(f"p9.method.{m}", lang) for m in tn.SHARE_METHODS]
    bn, ln, token, rms = rows
    assert bn[1:3] == [3 * 6, 4] and ln[1:3] == [4 * 6, 3] and token[1:3] == [4, 18]
    assert float(bn[3]) == pytest.approx(tensor[:, 2].mean().item(), abs=1e-4)
    assert float(bn[4]) == pytest.approx(tensor[:, 2].var(unbiased=False).item(), abs=1e-4)
    chosen = tensor[1, :, 1, 2]
    assert float(token[3]) == pytest.approx(chosen.mean().item(), abs=1e-4)
    assert float(token[4]) == pytest.approx(chosen.var(unbiased=False).item(), abs=1e-4)
    assert float(rms[4]) == pytest.approx((chosen**2).mean().item(), abs=1e-4)
    assert [bn[5], bn[6], rms[5], token[5]] == ["8", 8, "4", "8"]
    assert ln[5] == t("p9.table.params_ln", lang, ours=8, torch=2 * 4 * 6)
    # the grids: one heatmap per method, the chosen token's row shaded for token LN
    grids = figure(at, "grids")
    heatmaps = [d for d in grids["data"] if d["type"] == "heatmap"]
    assert len(heatmaps) == 4
    token_mask = np.asarray(heatmaps[2]["z"], dtype=float).reshape(6, 4)
    np.testing.assert_array_equal(token_mask.sum(axis=1), [0, 0, 0, 0, 0, 4])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_measurements_on_screen_are_the_library_s(lang):
    at = ok(open_app(PAGE, {"lang": lang}))
    spec = tn.SequenceSpec(sequence_offset=1.0)
    spread = tn.batch_spread(spec, (2, 4, 8, 16, 32, 64))
    shown = figure(at, "spread")["data"]
    np.testing.assert_allclose(np.asarray(shown[0]["y"], dtype=float), spread.mean_spread)
    np.testing.assert_allclose(np.asarray(shown[2]["y"], dtype=float), 0.0)
    page = text(at)
    caption = t(
        "p9.spread.caption",
        lang,
        small=2,
        large=64,
        mean_small=spread.mean_spread[0],
        mean_large=spread.mean_spread[-1],
        var_small=spread.var_spread[0],
        var_large=spread.var_spread[-1],
        token=0.0,
    )
    assert caption in page
    # LN vs RMSNorm on screen against torch
    compared = tn.ln_vs_rms(2.0)
    x = torch.from_numpy(compared.x)
    y_ln = F.layer_norm(x, (x.shape[1],), eps=1e-5).numpy()
    y_rms = F.rms_norm(x, (x.shape[1],), eps=1e-5).numpy()
    metrics = [m.value for m in at.metric]
    assert metrics[0] == f"{np.abs(y_ln - y_rms).max():.3g}"
    assert float(metrics[1]) < 1e-14
    one = figure(at, "one_token")["data"]
    np.testing.assert_allclose(np.asarray(one[1]["y"], dtype=float), y_ln[0], atol=1e-12)
    np.testing.assert_allclose(np.asarray(one[2]["y"], dtype=float), y_rms[0], atol=1e-12)
    timing = re.search(r"(\d+\.\d+) ms", text(at, "caption"))
    assert timing and float(timing.group(1)) > 0


def test_offset_sliders_go_into_the_link_and_change_the_numbers():
    at = ok(open_app(PAGE))
    before = figure(at, "spread")["data"][0]["y"]
    ok(at.slider(key="seq_offset").set_value(3.0).run())
    ok(at.slider(key="rms_offset").set_value(0.0).run())
    assert at.query_params["seq_offset"] == "3.0" and at.query_params["rms_offset"] == "0.0"
    after = np.asarray(figure(at, "spread")["data"][0]["y"], dtype=float)
    assert after[0] > np.asarray(before, dtype=float)[0]  # larger offsets, larger spread
    assert at.metric[0].value == f"{tn.ln_vs_rms(0.0).max_difference:.3g}"
    linked = ok(open_app(PAGE, seq_offset="3.0", rms_offset="0.0"))
    assert linked.slider(key="seq_offset").value == 3.0 and not warnings(linked)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_bad_link_value_warns_and_falls_back(lang):
    at = ok(open_app(PAGE, {"lang": lang}, rms_offset="abc"))
    (note,) = warnings(at)
    assert "rms_offset" in note
    assert at.slider(key="rms_offset").value == 2.0


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_one_channel_tensor_gives_a_message_not_a_traceback(lang):
    at = ok(open_app(PAGE, {"lang": lang, "n": "2", "c": "1", "h": "2", "w": "2"}))
    assert errors(at) == [t("p9.errors.one_feature", lang, c=1)]
    assert "grids" not in chart_keys(at) and "spread" in chart_keys(at)


def test_a_single_value_per_bn_statistic_gives_a_message():
    at = ok(open_app(PAGE, n="1", c="3", fc="1"))
    (message,) = errors(at)
    assert "1" in message and "grids" not in chart_keys(at)


def test_steps_mode_reveals_the_charts_with_their_paragraphs():
    at = ok(open_app(PAGE, stepwise="1"))
    assert chart_keys(at) == ["grids"] and not at.main.dataframe and not at.main.table
    ok(at.button(key="_step_p9.share_next").click().run())
    assert at.main.dataframe or at.main.table
    ok(at.button(key="_step_p9.bn_next").click().run())
    assert chart_keys(at) == ["grids", "spread", "padding", "neighbour", "mismatch"]
    ok(at.button(key="_step_p9.rms_next").click().run())
    assert chart_keys(at) == CHARTS


def test_chinese_page_speaks_chinese():
    at = ok(open_app(PAGE, {"lang": "zh"}))
    shown = headings(at) + [s.label for s in at.slider if s.key[0] != "_"]
    assert shown and all(any("\u4e00" <= ch <= "\u9fff" for ch in s) for s in shown), shown
    titles = [
        json.loads(c.proto.spec)["layout"].get("title", {}).get("text", "")
        for c in at.get("plotly_chart")
    ]
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in s) for s in titles if s), titles
