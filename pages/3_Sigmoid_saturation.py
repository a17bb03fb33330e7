"""Sigmoid saturation: why normalizing the inputs of a sigmoid keeps gradients alive."""

import streamlit as st

from ui.pages import ICON

st.set_page_config(page_title="Sigmoid saturation · normviz", page_icon=ICON, layout="wide")

from normviz.figures.saturation import (
    gradient_decay,
    histogram_with_sigmoid,
    per_channel_saturation,
    resaturation_curve,
)
from normviz.i18n import message
from normviz.methods import NO_NORM, training_refusal
from ui import compute
from ui.display import chart, explain, lang, tr
from ui.sidebar import sidebar

cfg = sidebar()
st.title(tr("p3.title"))
explain("p3.intro")

try:
    s = compute.sigmoid_inputs(cfg)
except ValueError as err:
    st.error(message(training_refusal(cfg.shape, cfg.method, cfg.group_count) or err, lang()))
    st.stop()

before, after = st.columns(2)
with before:
    chart(
        compute.figure(
            histogram_with_sigmoid,
            s.edges,
            s.counts_before,
            title=tr("p3.before.title"),
            cutoff=s.before.cutoff,
            method=NO_NORM,
            lang=lang(),
        )
    )
    a, b = st.columns(2)
    a.metric(tr("p3.metric.saturated"), f"{s.before.saturated_fraction:.1%}")
    b.metric(tr("p3.metric.mean_grad"), f"{s.before.mean_grad:.4f}")
with after:
    chart(
        compute.figure(
            histogram_with_sigmoid,
            s.edges,
            s.counts_after,
            title=tr("p3.after.title", label=cfg.label),
            cutoff=s.after.cutoff,
            method=cfg.method,
            lang=lang(),
        )
    )
    a, b = st.columns(2)
    a.metric(
        tr("p3.metric.saturated"),
        f"{s.after.saturated_fraction:.1%}",
        delta=f"{s.after.saturated_fraction - s.before.saturated_fraction:+.1%}",
        delta_color="inverse",
    )
    b.metric(
        tr("p3.metric.mean_grad"),
        f"{s.after.mean_grad:.4f}",
        delta=f"{s.after.mean_grad - s.before.mean_grad:+.4f}",
    )
st.caption(tr("p3.end_bins", edge=float(s.edges[-1])))

st.subheader(tr("p3.resat.heading"))
chart(
    compute.figure(
        resaturation_curve,
        s.gammas,
        s.saturated_by_gamma,
        float(cfg.gamma[0]),
        method=cfg.method,
        lang=lang(),
    )
)
st.caption(tr("p3.resat.caption"))

st.subheader(tr("p3.layers.heading"))
layers = st.slider(tr("p3.layers.slider"), 1, 30, 10, key="layers")
chart(
    compute.figure(
        gradient_decay,
        s.before.mean_grad,
        s.after.mean_grad,
        layers,
        method=cfg.method,
        lang=lang(),
    )
)
explain(
    "p3.layers.text",
    layers=layers,
    before=s.before.mean_grad**layers,
    after=s.after.mean_grad**layers,
    best=0.25**layers,
)

st.subheader(tr("p3.channel.heading"))
chart(
    compute.figure(
        per_channel_saturation,
        s.per_channel_before[0],
        s.per_channel_after[0],
        method=cfg.method,
        lang=lang(),
    )
)
st.caption(tr("p3.channel.caption"))
