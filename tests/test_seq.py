"""The sequence layout N×T×D (batch, tokens, features): the config field in links, the two
readings of a 3-D upload checked against torch, the export in the file's own shape, and the
sidebar's builder and pages 1 and 2 naming the axes T and D in both languages."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import numpy as np
import pytest
import torch
from helpers import config, ok, open_app, text, url_matches_config, warnings
from streamlit.testing.v1 import AppTest

import normviz as nv
from devtools.tensor_files import npy
from normviz.config import CUSTOM, DEFAULT, fit, from_query, to_query
from normviz.export import export_arrays
from normviz.i18n import message, t
from normviz.tensors import as_sequence, axes_text, from_sequence
from normviz.upload import load_tensor, with_upload
from ui.upload_store import store

AXES = "app_pages/1_Reduction_axes.py"
STEPS = "app_pages/2_Step_by_step.py"
CJK = re.compile(r"[\u4e00-\u9fff]")


def sequence_config(n: int = 3, tokens: int = 5, features: int = 4) -> object:
    cfg = replace(DEFAULT, preset=CUSTOM, sequence=True, n=n, c=features, h=1, w=tokens)
    return fit(cfg)[0]


def load(x: np.ndarray, **kwargs):
    return load_tensor(npy(x), "acts.npy", max_bytes=2**30, **kwargs)


# ---------------------------------------------------------------------------------------
# The config field and links


def test_a_sequence_goes_through_a_link_and_back():
    cfg = replace(sequence_config(), method="token", at=(2, 3, 0, 4))
    query = to_query(cfg)
    assert query["seq"] == "1"
    assert from_query(query) == (cfg, [])
    assert cfg.shape == (3, 4, 1, 5) and cfg.shown_shape == (3, 5, 4)
    assert cfg.shown_element == (2, 4, 3)  # x[n, t, d]
    assert "seq" not in to_query(replace(cfg, sequence=False))


def test_a_sequence_has_no_height_and_is_not_fully_connected():
    cfg, _ = from_query({"seq": "1", "h": "7", "fc": "1", "n": "3", "c": "4", "w": "5"})
    assert cfg.sequence and not cfg.fully_connected and cfg.shape == (3, 4, 1, 5)


@pytest.mark.parametrize("value", ["yes", "2", "-1", "1.0", "ntd"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_malformed_seq_in_a_link_is_said_and_ignored(value, lang):
    cfg, notes = from_query({"seq": value, "n": "3"})
    assert not cfg.sequence and cfg.n == 3
    (note,) = notes
    assert note.key == "config.bad_param" and note.params["key"] == "seq"
    said = message(note, lang)
    assert "seq" in said and value in said and bool(CJK.search(said)) == (lang == "zh")


def test_the_axis_names_come_from_one_place():
    assert axes_text((1,), 4, sequence=True) == "D"  # token LN
    assert axes_text((0, 2, 3), 4, sequence=True) == "N, T"  # BN: H = 1 is no axis of N×T×D
    assert axes_text((0, 2, 3), 4) == "N, H, W"
    assert axes_text((1, 2), 3) == "C, L"


# ---------------------------------------------------------------------------------------
# A 3-D upload read both ways


def test_a_3d_upload_read_both_ways():
    x = np.random.default_rng(1).standard_normal((3, 7, 5)).astype(np.float32) * 2 + 1
    ncl = load(x)  # the default: N×C×L, as BatchNorm1d reads a 3-D input
    assert (ncl.reading, ncl.shape, ncl.sequence) == ("N×C×L", (3, 7, 1, 5), False)
    ntd = ncl.read_as(True)
    assert (ntd.reading, ntd.shape, ntd.sequence) == ("N×T×D", (3, 5, 1, 7), True)
    assert np.shares_memory(ntd.array, ncl.array)  # the same values, no copy
    assert ntd.digest != ncl.digest and ntd.read_as(False).digest == ncl.digest
    assert load(x, sequence=True).digest == ntd.digest
    np.testing.assert_array_equal(ntd.to_file(ntd.array), x)
    np.testing.assert_array_equal(ncl.to_file(ncl.array), x)
    assert with_upload(DEFAULT, ntd).sequence and not with_upload(DEFAULT, ncl).sequence


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_token_ln_on_the_n_t_d_reading_is_nn_layernorm_of_d(dtype):
    x = (np.random.default_rng(2).standard_normal((4, 6, 8)) * 3 + 2).astype(dtype)
    x += np.arange(6, dtype=dtype)[None, :, None]  # a mean offset per token
    gamma, beta = np.linspace(0.5, 2, 8), np.linspace(-1, 1, 8)
    ntd = load(x, sequence=True)
    ours = nv.normalize(ntd.array, "token", gamma=gamma, beta=beta, eps=1e-5)
    ln = torch.nn.LayerNorm(8, eps=1e-5, dtype=torch.float64)
    with torch.no_grad():
        ln.weight.copy_(torch.from_numpy(gamma))
        ln.bias.copy_(torch.from_numpy(beta))
        want = ln(torch.from_numpy(x.astype(np.float64))).numpy()
    tol = 1e-5 if dtype == np.float32 else 1e-12
    np.testing.assert_allclose(ntd.to_file(ours.y), want, rtol=tol, atol=tol)
    # the N×C×L reading takes the 6 tokens for channels: another normalization altogether
    ncl = load(x, sequence=False)
    other = nv.normalize(ncl.array, "token", gamma=np.ones(6), beta=np.zeros(6))
    assert other.layout.num_stats == 4 * 8 != ours.layout.num_stats == 4 * 6
    plain = torch.nn.functional.layer_norm(torch.from_numpy(x.astype(np.float64)), (8,)).numpy()
    assert np.abs(ncl.to_file(other.y) - plain).max() > 0.1


def test_the_export_of_a_sequence_keeps_n_t_d():
    x = np.random.default_rng(3).standard_normal((2, 5, 3))
    result = nv.normalize(as_sequence(x), "token")
    arrays = export_arrays(x, result, sequence=True)
    assert str(arrays["layout"]) == "N,T,D" and str(arrays["stats_axes"]) == "N,T"
    assert arrays["x"].shape == arrays["y"].shape == (2, 5, 3)
    assert arrays["mean"].shape == (2, 5)
    np.testing.assert_allclose(arrays["mean"], x.mean(axis=2))
    want = torch.nn.functional.layer_norm(torch.from_numpy(x), (3,), eps=1e-5).numpy()
    np.testing.assert_allclose(arrays["y"], want, atol=1e-10)
    bn = export_arrays(x, nv.normalize(as_sequence(x), "batch"), sequence=True)
    assert str(bn["stats_axes"]) == "D"
    np.testing.assert_allclose(bn["mean"], x.mean(axis=(0, 1)))
    np.testing.assert_array_equal(from_sequence(as_sequence(x)), x)


# ---------------------------------------------------------------------------------------
# The app: builder, pages 1 and 2, the upload's reading


def build_sequence(at: AppTest) -> AppTest:
    """The sidebar's builder: layout sequence, T = 6 tokens, D = 4 features."""
    at.sidebar.radio(key="_w_layout").set_value("sequence").run()
    at.sidebar.slider(key="_w_w").set_value(6).run()
    at.sidebar.slider(key="_w_c").set_value(4).run()
    return ok(at)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_builder_makes_a_sequence_and_the_pages_say_t_and_d(lang):
    at = build_sequence(ok(open_app(AXES, lang=lang, method="token")))
    cfg = config(at)
    assert cfg.sequence and cfg.shape == (2, 4, 1, 6) and cfg.shown_shape == (2, 6, 4)
    assert not warnings(at)
    url_matches_config(at)
    sidebar = text(at.sidebar, "markdown", "caption")
    assert ("2×6×4（N×T×D）" if lang == "zh" else "2×6×4 (N×T×D)") in sidebar
    assert "x[0, 0, 0]" in sidebar
    labels = [w.label for w in at.sidebar.number_input]
    assert labels[:3] == ["n", "t", "d"]
    sliders = [s.label for s in at.sidebar.slider]
    assert ("T（词元数）" if lang == "zh" else "T (tokens)") in sliders
    # page 1: the table's reduced axes, and the cube's caption
    (frame,) = at.main.table
    axes = dict(zip(frame.value.iloc[:, 0], frame.value.iloc[:, 1], strict=True))
    names = {m: t(f"method.long.{m}", lang) for m in ("batch", "token")}
    assert axes[names["token"]] == "D" and axes[names["batch"]] == "N, T"
    caption = at.info[0].value
    assert re.search(r"\bD\b", caption) and not re.search(r"\b[CHW]\b", caption), caption
    # page 2: the element as x[n, t, d], its axes, the slice heading
    at.sidebar.number_input(key="_w_at3").set_value(5).run()  # token t = 5
    at = ok(at.switch_page(STEPS).run())
    shown = text(at, "markdown", "subheader", "caption")
    assert "x[0, 5, 0]" in shown and "**D**" in shown
    assert ("T = 6 个词元" if lang == "zh" else "T = 6 tokens") in shown
    assert "H, W" not in shown and "N, C" not in shown
    assert ("使用特征 d = 0 的 γ" if lang == "zh" else "with feature d = 0's γ") in shown
    assert bool(CJK.search(shown)) == (lang == "zh")


def test_switching_the_reading_of_a_3d_upload_reuses_it():
    x = np.random.default_rng(4).standard_normal((2, 6, 4)).astype(np.float32)
    at = ok(open_app(AXES))
    at = ok(at.sidebar.file_uploader(key="_w_upload_file").set_value(("a.npy", npy(x), "")).run())
    first = config(at)
    assert first.shape == (2, 6, 1, 4) and not first.sequence
    assert "N×C×L" in text(at.sidebar, "caption")
    at = ok(at.sidebar.radio(key="_w_upload_reading").set_value(True).run())
    cfg = config(at)
    assert cfg.sequence and cfg.shape == (2, 4, 1, 6) and cfg.source != first.source
    assert "2×6×4" in text(at.sidebar, "caption") and "N×T×D" in text(at.sidebar, "caption")
    (frame,) = at.main.table
    assert "D" in list(frame.value.iloc[:, 1])
    url_matches_config(at)
    # the link to this reading opens it in another session of this server
    other = ok(open_app(AXES, **to_query(cfg)))
    assert config(other) == cfg and cfg.source in store()
    # and back: the first reading's digest
    at = ok(at.sidebar.radio(key="_w_upload_reading").set_value(False).run())
    assert config(at).source == first.source and not config(at).sequence


def test_a_reading_outside_the_limits_is_refused_with_a_note():
    x = np.zeros((1, 3, 1500), np.float32)  # 1,500 features: more than C's 1,024
    at = ok(open_app(AXES))
    at = ok(at.sidebar.file_uploader(key="_w_upload_file").set_value(("a.npy", npy(x), "")).run())
    before = config(at)
    at = ok(at.sidebar.radio(key="_w_upload_reading").set_value(True).run())
    assert config(at) == before
    assert "1,500" in warnings(at)[0]


def test_the_export_of_an_n_t_d_upload_is_in_the_files_shape():
    from ui.upload_panel import npz_bytes

    x = np.random.default_rng(5).standard_normal((2, 6, 4))
    up = load(x, sequence=True)
    cfg = replace(with_upload(DEFAULT, up), method="token")
    with np.load(io.BytesIO(npz_bytes(cfg, up)), allow_pickle=False) as f:
        assert f["x"].shape == f["y"].shape == (2, 6, 4) and str(f["layout"]) == "N,T,D"
        np.testing.assert_array_equal(f["x"], x)
        want = torch.nn.functional.layer_norm(torch.from_numpy(x), (4,), eps=1e-5).numpy()
        np.testing.assert_allclose(f["y"], want, atol=1e-10)


@pytest.mark.parametrize("method", ["batch", "group", "token", "rms"])
def test_every_page_runs_on_a_sequence(method):
    """Pages 1–7 on a generated N×T×D tensor: no exception, the sequence kept."""
    from helpers import ROOT

    cfg = replace(sequence_config(4, 6, 8), method=method, groups=4)
    query = to_query(fit(cfg)[0])
    for page in sorted(f"app_pages/{p.name}" for p in (ROOT / "app_pages").glob("[1-7]_*.py")):
        at = ok(open_app(page, **query))
        assert config(at).sequence and config(at).shape == (4, 8, 1, 6), page
