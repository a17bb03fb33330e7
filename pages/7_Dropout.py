"""Dropout: the mask, inverted vs classic scaling, and why Dropout before BN shifts variance."""

import streamlit as st

st.set_page_config(page_title="Dropout · normviz", page_icon=":material/casino:", layout="wide")

from normviz.dropout import MODES, check_p
from normviz.figures.dropout import (
    dropout_vector,
    mask_average_error,
    mask_heatmap,
    running_mean,
)
from ui import compute
from ui.page_params import float_in, initial, one_of, one_of_numbers
from ui.sidebar import sidebar

initial("p", 0.5, float_in(0.0, 0.95))
initial("dropout_mode", "inverted", one_of(list(MODES)))
MASK_COUNTS = [10, 100, 1000, 5000]
initial("masks", 1000, one_of_numbers(MASK_COUNTS))
cfg = sidebar(page_params=("p", "dropout_mode", "masks"))
st.title("Dropout")
st.markdown(
    "In training, dropout zeroes each unit with probability **p**. **Inverted** dropout (what "
    "PyTorch and Keras do) scales the kept units by 1/(1−p), so the expected output equals the "
    "input and inference needs no change. The **classic** form keeps units unscaled in training "
    "and multiplies everything by (1−p) at test time."
)
cols = st.columns(3)
cols[0].slider("Drop probability p", 0.0, 0.95, step=0.05, key="p")
cols[1].radio("Form", list(MODES), key="dropout_mode", horizontal=True)
cols[2].select_slider("Masks averaged", MASK_COUNTS, key="masks")
p, mode = st.session_state["p"], st.session_state["dropout_mode"]
try:
    check_p(p)
except ValueError as err:
    st.error(str(err))
    st.stop()

one, average, plane_mask = compute.dropout_demo(cfg, p, mode, st.session_state["masks"])
st.plotly_chart(dropout_vector(one.x, one.mask, one.train_output, one.test_output, p), key="vector")
left, right = st.columns(2)
left.plotly_chart(
    mask_heatmap(plane_mask, title=f"A mask over x[{cfg.at[0]}, {cfg.at[1]}]"), key="mask"
)
right.plotly_chart(
    running_mean(average.counts, average.running_mean[:, :8], average.target[:8]), key="mean"
)
st.plotly_chart(
    mask_average_error(average.counts, average.max_error, average.standard_error), key="error"
)
st.caption(
    f"Over {average.counts[-1]:,} masks the mean output is within {average.max_error[-1]:.3f} of "
    f"{'the input' if mode == 'inverted' else '(1 − p)·input'}: dropout preserves the "
    "expectation, and the error shrinks like 1/√k."
)

st.subheader("Dropout right before BatchNorm")
st.markdown(
    "BN learns its running variance in training, from inputs that went through dropout. At "
    "inference dropout is off, the input's variance is smaller, and BN divides by the wrong "
    "σ: its outputs shrink (Li et al. 2019, *Understanding the disharmony between dropout and "
    "batch normalization*). Put dropout after the last BN, or use it sparingly before one."
)
st.plotly_chart(compute.variance_shift_figure(mode), key="variance_shift")
