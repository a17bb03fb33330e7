"""Batch size: how noisy BatchNorm's batch statistics are, why a large feature map does not
rescue a small batch when its values are correlated, and why LN, IN and GN do not care."""

import streamlit as st

st.set_page_config(page_title="Batch size · normviz")

from normviz.batch_noise import (
    OFFSETS_PRESET,
    eval_spread_ratio,
    expected_batch_var,
    offsets_population,
    reference_kind,
    within_sample_correlation,
)
from normviz.figures.batch_size import (
    estimate_figures,
    feature_map_noise_figure,
    output_spread_figure_of,
)
from normviz.i18n import message
from ui import compute
from ui.display import chart, explain, lang, tr
from ui.page_params import initial, int_in
from ui.parts import part
from ui.sidebar import preset_name, start_page
from ui.state import config

current = config()
spatial_default = 1 if current.fully_connected else current.h * current.w
initial("spatial", spatial_default, int_in(1, 4096))
initial("sampled_batches", 200, int_in(20, 1000))
cfg = start_page(page_params=("spatial", "sampled_batches"))
st.title(tr("p5.title"))
shown = explain("p5.intro")

SPATIAL_CHOICES = sorted({1, 4, 16, 64, 256, 1024, 3136, spatial_default})
if st.session_state["spatial"] not in SPATIAL_CHOICES:
    SPATIAL_CHOICES = sorted({*SPATIAL_CHOICES, st.session_state["spatial"]})
left, right = st.columns(2)
left.select_slider(tr("p5.slider.spatial"), SPATIAL_CHOICES, key="spatial")
right.slider(tr("p5.slider.batches"), 20, 1000, step=20, key="sampled_batches")
spatial = st.session_state["spatial"]
batches = st.session_state["sampled_batches"]

c = cfg.at[1]
pop = compute.channel_population(cfg)  # the chosen channel's population
fixed_tensor = compute.tensor_key(cfg)[0] in ("worked", "upload")

if shown >= 2:  # the formula is on screen: its charts may follow
    st.subheader(tr("p5.estimates.header", channel=c, spatial=spatial))
    estimates = compute.batch_size_estimates(cfg, spatial, batches)
    # sampled for channel c only: the estimates' channel 0 is the sidebar's channel c
    mean_fig, var_fig = estimate_figures(
        estimates, channel=0, shown_channel=c, mark_n=cfg.n, lang=lang()
    )
    cols = st.columns(2)
    with cols[0]:
        chart(mean_fig, key="batch_means")
    with cols[1]:
        chart(var_fig, key="batch_vars")
    caption = tr(
        "p5.estimates.caption",
        batches=estimates.num_batches,
        channel=c,
        var=float(pop.var[0]),
        cov=float(pop.within_sample_cov[0]),
        rho=float(within_sample_correlation(pop)[0]),
    )
    if fixed_tensor:
        caption += " " + tr("p5.estimates.fixed")
    st.caption(caption)


def feature_map_part() -> None:
    """Why a large feature map does not rescue a small batch of correlated values."""
    noise = compute.feature_map_noise(cfg, spatial)
    cols = st.columns(2)
    with cols[0]:
        chart(feature_map_noise_figure(noise, spatial_now=spatial, lang=lang()), key="noise_mean")
    with cols[1]:
        chart(
            feature_map_noise_figure(noise, "var", spatial_now=spatial, lang=lang()),
            key="noise_var",
        )
    offsets = offsets_population()
    caption = tr(
        "p5.feature_map.caption",
        n=cfg.n,
        batches=noise.num_batches,
        rho=float(within_sample_correlation(offsets)[0]),
        floor=float(noise.floor[noise.names.index("offsets")]),
        promise=(cfg.n * 1024) ** -0.5,
        preset=preset_name(OFFSETS_PRESET),
    )
    kind = reference_kind(pop)
    rho = float(within_sample_correlation(pop)[0])
    if kind == "constant":
        caption += " " + tr("p5.feature_map.constant", channel=c)
    else:
        caption += " " + tr(f"p5.feature_map.tensor_{kind}", channel=c, rho=rho)
    st.caption(caption)


def output_part() -> None:
    """One element's output across batches: BN's spread against LN, IN and GN's none."""
    groups = cfg.gn_groups
    try:
        spread = compute.batch_size_output_spread(cfg, min(batches, 200), groups)
    except ValueError as err:
        st.error(message(err, lang()))
    else:
        chart(
            output_spread_figure_of(spread, groups=groups, mark_n=cfg.n, lang=lang()),
            key="output_spread",
        )
        caption = tr("p5.output.caption", element=list(cfg.element), groups=groups)
        if groups in (1, cfg.c):
            caption += " " + tr(
                "p5.output.gn_is", groups=groups, other="LN" if groups == 1 else "IN"
            )
            if not any(cfg.c % g == 0 for g in range(2, cfg.c)):
                caption += " " + tr("p5.output.gn_only", c=cfg.c)
        own_spatial = 1 if cfg.fully_connected else cfg.h * cfg.w
        ratio = float(eval_spread_ratio(pop, cfg.n, own_spatial)[0])
        if ratio == ratio:  # NaN when N·H·W = 1 or σ = 0: no sentence
            m = cfg.n * own_spatial
            where = {"n": cfg.n, "spatial": own_spatial, "var": float(pop.var[0])}
            if ratio > 1.005:
                running = float(expected_batch_var(pop, cfg.n, own_spatial)[0]) * m / (m - 1)
                caption += " " + tr("p5.output.mismatch", running=running, ratio=ratio, **where)
            else:
                caption += " " + tr("p5.output.no_mismatch", **where)
        st.caption(caption)


def published_part() -> None:
    """The GroupNorm paper's published error by batch size."""
    cols = st.columns(2)
    by_batch, at_32 = compute.published_figures(lang())
    with cols[0]:
        chart(by_batch, key="gn_paper")
    with cols[1]:
        chart(at_32, key="gn_paper_32")
    st.caption(tr("p5.published.caption"))


if shown >= 2:  # the formula is on screen: its charts may follow
    part(tr("p5.feature_map.header"), "p5_map", feature_map_part)
if shown >= 3:  # the train/test mismatch is explained: show it
    part(tr("p5.output.header"), "p5_output", output_part)
    part(tr("p5.published.header"), "p5_published", published_part)
