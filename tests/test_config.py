"""normviz.config: the URL of a view round-trips, and every bad link parameter falls back
to a safe value with a note the page shows."""

from __future__ import annotations

import math
from dataclasses import fields, replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from normviz.config import (
    AFFINE_LIMIT,
    CUSTOM,
    DEFAULT,
    DIM_LIMITS,
    FLOAT_LIMITS,
    MAX_ELEMENTS,
    MAX_URL_VALUE,
    MIN_EPS,
    URL_KEYS,
    WORKED,
    ViewConfig,
    apply_preset,
    fit,
    from_query,
    to_query,
)
from normviz.methods import divisors
from normviz.tensors import PRESETS

ROUND_TRIP = settings(max_examples=250, deadline=None)


def parse(**params: str) -> tuple[ViewConfig, list[str]]:
    """from_query on keyword parameters (URL keys)."""
    return from_query(params)


def one_note(notes: list[str], *words: str) -> str:
    """The single note, after checking it contains every word."""
    assert len(notes) == 1, notes
    for word in words:
        assert word in notes[0], (word, notes[0])
    return notes[0]


# ---------------------------------------------------------------------------------------
# Round trip


def url_float(value: float) -> float:
    """A float as it survives the URL (6 significant digits), so equality is exact."""
    return float(f"{value:.6g}")


def floats_in(lo: float, hi: float) -> st.SearchStrategy[float]:
    edges = st.sampled_from([lo, hi, (lo + hi) / 2, 0.0 if lo <= 0 <= hi else lo])
    inner = st.floats(lo, hi, allow_nan=False, allow_infinity=False).map(url_float)
    return st.one_of(edges, inner).filter(lambda v: lo <= v <= hi)


@st.composite
def shapes(draw) -> tuple[int, int, int, int, bool]:
    """(n, c, h, w, fully_connected) under the element cap, extremes reachable."""
    dims = {}
    for dim in ("n", "c", "h", "w"):
        lo, hi = DIM_LIMITS[dim]
        dims[dim] = draw(st.one_of(st.sampled_from([lo, 2, hi]), st.integers(lo, hi)))
    fc = draw(st.booleans())
    if dims["n"] * dims["c"] * dims["h"] * dims["w"] > MAX_ELEMENTS:
        dims["w"] = max(1, MAX_ELEMENTS // (dims["n"] * dims["c"] * dims["h"]))
    return dims["n"], dims["c"], dims["h"], dims["w"], fc


@st.composite
def affine(draw, c: int, fill: float) -> tuple[float, ...]:
    """γ or β: shared by all channels, or one value per channel."""
    value = floats_in(-AFFINE_LIMIT, AFFINE_LIMIT)
    kind = draw(st.sampled_from(["default", "shared", "per-channel"]))
    if kind == "default":
        return (fill,) * c
    if kind == "shared":
        return (draw(value),) * c
    return tuple(draw(st.lists(value, min_size=c, max_size=c)))


@st.composite
def configs(draw) -> ViewConfig:
    """Consistent configurations (as fit() leaves them), with URL-exact floats."""
    n, c, h, w, fc = draw(shapes())
    cfg = replace(DEFAULT, n=n, c=c, h=h, w=w, fully_connected=fc)
    preset = draw(st.sampled_from([*PRESETS, CUSTOM]))
    cfg = apply_preset(cfg, preset) if preset != CUSTOM else replace(cfg, preset=CUSTOM)
    if draw(st.booleans()):  # hand-tuned generator controls on top of the preset
        tuned = {name: draw(floats_in(*FLOAT_LIMITS[name])) for name in FLOAT_LIMITS}
        cfg = replace(cfg, **tuned, relu_like=draw(st.booleans()))
    method = draw(st.sampled_from(["batch", "layer", "instance", "group"]))
    cfg = replace(
        cfg,
        method=method,
        groups=draw(st.sampled_from(divisors(cfg.c))),
        seed=draw(st.one_of(st.just(0), st.integers(0, 2**31 - 1))),
        eps=draw(
            st.one_of(
                st.sampled_from([0.0, 1e-8, 1e-5, 1e-3, 1.0]),
                floats_in(0.0, 1.0).filter(lambda v: v == 0 or v >= MIN_EPS),
            )
        ),
        gamma=draw(affine(cfg.c, 1.0)),
        beta=draw(affine(cfg.c, 0.0)),
        at=tuple(draw(st.integers(0, s - 1)) for s in (cfg.n, cfg.c, cfg.h, cfg.w)),
    )
    return fit(cfg)[0]


@ROUND_TRIP
@given(configs())
def test_round_trip(cfg):
    query = to_query(cfg)
    assert set(query) <= set(URL_KEYS.values())
    assert all(isinstance(v, str) and len(v) <= MAX_URL_VALUE for v in query.values())
    back, notes = from_query(query)
    assert back == cfg
    assert notes == []


@settings(max_examples=50, deadline=None)
@given(configs())
def test_fit_is_idempotent_and_silent_on_consistent_configs(cfg):
    assert fit(cfg) == (cfg, [])


def url_text() -> st.SearchStrategy[str]:
    """What a hand-edited link may hold: numbers, words, lists, junk."""
    number = st.one_of(
        st.integers(-(10**6), 10**6).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
    )
    words = st.sampled_from(["", "BN", "gn", "true", "1", "0", "Custom", *PRESETS, "nan"])
    listed = st.lists(number, min_size=1, max_size=6).map(",".join)
    return st.one_of(number, words, listed, st.text(max_size=30))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(list(URL_KEYS.values())), url_text()))
def test_any_link_gives_a_consistent_view(params):
    cfg, notes = from_query(params)
    assert fit(cfg) == (cfg, [])
    assert cfg.size <= MAX_ELEMENTS
    assert len(cfg.gamma) == len(cfg.beta) == cfg.c
    assert all(isinstance(note, str) and note for note in notes)
    assert len(notes) <= len(params) + 2  # one per bad key, plus shape cap and G


def test_default_view_has_an_empty_query():
    assert to_query(DEFAULT) == {}
    assert from_query({}) == (DEFAULT, [])


def test_query_is_short_for_a_preset():
    cfg = apply_preset(replace(DEFAULT, n=8, c=16, h=7, w=7), "Per-channel offsets")
    query = to_query(cfg)
    assert query == {"n": "8", "c": "16", "h": "7", "w": "7", "preset": "Per-channel offsets"}
    assert from_query(query)[0] == cfg


def test_one_changed_field_gives_one_parameter():
    assert to_query(replace(DEFAULT, method="layer")) == {"method": "layer"}
    assert to_query(replace(DEFAULT, eps=1e-3)) == {"eps": "0.001"}
    assert to_query(replace(DEFAULT, at=(1, 1, 0, 1))) == {"at": "1,1,0,1"}


def test_shared_gamma_is_written_once():
    cfg = replace(apply_preset(replace(DEFAULT, c=8), "Standard normal"), gamma=(3.0,) * 8)
    assert to_query(cfg)["gamma"] == "3"
    assert from_query(to_query(cfg))[0] == cfg


def test_list_parameters_use_the_last_value():
    cfg, notes = from_query({"n": ["3", "5"], "method": ("LN",)})
    assert (cfg.n, cfg.method, notes) == (5, "layer", [])


# ---------------------------------------------------------------------------------------
# Accepted spellings


@pytest.mark.parametrize(
    ("raw", "method"),
    [("BN", "batch"), ("ln", "layer"), ("InstanceNorm", "instance"), ("gn", "group")],
)
def test_method_aliases(raw, method):
    cfg, notes = parse(method=raw)
    assert (cfg.method, notes) == (method, [])


@pytest.mark.parametrize(("raw", "value"), [("1", True), ("true", True), ("0", False)])
def test_boolean_spellings(raw, value):
    cfg, notes = parse(fc=raw, n="4", preset="Standard normal")
    assert (cfg.fully_connected, notes) == (value, [])


def test_whitespace_around_numbers_is_accepted():
    cfg, notes = parse(n=" 4 ", preset="Standard normal")
    assert (cfg.n, notes) == (4, [])


# ---------------------------------------------------------------------------------------
# Bad parameters: default value and a note naming the parameter


BAD_VALUES = [
    # (URL key, raw value) pairs that must each be ignored with a note
    ("n", "abc"),
    ("n", "2.5"),
    ("n", "1e3"),
    ("n", "0"),
    ("n", "-3"),
    ("n", "65"),
    ("n", "9" * 400),
    ("c", ""),
    ("c", "129"),
    ("h", "NaN"),
    ("w", "inf"),
    ("fc", "yes"),
    ("relu", "2"),
    ("preset", "Nonexistent"),
    ("seed", "-1"),
    ("seed", str(2**31)),
    ("seed", "0x10"),
    ("scale", "nan"),
    ("scale", "inf"),
    ("scale", "-1"),
    ("scale", "1e308"),
    ("shift", "-inf"),
    ("shift", "1e400"),
    ("cspread", "-0.5"),
    ("sspread", "abc"),
    ("outliers", "0.9"),
    ("eps", "nan"),
    ("eps", "-1e-5"),
    ("eps", "2"),
    ("eps", "1e-300"),  # below MIN_EPS: 0 to float32
    ("method", "XX"),
    ("method", "batch norm!"),
    ("G", "0"),
    ("G", "-2"),
    ("G", "1000"),
    ("gamma", "1,nan"),
    ("gamma", "inf"),
    ("gamma", "101"),
    ("gamma", ",".join(["1"] * 129)),
    ("beta", "1,,2"),
    ("beta", "-1e9"),
    ("at", "1,2,3"),
    ("at", "0,0,0,-1"),
    ("at", "a,b,c,d"),
    ("at", "0,0,0,99999"),
]


@pytest.mark.parametrize(("key", "raw"), BAD_VALUES)
def test_bad_parameter_falls_back_with_a_note(key, raw):
    field = next(name for name, url_key in URL_KEYS.items() if url_key == key)
    cfg, notes = from_query({key: raw})
    assert getattr(cfg, field) == getattr(DEFAULT, field)
    assert cfg == DEFAULT
    one_note(notes, f"{key}=", "default")


def test_a_too_long_value_is_not_parsed_and_the_note_is_short():
    raw = "1" * (MAX_URL_VALUE + 1)
    cfg, notes = parse(seed=raw)
    note = one_note(notes, "seed=")
    assert cfg.seed == DEFAULT.seed
    assert len(note) < 200  # the note quotes only the start of the value
    assert "…" in note


def test_every_bad_parameter_gets_its_own_note():
    cfg, notes = parse(n="x", c="y", method="z", eps="nan", seed="-1")
    assert cfg == DEFAULT
    assert len(notes) == 5
    for key in ("n=", "c=", "method=", "eps=", "seed="):
        assert any(key in note for note in notes), key


def test_good_parameters_survive_next_to_bad_ones():
    cfg, notes = parse(n="4", c="oops", method="LN", preset="Standard normal")
    assert (cfg.n, cfg.c, cfg.method, cfg.preset) == (4, DEFAULT.c, "layer", "Standard normal")
    one_note(notes, "c=")


def test_unknown_keys_are_ignored():
    assert from_query({"utm_source": "mail", "foo": "bar"}) == (DEFAULT, [])


# ---------------------------------------------------------------------------------------
# Values that parse but do not fit together


def test_groups_not_dividing_c_use_the_nearest_divisor():
    cfg, notes = parse(method="GN", c="12", G="5", preset="Standard normal")
    assert cfg.groups == 4  # 4 and 6 are both 1 away from 5: the smaller wins
    one_note(notes, "G = 5", "C = 12", "G = 4", "1, 2, 3, 4, 6, 12")


def test_groups_tie_prefers_the_smaller_divisor():
    cfg, notes = parse(method="GN", c="4", G="3", preset="Standard normal")
    assert cfg.groups == 2
    one_note(notes, "valid: 1, 2, 4")


def test_groups_larger_than_c_use_c():
    cfg, notes = parse(method="GN", c="6", G="100", preset="Standard normal")
    assert cfg.groups == 6
    one_note(notes, "G = 100", "1, 2, 3, 6")


def test_groups_are_dropped_silently_when_the_method_has_none():
    cfg, notes = parse(method="BN", c="4", G="3", preset="Standard normal")
    assert (cfg.groups, notes) == (1, [])


def test_element_out_of_range_is_clamped():
    cfg, _ = parse(at="5,9,7,3")
    assert cfg.at == (1, 1, 1, 1)
    cfg, _ = parse(at="5,9,7,3", n="8", c="4", h="3", w="9", preset="Standard normal")
    assert cfg.at == (5, 3, 2, 3)


def test_element_out_of_range_is_clamped_with_a_note():
    _, notes = parse(at="5,9,7,3")
    one_note(notes, "at")


def test_fully_connected_element_uses_n_and_c_only():
    cfg, notes = parse(fc="1", n="4", c="3", at="3,2,5,5", preset="Standard normal")
    assert cfg.element == (3, 2)
    assert cfg.shape == (4, 3)
    assert notes == []


def test_shape_over_the_cap_falls_back_to_the_default_shape():
    cfg, notes = parse(n="64", c="128", h="64", w="64", preset="Standard normal")
    assert (cfg.n, cfg.c, cfg.h, cfg.w) == (DEFAULT.n, DEFAULT.c, DEFAULT.h, DEFAULT.w)
    assert cfg.size <= MAX_ELEMENTS
    assert cfg.preset == "Standard normal"
    one_note(notes, "64×128×64×64", f"{MAX_ELEMENTS:,}", "default shape")


def test_the_largest_shape_under_the_cap_is_kept():
    cfg, notes = parse(n="32", c="64", h="56", w="56", preset="Standard normal")
    assert (cfg.shape, notes) == ((32, 64, 56, 56), [])


def test_fully_connected_shapes_are_always_under_the_cap():
    cfg, notes = parse(fc="1", n="64", c="128", h="64", w="64", preset="Standard normal")
    assert (cfg.shape, notes) == ((64, 128), [])


def test_gamma_and_beta_follow_c():
    cfg, notes = parse(c="4", gamma="2", beta="1,2,3,4", preset="Standard normal")
    assert (cfg.gamma, cfg.beta, notes) == ((2.0,) * 4, (1.0, 2.0, 3.0, 4.0), [])
    cfg, _ = parse(c="3", gamma="1,2", preset="Standard normal")
    assert cfg.gamma == (1.0, 2.0, 1.0)  # a missing channel gets γ = 1


def test_worked_example_exists_in_one_shape_only():
    cfg, notes = parse(n="4")
    assert (cfg.n, cfg.preset, notes) == (4, CUSTOM, [])
    cfg, _ = parse(fc="1")
    assert cfg.preset == CUSTOM


# ---------------------------------------------------------------------------------------
# Presets


def test_default_is_the_worked_example():
    assert DEFAULT.preset == WORKED
    assert DEFAULT.shape == (2, 2, 2, 2)
    assert (DEFAULT.gamma, DEFAULT.beta, DEFAULT.eps) == ((2.0, 5.0), (3.0, 8.0), 1e-5)


@pytest.mark.parametrize("name", list(PRESETS))
def test_preset_sets_its_generator_controls(name):
    preset = PRESETS[name]
    cfg = apply_preset(replace(DEFAULT, preset=CUSTOM, n=4, c=3, h=5, w=5), name)
    assert cfg.preset == name
    assert cfg.spec == preset.spec
    if preset.fixed_shape is None:
        assert cfg.shape == (4, 3, 5, 5)
        assert (cfg.gamma, cfg.beta) == ((1.0,) * 3, (0.0,) * 3)
    else:
        assert (cfg.n, cfg.c, cfg.h, cfg.w) == preset.fixed_shape
        assert (cfg.gamma, cfg.beta) == (preset.gamma, preset.beta)
    assert fit(cfg) == (cfg, [])


@pytest.mark.parametrize("name", list(PRESETS))
def test_preset_link_gives_the_preset(name):
    cfg, notes = parse(preset=name)
    assert (cfg.preset, cfg.spec, notes) == (name, PRESETS[name].spec, [])


def test_preset_keeps_the_method_and_element():
    cfg = replace(DEFAULT, method="instance", at=(1, 0, 1, 0))
    out = apply_preset(cfg, "Outliers")
    assert (out.method, out.at) == ("instance", (1, 0, 1, 0))


# ---------------------------------------------------------------------------------------
# Properties of the config itself


def test_shape_size_and_element():
    cfg = replace(DEFAULT, n=3, c=4, h=5, w=6, at=(2, 3, 4, 5), preset=CUSTOM)
    assert (cfg.shape, cfg.size, cfg.element) == ((3, 4, 5, 6), 360, (2, 3, 4, 5))
    fc = replace(cfg, fully_connected=True)
    assert (fc.shape, fc.size, fc.element) == ((3, 4), 12, (2, 3))


def test_label_and_group_count():
    assert (DEFAULT.label, DEFAULT.group_count) == ("BN", None)
    gn = replace(DEFAULT, method="group", groups=2)
    assert (gn.label, gn.group_count) == ("GN (G=2)", 2)


def test_url_keys_cover_every_field_once():
    assert set(URL_KEYS) == {f.name for f in fields(ViewConfig)}
    assert len(set(URL_KEYS.values())) == len(URL_KEYS)


def test_float_limits_contain_the_defaults():
    for name, (lo, hi) in FLOAT_LIMITS.items():
        assert lo <= getattr(DEFAULT, name) <= hi
        assert math.isfinite(lo) and math.isfinite(hi)
