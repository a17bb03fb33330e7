"""The shared sidebar: builds the tensor, picks the method, keeps both across pages and in the URL.

State lives in one frozen ViewConfig under st.session_state["config"]. Widgets use their
own keys ("_w_…"), are re-seeded from the config before each draw (pages-directory mode
drops widget values on a page switch), and write back through on_change callbacks.
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
    apply_preset,
    fit,
    to_query,
)
from normviz.i18n import LANGUAGES, Message, message, t
from ui.display import display, inert, lang, presenter_style, set_display, tr
from ui.page_params import non_default
from ui.pages import navigation
from ui.state import config, pop_notes, set_config
from ui.upload_panel import export_controls, upload_controls
from ui.upload_store import lookup

EPS_CHOICES = [0.0, 1e-8, 1e-5, 1e-3, 1e-2, 0.1, 1.0]
GENERATOR_CONTROLS = ("seed", *GENERATOR_FIELDS)  # changing one makes the preset Custom
MAX_TABLE_CHANNELS = 16  # per-channel γ, β editor up to this C


def _widget(field: str) -> str:
    return f"_w_{field}"


def _on_field(field: str) -> None:
    """Copy one widget's value into the config, keeping the config consistent."""
    cfg = config()
    value = st.session_state[_widget(field)]
    if field == "method":
        value = nv.canonical_method(value)
    new = replace(cfg, **{field: value})
    if field in GENERATOR_CONTROLS and cfg.preset != CUSTOM:
        new = replace(new, preset=CUSTOM)
    if field in ("n", "c", "h", "w", "fully_connected") and new.size > MAX_ELEMENTS:
        shape = "×".join(map(str, new.shape))
        kept = getattr(cfg, field)
        note = Message(
            "sidebar.too_big",
            shape=shape,
            size=new.size,
            cap=MAX_ELEMENTS,
            field=field.upper(),
            kept=kept,
        )
        set_config(cfg, [note])
        return
    if field == "method" and value == "group" and cfg.method != "group":
        new = replace(new, groups=nv.default_groups(new.c))
    new, notes = fit(new)
    if cfg.preset == WORKED and new.preset == CUSTOM and field not in GENERATOR_CONTROLS:
        notes.append(Message("sidebar.worked_left"))
    set_config(new, notes)


def _on_preset() -> None:
    name = st.session_state[_widget("preset")]
    if name != CUSTOM:
        set_config(apply_preset(config(), name))


def _on_affine_all(field: str) -> None:
    value = float(st.session_state[_widget(field)])
    cfg = config()
    set_config(replace(cfg, **{field: (value,) * cfg.c}))


def _on_element(axis: int) -> None:
    cfg = config()
    at = list(cfg.at)
    at[axis] = int(st.session_state[_widget(f"at{axis}")])
    set_config(replace(cfg, at=tuple(at)))


def choose_element(cfg: ViewConfig, n: int, c: int, h: int, w: int) -> None:
    """Pick an element (from a click on a figure)."""
    new, _ = fit(replace(cfg, at=(n, c, h, w)))
    set_config(new)


def _seed(field: str, value) -> None:
    st.session_state[_widget(field)] = value


def sidebar(page_params: tuple[str, ...] = ()) -> ViewConfig:
    """Draw the shared sidebar and return the configuration every page uses.

    page_params: the session-state keys of this page's own settings to keep in the URL
    (seed them with ui.page_params.initial before calling this).
    """
    cfg = config()
    presenter_style()
    with st.sidebar:
        navigation()
        _display_controls()
        upload_controls(cfg, lang())  # first: a link's src= may change the config and rerun
        st.header(tr("sidebar.tensor"))
        if not cfg.source:  # an uploaded tensor's shape and values are the file's
            _builder_controls(cfg)
        st.caption(
            tr(
                "sidebar.elements",
                shape="×".join(map(str, cfg.shape)),
                size=cfg.size,
                cap=MAX_ELEMENTS,
            )
        )

        st.header(tr("sidebar.method"))
        _seed("method", nv.SHORT_NAMES[cfg.method])
        st.radio(
            tr("sidebar.normalization"),
            list(nv.SHORT_NAMES.values()),
            key=_widget("method"),
            on_change=_on_field,
            args=("method",),
            horizontal=True,
            help=tr("sidebar.normalization.help"),
        )
        if cfg.method == "group":
            _seed("groups", cfg.groups)
            st.select_slider(
                tr("sidebar.groups"),
                nv.divisors(cfg.c),
                key=_widget("groups"),
                on_change=_on_field,
                args=("groups",),
            )
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
        _affine_controls(cfg)

        st.header(tr("sidebar.element"))
        _element_controls(cfg)
        export_controls(cfg, lang())
    _show_notes()
    _write_url(page_params)
    return config()


def _builder_controls(cfg: ViewConfig) -> None:
    """The generated tensor: preset, shape and the generator's controls."""
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
    if cfg.preset in nv.PRESETS:
        st.caption(tr(f"preset.{_slug(cfg.preset)}.description"))
    _seed("fully_connected", cfg.fully_connected)
    st.toggle(
        tr("sidebar.fully_connected"),
        key=_widget("fully_connected"),
        on_change=_on_field,
        args=("fully_connected",),
    )
    dims = ("n", "c") if cfg.fully_connected else ("n", "c", "h", "w")
    for dim in dims:
        lo, hi = DIM_LIMITS[dim]
        _seed(dim, getattr(cfg, dim))
        st.slider(dim.upper(), lo, hi, key=_widget(dim), on_change=_on_field, args=(dim,))
    with st.expander(tr("sidebar.generator"), expanded=False):
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
            st.slider(
                tr(f"sidebar.{field}"),
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
    """Where the tensor comes from, for a caption: the preset, or the uploaded file's name."""
    if cfg.source:
        upload = lookup(cfg.source)
        return inert(upload.name) if upload is not None else tr("preset.custom")
    return preset_name(cfg.preset)


def preset_namer(lang: str):
    """preset_name bound to a language: a format_func also runs outside the script (AppTest)."""
    return lambda name: t(f"preset.{_slug(name)}", lang)


def _display_controls() -> None:
    """Language, presenter mode and step-by-step explanations (kept in the URL)."""
    now = display()
    codes = list(LANGUAGES)
    st.session_state["_w_lang"] = now.lang
    st.selectbox(
        ":material/translate: " + tr("lang.label"),
        codes,
        key="_w_lang",
        format_func=LANGUAGES.get,
        on_change=lambda: set_display(lang=st.session_state["_w_lang"]),
    )
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


def _affine_controls(cfg: ViewConfig) -> None:
    """γ and β: one slider each for all channels, and a per-channel table when C is small."""
    for field in ("gamma", "beta"):
        value = float(getattr(cfg, field)[0])
        _seed(field, value)
        st.slider(
            tr(f"sidebar.{field}_all"),
            min(-10.0, value),  # a link or the table may go up to ±100
            max(10.0, value),
            step=0.1,
            key=_widget(field),
            on_change=_on_affine_all,
            args=(field,),
        )
    if len(set(cfg.gamma)) > 1 or len(set(cfg.beta)) > 1:
        st.caption(tr("sidebar.affine_differ"))
    if cfg.c <= MAX_TABLE_CHANNELS:
        with st.expander(tr("sidebar.affine_table")):
            table = pd.DataFrame({"γ": cfg.gamma, "β": cfg.beta})
            key = f"_w_affine_{hash((cfg.gamma, cfg.beta))}"
            st.data_editor(
                table,
                key=key,
                on_change=_on_affine_table,
                args=(key,),
                num_rows="fixed",
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


def _element_controls(cfg: ViewConfig) -> None:
    sizes = (cfg.n, cfg.c, cfg.h, cfg.w)
    names = (tr("sidebar.at.n"), tr("sidebar.at.c"), "h", "w")
    axes = 2 if cfg.fully_connected else 4
    for axis in range(axes):
        if sizes[axis] == 1:
            continue
        _seed(f"at{axis}", cfg.at[axis])
        st.slider(
            names[axis],
            0,
            sizes[axis] - 1,
            key=_widget(f"at{axis}"),
            on_change=_on_element,
            args=(axis,),
        )
    st.caption(f"x{list(cfg.element)}")


def _show_notes() -> None:
    for note in pop_notes():
        st.warning(message(note, lang()))


def _write_url(page_params: tuple[str, ...]) -> None:
    """Keep the address bar a shareable link to exactly this view (and nothing else)."""
    wanted = to_query(config()) | display().to_query() | non_default(page_params)
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
