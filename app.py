"""normviz home: what normalization is, the four methods, and the current tensor."""

import streamlit as st

st.set_page_config(page_title="normviz", page_icon=":material/home:", layout="wide")

from normviz.methods import LONG_NAMES
from ui import compute
from ui.sidebar import sidebar

cfg = sidebar()

st.title("normviz: normalization layers, one number at a time")
st.markdown(
    """
A normalization layer takes the activations of a layer, a tensor **x** of shape N×C×H×W
(batch, channels, height, width), splits it into groups, and gives every group mean 0 and
variance 1. Then it scales and shifts each channel by learned γ and β:

$$
\\hat x = \\frac{x - \\mu}{\\sqrt{\\sigma^2 + \\varepsilon}},
\\qquad y = \\gamma\\,\\hat x + \\beta
$$

The four methods differ only in **which elements share one mean μ and variance σ²**:
"""
)
st.markdown(
    """
| method | shares (μ, σ²) across | good for |
|---|---|---|
| **BatchNorm (BN)** | all N·H·W values of one channel | CNNs with large batches |
| **LayerNorm (LN)** | all C·H·W values of one sample | transformers, RNNs, any batch size |
| **InstanceNorm (IN)** | the H·W values of one sample and channel | style transfer |
| **GroupNorm (GN)** | one sample's values in a group of C/G channels | detection, small batches |
"""
)

s = compute.summary(cfg)
st.subheader("The current tensor")
cols = st.columns(6)
cols[0].metric("shape", "×".join(map(str, s.shape)))
cols[1].metric("elements", f"{s.size:,}")
cols[2].metric("mean", f"{s.mean:.4g}")
cols[3].metric("std", f"{s.std:.4g}")
cols[4].metric("min", f"{s.min:.4g}")
cols[5].metric("max", f"{s.max:.4g}")
st.caption(
    f"Preset: {cfg.preset}. Method: {LONG_NAMES[cfg.method]} ({cfg.label}), ε = {cfg.eps:g}. "
    "Change them in the sidebar; the address bar is always a link to exactly this view."
)

st.subheader("Pages")
st.page_link(
    "pages/1_Reduction_axes.py",
    label="Reduction axes: who shares one (μ, σ²)",
    icon=":material/view_in_ar:",
)
st.page_link(
    "pages/2_Step_by_step.py", label="Step by step: every number", icon=":material/calculate:"
)
st.page_link(
    "pages/3_Sigmoid_saturation.py",
    label="Sigmoid saturation: why normalize",
    icon=":material/show_chart:",
)
st.page_link(
    "pages/4_Train_vs_eval.py", label="Train vs eval: running statistics", icon=":material/sync:"
)
st.page_link(
    "pages/5_Batch_size.py",
    label="Batch size: why small batches hurt BN",
    icon=":material/inventory_2:",
)
st.page_link("pages/6_Gradients.py", label="Gradients: the backward pass", icon=":material/undo:")
st.page_link("pages/7_Dropout.py", label="Dropout, and Dropout before BN", icon=":material/casino:")
st.page_link(
    "pages/8_Training_lab.py",
    label="Training lab: a real network, with and without",
    icon=":material/science:",
)
