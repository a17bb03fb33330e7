"""Training lab: a real network learns the digits with and without normalization."""

import streamlit as st

from ui.pages import ICON

st.set_page_config(page_title="Training lab · normviz", page_icon=ICON, layout="wide")

from normviz.figures.training import (
    accuracy_figure,
    batch_size_sweep_figure,
    grad_norm_figure,
    loss_figure,
    lr_sweep_figure,
    percentiles_figure,
    saturation_figure,
)
from normviz.i18n import message
from normviz.methods import SHORT_NAMES
from normviz.training import (
    BATCH_SWEEP_CONFIG,
    TrainConfig,
    batch_size_sweep,
    compare,
    lr_sweep,
    run_label,
)
from ui import compute
from ui.display import chart, explain, lang, tr
from ui.jobs import run_with_progress, stopped, store
from ui.page_params import float_in, initial, int_in, one_of
from ui.sidebar import sidebar

NORMS = {label: key for key, label in SHORT_NAMES.items()}  # the lab's radio shows labels
LRS = [0.01, 0.03, 0.1, 0.3, 1.0, 2.0, 3.0, 10.0]
BATCHES = [2, 4, 8, 16, 32, 60, 64, 128]
# lab_G and lab_seed: the sidebar owns G and seed in the link (the tensor's)
PAGE_KEYS = ("model", "activation", "norm", "lab_G", "lr", "batch", "steps", "lab_seed", "depth")

initial("model", "mlp", one_of(["mlp", "cnn"]))
initial("activation", "sigmoid", one_of(["sigmoid", "relu"]))
initial("norm", "BN", one_of(list(NORMS)))
initial("lab_G", 10, int_in(1, 100))
initial("lr", 2.0, float_in(0.001, 10.0))
initial("batch", 60, int_in(2, 256))
initial("steps", 1500, int_in(50, 5000))
initial("lab_seed", 0, int_in(0, 10_000))
initial("depth", 3, int_in(1, 6))
sidebar(page_params=PAGE_KEYS)

st.title(tr("p8.title"))
explain("p8.intro")

cols = st.columns(5)
cols[0].radio(
    tr("p8.model"),
    ["mlp", "cnn"],
    key="model",
    format_func={m: tr(f"p8.model.{m}") for m in ("mlp", "cnn")}.get,
    horizontal=True,
)
cols[1].radio(
    tr("p8.activation"),
    ["sigmoid", "relu"],
    key="activation",
    format_func={a: tr(f"p8.activation.{a}") for a in ("sigmoid", "relu")}.get,
    horizontal=True,
)
# IN on an MLP's N×C layer normalizes one value per group: the CNN only
norm_choices = [n for n in NORMS if st.session_state["model"] == "cnn" or n != "IN"]
if st.session_state["norm"] not in norm_choices:
    st.session_state["norm"] = "BN"
cols[2].radio(
    tr("p8.norm"),
    norm_choices,
    key="norm",
    horizontal=True,
)
cols[3].number_input(
    tr("p8.groups"), 1, 100, key="lab_G", disabled=st.session_state["norm"] != "GN"
)
cols[4].slider(tr("p8.depth"), 1, 6, key="depth")
cols = st.columns(4)
if st.session_state["lr"] not in LRS:
    LRS = sorted({*LRS, st.session_state["lr"]})
cols[0].select_slider(tr("p8.lr"), LRS, key="lr")
if st.session_state["batch"] not in BATCHES:
    BATCHES = sorted({*BATCHES, st.session_state["batch"]})
cols[1].select_slider(tr("p8.batch"), BATCHES, key="batch")
cols[2].slider(tr("p8.steps"), 50, 5000, step=50, key="steps")
cols[3].number_input(tr("p8.seed"), 0, 10_000, key="lab_seed")

state = st.session_state
try:
    config = TrainConfig(
        model=state["model"],
        activation=state["activation"],
        norm=NORMS[state["norm"]],
        groups=state["lab_G"] if state["norm"] == "GN" else None,
        depth=state["depth"],
        lr=float(state["lr"]),
        batch_size=int(state["batch"]),
        steps=int(state["steps"]),
        seed=int(state["lab_seed"]),
    )
except ValueError as err:
    st.error(message(err, lang()))
    st.stop()


key = ("compare", config)
comparison = store().get(key)
if comparison is None:
    if stopped(key):
        st.info(tr("p8.stopped"))
        st.button(tr("p8.train_again"), key="train_again")
        st.stop()
    comparison = run_with_progress(
        key,
        lambda report: compare(config, report),
        live=lambda progress: accuracy_figure(progress.histories, lang=lang()),
    )
histories = comparison.histories
base, norm = comparison.baseline, comparison.normalized
st.success(
    tr(
        "p8.result",
        steps=norm.steps_done,
        base=run_label(base.label, lang()),
        base_accuracy=base.final_accuracy,
        norm=run_label(norm.label, lang()),
        norm_accuracy=norm.final_accuracy,
    )
)
left, right = st.columns(2)
with left:
    chart(compute.lab_figure(loss_figure, key, comparison, histories, lang=lang()), key="loss")
with right:
    chart(
        compute.lab_figure(accuracy_figure, key, comparison, histories, lang=lang()),
        key="accuracy",
    )

st.subheader(tr("p8.percentiles.header"))
pick = st.columns(2)
layer = config.depth - 1  # one hidden layer: nothing to choose
if config.depth > 1:
    layer = pick[0].slider(tr("p8.layer"), 1, config.depth, config.depth, key="layer") - 1
unit = pick[1].slider(tr("p8.unit"), 0, config.hidden_width - 1, 0, key="unit")
chart(
    compute.lab_figure(percentiles_figure, key, comparison, histories, layer, unit, lang=lang()),
    key="percentiles",
)
st.caption(tr("p8.percentiles.caption"))
left, right = st.columns(2)
with left:
    chart(
        compute.lab_figure(saturation_figure, key, comparison, histories, lang=lang()),
        key="saturation",
    )
with right:
    chart(
        compute.lab_figure(grad_norm_figure, key, comparison, histories, lang=lang()),
        key="grad_norm",
    )

st.subheader(tr("p8.sweeps.header"))
explain("p8.sweeps")
left, right = st.columns(2)
with left:
    lr_key = ("lr_sweep", config)
    lr_result = store().get(lr_key)
    if lr_result is None and st.button(tr("p8.run_lr"), key="run_lr"):
        lr_result = run_with_progress(lr_key, lambda cb: lr_sweep(config, progress=cb))
    if lr_result is not None:
        chart(
            compute.lab_figure(lr_sweep_figure, lr_key, lr_result, lr_result, lang=lang()),
            key="lr_sweep",
        )
with right:
    batch_config = BATCH_SWEEP_CONFIG.with_norm("batch")
    batch_key = ("batch_sweep", batch_config)
    batch_result = store().get(batch_key)
    if batch_result is None and st.button(tr("p8.run_batch"), key="run_bs"):
        batch_result = run_with_progress(
            batch_key, lambda cb: batch_size_sweep(batch_config, progress=cb)
        )
    if batch_result is not None:
        figure = compute.lab_figure(
            batch_size_sweep_figure, batch_key, batch_result, batch_result, lang=lang()
        )
        chart(figure, key="batch_sweep")
        st.caption(tr("p8.batch_sweep.caption"))
