"""A hostile student against every page: random widget sequences (hypothesis), malformed and
oversized links, and the known edge cases of the formulas (one value per channel, constant
tensors with ε = 0, the largest tensor, GN with G = 1 and G = C, fully connected with N = 1).

Widgets are found in the AppTest tree by type and key, never by label (the labels are being
translated), and options are chosen by position and sent as the browser sends them (the
formatted option), so the tests do not depend on the text the pages show.

After every run: no exception, and no number shown (metrics, markdown, captions, LaTeX, alerts,
tables, chart titles, widget options) is NaN or infinite.
"""

from __future__ import annotations

import functools
import io
import json
import math
import re
import zipfile
from collections.abc import Iterator

import numpy as np
import pytest
from helpers import (
    HOME,
    ROOT,
    chart,
    config,
    errors,
    open_app,
    url_matches_config,
    warnings,
)
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import (
    Button,
    Checkbox,
    DownloadButton,
    FileUploader,
    NumberInput,
    Radio,
    Selectbox,
    SelectSlider,
    Slider,
    Toggle,
    Widget,
)

from normviz.config import DIM_LIMITS, MAX_ELEMENTS, fit, from_query

try:  # the language and presenter settings, kept in the URL next to the view's
    from ui.display import URL_KEYS as DISPLAY_KEYS
except ImportError:
    DISPLAY_KEYS = ()

# home first
PAGES = tuple(sorted(f"app_pages/{p.name}" for p in (ROOT / "app_pages").glob("*.py")))
LAB = next(p for p in PAGES if "Training_lab" in p)
TIMEOUT = 120


def page_settings(page: str) -> dict[str, str]:
    """The page's own URL settings: the first argument of each initial(...) in its source."""
    source = (ROOT / page).read_text(encoding="utf-8")
    return dict.fromkeys(re.findall(r"""\binitial\(\s*["'](\w+)["']""", source), "")


def _lab_setting(word: str) -> str:
    """The lab's URL key for its step count or batch size (whatever it is named)."""
    return next((k for k in sorted(page_settings(LAB)) if word in k.lower()), word)


# The Training lab trains two networks whenever one of its settings changes: its links start
# from the shortest run, and the random walk never raises the step count.
LAB_STEPS, LAB_BATCH = _lab_setting("steps"), _lab_setting("batch")
LAB_FAST = {LAB_STEPS: "50", LAB_BATCH: "32"}
LAB_FIXED = {LAB_STEPS}  # page settings the random walk leaves at their (small) value
# Buttons that train many networks (tens of seconds each): never clicked here
SLOW_BUTTONS = {"run_lr", "run_bs"}


# ---------------------------------------------------------------------------------------
# Opening pages


def open_page(page: str, query: dict | None = None, timeout: float = TIMEOUT) -> AppTest:
    """A fresh session whose first visit is `page`, with a link's query parameters."""
    return open_app(page, query, timeout=timeout)


def lab_query(query: dict | None = None) -> dict:
    return {**LAB_FAST, **(query or {})}


def page_query(page: str, query: dict | None = None) -> dict:
    return lab_query(query) if page == LAB else dict(query or {})


# ---------------------------------------------------------------------------------------
# What a page shows, and the numbers in it

# How Python, numpy, pandas and JavaScript write a non-finite number
_NONFINITE_WORD = re.compile(r"(?<![A-Za-z_\\])([-+−±]?)(nan|inf(?:inity)?)(?![A-Za-z_])", re.I)
_FINITE = re.compile(r"(?<![A-Za-z_\d.])[-+−]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")
_NUMERIC_BEFORE = "=≈:([{$*|,"  # a number follows these; so does the start of a text


def _numeric_context(text: str, start: int, end: int) -> bool:
    """Is text[start:end] written where a number goes, not a word in a sentence?"""
    before = re.sub(r"(?:\s|\\[,;:! ])+$", "", text[:start])  # spaces, LaTeX spacing
    after = text[end:].lstrip()
    if not before.strip("+-−±$*( ") and not after.strip("$*)%. "):
        return True  # the whole text is the number (a metric, a table cell)
    return before[-1:] in tuple(_NUMERIC_BEFORE) or after[:1] == "%"


def displayed_numbers(text: str) -> list[float]:
    """Every number in a text as shown, as floats; NaN and ±inf where the page shows them.

    Lower-case nan/inf (Python's own formatting: f"{x:.4f}", f"{x:.1%}", numpy) count
    anywhere as a word; NaN, Inf, Infinity and ∞ count where a number is written (after
    "=", ":", "(" …, before "%", or as the whole text), so that a sentence such as
    "the loss became NaN or infinite" or "N → ∞" is prose, not a value.
    """
    found: list[float] = []
    for m in _FINITE.finditer(text):
        token = m.group().replace("−", "-").replace(",", "")
        try:
            found.append(float(token))
        except ValueError:
            continue
    for m in _NONFINITE_WORD.finditer(text):
        word = m.group(2)
        python_style = word in ("nan", "inf")
        if python_style or _numeric_context(text, m.start(), m.end()):
            found.append(math.nan if word.lower() == "nan" else math.inf)
    for m in re.finditer(r"∞|\\infty(?![A-Za-z])", text):
        if _numeric_context(text, m.start(), m.end()):
            found.append(math.inf)
    return found


def _walk(at: AppTest) -> Iterator:
    yield from at.main
    yield from at.sidebar


def _chart_texts(spec: str) -> list[str]:
    """Titles and annotations of a Plotly figure: the text a reader sees on a chart."""
    fig = json.loads(spec)
    layout = fig.get("layout", {})
    texts = []

    def title(obj) -> None:
        t = obj.get("title") if isinstance(obj, dict) else None
        if isinstance(t, dict):
            t = t.get("text")
        if isinstance(t, str):
            texts.append(t)

    title(layout)
    for key, value in layout.items():
        if key.startswith(("xaxis", "yaxis")):
            title(value)
    texts += [a.get("text", "") for a in layout.get("annotations", []) if isinstance(a, dict)]
    texts += [str(t.get("name", "")) for t in fig.get("data", []) if isinstance(t, dict)]
    return [t for t in texts if t]


def shown_texts(at: AppTest) -> list[tuple[str, str]]:
    """(element type, text) for everything a reader sees as text, including table cells."""
    out: list[tuple[str, str]] = []
    for node in _walk(at):
        kind = getattr(node, "type", "")
        proto = getattr(node, "proto", None)
        if kind in ("dataframe", "table"):
            frame = node.value
            for column in frame.columns:
                values = frame[column]
                if values.dtype.kind in "fiuc":
                    bad = values[~np.isfinite(values.to_numpy(dtype=complex).real)]
                    out += [(kind, f"{column}: {v}") for v in bad]  # NaN/inf cells
                else:
                    out += [(kind, str(v)) for v in values if isinstance(v, str)]
            continue
        if kind == "plotly_chart" and proto is not None:
            out += [(kind, t) for t in _chart_texts(proto.spec)]
            continue
        if kind == "metric":
            out += [(kind, node.value), (kind, node.proto.delta)]
            continue
        if isinstance(node, Widget):
            label = getattr(proto, "label", "")
            out.append((kind, label))
            out += [(kind, o) for o in getattr(node, "options", [])]
            continue
        body = getattr(proto, "body", None)
        if isinstance(body, str):
            out.append((kind, body))
    return [(k, t) for k, t in out if t]


_ECHOED = re.compile(r"""=\s*(['"]).*?\1""")  # key='value': a link's text quoted back


def nonfinite_shown(at: AppTest) -> list[tuple[str, str]]:
    """The texts that show a NaN or infinite number (a link's own text quoted back is not)."""
    bad = []
    for kind, text in shown_texts(at):
        text = _ECHOED.sub("=…", text)
        if kind in ("dataframe", "table") and ": " in text and _cell_is_nonfinite(text):
            bad.append((kind, text))
        elif not all(math.isfinite(v) for v in displayed_numbers(text)):
            bad.append((kind, text[:300]))
    return bad


def _cell_is_nonfinite(text: str) -> bool:
    value = text.rsplit(": ", 1)[1]
    try:
        return not math.isfinite(complex(value).real)
    except ValueError:
        return False


def check(at: AppTest, context: str = "") -> AppTest:
    """The page ran without an exception and shows only finite numbers."""
    assert not at.exception, (context, [e.value for e in at.exception])
    bad = nonfinite_shown(at)
    assert not bad, (context, bad)
    return at


# ---------------------------------------------------------------------------------------
# Driving widgets generically (by type and key; options by position)


def _send_formatted(widget: Widget, formatted: str) -> None:
    """Select an option by its shown text, as the browser does (any format_func)."""
    base = type(widget)

    class Picked(base):  # type: ignore[valid-type, misc]
        @property
        def _widget_state(self) -> WidgetState:
            ws = WidgetState()
            ws.id = self.id
            if isinstance(self, SelectSlider):
                ws.string_array_value.data[:] = [formatted]
            else:
                ws.string_value = formatted
            return ws

    widget.__class__ = Picked


def widgets(at: AppTest) -> list[Widget]:
    """Every enabled widget the user can change, in page order (sidebar last)."""
    found = []
    for node in _walk(at):
        if isinstance(node, Widget) and not getattr(node.proto, "disabled", False):
            found.append(node)
    return found


def widget_id(w: Widget) -> str:
    return f"{w.type}:{w.key or w.label}"


DRIVABLE = (
    Slider,
    SelectSlider,
    NumberInput,
    Radio,
    Selectbox,
    Checkbox,
    Toggle,
    Button,
    DownloadButton,
    FileUploader,
)


def drivable(at: AppTest, page: str) -> list[Widget]:
    out = []
    for w in widgets(at):
        if isinstance(w, Button) and (w.key in SLOW_BUTTONS or page == LAB):
            continue  # sweeps (and Stop/Train again, which only follow a run) on the lab
        if page == LAB and w.key in LAB_FIXED:
            continue
        if isinstance(w, DRIVABLE):
            out.append(w)
    return out


def _grid_value(lo: float, hi: float, step: float, k: int, is_int: bool):
    value = lo + k * step
    value = min(value, hi)
    return int(round(value)) if is_int else round(value, 10)


def value_strategy(w: Widget) -> st.SearchStrategy:
    """Values a user can give this widget: its extremes and any value on its grid."""
    if isinstance(w, Slider):
        value = w.value
        if isinstance(value, (tuple, list)):
            lo, hi = w.min, w.max
            return st.tuples(st.sampled_from([lo, hi]), st.sampled_from([lo, hi])).map(sorted)
        is_int = isinstance(value, int) and not isinstance(value, bool)
        lo, hi, step = w.min, w.max, w.step or 1
        steps = max(0, int(math.floor((hi - lo) / step + 1e-9)))
        grid = st.integers(0, steps).map(lambda k: _grid_value(lo, hi, step, k, is_int))
        ends = [int(lo), int(hi)] if is_int else [float(lo), float(hi)]
        return st.one_of(st.sampled_from(ends), grid)
    if isinstance(w, NumberInput):
        lo = w.min if w.min is not None else -1e6
        hi = w.max if w.max is not None else 1e6
        is_int = float(w.step).is_integer() and float(lo).is_integer()
        if is_int:
            inner = st.integers(int(lo), int(min(hi, lo + 1000)))
            return st.one_of(st.sampled_from([int(lo), int(hi)]), inner)
        return st.one_of(
            st.sampled_from([lo, hi]), st.floats(lo, hi, allow_nan=False, allow_infinity=False)
        )
    if isinstance(w, (Radio, Selectbox, SelectSlider)):
        return st.integers(0, max(0, len(w.options) - 1))
    if isinstance(w, (Checkbox, Toggle)):
        return st.booleans()
    if isinstance(w, (Button, DownloadButton)):
        return st.just(True)
    if isinstance(w, FileUploader):
        return st.one_of(st.just(None), st.sampled_from(sorted(HOSTILE_FILES)))
    raise AssertionError(w)


def apply(w: Widget, value) -> str:
    """Change the widget; return a line describing what the user did."""
    if isinstance(w, (Radio, Selectbox, SelectSlider)):
        if not w.options:
            return f"{widget_id(w)}: no options"
        _send_formatted(w, w.options[value])
        return f"{widget_id(w)} ← option {value} {w.options[value]!r}"
    if isinstance(w, (Button, DownloadButton)):
        w.click()
        return f"{widget_id(w)} clicked"
    if isinstance(w, FileUploader):
        if value is None:
            w.set_value(None)
            return f"{widget_id(w)} cleared"
        w.set_value((value, HOSTILE_FILES[value], "application/octet-stream"))
        return f"{widget_id(w)} ← file {value!r}"
    w.set_value(value)
    return f"{widget_id(w)} ← {value!r}"


def run_with(at: AppTest, extra: dict[str, object]) -> AppTest:
    """Rerun with widget states the browser would send for elements AppTest cannot drive
    (a data editor's edits, a chart's selection): {element id: JSON-able value}."""
    states = at._tree.get_widget_states()
    for element_id, value in extra.items():
        state = WidgetState()
        state.id = element_id
        state.string_value = json.dumps(value)
        states.widgets.append(state)
    return at._run(states)


def assert_consistent(at: AppTest) -> None:
    cfg = config(at)
    assert fit(cfg)[0] == cfg and cfg.size <= MAX_ELEMENTS, cfg
    url_matches_config(at)


# ---------------------------------------------------------------------------------------
# 1. Random sequences of widget changes on every page (hypothesis)


def _random_walk(page: str, data, max_steps: int) -> None:
    at = check(open_page(page, page_query(page)), f"open {page}")
    for step in range(data.draw(st.integers(1, max_steps), label="steps")):
        candidates = drivable(at, page)
        assert candidates, page
        w = candidates[data.draw(st.integers(0, len(candidates) - 1), label=f"widget {step}")]
        value = data.draw(value_strategy(w), label=f"value {step}")
        did = apply(w, value)
        note(did)
        at.run()
        check(at, f"{page}, after {did}")
        assert_consistent(at)


WALK = settings(
    max_examples=5,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],  # a shrink would rerun pages for long
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.parametrize("page", PAGES)
@WALK
@given(data=st.data())
def test_random_widget_sequences_keep_every_page_sane(page, data):
    """Any widget, any allowed value (extremes included), in any order."""
    _random_walk(page, data, max_steps=4 if page == LAB else 8)


@st.composite
def hostile_links(draw) -> dict[str, str]:
    """Valid links at the edges: every field at an extreme or anywhere in its range, the
    shape as large as the cap allows, ε = 0, constant tensors, γ = 0, |γ|, |β| = 100."""
    from normviz.methods import divisors
    from normviz.tensors import PRESETS

    fc = draw(st.booleans())
    dims = ("n", "c") if fc else ("n", "c", "h", "w")
    sizes = {}
    for d in dims:
        lo, hi = DIM_LIMITS[d]
        sizes[d] = draw(st.one_of(st.sampled_from([lo, hi]), st.integers(lo, hi)), label=d)
    rest = math.prod(sizes.values()) // sizes["n"]
    sizes["n"] = max(1, min(sizes["n"], MAX_ELEMENTS // rest))  # the largest N under the cap
    q = {k: str(v) for k, v in sizes.items()}
    q["fc"] = "1" if fc else "0"
    q["preset"] = draw(st.sampled_from([*PRESETS, "Custom"]))
    method = draw(st.sampled_from(["batch", "layer", "instance", "group"]))
    q["method"] = method
    if method == "group":
        q["G"] = str(draw(st.sampled_from(divisors(sizes["c"]))))

    def num(*edges: float, lo: float, hi: float) -> str:
        return f"{draw(st.one_of(st.sampled_from(edges), st.floats(lo, hi))):.6g}"

    q["eps"] = draw(st.sampled_from(["0", "1e-08", "1e-05", "0.001", "0.1", "1"]))
    q["scale"] = num(0.0, 0.1, 20.0, 100.0, lo=0.0, hi=100.0)
    q["shift"] = num(-1000.0, 0.0, 1000.0, lo=-1000.0, hi=1000.0)
    q["cspread"] = num(0.0, 100.0, lo=0.0, hi=100.0)
    q["sspread"] = num(0.0, 100.0, lo=0.0, hi=100.0)
    q["outliers"] = num(0.0, 0.5, lo=0.0, hi=0.5)
    q["relu"] = draw(st.sampled_from(["0", "1"]))
    q["seed"] = str(draw(st.sampled_from([0, 2**31 - 1])))
    q["gamma"] = num(0.0, 1.0, -100.0, 100.0, lo=-100.0, hi=100.0)
    q["beta"] = num(0.0, -100.0, 100.0, lo=-100.0, hi=100.0)
    at = [draw(st.integers(0, sizes.get(d, 1) - 1)) for d in ("n", "c", "h", "w")]
    q["at"] = ",".join(map(str, at))
    return q


TOUR = settings(
    max_examples=5,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@TOUR
@given(link=hostile_links())
def test_hostile_links_on_every_page(link):
    """A valid but extreme link, then every page of the session: sane, and no warning."""
    at = check(open_page(HOME, link), f"home with {link}")
    assert warnings(at) == [], warnings(at)
    wanted = config(at)
    for page in PAGES[1:]:
        if page == LAB:
            at.query_params.update(LAB_FAST)
        check(at.switch_page(page).run(), f"{page} with {link}")
        assert config(at) == wanted, page


# ---------------------------------------------------------------------------------------
# Hostile files for any file uploader on the pages (the upload feature takes .npy/.npz)


def _npy(array: np.ndarray, *, pickle: bool = False) -> bytes:
    buf = io.BytesIO()
    np.save(buf, array, allow_pickle=pickle)
    return buf.getvalue()


def _npz(members: dict[str, bytes], *, compress: bool = True) -> bytes:
    buf = io.BytesIO()
    mode = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(buf, "w", mode) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buf.getvalue()


def _lying_header() -> bytes:
    """A .npy whose header announces 10¹⁰ float32 values, followed by 16 bytes."""
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f4", "fortran_order": False, "shape": (100_000, 100_000)}
    )
    return header.getvalue() + b"\x00" * 16


def _header_npy(fields: str, data: bytes = b"") -> bytes:
    """A .npy whose header text is written by hand: numpy.save would not write it."""
    text = fields.encode("latin1")
    return b"\x93NUMPY\x01\x00" + len(text).to_bytes(2, "little") + text + data


def _negative_dims() -> bytes:
    return _header_npy("{'descr': '<f8', 'fortran_order': False, 'shape': (-2, -3), }", bytes(48))


def _lying_zip() -> bytes:
    """A member that inflates to 32 MB while the zip directory says 40 bytes."""
    data = bytearray(_npz({"x.npy": _npy(np.zeros((2, 2)))[:128] + bytes(32 * 2**20)}))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        data[at + offset : at + offset + 4] = (128 + 32).to_bytes(4, "little")
    return bytes(data)


def _rng_tensor(shape: tuple[int, ...], dtype=np.float32) -> np.ndarray:
    return np.random.default_rng(0).standard_normal(shape).astype(dtype)


def hostile_files() -> dict[str, bytes]:
    """File name → content: damaged, lying, non-finite, degenerate and extreme tensors."""
    nan = _rng_tensor((2, 2, 2, 2))
    nan[1, 1, 1, 1] = np.nan
    inf = _rng_tensor((2, 3))
    inf[0, 0] = -np.inf
    bomb = _npy(np.zeros(MAX_ELEMENTS + 1, dtype=np.float32).reshape(-1, 1))
    return {
        "empty.npy": b"",
        "garbage.npy": np.random.default_rng(1).bytes(1000),
        "text.npy": b"1,2,3\n4,5,6\n",
        "truncated.npy": _npy(_rng_tensor((4, 4, 4, 4)))[:200],
        "lying_header.npy": _lying_header(),
        "nan.npy": _npy(nan),
        "inf.npy": _npy(inf),
        "huge_values.npy": _npy(np.full((2, 3), 1e200)),
        "just_under_max_abs.npy": _npy(np.array([[1e149, -1e149], [1e149, 5e148]])),
        "zeros.npy": _npy(np.zeros((2, 3, 4, 4), dtype=np.float32)),
        "one_value.npy": _npy(np.ones((1, 1))),
        "one_per_channel.npy": _npy(_rng_tensor((1, 3, 1, 1))),
        "five_d.npy": _npy(_rng_tensor((1, 1, 1, 2, 2))),
        "one_d.npy": _npy(_rng_tensor((10,))),
        "scalar.npy": _npy(np.float64(3.0)),
        "empty_array.npy": _npy(np.zeros((0, 3))),
        "object.npy": _npy(np.array([{"a": 1}, None], dtype=object), pickle=True),
        "complex.npy": _npy(np.ones((2, 2), dtype=complex)),
        "strings.npy": _npy(np.array([["a", "b"], ["c", "d"]])),
        "int64_extreme.npy": _npy(np.array([[2**62, -(2**62)], [1, 2]], dtype=np.int64)),
        "bool.npy": _npy(np.eye(4, 3, dtype=bool)),
        "float16_max.npy": _npy(np.full((2, 2, 2, 2), 65504, dtype=np.float16)),
        "big_endian.npy": _npy(_rng_tensor((3, 4)).astype(">f8")),
        "fortran.npy": _npy(np.asfortranarray(_rng_tensor((2, 3, 4, 5)))),
        "nearly_constant.npy": _npy(1000 + 1e-12 * _rng_tensor((4, 2, 3, 3), np.float64)),
        "tall_fc.npy": _npy(_rng_tensor((65_536, 2))),
        "wide_fc_one_sample.npy": _npy(_rng_tensor((1, 8_192))),
        "long_3d.npy": _npy(_rng_tensor((2, 2, 60_000))),
        "over_the_cap.npy": bomb,
        "bomb.npz": _npz({"x.npy": bomb}),
        "many_members.npz": _npz({f"a{i}.npy": _npy(np.ones((2, 2))) for i in range(100)}),
        "mixed.npz": _npz({"bad.npy": _npy(np.ones(3)), "good.npy": _npy(_rng_tensor((2, 3)))}),
        "not_npy_inside.npz": _npz({"x.npy": b"hello"}),
        "empty.npz": _npz({}),
        "negative_dims.npy": _negative_dims(),
        "negative_dims.npz": _npz({"x.npy": _negative_dims()}),
        "header_fields.npy": _header_npy("{'descr': 7, 'fortran_order': 'no', 'shape': 2}"),
        "ratio_bomb.npz": _npz({"x.npy": _npy(np.zeros((125, 1000, 8, 8)))}),
        "lying_sizes.npz": _lying_zip(),
        "[click](http://evil.example) **b** <i>x</i> `c` $x$.npy": _npy(_rng_tensor((2, 3))),
        "../../etc/passwd.npy": _npy(_rng_tensor((2, 2))),
        "张量 🙂\u202e.npy": _npy(_rng_tensor((2, 2, 2, 2))),
    }


HOSTILE_FILES = hostile_files()


# accepted files worth every page: constant, one value per channel, extreme shapes
DEGENERATE_FILES = {
    "zeros.npy",
    "one_value.npy",
    "one_per_channel.npy",
    "nearly_constant.npy",
    "just_under_max_abs.npy",
    "tall_fc.npy",
    "wide_fc_one_sample.npy",
    "long_3d.npy",
}


def uploader(at: AppTest) -> FileUploader | None:
    found = [w for w in widgets(at) if isinstance(w, FileUploader)]
    return found[0] if found else None


@functools.cache
def home_has_uploader() -> bool:
    return uploader(open_page(HOME)) is not None


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_hostile_uploads_on_every_page(name):
    """Each file: refused with a message, or shown, and then every page stays sane."""
    if not home_has_uploader():
        pytest.skip("no file uploader on the home page")
    at = check(open_page(HOME))
    box = uploader(at)
    box.set_value((name, HOSTILE_FILES[name], "application/octet-stream"))
    check(at.run(), f"upload {name!r}")
    assert_consistent(at)
    cfg = config(at)
    if not getattr(cfg, "source", ""):  # refused: the page says why
        assert errors(at), f"{name!r} neither shown nor refused with a message"
        return
    if name not in DEGENERATE_FILES:
        return
    for page in PAGES[1:]:
        if page == LAB:
            continue  # the lab trains on the digits, not on the sidebar tensor
        check(at.switch_page(page).run(), f"{page} after uploading {name!r}")
        assert config(at) == cfg, page


@settings(max_examples=150, deadline=None)
@given(
    name=st.sampled_from(sorted(HOSTILE_FILES)),
    cuts=st.lists(st.tuples(st.integers(0, 400), st.integers(0, 255)), max_size=6),
    truncate=st.one_of(st.none(), st.integers(0, 400)),
)
def test_damaged_files_are_read_or_refused_with_a_sentence(name, cuts, truncate):
    """Flipped and cut bytes of the hostile files: a checked tensor, or an InputError."""
    upload = pytest.importorskip("normviz.upload")
    from normviz.i18n import InputError

    data = bytearray(HOSTILE_FILES[name])
    for where, byte in cuts:
        if where < len(data):
            data[where] = byte
    if truncate is not None:
        data = data[:truncate]
    try:
        tensor = upload.load_tensor(bytes(data), name, max_bytes=50 * 2**20)
    except InputError as refusal:
        assert refusal.message("en") and refusal.message("zh")
        return
    assert np.isfinite(tensor.array).all() and tensor.array.size <= MAX_ELEMENTS
    assert tensor.array.ndim in (2, 4)


# ---------------------------------------------------------------------------------------
# 2. Malformed and oversized links, on every page

HUGE = "9" * 400  # 10**400 − 1: not even a float
LONG = "1" * 100_000  # a 100 kB value
BAD_LINKS = {
    "garbage": {
        "n": "abc",
        "c": "½",
        "h": "",
        "w": "0x10",
        "method": "XX",
        "preset": "nope",
        "fc": "maybe",
        "relu": "2",
        "seed": "-1",
        "G": "many",
    },
    "huge numbers": {
        "n": "1e309",
        "c": HUGE,
        "h": "99999999999999999999",
        "w": "64.0000001",
        "seed": str(2**31),
        "scale": "1e309",
        "shift": "-" + HUGE,
        "eps": "1e309",
        "cspread": "100.0001",
    },
    "negative sizes": {"n": "-2", "c": "-1", "h": "0", "w": "-0", "at": "-1,0,0,0"},
    "not finite": {
        "scale": "nan",
        "shift": "inf",
        "cspread": "-inf",
        "sspread": "NaN",
        "outliers": "Infinity",
        "eps": "nan",
        "gamma": "nan",
        "beta": "1,inf",
    },
    "100 kB values": {"n": LONG, "gamma": "1," * 50_000 + "1", "preset": "x" * 100_000},
    "unicode": {
        "method": "ＢＮ\u202e",
        "preset": "Worked example\u200b",
        "n": "二",
        "seed": "🙂",
        "at": "０,٠,x,0",
        "eps": "1e−5",  # a minus sign, not a hyphen
    },
    "wrong counts": {"gamma": ",".join(["1"] * 129), "beta": "1,,2", "at": "1,2,3"},
    "control characters": {"n": "2\x00", "c": "\x1b[31m4", "preset": "Custom\r\nX-Evil: 1"},
    "display settings": dict.fromkeys(DISPLAY_KEYS, "maybe"),  # language, presenter mode…
}


def _key_warned(key: str, notes: list[str]) -> bool:
    pattern = re.compile(rf"(?<![A-Za-z_]){re.escape(key)}=")
    return any(pattern.search(n) for n in notes)


def _good_part(query: dict, bad: set[str]) -> dict:
    return {k: v for k, v in query.items() if k not in bad}


# every key at once, each with a bad value: what every page gets (the parsing is shared, so
# each kind of bad value is tried on the home page only)
BAD_LINKS["everything"] = {
    **BAD_LINKS["garbage"],
    **BAD_LINKS["not finite"],
    "at": "-1,0,0,0",
}
LINK_CASES = [(HOME, case) for case in sorted(BAD_LINKS)] + [
    (page, "everything") for page in PAGES[1:]
]


@pytest.mark.parametrize(("page", "case"), LINK_CASES)
def test_malformed_links_warn_and_fall_back(page, case):
    query = BAD_LINKS[case]
    at = check(open_page(page, page_query(page, query)), f"{page} with {case}")
    assert at.title, "the page did not draw its title"
    notes = warnings(at)
    missing = [k for k in query if not _key_warned(k, notes)]
    assert not missing, (missing, notes)
    # each bad value is ignored on its own: the view is the link without them
    assert config(at) == from_query(_good_part(query, set(query)))[0]
    assert_consistent(at)
    check(at.run())
    assert not [n for n in warnings(at) if any(_key_warned(k, [n]) for k in query)]


@pytest.mark.parametrize("page", [HOME, next(p for p in PAGES if "Step_by_step" in p)])
def test_malformed_links_in_chinese(page):
    """The same refusals in the other language: each bad key is still named."""
    query = {**BAD_LINKS["everything"], "lang": "zh"}
    at = check(open_page(page, query), f"{page} in Chinese")
    notes = warnings(at)
    missing = [k for k in BAD_LINKS["everything"] if not _key_warned(k, notes)]
    assert not missing, (missing, notes)
    assert config(at) == from_query({})[0]


def test_repeated_keys_take_the_last_value():
    at = check(open_page(HOME, {"n": ["4", "abc"], "c": ["abc", "3"], "preset": "Custom"}))
    assert _key_warned("n", warnings(at)) and not _key_warned("c", warnings(at))
    assert (config(at).n, config(at).c) == (2, 3)
    assert_consistent(at)


@pytest.mark.parametrize("page", PAGES)
def test_links_that_do_not_fit_together_are_fixed_with_a_note(page):
    over = {"n": "64", "c": "128", "h": "64", "w": "64", "preset": "Standard normal"}
    at = check(open_page(page, page_query(page, over)))
    assert warnings(at) and config(at).shape == (2, 2, 2, 2)
    assert_consistent(at)

    if page != LAB:  # the lab has a G of its own: test_page_settings_do_not_share_url_keys…
        groups = {"method": "GN", "c": "6", "G": "4", "preset": "Custom"}
        at = check(open_page(page, page_query(page, groups)))
        assert warnings(at) and config(at).groups in (3, 6) and config(at).c == 6
        assert_consistent(at)

    outside = {"at": "9,9,9,9"}
    at = check(open_page(page, page_query(page, outside)))
    assert warnings(at) and config(at).at == (1, 1, 1, 1)
    assert_consistent(at)


PAGES_WITH_SETTINGS = [p for p in PAGES if page_settings(p)]
BAD_SETTING_VALUES = ["abc", "nan", "-inf", "1e309", HUGE, "-1", "", "🙂", LONG, "1,2"]


@pytest.mark.parametrize("page", PAGES_WITH_SETTINGS)
def test_malformed_page_settings_warn_and_fall_back(page):
    """Every page setting at once, each with a bad value: warned, and its default used."""
    keys = sorted(page_settings(page))
    for shift in range(len(BAD_SETTING_VALUES)):
        query = {
            key: BAD_SETTING_VALUES[(i + shift) % len(BAD_SETTING_VALUES)]
            for i, key in enumerate(keys)
        }
        if page == LAB and query.get(LAB_STEPS) not in ("abc", "nan"):
            query[LAB_STEPS] = LAB_FAST[LAB_STEPS]  # the default step count trains for seconds
        at = check(open_page(page, query), f"{page} with {query}")
        notes = warnings(at)
        defaults = at.session_state["_page_param_defaults"]
        for key, value in query.items():
            if page == LAB and key == LAB_STEPS and value == LAB_FAST[LAB_STEPS]:
                continue
            assert _key_warned(key, notes), (key, value[:40], notes)
            assert at.session_state[key] == defaults[key], (key, at.session_state[key])
        assert_consistent(at)


OFF_GRID_SETTINGS = {
    # valid values a slider would not produce: between its steps, or beyond another setting
    "app_pages/4_Train_vs_eval.py": {
        "momentum": "0.123",
        "keras_momentum": "0",
        "batches": "15",
        "step": "499",
        "momentum_mode": "cumulative (momentum=None)",
    },
    "app_pages/5_Batch_size.py": {"spatial": "4096", "sampled_batches": "21"},
    "app_pages/6_Gradients.py": {"scale_a": "100.0", "upstream": "through a sigmoid"},
    "app_pages/7_Dropout.py": {"p": "0.95", "masks": "5000.0", "dropout_mode": "classic"},
    LAB: {LAB_STEPS: "50", "lr": "0.001", LAB_BATCH: "2", "norm": "GN", "depth": "6"},
}


@pytest.mark.parametrize("page", sorted(OFF_GRID_SETTINGS))
def test_valid_page_settings_off_the_slider_grid(page):
    query = OFF_GRID_SETTINGS[page]
    at = check(open_page(page, query))
    assert not warnings(at), warnings(at)
    for key, value in query.items():
        if key == "step":  # batches seen: at most the batches in the stream
            value = min(int(value), int(query["batches"]))
        try:
            assert float(at.session_state[key]) == float(value), key
        except ValueError:
            assert at.session_state[key] == value, key
    check(at.run())


def test_page_settings_do_not_share_url_keys_with_the_sidebar():
    """One URL key, one meaning: a page setting named like a sidebar field (or a display
    setting) overwrites it in the address bar and reads the other's value from a link."""
    from normviz.config import URL_KEYS

    shared = set(URL_KEYS.values()) | set(DISPLAY_KEYS)
    clashes = {page: sorted(set(page_settings(page)) & shared) for page in PAGES}
    assert not {p: c for p, c in clashes.items() if c}, clashes


def test_training_lab_link_keeps_the_tensor_seed_and_groups():
    """The lab's own seed and G must not be read from, nor written over, the sidebar's."""
    link = {"seed": "123456", "G": "3", "method": "GN", "c": "6", "preset": "Custom"}
    at = check(open_page(LAB, lab_query(link)))
    assert not warnings(at), warnings(at)
    assert (config(at).seed, config(at).groups) == (123456, 3)
    at.number_input(key=_lab_setting("seed")).set_value(3)
    check(at.run())
    assert config(at).seed == 123456
    url_matches_config(at)  # a shared link must rebuild the same tensor


# ---------------------------------------------------------------------------------------
# 3. Known edge cases of the formulas, on every page

SN = "Standard normal"
ONE_PER_CHANNEL = {
    "conv, N=H=W=1": {"n": "1", "c": "3", "h": "1", "w": "1", "preset": SN},
    "fully connected, N=1": {"fc": "1", "n": "1", "c": "3", "preset": SN},
}
# the pages whose numbers need batch statistics in training mode
TRAINING_PAGES = [p for p in PAGES if re.search(r"Step_by_step|Sigmoid|Train_vs_eval|Gradients", p)]


@pytest.mark.parametrize("shape", sorted(ONE_PER_CHANNEL))
@pytest.mark.parametrize("page", PAGES)
def test_batchnorm_with_one_value_per_channel_is_explained(page, shape):
    at = check(open_page(page, page_query(page, ONE_PER_CHANNEL[shape])))
    if page in TRAINING_PAGES:
        assert errors(at), "BN with one value per channel needs a sentence, not silence"
    for method in at.sidebar.radio(key="_w_method").options:  # every method, same tensor
        _send_formatted(at.sidebar.radio(key="_w_method"), method)
        check(at.run(), f"{page}, {shape}, {method}")


CONSTANT = {"preset": "Custom", "scale": "0", "shift": "3", "n": "4", "c": "4", "h": "3"}


@pytest.mark.parametrize("method", ["batch", "layer", "instance", "group"])
@pytest.mark.parametrize("page", PAGES)
def test_constant_tensor_with_eps_zero_is_explained(page, method):
    """σ² = 0 and ε = 0: x̂ = 0/0. A sentence where a page needs x̂, finite numbers elsewhere."""
    at = check(open_page(page, page_query(page, {**CONSTANT, "eps": "0", "method": method})))
    if page in TRAINING_PAGES:
        assert errors(at), "0/0 needs a sentence"
    # with ε > 0 the same tensor is well defined everywhere: x̂ = 0, y = β
    eps = at.sidebar.select_slider(key="_w_eps")
    _send_formatted(eps, next(o for o in eps.options if float(o) == 1e-5))
    check(at.run(), f"{page}, constant, ε = 1e-5")
    assert config(at).eps == 1e-5
    assert not errors(at), errors(at)


@pytest.mark.parametrize("page", [p for p in PAGES if p in TRAINING_PAGES])
def test_constant_tensor_with_a_tiny_eps_from_a_link(page):
    """ε = 1e-300 (a link may hold any ε in [0, 1]) on a constant tensor: (σ²+ε)^(-3/2)
    overflows, and float32 PyTorch rounds ε to 0 (0/0)."""
    at = check(open_page(page, {**CONSTANT, "shift": "1000", "eps": "1e-300"}))
    assert at.title


LARGEST = {"n": "15", "c": "128", "h": "64", "w": "64", "preset": SN}  # 7,864,320 elements


@pytest.mark.parametrize(
    "method", [("batch", None), ("instance", None), ("group", "1"), ("group", "128")]
)
@pytest.mark.parametrize("page", [p for p in PAGES if p != LAB])
def test_largest_tensor(page, method):
    name, groups = method
    link = {**LARGEST, "method": name, **({"G": groups} if groups else {})}
    at = check(open_page(page, link, timeout=180))
    assert not warnings(at) or page.endswith("Gradients.py"), warnings(at)  # it says it samples
    assert config(at).size == 15 * 128 * 64 * 64


@pytest.mark.parametrize("page", PAGES)
def test_groupnorm_with_one_group_and_with_one_group_per_channel(page):
    at = check(open_page(page, page_query(page, {"c": "6", "method": "GN", "preset": SN})))
    groups = at.sidebar.select_slider(key="_w_groups")
    for index in (0, len(groups.options) - 1):  # G = 1 (LayerNorm) and G = C (InstanceNorm)
        _send_formatted(at.sidebar.select_slider(key="_w_groups"), groups.options[index])
        check(at.run(), f"{page}, G = {groups.options[index]}")
    assert config(at).groups == 6


@pytest.mark.parametrize("page", PAGES)
def test_fully_connected_with_one_sample_and_one_channel(page):
    at = check(open_page(page, page_query(page, {"fc": "1", "n": "1", "c": "1", "preset": SN})))
    for method in at.sidebar.radio(key="_w_method").options:
        _send_formatted(at.sidebar.radio(key="_w_method"), method)
        check(at.run(), f"{page}, 1×1, {method}")


@pytest.mark.parametrize("depth", ["1", "6"])
def test_training_lab_at_the_depth_limits(depth):
    at = check(open_page(LAB, lab_query({"depth": depth})))
    assert not warnings(at), warnings(at)
    assert at.session_state["depth"] == int(depth)


# ---------------------------------------------------------------------------------------
# 4. Other things a hostile student tries


def affine_table(at: AppTest):
    """The sidebar's per-channel γ, β editor."""
    tables = [e for e in at.data_editor if (e.key or "").startswith("_w_affine")]
    return (tables or list(at.data_editor))[0]


def test_gamma_beta_table_edits_are_clamped():
    """Typed into the per-channel table: 1e308, −1e308, an emptied cell, 0."""
    at = check(open_page(HOME))
    editor = affine_table(at)
    edits = {"0": {"γ": 1e308, "β": -1e308}, "1": {"γ": None, "β": 0.0}}
    check(
        run_with(
            at, {editor.proto.id: {"edited_rows": edits, "added_rows": [], "deleted_rows": []}}
        )
    )
    assert config(at).gamma[0] == 100.0 and config(at).beta[0] == -100.0
    assert config(at).beta[1] == 0.0
    assert_consistent(at)


@pytest.mark.parametrize("value", [float("nan"), "abc", [1, 2]])
@pytest.mark.parametrize("page", [HOME, "app_pages/4_Train_vs_eval.py"])
def test_gamma_beta_table_refuses_what_is_not_a_number(page, value):
    """A crafted edit (the grid's number editor sends numbers or null, a script anything)."""
    at = check(open_page(page))
    editor = affine_table(at)
    state = {"edited_rows": {"0": {"γ": value}}, "added_rows": [], "deleted_rows": []}
    check(run_with(at, {editor.proto.id: state}), f"γ ← {value!r}")
    assert all(math.isfinite(g) for g in config(at).gamma)


def _cube_id(at: AppTest) -> str:
    return chart(at, "cube").proto.id


def _click(at: AppTest, customdata) -> AppTest:
    selection = {"selection": {"points": [{"customdata": customdata}], "point_indices": [0]}}
    return run_with(at, {_cube_id(at): selection})


AXES = next(p for p in PAGES if "Reduction_axes" in p)


def test_clicks_on_the_cube_outside_the_tensor_are_clamped():
    """A click on a cube drawn for a larger tensor (the shape changed in between)."""
    at = check(open_page(AXES, {"n": "4", "c": "4", "preset": SN}))
    check(_click(at, ["top", 99, 99]))
    assert config(at).at[:2] == (3, 3)
    check(_click(at, ["front", -5, 10**6]))
    assert_consistent(at)


@pytest.mark.parametrize("customdata", [["top", "x", 1], ["top", 1], [None, None, None], "top"])
def test_crafted_cube_selection_does_not_crash(customdata):
    """A selection event sent by a script, not by a click on the chart."""
    at = check(open_page(AXES, {"n": "4", "c": "4", "preset": SN}))
    check(_click(at, customdata), f"customdata {customdata!r}")


def test_every_page_after_every_sidebar_extreme():
    """Each sidebar control to its end (the largest shape the cap allows, ε = 0, scale and
    shift at their maxima), then every page with the result."""
    at = check(open_page(HOME))
    keys = ["_w_c", "_w_h", "_w_w", "_w_n", "_w_scale", "_w_shift", "_w_outliers", "_w_eps"]
    for key in keys:
        (w,) = [x for x in widgets(at) if x.key == key]
        if isinstance(w, SelectSlider):
            _send_formatted(w, w.options[0])  # ε = 0
        else:
            w.set_value(w.max)
        check(at.run(), key)
    cfg = config(at)
    assert (cfg.c, cfg.h, cfg.w, cfg.eps) == (128, 64, 64, 0.0)
    for page in PAGES:
        if page == LAB:
            at.query_params.update(LAB_FAST)
        check(at.switch_page(page).run(), f"{page} after every control at its end")
        assert config(at) == cfg
