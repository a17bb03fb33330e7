"""Train vs eval: running statistics, momentum conventions, and one sample in many batches."""

import streamlit as st

from ui.pages import ICON

st.set_page_config(page_title="Train vs eval · normviz", page_icon=ICON, layout="wide")

from normviz.figures.running import (
    convention_weights_figure,
    running_figures,
    sample_in_batches_figure,
)
from normviz.i18n import message
from normviz.methods import training_refusal
from normviz.running import keras_to_pytorch_momentum, pytorch_to_keras_momentum
from ui import compute
from ui.display import chart, explain, lang, tr
from ui.page_params import float_in, initial, int_in, one_of
from ui.sidebar import sidebar

# The values live in the session and the URL: fixed; each is shown through its text key
MOMENTUM_MODES = ["PyTorch momentum", "cumulative (momentum=None)"]
MODE_KEYS = dict(zip(MOMENTUM_MODES, ("p4.mode.pytorch", "p4.mode.cumulative"), strict=True))
initial("momentum_mode", MOMENTUM_MODES[0], one_of(MOMENTUM_MODES))
initial("momentum", 0.1, float_in(0.0, 1.0))
initial("keras_momentum", 0.99, float_in(0.0, 1.0))
initial("batches", 100, int_in(10, 500))
initial("step", 100, int_in(1, 500))
cfg = sidebar(page_params=("momentum_mode", "momentum", "keras_momentum", "batches", "step"))
st.title(tr("p4.title"))
explain("p4.intro", c=cfg.at[1])

refusal = training_refusal(cfg.shape, "batch")
if refusal:
    st.error(tr("p4.error", error=refusal.message(lang())))
    st.info(tr("p4.error.try"))
    st.stop()


controls = st.columns(4)
controls[0].radio(
    tr("p4.mode.label"),
    MOMENTUM_MODES,
    key="momentum_mode",
    format_func={mode: tr(key) for mode, key in MODE_KEYS.items()}.__getitem__,
)
controls[1].slider(
    tr("p4.slider.momentum"),
    0.0,
    1.0,
    step=0.01,
    key="momentum",
    disabled=st.session_state["momentum_mode"] != MOMENTUM_MODES[0],
)
controls[2].slider(tr("p4.slider.keras"), 0.0, 1.0, step=0.01, key="keras_momentum")
controls[3].slider(tr("p4.slider.batches"), 10, 500, step=10, key="batches")
momentum = (
    st.session_state["momentum"] if st.session_state["momentum_mode"] == MOMENTUM_MODES[0] else None
)
keras_momentum = st.session_state["keras_momentum"]
batches = st.session_state["batches"]
if st.session_state["step"] > batches:
    st.session_state["step"] = batches

conv = st.columns(2)
then = (
    tr("p4.pytorch.to_keras", pytorch=momentum, keras=pytorch_to_keras_momentum(momentum))
    if momentum is not None
    else tr("p4.pytorch.cumulative")
)
conv[0].info(tr("p4.pytorch.info", then=then))
conv[1].info(
    tr(
        "p4.keras.info",
        keras=keras_momentum,
        pytorch=keras_to_pytorch_momentum(keras_momentum),
    )
)

trajectory = compute.stream(cfg, batches, momentum, keras_momentum)
st.slider(tr("p4.slider.step"), 1, batches, key="step")
shown = trajectory.first(st.session_state["step"])
# the stream holds channel c only: its index 0, titled with c
mean_fig, var_fig = running_figures(shown, channel=0, title_channel=cfg.at[1], lang=lang())
charts = st.columns(2)
with charts[0]:
    chart(mean_fig, key="running_mean")
with charts[1]:
    chart(var_fig, key="running_var")
k = st.session_state["step"]
final = {
    key: (shown.running_mean[key][-1, 0], shown.running_var[key][-1, 0])
    for key in shown.running_mean
}
st.markdown(
    tr(
        "p4.after",
        k=k,
        mean=final["pytorch"][0],
        var=final["pytorch"][1],
        true_mean=trajectory.true_mean[0],
        true_var=trajectory.true_var[0],
        paper_mean=final["bn_paper"][0],
        paper_var=final["bn_paper"][1],
    )
)
with st.expander(tr("p4.weights.expander")):
    chart(convention_weights_figure(batches, momentum, keras_momentum, lang=lang()), key="weights")
    st.caption(tr("p4.weights.caption"))

st.subheader(tr("p4.sample.heading"))
running_mean, running_var = final["pytorch"] if momentum is not None else final["cumulative"]
try:
    spread = compute.sample_in_batches(cfg, float(running_mean), float(running_var), 200)
except ValueError as err:
    st.error(message(err, lang()))
    st.stop()
spread_fig = sample_in_batches_figure(spread, channel=cfg.at[1], lang=lang())
chart(spread_fig, key="sample_in_batches")
explain(
    "p4.sample.text",
    element=list(cfg.element),
    value=spread.value,
    std=spread.train.std(),
    count=spread.train.size,
    n=cfg.n,
    eval=spread.eval_running,
    k=k,
)
