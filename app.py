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
PAGES = (
    ("1_Reduction_axes", "Reduction axes: who shares one (μ, σ²)", "view_in_ar"),
    ("2_Step_by_step", "Step by step: every number", "calculate"),
    ("3_Sigmoid_saturation", "Sigmoid saturation: why normalize", "show_chart"),
    ("4_Train_vs_eval", "Train vs eval: running statistics", "sync"),
    ("5_Batch_size", "Batch size: why small batches hurt BN", "inventory_2"),
    ("6_Gradients", "Gradients: the backward pass", "undo"),
    ("7_Dropout", "Dropout, and Dropout before BN", "casino"),
    ("8_Training_lab", "Training lab: a real network, with and without", "science"),
)
for page, label, icon in PAGES:
    st.page_link(f"pages/{page}.py", label=label, icon=f":material/{icon}:")
