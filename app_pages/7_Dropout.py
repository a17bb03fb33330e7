"""Dropout: the mask, inverted vs classic scaling, and why Dropout before BN shifts variance."""

import streamlit as st

st.set_page_config(page_title="Dropout · normviz")

from normviz.dropout import MODES, check_p
from normviz.figures.dropout import (
    dropout_vector,
    mask_average_error,
    mask_heatmap,
    running_mean,
)
from normviz.i18n import message
from ui import compute
from ui.display import chart, explain, lang, tr
from ui.page_params import float_in, initial, one_of, one_of_numbers
from ui.parts import part
from ui.sidebar import start_page

initial("p", 0.5, float_in(0.0, 0.95))
initial("dropout_mode", "inverted", one_of(list(MODES)))
MASK_COUNTS = [10, 100, 1000, 5000]
initial("masks", 1000, one_of_numbers(MASK_COUNTS))
cfg = start_page(page_params=("p", "dropout_mode", "masks"))
st.title(tr("p7.title"))
intro_shown = explain("p7.intro")
cols = st.columns(3)
cols[0].slider(tr("p7.slider.p"), 0.0, 0.95, step=0.05, key="p")
cols[0].caption(tr("p7.keep", keep=round(1 - st.session_state["p"], 2)))
cols[1].radio(
    tr("p7.radio.mode"),
    list(MODES),
    key="dropout_mode",
    horizontal=True,
    format_func={m: tr(f"p7.mode.{m}") for m in MODES}.get,
)
cols[2].select_slider(tr("p7.slider.masks"), MASK_COUNTS, key="masks")
p, mode = st.session_state["p"], st.session_state["dropout_mode"]
try:
    check_p(p)
except ValueError as err:
    st.error(message(err, lang()))
    st.stop()

if intro_shown < 2:  # steps mode: the masks come with the paragraph on inverted scaling
    st.stop()

demo = compute.dropout_demo(cfg, p, mode, st.session_state["masks"])
one, average = demo.one, demo.average
chart(
    dropout_vector(one.x, one.mask, one.train_output, one.test_output, p, lang=lang()),
    key="vector",
)
left, right = st.columns(2)
with left:
    title = tr("p7.mask_title", n=cfg.at[0], c=cfg.at[1])
    chart(mask_heatmap(demo.plane_mask, title=title, lang=lang()), key="mask")
with right:
    chart(
        running_mean(average.counts, average.running_mean[:, :8], average.target[:8], lang=lang()),
        key="mean",
    )
chart(
    mask_average_error(average.counts, average.max_error, average.standard_error, lang=lang()),
    key="error",
)
st.caption(
    tr(
        "p7.average.caption",
        count=int(average.counts[-1]),
        error=average.max_error[-1],
        target=tr(f"p7.target.{mode}"),
    )
)

st.subheader(tr("p7.why.header"))
explain("p7.why")


def variance_shift_part() -> None:
    """Dropout before BN: the variance BN's running statistics see in training and in eval."""
    if explain("p7.bn") >= 2:  # the chart with the paragraph that reads it
        chart(compute.variance_shift_chart(mode, p, lang()), key="variance_shift")


part(tr("p7.bn.header"), "p7_bn", variance_shift_part)
