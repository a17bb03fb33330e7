"""The shared sidebar: builds the tensor, picks the method, keeps both across pages and in the URL.

app.py draws it once per run, before the page (so the browser keeps it across a page switch);
the page then calls start_page. State lives in one frozen ViewConfig under
st.session_state["config"]. Widgets use their own keys ("_w_…"), are re-seeded from the config
before each draw (a link, the lesson or a click on a figure may have changed it), and write
back through on_change callbacks. A callback changes only the field of its own widget (and
what must follow from it, e.g. the element clamped into a smaller shape): no control resets
another.

Order, top to bottom: the language (one line), then where the teacher's hand is during a
lesson (navigation, the method and G, the chosen element), then the tensor (preset; its
shape and generator folded away), ε, γ and β, and last what is set once a lesson
(presenter, steps, upload, export).
"""

from __future__ import annotations

import math
from dataclasses import replace

import pandas as pd
import streamlit as st

import normviz as nv
from normviz.config import (
    AFFINE_LIMIT,
    CUSTOM,
    DIM_LIMITS,
    GENERATOR_FIELDS,
    MAX_ELEMENTS,
    WORKED,
    ViewConfig,
    fit,
    preset_changes,
    preset_view,
    to_query,
)
from normviz.i18n import LANGUAGES, Message, message, t
from ui import lesson, memory, raw_uploads
from ui.display import display, inert, lang, presenter_style, set_display, tr
from ui.page_params import non_default
from ui.pages import navigation
from ui.preload import preload_plotly
from ui.state import config, pop_notes, set_config
from ui.throttle import fair_share
from ui.upload_panel import check_source, export_controls, upload_controls
from ui.upload_store import lookup

EPS_CHOICES = [0.0, 1e-8, 1e-5, 1e-3, 1e-2, 0.1, 1.0]
GENERATOR_CONTROLS = ("seed", *GENERATOR_FIELDS)  # changing one makes the preset Custom
MAX_TABLE_CHANNELS = 16  # per-channel γ, β editor up to this C
PAGE_PARAMS = "_page_params"  # session state: the running page's own settings kept in the URL
BUILDER_OPEN = "_side_builder_open"  # the shape-and-generator expander, kept across pages
G_CHOSEN = "_side_groups_chosen"  # the user picked a G: GN keeps it after a trip to BN
ELEMENT = "side_element"  # the chosen element's row (its container's key, for the tests)
AXIS_NAMES = ("n", "c", "h", "w")
SEQUENCE_INPUTS = ((0, "n"), (3, "t"), (1, "d"))  # N×T×D held as N×D×1×T: (axis, name)
LAYOUTS = ("image", "fc", "sequence")  # the builder's tensor layouts (the widget's values)
LAYOUT_TEXTS = {
    "image": "sidebar.layout.image",
    "fc": "sidebar.fully_connected",
    "sequence": "sidebar.layout.sequence",
}


def layout_of(cfg: ViewConfig) -> str:
    """The builder's layout of a configuration: "image", "fc" or "sequence"."""
    return "sequence" if cfg.sequence else "fc" if cfg.fully_connected else "image"


def _widget(field: str) -> str:
    return f"_w_{field}"


def _on_field(field: str) -> None:
    """Copy one widget's value into the config, keeping the config consistent."""
    cfg = config()
    value = st.session_state[_widget(field)]
    if field == "method":
        value = nv.canonical_method(value)
    if field == "seed" and value is None:  # an emptied number box: keep the seed
        return
    if field == "layout":  # N×C×H×W, N×C or N×T×D (fit() makes a sequence's H = 1)
        new = replace(cfg, fully_connected=value == "fc", sequence=value == "sequence")
        if new.sequence:
            new = replace(new, h=1)
    else:
        new = replace(cfg, **{field: value})
    if field in GENERATOR_CONTROLS and cfg.preset != CUSTOM:
        new = replace(new, preset=CUSTOM)
    if field in ("n", "c", "h", "w", "layout") and new.size > MAX_ELEMENTS:
        shape = "×".join(map(str, new.shape))
        name, kept = field.upper(), getattr(cfg, field, None)
        if field == "layout":
            name, kept = tr("sidebar.layout"), tr(LAYOUT_TEXTS[layout_of(cfg)])
        note = Message(
            "sidebar.too_big",
            shape=shape,
            size=new.size,
            cap=MAX_ELEMENTS,
            field=name,
            kept=kept,
        )
        set_config(cfg, [note])
        return
    if field == "groups":
        st.session_state[G_CHOSEN] = True
    if field == "method" and value == "group" and cfg.method != "group":
        chosen = st.session_state.get(G_CHOSEN) or cfg.groups > 1
        if not (chosen and new.c % new.groups == 0):  # keep a G picked before, else the default
            new = replace(new, groups=nv.default_groups(new.c))
    new, notes = fit(new)
    if cfg.preset == WORKED and new.preset == CUSTOM and field not in GENERATOR_CONTROLS:
        notes.append(Message("sidebar.worked_left"))
    set_config(new, notes)


def _on_preset() -> None:
    """A preset chosen: its own tensor, shape, γ and β; its builder folds away."""
    name = st.session_state[_widget("preset")]
    if name != CUSTOM:
        set_config(preset_view(config(), name))
        st.session_state[BUILDER_OPEN] = False


def _on_preset_back() -> None:
    cfg = config()
    if cfg.preset in nv.PRESETS:
        set_config(preset_view(cfg, cfg.preset))


def _on_affine_all(field: str) -> None:
    value = float(st.session_state[_widget(field)])
    cfg = config()
    set_config(replace(cfg, **{field: (value,) * cfg.c}))


def _on_affine_one() -> None:
    """γ = 1 and β = 0 on every channel: back to one slider each."""
    cfg = config()
    set_config(replace(cfg, gamma=(1.0,) * cfg.c, beta=(0.0,) * cfg.c))


def _on_element(axis: int) -> None:
    value = st.session_state[_widget(f"at{axis}")]
    if value is None:  # an emptied number box: keep the element
        return
    cfg = config()
    at = list(cfg.at)
    at[axis] = int(value)
    set_config(fit(replace(cfg, at=tuple(at)))[0])


def _on_builder() -> None:
    st.session_state[BUILDER_OPEN] = bool(st.session_state[_widget("builder")])


def choose_element(cfg: ViewConfig, n: int, c: int, h: int, w: int) -> None:
    """Pick an element (from a click on a figure)."""
    new, _ = fit(replace(cfg, at=(n, c, h, w)))
    set_config(new)


def _seed(field: str, value) -> None:
    st.session_state[_widget(field)] = value


def sidebar() -> None:
    """Draw the shared sidebar (app.py, before the page runs; see start_page)."""
    fair_share()  # first of all: a session flooding the server waits here, alone
    memory.start_housekeeping()  # once per server: collect and trim memory when quiet
    raw_uploads.install()  # once per server: one file's worth of raw uploads per session
    check_source(config())  # a link's src= may change the config and rerun
    lesson.from_url()  # before the URL is rewritten (start_page)
    cfg = config()
    presenter_style()
    with st.sidebar:
        _language_control()
        navigation()
        _method_controls(cfg)
        _element_controls(cfg)
        st.divider()
        _tensor_controls(cfg)
        _affine_controls(cfg)
        st.divider()
        _display_controls()
        upload_controls(cfg, lang())
        export_controls(cfg, lang())
        preload_plotly()


def start_page(page_params: tuple[str, ...] = ()) -> ViewConfig:
    """A page's first call: the sidebar's notes, the link written, the lesson's panel; the
    configuration every page uses.

    page_params: the session-state keys of this page's own settings to keep in the URL
    (seed them with ui.page_params.initial before calling this).
    """
    _show_notes()
    st.session_state[PAGE_PARAMS] = page_params
    write_url()
    lesson.panel()  # may hold the page back until the stop's prediction is made
    return config()


# ---------------------------------------------------------------------------------------
# Method and element: at the top, in reach without scrolling


def _method_controls(cfg: ViewConfig) -> None:
    """BN/LN/IN/GN, and G under GN (saying when G = 1 or G = C is LN or IN)."""
    _seed("method", nv.SHORT_NAMES[cfg.method])
    st.radio(
        tr("sidebar.method"),
        list(nv.SHORT_NAMES.values()),
        key=_widget("method"),
        on_change=_on_field,
        args=("method",),
        horizontal=True,
        help=tr("sidebar.normalization.help"),
    )
    if cfg.method != "group":
        return
    _seed("groups", cfg.groups)
    st.select_slider(
        tr("sidebar.groups"),
        nv.divisors(cfg.c),
        key=_widget("groups"),
        on_change=_on_field,
        args=("groups",),
    )
    if cfg.groups == 1:
        st.caption(tr("sidebar.groups.same_layer"))
    elif cfg.groups == cfg.c:
        st.caption(tr("sidebar.groups.same_instance", c=cfg.c))


def _element_controls(cfg: ViewConfig) -> None:
    """The chosen element as one row of index boxes (n, c, h, w); an axis of size 1 is 0.
    A sequence's are n, t, d: its element x[n, t, d] in the order of N×T×D."""
    sizes = (cfg.n, cfg.c, cfg.h, cfg.w)
    axes = 2 if cfg.fully_connected else 4
    inputs = SEQUENCE_INPUTS if cfg.sequence else tuple(enumerate(AXIS_NAMES[:axes]))
    help_key = "sidebar.element.help.sequence" if cfg.sequence else "sidebar.element.help"
    with st.container(key=ELEMENT):
        st.markdown(
            tr("sidebar.element", element=f"x{list(cfg.shown_element)}"),
            help=tr(help_key, shape="×".join(map(str, cfg.shown_shape))),
        )
        for (axis, name), column in zip(inputs, st.columns(4, gap="small"), strict=False):
            _seed(f"at{axis}", cfg.at[axis])
            column.number_input(
                name,
                min_value=0,
                max_value=sizes[axis] - 1,
                step=1,
                key=_widget(f"at{axis}"),
                on_change=_on_element,
                args=(axis,),
                disabled=sizes[axis] == 1,
            )


# ---------------------------------------------------------------------------------------
# The tensor


def _tensor_controls(cfg: ViewConfig) -> None:
    """The preset (what changed since, and the way back), then its shape and generator in
    an expander that stays folded once a preset is set."""
    if not cfg.source:  # an uploaded tensor's shape and values are the file's
        _preset_controls(cfg)
    elements = "sidebar.elements.sequence" if cfg.sequence else "sidebar.elements"
    st.caption(
        tr(
            elements,
            shape="×".join(map(str, cfg.shown_shape)),
            size=cfg.size,
            cap=MAX_ELEMENTS,
        )
    )
    if cfg.source:
        return
    if BUILDER_OPEN not in st.session_state:  # a new session: open for a custom tensor only
        st.session_state[BUILDER_OPEN] = cfg.preset == CUSTOM
    st.session_state[_widget("builder")] = st.session_state[BUILDER_OPEN]
    with st.expander(
        tr("sidebar.builder"),
        key=_widget("builder"),
        on_change=_on_builder,
        icon=":material/tune:",
    ):
        _builder_controls(cfg)


def _preset_controls(cfg: ViewConfig) -> None:
    """The preset, its description, and what differs from it, with a button back to it."""
    presets = [*nv.PRESETS, CUSTOM] if cfg.preset == CUSTOM else list(nv.PRESETS)
    _seed("preset", cfg.preset)
    st.selectbox(
        tr("sidebar.preset"),
        presets,
        key=_widget("preset"),
        on_change=_on_preset,
        format_func=preset_namer(lang()),
        help=tr("sidebar.preset.help"),
    )
    if cfg.preset not in nv.PRESETS:
        return
    st.caption(tr(f"preset.{_slug(cfg.preset)}.description"))
    changed = preset_changes(cfg)
    if changed:
        st.caption(tr("sidebar.preset.changed", what=changes_text(cfg, changed)))
        st.button(
            tr("sidebar.preset.back", preset=preset_name(cfg.preset)),
            key="_w_preset_back",
            icon=":material/undo:",
            on_click=_on_preset_back,
        )


def changes_text(cfg: ViewConfig, changed: tuple[str, ...]) -> str:
    """What differs from the preset: the values now and the preset's own."""
    own = preset_view(cfg, cfg.preset)
    parts = []
    for name in changed:
        if name == "shape":
            now, was = "×".join(map(str, cfg.shape)), "×".join(map(str, own.shape))
        else:
            now, was = affine_text(getattr(cfg, name)), affine_text(getattr(own, name))
        parts.append(tr(f"sidebar.preset.changed.{name}", now=now, was=was))
    return tr("sidebar.preset.changed.join").join(parts)


def affine_text(values: tuple[float, ...]) -> str:
    """γ or β for a caption: one number when every channel shares it, else the list."""
    if len(set(values)) == 1:
        return f"{values[0]:g}"
    shown = ", ".join(f"{v:g}" for v in values[:8])
    return f"({shown}, …)" if len(values) > 8 else f"({shown})"


def _builder_controls(cfg: ViewConfig) -> None:
    """The generated tensor's shape and the generator's controls (inside the expander)."""
    _seed("layout", layout_of(cfg))
    st.radio(
        tr("sidebar.layout"),
        LAYOUTS,
        key=_widget("layout"),
        on_change=_on_field,
        args=("layout",),
        format_func=layout_namer(lang()),
        help=tr("sidebar.layout.help"),
    )
    labels = {dim: dim.upper() for dim in AXIS_NAMES}
    if cfg.sequence:  # N×T×D: T tokens are the positions (W), D features the channels (C)
        dims = ("n", "w", "c")
        labels |= {"w": tr("sidebar.tokens"), "c": tr("sidebar.features")}
    else:
        dims = ("n", "c") if cfg.fully_connected else ("n", "c", "h", "w")
    for dim in dims:
        lo, hi = DIM_LIMITS[dim]
        _seed(dim, getattr(cfg, dim))
        st.slider(labels[dim], lo, hi, key=_widget(dim), on_change=_on_field, args=(dim,))
    st.markdown("**" + tr("sidebar.generator") + "**")
    if cfg.preset == WORKED:
        st.caption(tr("sidebar.generator.worked"))
    _seed("seed", cfg.seed)
    st.number_input(
        tr("sidebar.seed"),
        0,
        2**31 - 1,
        step=1,
        key=_widget("seed"),
        on_change=_on_field,
        args=("seed",),
    )
    for field, lo, hi, step in (
        ("scale", 0.0, 20.0, 0.1),
        ("shift", -20.0, 20.0, 0.5),
        ("channel_spread", 0.0, 10.0, 0.5),
        ("sample_spread", 0.0, 10.0, 0.5),
        ("outliers", 0.0, 0.2, 0.005),
    ):
        value = getattr(cfg, field)
        _seed(field, value)
        named = cfg.sequence and field in ("channel_spread", "sample_spread")  # d, n of N×T×D
        st.slider(
            tr(f"sidebar.{field}" + (".sequence" if named else "")),
            min(lo, value),  # a link may hold a value beyond the usual range
            max(hi, value),
            step=step,
            key=_widget(field),
            on_change=_on_field,
            args=(field,),
        )
    _seed("relu_like", cfg.relu_like)
    st.checkbox(
        tr("sidebar.relu_like"),
        key=_widget("relu_like"),
        on_change=_on_field,
        args=("relu_like",),
    )


def _slug(name: str) -> str:
    """A preset's name as a text key: 'Badly scaled, saturating' → 'badly_scaled_saturating'."""
    return "_".join("".join(ch if ch.isalnum() else " " for ch in name.lower()).split())


def preset_name(name: str) -> str:
    """A preset's name in the session's language (the English name stays the URL value)."""
    return tr(f"preset.{_slug(name)}")


def source_name(cfg: ViewConfig) -> str:
    """Where the tensor comes from, for a caption: the preset (saying when its shape, γ or β
    were changed since), or the uploaded file's name."""
    if cfg.source:
        upload = lookup(cfg.source)
        return inert(upload.name) if upload is not None else tr("preset.custom")
    if preset_changes(cfg):
        return tr("preset.modified", name=preset_name(cfg.preset))
    return preset_name(cfg.preset)


def layout_namer(lang: str):
    """A layout's name in a language (a format_func also runs outside the script)."""
    return lambda layout: t(LAYOUT_TEXTS[layout], lang)


def preset_namer(lang: str):
    """preset_name bound to a language: a format_func also runs outside the script (AppTest)."""
    return lambda name: t(f"preset.{_slug(name)}", lang)


# ---------------------------------------------------------------------------------------
# ε, γ, β


def _affine_controls(cfg: ViewConfig) -> None:
    """ε; γ and β: one slider each while every channel shares one value; per channel (the
    table, shown open) once they differ, with the sliders saying they set every channel."""
    eps_choices = sorted({*EPS_CHOICES, cfg.eps})
    _seed("eps", cfg.eps)
    st.select_slider(
        "ε",
        eps_choices,
        key=_widget("eps"),
        on_change=_on_field,
        args=("eps",),
        format_func=lambda v: f"{v:g}",
        help=tr("sidebar.eps.help"),
    )
    varies = {f: len(set(getattr(cfg, f))) > 1 for f in ("gamma", "beta")}
    differ = any(varies.values())
    if differ:
        symbols = {"gamma": "γ", "beta": "β"}
        values = ", ".join(
            f"{symbols[f]} = {affine_text(getattr(cfg, f))}" for f in varies if varies[f]
        )
        st.caption(tr("sidebar.affine_differ", values=values))
    if cfg.method == "rms":
        st.caption(tr("sidebar.rms_no_beta"))
    for field in ("gamma", "beta"):
        values = getattr(cfg, field)
        value = round(sum(values) / len(values), 6)  # the channels' mean when they differ
        _seed(field, value)
        st.slider(
            tr(f"sidebar.{field}_every" if varies[field] else f"sidebar.{field}_all"),
            min(-10.0, value),  # a link or the table may go up to ±100
            max(10.0, value),
            step=0.1,
            key=_widget(field),
            on_change=_on_affine_all,
            args=(field,),
            help=tr("sidebar.affine_every.help") if varies[field] else None,
        )
    if cfg.c > MAX_TABLE_CHANNELS:
        return
    if differ:
        _affine_table(cfg)
        st.button(
            tr("sidebar.affine_one"),
            key="_w_affine_one",
            on_click=_on_affine_one,
        )
    else:
        with st.expander(tr("sidebar.affine_table")):
            _affine_table(cfg)


def _affine_table(cfg: ViewConfig) -> None:
    table = pd.DataFrame({"γ": cfg.gamma, "β": cfg.beta})
    key = f"_w_affine_{hash((cfg.gamma, cfg.beta))}"
    st.data_editor(
        table,
        key=key,
        on_change=_on_affine_table,
        args=(key,),
        num_rows="fixed",
        width="stretch",
    )


def _on_affine_table(key: str) -> None:
    cfg = config()
    gamma, beta = list(cfg.gamma), list(cfg.beta)
    for row, edits in st.session_state[key].get("edited_rows", {}).items():
        for column, value in edits.items():
            try:  # the grid sends numbers or None; anything else (a crafted message) is dropped
                value, row = float(value), int(row)
            except (TypeError, ValueError):
                continue
            if column not in ("γ", "β") or not math.isfinite(value) or not 0 <= row < cfg.c:
                continue
            value = min(max(value, -AFFINE_LIMIT), AFFINE_LIMIT)
            (gamma if column == "γ" else beta)[row] = value
    set_config(replace(cfg, gamma=tuple(gamma), beta=tuple(beta)))


# ---------------------------------------------------------------------------------------
# Set once a lesson


def _language_control() -> None:
    """English or 简体中文: the sidebar's first control, one line (kept in the URL)."""
    st.session_state["_w_lang"] = display().lang
    st.selectbox(
        ":material/translate: " + tr("lang.label"),
        list(LANGUAGES),
        key="_w_lang",
        format_func=LANGUAGES.get,
        on_change=lambda: set_display(lang=st.session_state["_w_lang"]),
        label_visibility="collapsed",
    )


def _display_controls() -> None:
    """Presenter mode and step-by-step explanations (kept in the URL)."""
    now = display()
    for field, widget, text in (
        ("presenter", "_w_presenter", "display.presenter"),
        ("steps", "_w_steps", "display.steps"),
    ):
        st.session_state[widget] = getattr(now, field)
        st.toggle(
            tr(text),
            key=widget,
            help=tr(f"{text}.help"),
            on_change=lambda f=field, w=widget: set_display(**{f: st.session_state[w]}),
        )


def _show_notes() -> None:
    for note in pop_notes():
        st.warning(message(note, lang()))


def write_url() -> None:
    """Keep the address bar a shareable link to exactly this view (and nothing else): the
    sidebar's settings, the display's, the page's own (PAGE_PARAMS) and the lesson's."""
    page_params = st.session_state.get(PAGE_PARAMS, ())
    wanted = to_query(config()) | display().to_query() | non_default(page_params)
    wanted |= lesson.lesson_query()
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
