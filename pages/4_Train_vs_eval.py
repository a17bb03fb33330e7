"""Train vs eval: running statistics, momentum conventions, and one sample in many batches."""

import streamlit as st

st.set_page_config(page_title="Train vs eval · normviz", page_icon=":material/sync:", layout="wide")

from normviz.figures.running import (
    convention_weights_figure,
    running_figures,
    sample_in_batches_figure,
)
from normviz.running import keras_to_pytorch_momentum, pytorch_to_keras_momentum
from normviz.streams import training_error_message
from ui import compute
from ui.page_params import float_in, initial, int_in, one_of
from ui.sidebar import sidebar

MOMENTUM_MODES = ["PyTorch momentum", "cumulative (momentum=None)"]
initial("momentum_mode", MOMENTUM_MODES[0], one_of(MOMENTUM_MODES))
initial("momentum", 0.1, float_in(0.0, 1.0))
initial("keras_momentum", 0.99, float_in(0.0, 1.0))
initial("batches", 100, int_in(10, 500))
initial("step", 100, int_in(1, 500))
cfg = sidebar(page_params=("momentum_mode", "momentum", "keras_momentum", "batches", "step"))
st.title("Train vs eval")
st.markdown(
    "In **training**, BatchNorm normalizes with the statistics of the current batch. At "
    "**inference** (`model.eval()`) it uses *running* estimates collected during training, so "
    "that one sample's output does not depend on the rest of its batch. Below, batches shaped "
    "like the sidebar tensor stream from a population whose true mean and variance are known "
    f"(channel c = {cfg.at[1]}, the chosen element's)."
)

error = training_error_message(cfg.shape)
if error:
    st.error("**This is what PyTorch says about this tensor in training mode:** " + error)
    st.info(
        "Try it: `nn.BatchNorm1d(C)(torch.randn(1, C))` raises *ValueError: Expected more than "
        "1 value per channel when training*. In eval mode the same call works: it uses the "
        "running statistics. Increase N (or H·W) in the sidebar to continue."
    )
    st.stop()


controls = st.columns(4)
controls[0].radio("Running estimate", MOMENTUM_MODES, key="momentum_mode")
controls[1].slider(
    "PyTorch momentum (weight of the new batch)",
    0.0,
    1.0,
    step=0.01,
    key="momentum",
    disabled=st.session_state["momentum_mode"] != MOMENTUM_MODES[0],
)
controls[2].slider(
    "Keras momentum (weight of the old value)", 0.0, 1.0, step=0.01, key="keras_momentum"
)
controls[3].slider("Batches in the stream", 10, 500, step=10, key="batches")
momentum = (
    st.session_state["momentum"] if st.session_state["momentum_mode"] == MOMENTUM_MODES[0] else None
)
keras_momentum = st.session_state["keras_momentum"]
batches = st.session_state["batches"]
if st.session_state["step"] > batches:
    st.session_state["step"] = batches

conv = st.columns(2)
conv[0].info(
    "**PyTorch** `nn.BatchNorm2d(momentum=m)`: running = (1 − m)·running + m·batch, "
    "m = 0.1 by default; running_var takes the **unbiased** batch variance (× m/(m−1)). "
    + (
        f"PyTorch's {momentum:g} is Keras' {pytorch_to_keras_momentum(momentum):g}."
        if momentum is not None
        else "With `momentum=None` it keeps the plain average of all batches so far "
        "(weight 1/k for batch k): Keras has no such option."
    )
)
conv[1].info(
    "**Keras** `BatchNormalization(momentum=m)`: moving = m·moving + (1 − m)·batch, m = 0.99 "
    "by default: *m weighs the old value* (many blog posts write it this way too). "
    f"Keras' {keras_momentum:g} is PyTorch's {keras_to_pytorch_momentum(keras_momentum):g}."
)

trajectory = compute.stream(cfg, batches, momentum, keras_momentum)
st.slider("Step through the stream: batches seen", 1, batches, key="step")
shown = trajectory.first(st.session_state["step"])
mean_fig, var_fig = running_figures(shown, channel=0)  # the stream holds channel c only
mean_fig.update_layout(title_text=f"Running mean μ of channel {cfg.at[1]}")
var_fig.update_layout(title_text=f"Running variance σ² of channel {cfg.at[1]}")
charts = st.columns(2)
charts[0].plotly_chart(mean_fig, key="running_mean")
charts[1].plotly_chart(var_fig, key="running_var")
k = st.session_state["step"]
final = {
    key: (shown.running_mean[key][-1, 0], shown.running_var[key][-1, 0])
    for key in shown.running_mean
}
st.markdown(
    f"After **{k}** batches: PyTorch running_mean = {final['pytorch'][0]:.4f}, running_var = "
    f"{final['pytorch'][1]:.4f}; true mean = {trajectory.true_mean[0]:.4f}, true variance = "
    f"{trajectory.true_var[0]:.4f}. The BN paper's estimate (mean of batch means; m/(m−1) × "
    f"mean of batch variances) = {final['bn_paper'][0]:.4f}, {final['bn_paper'][1]:.4f}."
)
with st.expander("How much does each past batch count?"):
    st.plotly_chart(convention_weights_figure(batches, momentum, keras_momentum), key="weights")
    st.caption(
        "An exponential moving average forgets: with momentum 0.1 the last ~10 batches carry "
        "most of the weight; Keras' 0.99 averages ~100. The cumulative average weighs all equally."
    )

st.subheader("One sample, many batches")
running_mean, running_var = final["pytorch"] if momentum is not None else final["cumulative"]
spread = compute.sample_in_batches(cfg, float(running_mean), float(running_var), 200)
spread_fig = sample_in_batches_figure(spread)
spread_fig.update_layout(
    title_text=spread_fig.layout.title.text.replace("channel 0", f"channel {cfg.at[1]}")
)
st.plotly_chart(spread_fig, key="sample_in_batches")
st.markdown(
    f"The element x{list(cfg.element)} = {spread.value:.4f} gets a **different output in "
    f"every training batch** (std {spread.train.std():.4f} over {spread.train.size} batches of "
    f"N = {cfg.n}): the batch noise that makes BN a mild regularizer. In **eval** mode it "
    f"gets one value, {spread.eval_running:.4f}, from the running statistics after {k} batches. "
    "With `track_running_stats=False`, eval mode keeps using batch statistics, so the output "
    "still depends on the batch."
)
