"""Training lab: a real network learns the digits with and without normalization."""

import streamlit as st

st.set_page_config(
    page_title="Training lab · normviz", page_icon=":material/science:", layout="wide"
)

from normviz.figures.training import (
    accuracy_figure,
    batch_size_sweep_figure,
    grad_norm_figure,
    loss_figure,
    lr_sweep_figure,
    percentiles_figure,
    saturation_figure,
)
from normviz.training import (
    BATCH_SWEEP_CONFIG,
    TrainConfig,
    batch_size_sweep,
    compare,
    lr_sweep,
)
from ui.page_params import float_in, initial, int_in, one_of
from ui.results import store
from ui.sidebar import sidebar

NORMS = {"BN": "batch", "LN": "layer", "GN": "group", "IN": "instance"}
LRS = [0.01, 0.03, 0.1, 0.3, 1.0, 2.0, 3.0, 10.0]
BATCHES = [2, 4, 8, 16, 32, 60, 64, 128]
PAGE_KEYS = ("model", "activation", "norm", "G", "lr", "batch", "steps", "seed", "depth")

initial("model", "mlp", one_of(["mlp", "cnn"]))
initial("activation", "sigmoid", one_of(["sigmoid", "relu"]))
initial("norm", "BN", one_of(list(NORMS)))
initial("G", 10, int_in(1, 100))
initial("lr", 2.0, float_in(0.001, 10.0))
initial("batch", 60, int_in(2, 256))
initial("steps", 1500, int_in(50, 5000))
initial("seed", 0, int_in(0, 10_000))
initial("depth", 3, int_in(1, 6))
sidebar(page_params=PAGE_KEYS)

st.title("Training lab")
st.markdown(
    "Train a real network on the 8×8 handwritten digits (1,797 images, 10 classes, shipped with "
    "the app) twice from the same weights on the same batches: **without normalization** and "
    "**with** the method you pick. The BatchNorm paper's claims — faster training, sigmoid "
    "inputs that stay out of saturation, larger usable learning rates — are checked here, "
    "not taken on faith. Runs are deterministic: the whole class sees the same curves."
)

cols = st.columns(5)
cols[0].radio("Model", ["mlp", "cnn"], key="model", format_func=str.upper, horizontal=True)
cols[1].radio("Activation", ["sigmoid", "relu"], key="activation", horizontal=True)
norm_choices = list(NORMS) if st.session_state["model"] == "cnn" else ["BN", "LN", "GN"]
if st.session_state["norm"] not in norm_choices:
    st.session_state["norm"] = "BN"
cols[2].radio("Normalization", norm_choices, key="norm", horizontal=True)
cols[3].number_input("GN groups G", 1, 100, key="G", disabled=st.session_state["norm"] != "GN")
cols[4].slider("Depth (layers)", 1, 6, key="depth")
cols = st.columns(4)
if st.session_state["lr"] not in LRS:
    LRS = sorted({*LRS, st.session_state["lr"]})
cols[0].select_slider("Learning rate", LRS, key="lr")
if st.session_state["batch"] not in BATCHES:
    BATCHES = sorted({*BATCHES, st.session_state["batch"]})
cols[1].select_slider("Batch size", BATCHES, key="batch")
cols[2].slider("Steps", 50, 5000, step=50, key="steps")
cols[3].number_input("Seed", 0, 10_000, key="seed")

state = st.session_state
try:
    config = TrainConfig(
        model=state["model"],
        activation=state["activation"],
        norm=NORMS[state["norm"]],
        groups=state["G"] if state["norm"] == "GN" else None,
        depth=state["depth"],
        lr=float(state["lr"]),
        batch_size=int(state["batch"]),
        steps=int(state["steps"]),
        seed=int(state["seed"]),
    )
except ValueError as err:
    st.error(str(err))
    st.stop()


def finished(result) -> bool:
    """A comparison whose runs all ended by themselves, or a sweep that ran every value."""
    if hasattr(result, "histories"):
        return all(h.status in ("finished", "diverged") for h in result.histories)
    return result.status == "finished"


def run_with_progress(key, job):
    """Run a training job with a progress bar and a Stop button; keep it when it finished.

    Stop (like any click) makes Streamlit rerun the page, which interrupts the job.
    """
    bar = st.progress(0.0, text="starting…")
    stop_slot = st.empty()
    stop_slot.button("Stop", key=f"stop_{key[0]}")
    live = st.empty()

    redraws = iter(range(1_000_000))

    def report(progress) -> bool:
        bar.progress(min(progress.fraction, 1.0), text=progress.message)
        if progress.histories and len(progress.histories[0].eval_step) % 8 == 1:
            # a fresh key per redraw: the placeholder holds one chart at a time
            live.plotly_chart(accuracy_figure(progress.histories), key=f"live_{next(redraws)}")
        return True

    result = job(report)
    for slot in (bar, stop_slot, live):
        slot.empty()
    if finished(result):
        store().put(key, result)
    return result


key = ("compare", config)
comparison = store().get(key)
if comparison is None:
    if state.get("stop_compare"):  # this rerun came from the Stop button
        st.info("Training stopped.")
        st.button("Train again", key="train_again")
        st.stop()
    comparison = run_with_progress(key, lambda cb: compare(config, cb))
histories = comparison.histories
base, norm = comparison.baseline, comparison.normalized
st.success(
    f"Final test accuracy after {norm.steps_done:,} steps: **{base.label} "
    f"{base.final_accuracy:.1%}**, **{norm.label} {norm.final_accuracy:.1%}**."
)
left, right = st.columns(2)
left.plotly_chart(loss_figure(histories), key="loss")
right.plotly_chart(accuracy_figure(histories), key="accuracy")

st.subheader("One sigmoid input over training (BN paper, Fig. 1b/c)")
pick = st.columns(2)
layer = pick[0].slider("Layer", 1, config.depth, config.depth, key="layer") - 1
unit = pick[1].slider("Unit", 0, config.hidden_width - 1, 0, key="unit")
st.plotly_chart(percentiles_figure(histories, layer, unit), key="percentiles")
st.caption(
    "The 15th, 50th and 85th percentiles of the chosen unit's input over the test images: "
    "without normalization they drift (and, with sigmoids, into saturation); with it they "
    "stay put once γ and β have settled."
)
left, right = st.columns(2)
left.plotly_chart(saturation_figure(histories), key="saturation")
right.plotly_chart(grad_norm_figure(histories), key="grad_norm")

st.subheader("Sweeps")
st.markdown(
    "Each sweep trains many networks (tens of seconds on two cores). Results are kept for "
    "everyone, so only the first click waits."
)
left, right = st.columns(2)
with left:
    lr_key = ("lr_sweep", config)
    lr_result = store().get(lr_key)
    if lr_result is None and st.button("Run the learning-rate sweep", key="run_lr"):
        lr_result = run_with_progress(lr_key, lambda cb: lr_sweep(config, progress=cb))
    if lr_result is not None:
        st.plotly_chart(lr_sweep_figure(lr_result), key="lr_sweep")
with right:
    batch_config = BATCH_SWEEP_CONFIG.with_norm("batch")
    batch_key = ("batch_sweep", batch_config)
    batch_result = store().get(batch_key)
    if batch_result is None and st.button("Run the batch-size sweep (BN vs GN)", key="run_bs"):
        batch_result = run_with_progress(
            batch_key, lambda cb: batch_size_sweep(batch_config, progress=cb)
        )
    if batch_result is not None:
        st.plotly_chart(batch_size_sweep_figure(batch_result), key="batch_sweep")
        st.caption(
            "ReLU MLP, the same number of epochs at every batch size, learning rate scaled "
            "with the batch. Compare the GN paper's table on the Batch size page."
        )
