"""Bring your own tensor through Streamlit: the upload panel (st.file_uploader works in
AppTest 1.67: FileUploader.set_value), links with src=, and every page on uploaded 2-D, 3-D
and 4-D tensors, including shapes beyond the sidebar's sliders.

Two layers:
- the panel alone (ui.upload_panel in a small AppTest script): upload, refusals in both
  languages, the .npz chooser, back and again, a removed file, links with an unknown or
  mismatched src=, the size limit from .streamlit/config.toml;
- the real app (app.py and app_pages/): needs ui/sidebar.py to call upload_controls, and is
  skipped until it does.
"""

from __future__ import annotations

import io
import re
import tomllib
from dataclasses import replace

import helpers
import numpy as np
import pytest
from helpers import ROOT, ok, text
from streamlit.testing.v1 import AppTest

from devtools.tensor_files import npy, npz
from normviz.config import DEFAULT, DIM_LIMITS, MAX_ELEMENTS, fit, to_query
from normviz.i18n import InputError
from normviz.upload import UploadedTensor, load_tensor, with_upload
from ui import upload_panel
from ui.upload_store import store

CJK = re.compile(r"[\u4e00-\u9fff]")
INTEGRATED = "upload_controls(" in (ROOT / "ui" / "sidebar.py").read_text(encoding="utf-8")
PAGES = tuple(sorted(f"app_pages/{p.name}" for p in (ROOT / "app_pages").glob("[0-7]_*.py")))


def tensor(shape, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (rng.standard_normal(shape) * 2 + 1).astype(np.float32)


def uploader(at: AppTest):
    return at.sidebar.file_uploader(key=upload_panel.UPLOADER)


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    return ok(uploader(at).set_value((name, data, "application/octet-stream")).run())


def texts(at: AppTest) -> str:
    return text(at, "markdown", "caption", "warning", "error")


# ---------------------------------------------------------------------------------------
# The panel alone


def panel_app() -> None:
    """The upload panel and the export buttons around the shared configuration."""
    import streamlit as st

    from normviz.i18n import message
    from ui import compute
    from ui.state import config, pop_notes
    from ui.upload_panel import export_controls, upload_controls

    lang = st.query_params.get("lang", "en")
    with st.sidebar:
        upload_controls(config(), lang)
    cfg = config()
    for note in pop_notes():
        st.warning(message(note, lang))
    st.markdown(f"shape={'x'.join(map(str, cfg.shape))} source={cfg.source or '-'}")
    st.markdown(f"tensor={'x'.join(map(str, compute.tensor(cfg).shape))}")
    with st.sidebar:
        export_controls(cfg, lang)


def open_panel(**query: str) -> AppTest:
    at = AppTest.from_function(panel_app, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return ok(at.run())


def shown(at: AppTest) -> str:
    return at.markdown[0].value


def test_an_upload_through_the_widget_switches_the_view():
    at = open_panel()
    assert shown(at) == "shape=2x2x2x2 source=-"
    x = tensor((3, 5, 4, 6))
    at = upload(at, "acts.npy", npy(x))
    cfg = at.session_state["config"]
    assert cfg.shape == (3, 5, 4, 6) and len(cfg.source) == 64
    assert shown(at) == f"shape=3x5x4x6 source={cfg.source}"
    assert at.markdown[1].value == "tensor=3x5x4x6"
    assert cfg.source in store()
    assert at.session_state["_upload"] == cfg.source  # the digest: the array stays in the store
    assert "acts.npy" in texts(at)
    assert at.sidebar.button(key="_w_upload_back")
    assert len(at.sidebar.get("download_button")) == 2


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_refused_file_shows_a_translated_error_and_keeps_the_view(lang):
    at = open_panel(lang=lang)
    x = np.ones((2, 3), np.float32)
    x[1, 2] = np.nan
    at = upload(at, "bad.npy", npy(x))
    assert at.session_state["config"] == DEFAULT
    assert len(at.error) == 1
    assert ("NaN" in at.error[0].value) and bool(CJK.search(at.error[0].value)) == (lang == "zh")
    at = upload(at, "junk.npy", b"\x93NUMPY junk")
    assert at.session_state["config"] == DEFAULT and len(at.error) == 1
    at = upload(at, "good.npy", npy(tensor((2, 3))))
    assert len(at.error) == 0 and at.session_state["config"].shape == (2, 3)


def test_a_pickled_upload_is_refused_in_the_app():
    buffer = io.BytesIO()
    np.save(buffer, np.array([[{"a": 1}, 2]], dtype=object), allow_pickle=True)
    at = upload(open_panel(), "objects.npy", buffer.getvalue())
    assert "object arrays (stored with pickle, which can run code" in at.error[0].value
    assert at.session_state["config"] == DEFAULT


def test_a_file_name_is_shown_as_text_not_markdown():
    name = "![x](http://evil.example/p.png) $x$ \u202e.npy"
    at = upload(open_panel(), name, npy(tensor((2, 3))))
    shown_name = store().get(at.session_state["_upload"]).name
    assert "\u202e" not in shown_name  # direction and control characters are dropped
    captions = texts(at)
    assert "\\!\\[x\\]" in captions and "\\$x\\$" in captions
    assert "![x]" not in captions.replace("\\!\\[x\\]", "")


EVIL = "[click](http://evil.example) **b** <i>x</i> `c` $x$ :red[r] www.evil.example.npy"


def unescaped_link(text: str) -> bool:
    """A Markdown link or image that would survive: "](" not preceded by a backslash."""
    return re.search(r"(?<!\\)\]\(", text) is not None or re.search(r"(?<!\\)\*\*b", text)


def test_inert_makes_markdown_specials_literal_and_bounds_the_length():
    from ui.display import inert

    assert inert("acts.npy") == "acts.npy"
    shown = inert(EVIL)
    assert shown.startswith("\\[click\\]\\(http\\://evil")
    for special in ("**", "<i>", "`c`", "$x$", ":red[", "www.e"):
        assert special not in shown, special
    assert inert("1. a") == "1\\. a" and inert("- a") == "\\- a" and inert("# a") == "\\# a"
    assert len(inert("a" * 1000)) == 120 and inert("a\u202eb\n") == "ab"
    assert upload_panel.file_stem("../x/[a](b) *c*.npy") == "a_b_c"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_crafted_file_name_is_plain_text_in_every_caption_note_and_error(lang):
    at = upload(open_panel(lang=lang), EVIL, npy(tensor((2, 3))))
    captions = texts(at)
    assert "\\[click\\]\\(http" in captions and "\\*\\*b\\*\\*" in captions
    assert not unescaped_link(captions), captions
    assert "](" not in captions.replace("\\](", "")
    x = np.ones((2, 3), np.float32)
    x[0, 0] = np.nan
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **{EVIL[:40]: x})
    at = upload(at, EVIL, buffer.getvalue())  # a refusal: file and array names in the error
    error = at.error[0].value
    assert "\\[click\\]" in error and not unescaped_link(error), error
    assert at.sidebar.button(key="_w_upload_back")  # the label of "again" is escaped too


def test_the_npz_chooser_switches_arrays():
    x, w = tensor((4, 3, 2, 2)), tensor((5, 7), seed=1)
    at = upload(open_panel(), "acts.npz", npz(labels=np.arange(4), x=x, w=w))
    first = at.session_state["config"]
    assert first.shape == (4, 3, 2, 2)
    chooser = at.sidebar.selectbox(key=upload_panel.CHOOSER)
    assert list(chooser.options) == ["labels", "x", "w"] and chooser.value == "x"
    at = ok(chooser.set_value("w").run())
    cfg = at.session_state["config"]
    assert (cfg.shape, cfg.fully_connected) == ((5, 7), True) and cfg.source != first.source
    at = ok(at.sidebar.selectbox(key=upload_panel.CHOOSER).set_value("labels").run())
    assert at.session_state["config"] == cfg  # a 1-D array: refused, the view stays
    assert "'labels'" in at.error[0].value


def test_back_again_and_removing_the_file():
    at = upload(open_panel(), "a.npy", npy(tensor((1, 300, 5, 5))))
    digest = at.session_state["config"].source
    at = ok(at.sidebar.button(key="_w_upload_back").click().run())
    assert at.session_state["config"] == DEFAULT  # the generated tensor it had before
    at = ok(at.sidebar.button(key="_w_upload_again").click().run())
    assert at.session_state["config"].source == digest
    assert at.session_state["config"].c == 300
    at = ok(uploader(at).set_value(None).run())
    assert at.session_state["config"] == DEFAULT


def test_the_method_and_eps_survive_an_upload_and_the_way_back():
    at = open_panel()
    at.session_state["config"] = replace(DEFAULT, method="layer", eps=1e-3)
    at = upload(ok(at.run()), "a.npy", npy(tensor((2, 6, 10))))
    cfg = at.session_state["config"]
    assert (cfg.method, cfg.eps, cfg.shape) == ("layer", 1e-3, (2, 6, 1, 10))
    at = ok(at.sidebar.button(key="_w_upload_back").click().run())
    assert at.session_state["config"].method == "layer"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_unknown_src_falls_back_with_a_note(lang):
    digest = "f" * 64
    at = open_panel(src=digest, c="512", preset="Custom", lang=lang)
    cfg = at.session_state["config"]
    assert cfg.source == "" and cfg.c == DIM_LIMITS["c"][1]
    assert len(at.warning) == 1 and "ffffffff" in at.warning[0].value
    assert bool(CJK.search(at.warning[0].value)) == (lang == "zh")


def test_a_link_to_a_stored_upload_shows_it_and_fixes_a_wrong_shape():
    up = load_tensor(npy(tensor((2, 600, 9))), "seq.npy", max_bytes=2**30)
    store().put(up)
    query = to_query(with_upload(DEFAULT, up))
    at = open_panel(**query)
    assert at.session_state["config"].source == up.digest
    assert shown(at) == f"shape=2x600x1x9 source={up.digest}"
    assert at.warning == []
    at = open_panel(**(query | {"n": "5"}))  # a hand-edited link
    assert at.session_state["config"].shape == (2, 600, 1, 9)
    assert len(at.warning) == 1 and "5×600×1×9" in at.warning[0].value


def test_the_size_limit_is_the_servers(monkeypatch):
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    megabytes = config["server"]["maxUploadSize"]
    real, seen = upload_panel.max_upload_bytes, []

    def tiny() -> int:
        seen.append(real())  # what the app reads: st.get_option("server.maxUploadSize")
        return 1000

    monkeypatch.setattr(upload_panel, "max_upload_bytes", tiny)
    at = upload(open_panel(), "big.npy", npy(tensor((20, 20))))
    assert seen == [megabytes * 2**20]
    assert "MB" in at.error[0].value and at.session_state["config"] == DEFAULT


def test_the_apps_size_limit_is_reachable_and_the_one_the_help_states():
    """Streamlit 1.67 counts server.maxUploadSize in MB of 2**20 bytes on the server and of
    10**6 in the browser (2**20 on Windows): the app's limit is the browser's, below the
    server's cap, so a file just over it reaches the app and gets its translated message."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    megabytes = config["server"]["maxUploadSize"]
    at = open_panel()
    limit = megabytes * 10**6
    assert limit < megabytes * 2**20  # the server lets a file of limit + 1 bytes through
    assert f"{megabytes} MB" in uploader(at).help
    data = npy(np.zeros((2, 3), np.float32))
    data += bytes(limit + 1 - len(data))
    for lang, word in (("en", "accepts files up to"), ("zh", "只接受不超过")):
        at = upload(open_panel(lang=lang), "big.npy", data)
        error = at.error[0].value
        assert word in error and f"{megabytes}.0 MB" in error, error
        assert at.session_state["config"] == DEFAULT
    at = upload(open_panel(), "fits.npy", data[:limit])  # exactly at the limit: read
    assert "accepts files up to" not in texts(at)


def test_the_export_callables_build_the_files():
    """The download buttons' data is built on click (deferred): here the same functions."""
    up = load_tensor(npy(tensor((3, 4, 10))), "seq.npy", max_bytes=2**30)
    cfg = with_upload(DEFAULT, up)
    with np.load(io.BytesIO(upload_panel.npz_bytes(cfg, up)), allow_pickle=False) as f:
        assert f["x"].shape == (3, 4, 10) and f["y"].shape == (3, 4, 10)
        assert str(f["info_source"]) == "seq.npy" and str(f["info_digest"]) == up.digest
        assert f["mean"].shape == (4,)  # BN: one per channel
    csv = upload_panel.csv_text(cfg, up)
    assert csv.count("\n") == 1 + 4
    generated = upload_panel.npz_bytes(DEFAULT, None)
    with np.load(io.BytesIO(generated), allow_pickle=False) as f:
        assert f["x"].shape == (2, 2, 2, 2) and str(f["info_preset"]) == DEFAULT.preset


def test_export_says_why_when_the_method_cannot_run():
    up = load_tensor(npy(tensor((1, 6))), "one.npy", max_bytes=2**30)
    store().put(up)
    at = open_panel(**to_query(with_upload(DEFAULT, up)))  # BN on N = 1, H·W = 1
    assert len(at.sidebar.get("download_button")) == 0
    assert "BatchNorm" in texts(at)


# ---------------------------------------------------------------------------------------
# The real app (needs ui/sidebar.py to call upload_controls)

needs_sidebar = pytest.mark.skipif(
    not INTEGRATED, reason="ui/sidebar.py does not call upload_controls yet"
)

SHAPES = {
    "2d": (40, 6),
    "2d-big-n": (5000, 3),
    "3d": (4, 6, 30),
    "3d-big-c-l": (2, 300, 100),
    "4d": (3, 4, 5, 6),
    "4d-big-c": (1, 512, 7, 7),
    "4d-big-hw": (2, 3, 100, 90),
}


def open_app(page: str = PAGES[0], **query: str) -> AppTest:
    return ok(helpers.open_app(page, query, timeout=120))


@needs_sidebar
@pytest.mark.parametrize("name", list(SHAPES))
def test_every_page_runs_on_an_uploaded_tensor(name):
    shape = SHAPES[name]
    at = upload(open_app(), f"{name}.npy", npy(tensor(shape)))
    cfg = at.session_state["config"]
    assert cfg.source and cfg.size == np.prod(shape)
    for page in PAGES:
        at = ok(at.switch_page(page).run())
        assert at.session_state["config"] == cfg, page  # no page loses the upload
        assert at.query_params["src"] in (cfg.source, [cfg.source]), page  # a shareable link


@needs_sidebar
@pytest.mark.parametrize("method", ["layer", "instance", "group"])
def test_every_page_runs_for_every_method_on_a_big_upload(method):
    up = load_tensor(npy(tensor((2, 256, 12, 10))), "big.npy", max_bytes=2**30)
    store().put(up)
    cfg = fit(replace(with_upload(DEFAULT, up), method=method, groups=64))[0]
    for page in PAGES:
        at = open_app(page, **to_query(cfg))
        assert at.session_state["config"] == cfg, page


@needs_sidebar
@pytest.mark.parametrize("shape", [(125, 1000, 8, 8), (16_000, 500), (125, 16, 4000)])
def test_an_upload_as_large_as_the_cap_runs_on_every_page(shape):
    """MAX_ELEMENTS elements, with C, N or L far beyond the sliders (near their caps)."""
    assert np.prod(shape) == MAX_ELEMENTS
    up = load_tensor(npy(tensor(shape)), "large.npy", max_bytes=2**30)
    store().put(up)
    query = to_query(with_upload(DEFAULT, up))
    for page in PAGES:
        at = open_app(page, **query)
        assert at.session_state["config"].source == up.digest, page


@needs_sidebar
@pytest.mark.parametrize("page", PAGES)
def test_an_unknown_src_gives_a_note_not_a_traceback(page):
    at = open_app(page, src="e" * 64, c="512", h="7", w="7", preset="Custom")
    cfg = at.session_state["config"]
    assert cfg.source == "" and cfg.c <= DIM_LIMITS["c"][1]
    assert any("eeeeeeee" in w.value for w in at.warning)


@needs_sidebar
def test_a_crafted_file_name_is_plain_text_on_the_home_page_and_its_link():
    at = upload(open_app(), EVIL, npy(tensor((2, 3))))
    captions = texts(at)
    assert "\\[click\\]\\(http" in captions and not unescaped_link(captions)
    src = at.session_state["config"].source
    at = open_app(**{k: v for k, v in to_query(at.session_state["config"]).items()})
    assert at.session_state["config"].source == src  # the shared link: the same caption
    captions = texts(at)
    assert "\\[click\\]\\(http" in captions and not unescaped_link(captions)


@needs_sidebar
def test_the_upload_panel_is_in_the_sidebar_on_every_page():
    at = open_app()
    for page in PAGES:
        at = ok(at.switch_page(page).run())
        assert uploader(at) is not None, page


def test_the_download_buttons_hold_the_upload_s_digest_not_its_array(monkeypatch):
    """Streamlit keeps a session's deferred downloads for the session's life: they must not
    pin the uploaded array (issue 16). Clicked, they find it in the store by its digest."""
    up = load_tensor(npy(tensor((3, 4, 10))), "held.npy", max_bytes=2**30)
    store().put(up)
    cfg = with_upload(DEFAULT, up)
    captured = []
    monkeypatch.setattr(upload_panel.st, "subheader", lambda *a, **k: None)
    monkeypatch.setattr(upload_panel.st, "download_button", lambda *a, **k: captured.append(k))
    monkeypatch.setattr(upload_panel, "lookup", lambda digest: store().get(digest))
    upload_panel.export_controls(cfg, "en")
    assert len(captured) == 2
    for kwargs in captured:
        data = kwargs["data"]
        assert not any(isinstance(a, UploadedTensor) for a in data.args)
        assert data() == (
            upload_panel.npz_bytes if ".npz" in kwargs["file_name"] else upload_panel.csv_text
        )(cfg, up)
    store().clear()  # evicted before the click: a refusal, never another tensor's file
    with pytest.raises(InputError) as err:
        captured[0]["data"]()
    assert err.value.key == "upload.missing"
