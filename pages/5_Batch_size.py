"""Batch size: why small batches make BatchNorm's statistics noisy, and why GN does not care."""

import streamlit as st

from ui.pages import ICON

st.set_page_config(page_title="Batch size · normviz", page_icon=ICON, layout="wide")

from normviz.figures.batch_size import (
    estimate_figures,
    output_spread_figure_of,
)
from normviz.i18n import message
from ui import compute
from ui.display import chart, explain, lang, tr
from ui.page_params import initial, int_in
from ui.sidebar import sidebar
from ui.state import config

current = config()
spatial_default = 1 if current.fully_connected else current.h * current.w
initial("spatial", spatial_default, int_in(1, 4096))
initial("sampled_batches", 200, int_in(20, 1000))
cfg = sidebar(page_params=("spatial", "sampled_batches"))
st.title(tr("p5.title"))
explain("p5.intro")

SPATIAL_CHOICES = sorted({1, 4, 16, 64, 256, 1024, 3136, spatial_default})
if st.session_state["spatial"] not in SPATIAL_CHOICES:
    SPATIAL_CHOICES = sorted({*SPATIAL_CHOICES, st.session_state["spatial"]})
left, right = st.columns(2)
left.select_slider(tr("p5.slider.spatial"), SPATIAL_CHOICES, key="spatial")
right.slider(tr("p5.slider.batches"), 20, 1000, step=20, key="sampled_batches")
spatial = st.session_state["spatial"]
batches = st.session_state["sampled_batches"]

c = cfg.at[1]
st.subheader(tr("p5.estimates.header", channel=c, spatial=spatial))
estimates = compute.batch_estimates(cfg, spatial, batches)
# sampled for channel c only: the figure's channel 0 is the sidebar's channel c
mean_fig, var_fig = estimate_figures(estimates, channel=0, lang=lang())
cols = st.columns(2)
with cols[0]:
    chart(mean_fig, key="batch_means")
with cols[1]:
    chart(var_fig, key="batch_vars")
st.caption(tr("p5.estimates.caption"))

st.subheader(tr("p5.feature_map.header"))
if float(compute.population(cfg).var[c]) > 0:
    noise_mean, noise_var = compute.noise_grid_figures(cfg, lang())
    cols = st.columns(2)
    with cols[0]:
        chart(noise_mean, key="noise_mean")
    with cols[1]:
        chart(noise_var, key="noise_var")
    st.caption(tr("p5.feature_map.caption", batches=compute.NOISE_GRID_BATCHES))
else:  # the noise is measured relative to σ: a constant channel has none to show
    st.info(tr("p5.feature_map.constant", channel=c))

st.subheader(tr("p5.output.header"))
groups = cfg.gn_groups
try:
    spread = compute.output_spread(cfg, min(batches, 200), groups)
except ValueError as err:
    st.error(message(err, lang()))
else:
    chart(output_spread_figure_of(spread, lang=lang()), key="output_spread")
    caption = tr("p5.output.caption", element=list(cfg.element), groups=groups)
    if groups in (1, cfg.c):
        caption += " " + tr("p5.output.gn_degenerate", c=cfg.c)
    st.caption(caption)

st.subheader(tr("p5.published.header"))
cols = st.columns(2)
by_batch, at_32 = compute.published_figures(lang())
with cols[0]:
    chart(by_batch, key="gn_paper")
with cols[1]:
    chart(at_32, key="gn_paper_32")
st.caption(tr("p5.published.caption", citation=tr("fig.batch_size.citation")))
