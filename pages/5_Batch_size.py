"""Batch size: why small batches make BatchNorm's statistics noisy, and why GN does not care."""

import streamlit as st

st.set_page_config(
    page_title="Batch size · normviz", page_icon=":material/inventory_2:", layout="wide"
)

from normviz.batch_noise import GN_PAPER_CITATION
from normviz.config import default_groups
from normviz.figures.batch_size import (
    estimate_figures,
    output_spread_figure_of,
)
from ui import compute
from ui.page_params import initial, int_in
from ui.sidebar import config, sidebar

current = config()
spatial_default = 1 if current.fully_connected else current.h * current.w
initial("spatial", spatial_default, int_in(1, 4096))
initial("sampled_batches", 200, int_in(20, 1000))
cfg = sidebar(page_params=("spatial", "sampled_batches"))
st.title("Batch size")
st.markdown(
    "BatchNorm's μ and σ² are estimates from the N·H·W values of one channel in one batch. "
    "Their noise shrinks like **1/√(N·H·W)**: at small N they are noisy and BN degrades, "
    "unless the feature map H·W is large. LayerNorm, InstanceNorm and GroupNorm compute their "
    "statistics within one sample, so they do not depend on N at all."
)

SPATIAL_CHOICES = sorted({1, 4, 16, 64, 256, 1024, 3136, spatial_default})
if st.session_state["spatial"] not in SPATIAL_CHOICES:
    SPATIAL_CHOICES = sorted({*SPATIAL_CHOICES, st.session_state["spatial"]})
left, right = st.columns(2)
left.select_slider("Feature map size H·W", SPATIAL_CHOICES, key="spatial")
right.slider("Sampled batches per batch size", 20, 1000, step=20, key="sampled_batches")
spatial = st.session_state["spatial"]
batches = st.session_state["sampled_batches"]

c = cfg.at[1]
st.subheader(f"Batch estimates of μ and σ² (channel {c}, H·W = {spatial})")
estimates = compute.batch_estimates(cfg, spatial, batches)
mean_fig, var_fig = estimate_figures(estimates, channel=0)  # sampled for channel c only
cols = st.columns(2)
cols[0].plotly_chart(mean_fig, key="batch_means")
cols[1].plotly_chart(var_fig, key="batch_vars")
st.caption(
    "Boxes: the estimates over the sampled batches (5th–95th percentile whiskers); the band is "
    "the theory ± 1/√(N·H·W) σ around the true value."
)

st.subheader("A large feature map rescues small batches")
noise_mean, noise_var = compute.noise_grid_figures(cfg)
cols = st.columns(2)
cols[0].plotly_chart(noise_mean, key="noise_mean")
cols[1].plotly_chart(noise_var, key="noise_var")
st.caption(
    f"Each point: the spread of BN's μ_B (left) or σ²_B (right) over "
    f"{compute.NOISE_GRID_BATCHES} sampled batches; dashed: the 1/√(N·H·W) law."
)

st.subheader("One fixed sample's output, by batch size")
groups = cfg.groups if cfg.method == "group" else default_groups(cfg.c)
try:
    spread = compute.output_spread(cfg, min(batches, 200), groups)
except ValueError as err:
    st.error(str(err))
else:
    st.plotly_chart(output_spread_figure_of(spread), key="output_spread")
    st.caption(
        f"The element x{list(cfg.element)} normalized by BN in random batches of each size "
        f"(band: its spread), and by LN, IN and GN (G = {groups}) which ignore the batch."
        + (
            f" C = {cfg.c} has no group count between 1 and C, so here GN equals LN or IN."
            if groups in (1, cfg.c)
            else ""
        )
    )

st.subheader("Published results")
cols = st.columns(2)
by_batch, at_32 = compute.published_figures()
cols[0].plotly_chart(by_batch, key="gn_paper")
cols[1].plotly_chart(at_32, key="gn_paper_32")
st.caption(
    "Not computed here: " + GN_PAPER_CITATION + " Our measured noise above shows why BN's error "
    "climbs as the batch shrinks while GN stays flat."
)
