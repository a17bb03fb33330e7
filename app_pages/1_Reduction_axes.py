"""Reduction axes: which elements share one mean and variance, for all four methods."""

import streamlit as st

st.set_page_config(page_title="Reduction axes · normviz")

import normviz as nv
from normviz.figures.cube import clicked_element, cube_figure, method_caption, small_multiples
from normviz.methods import divisors
from normviz.tensors import axes_text
from ui.display import chart, explain, lang, table, tr
from ui.self_test import self_test
from ui.sidebar import choose_element, start_page


def groupnorm_note(groups: int, channels: int) -> str | None:
    """What a GroupNorm with G = 1 or G = C is (LN or IN), and why C allows nothing else."""
    if groups not in (1, channels):
        return None
    if channels == 1:  # G = 1 = C: GN, LN and IN are one and the same
        return tr("p1.gn_only_one")
    parts = []
    if groups == 1:
        parts.append(tr("p1.gn_equals.layer", c=channels))
    if groups == channels:
        parts.append(tr("p1.gn_equals.instance", c=channels))
    if len(divisors(channels)) == 2:  # a prime C: no G between 1 and C
        parts.append(tr("p1.gn_only_two", c=channels))
    return " ".join(parts)


cfg = start_page()
st.title(tr("p1.title"))
explain("p1.intro")
if cfg.sequence:  # the intro names the axes of an image: say which are the sequence's
    n, t, d = cfg.shown_shape
    st.caption(tr("p1.sequence", shape="×".join(map(str, cfg.shown_shape)), n=n, t=t, d=d))


big, small = st.columns([3, 2])
with big:
    fig = cube_figure(
        cfg.shape,
        cfg.method,
        cfg.element,
        groups=cfg.group_count,
        clickable=True,
        lang=lang(),
        sequence=cfg.sequence,
    )
    event = chart(
        fig,
        on_select="rerun",
        selection_mode="points",
        key="cube",
        config={"displayModeBar": False},
    )
    st.info(
        method_caption(cfg.shape, cfg.method, cfg.group_count, lang=lang(), sequence=cfg.sequence)
    )
    note = groupnorm_note(cfg.gn_groups, cfg.shape[1])
    if note and cfg.method == "group":
        st.info(note)

points = (event or {}).get("selection", {}).get("points", []) if event else []
if points and isinstance(points[0], dict) and "customdata" in points[0]:
    picked = clicked_element(points[0]["customdata"], cfg.at, cfg.w, cfg.fully_connected)
    if picked is not None and picked != cfg.at:
        choose_element(cfg, *picked)  # fit() keeps it inside the tensor
        st.rerun()

with small:
    st.markdown(tr("p1.small.heading"))
    chart(
        small_multiples(cfg.shape, cfg.element, cfg.gn_groups, lang=lang(), sequence=cfg.sequence),
        key="small_multiples",
        config={"staticPlot": True},
    )
    if note and cfg.method != "group":
        st.caption(note)

st.subheader(tr("p1.numbers.heading"))
rows = []
for method in nv.METHODS:
    groups = cfg.gn_groups if method == "group" else None
    lay = nv.layout(cfg.shape, method, groups)
    rows.append(
        {
            tr("p1.col.method"): tr(f"method.long.{method}") + (f" (G={groups})" if groups else ""),
            tr("p1.col.axes"): axes_text(lay.reduced_axes, len(cfg.shape), cfg.sequence)
            or tr("p1.none"),
            tr("p1.col.m"): lay.group_size,
            tr("p1.col.pairs"): lay.num_stats,
            tr("p1.col.params"): lay.num_parameters,
        }
    )
table(rows, hide_index=True)
st.caption(tr("p1.caption"))

self_test(cfg, ("gn_pairs", "rms_params"))
