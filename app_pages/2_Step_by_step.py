"""Step by step: the four steps of the normalization, filled with the actual numbers."""

import pandas as pd
import streamlit as st

st.set_page_config(page_title="Step by step · normviz")

from normviz.figures.steps import group_values_strip, index_in_group, slice_heatmaps
from normviz.i18n import message
from normviz.methods import training_refusal
from normviz.tensors import axes_text
from ui import compute
from ui.display import chart, explain, lang, method_name, table, tr
from ui.latex import step_formulas
from ui.self_test import self_test
from ui.sidebar import start_page

cfg = start_page()
st.title(tr("p2.title"))

try:
    view = compute.steps(cfg)
except ValueError as err:
    st.error(message(training_refusal(cfg.shape, cfg.method, cfg.group_count) or err, lang()))
    st.stop()

numbers, stats = view.numbers, view.table
at = numbers.at
index = ", ".join(map(str, cfg.shown_element))  # (n, t, d) for a sequence
axes = axes_text(numbers.reduced_axes, len(at), cfg.sequence)
intro_shown = explain(
    "p2.intro",
    name=method_name(cfg.method, cfg.label),
    index=index,
    axes=axes,
    m=numbers.m,
    groups=numbers.num_stats,
)
if intro_shown < 2:  # steps mode: the values and the four steps follow the intro's end
    st.stop()
if cfg.method == "group" and cfg.groups in (1, cfg.shape[1]):
    same = "layer" if cfg.groups == 1 else "instance"
    st.caption(tr(f"p1.gn_equals.{same}", c=cfg.shape[1]))

position = index_in_group(cfg.shape, cfg.method, at, cfg.group_count)
listed, off_grid = divmod(position, numbers.preview_stride)
chosen = (-1 if off_grid else listed, numbers.x)  # -1: not among the values listed
chart(
    group_values_strip(
        numbers.group_values, numbers.mean, numbers.m, chosen=chosen, method=cfg.method, lang=lang()
    )
)

centered = cfg.method != "rms"  # RMSNorm: μ := 0, RMS² in place of σ²
mean_tex, var_tex, normalize_tex, affine_tex = step_formulas(numbers, cfg.eps, centered)
shown = explain(  # one step per click in steps mode, each with its formula
    "p2.steps" if centered else "p2.steps.rms",
    index=index,
    channel=tr("p2.feature", d=at[1]) if cfg.sequence else tr("p2.channel", c=at[1]),
    mean_tex=mean_tex,
    var_tex=var_tex,
    normalize_tex=normalize_tex,
    affine_tex=affine_tex,
)
if shown >= 2 and not centered:
    st.caption(tr("p2.unbiased.rms"))
elif shown >= 2 and numbers.m > 1:
    unbiased = "p2.unbiased" if cfg.method == "batch" else "p2.unbiased.other"
    st.caption(tr(unbiased, var=numbers.var_unbiased))
if shown >= 3:
    note = "p2.standardize" if centered else "p2.rms_note"
    st.caption(tr(note))
if shown >= 4:
    if isinstance(view.torch_diff, float):
        st.success(tr("p2.torch_ok", diff=view.torch_diff))
    else:
        st.info(tr("p2.torch_refuses", reason=view.torch_diff))

    if cfg.sequence:  # the slice of a feature d: its T tokens
        st.subheader(tr("p2.slice.heading.sequence", tokens=cfg.w, d=at[1]))
        st.caption(tr("p2.slice.sequence"))
    else:
        st.subheader(tr("p2.slice.heading"))
    cell = tuple(at[2:]) if len(at) == 4 else None
    chart(slice_heatmaps(view.maps, at[0], at[1], chosen=cell, centered=centered, lang=lang()))

if shown >= 3:  # μ, σ² (steps 1–2) and √(σ²+ε) (step 3) of every group
    st.subheader(tr("p2.groups.heading", count=numbers.num_stats))
    # a sequence's axes are named n, d, t (normviz.tensors.axis_names)
    col = ("samples", "channels", "positions")
    if cfg.sequence:
        col = ("sequences", "features", "tokens")
    columns = {tr(f"p2.col.{col[0]}"): stats["samples"], tr(f"p2.col.{col[1]}"): stats["channels"]}
    if "positions" in stats:  # token LN, RMSNorm: one group per position
        columns[tr(f"p2.col.{col[2]}")] = stats["positions"]
    stat_names = ("μ", "σ²", "√(σ²+ε)") if centered else ("μ", "RMS²", "√(RMS²+ε)")
    columns |= dict(zip(stat_names, (stats["mean"], stats["var"], stats["std"]), strict=True))
    if not centered:
        del columns["μ"]  # always 0
    frame = pd.DataFrame(columns)
    table(frame.style.format(precision=4).hide(axis="index"))
    if len(frame) < numbers.num_stats:
        st.caption(tr("p2.groups.truncated", shown=len(frame), total=numbers.num_stats))
    else:
        st.caption(tr("p2.groups.export"))

self_test(cfg, ("group_mean", "bn_fc_two"))
