"""Sigmoid saturation: why normalizing the inputs of a sigmoid keeps gradients alive."""

import streamlit as st

st.set_page_config(
    page_title="Sigmoid saturation · normviz", page_icon=":material/show_chart:", layout="wide"
)

from normviz.figures.saturation import (
    gradient_decay,
    histogram_with_sigmoid,
    per_channel_saturation,
    resaturation_curve,
)
from ui import compute
from ui.sidebar import sidebar

cfg = sidebar()
st.title("Sigmoid saturation")
st.markdown(
    "A sigmoid σ(x) = 1/(1+e^−x) passes a gradient σ'(x) = σ(x)(1−σ(x)) ≤ 0.25. Where |x| is "
    "large (σ < 0.05 or > 0.95, i.e. |x| > 2.944) it is **saturated**: σ' ≈ 0 and almost no "
    "gradient flows back. Normalizing the inputs puts them where σ' is large; a large γ or |β| "
    "(sidebar) pushes them back out."
)

try:
    s = compute.sigmoid_inputs(cfg)
except ValueError as err:
    st.error(str(err))
    st.stop()

before, after = st.columns(2)
with before:
    st.plotly_chart(
        histogram_with_sigmoid(
            s.edges,
            s.counts_before,
            title="Before: x",
            cutoff=s.before.cutoff,
            color="rgba(214,39,40,0.6)",
        )
    )
    a, b = st.columns(2)
    a.metric("saturated", f"{s.before.saturated_fraction:.1%}")
    b.metric("mean σ'", f"{s.before.mean_grad:.4f}")
with after:
    st.plotly_chart(
        histogram_with_sigmoid(
            s.edges, s.counts_after, title=f"After {cfg.label}: y = γ·x̂ + β", cutoff=s.after.cutoff
        )
    )
    a, b = st.columns(2)
    a.metric(
        "saturated",
        f"{s.after.saturated_fraction:.1%}",
        delta=f"{s.after.saturated_fraction - s.before.saturated_fraction:+.1%}",
        delta_color="inverse",
    )
    b.metric(
        "mean σ'",
        f"{s.after.mean_grad:.4f}",
        delta=f"{s.after.mean_grad - s.before.mean_grad:+.4f}",
    )
st.caption(f"Values beyond ±{s.edges[-1]:g} are counted in the end bins.")

st.subheader("A large γ or |β| saturates again")
st.plotly_chart(resaturation_curve(s.gammas, s.saturated_by_gamma, float(cfg.gamma[0])))
st.caption(
    "γ and β are learned: the network can undo the normalization when that helps, and a badly "
    "initialized or exploding γ pushes the inputs back to where σ' ≈ 0."
)

st.subheader("Through L layers")
layers = st.slider("Layers L", 1, 30, 10, key="layers")
st.plotly_chart(gradient_decay(s.before.mean_grad, s.after.mean_grad, layers))
st.markdown(
    f"With the mean σ' as a typical factor, a gradient that crosses {layers} sigmoid layers is "
    f"multiplied by about **{s.before.mean_grad**layers:.2e}** before normalization and "
    f"**{s.after.mean_grad**layers:.2e}** after; even the best case 0.25^{layers} = "
    f"{0.25**layers:.2e} shrinks it: shallow layers of a deep sigmoid network barely learn."
)

st.subheader("Per channel")
st.plotly_chart(per_channel_saturation(s.per_channel_before[0], s.per_channel_after[0]))
st.caption(
    "Normalize before the activation (after the conv or linear layer): its output is roughly "
    "symmetric and Gaussian; after a ReLU it is not."
)
