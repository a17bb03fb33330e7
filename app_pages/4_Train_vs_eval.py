"""Train vs eval: one training step on the tensor on screen, running statistics over a
stream of batches, momentum conventions, and one sample in many batches."""

import streamlit as st

st.set_page_config(page_title="Train vs eval · normviz")

import numpy as np

from normviz.figures.running import (
    convention_weights_figure,
    running_figures,
    sample_in_batches_figure,
)
from normviz.i18n import message
from normviz.methods import training_refusal
from normviz.running import bn_with_stats, keras_to_pytorch_momentum, pytorch_to_keras_momentum
from ui import compute
from ui.display import chart, explain, lang, tr
from ui.latex import number
from ui.page_params import float_in, initial, int_in, one_of
from ui.parts import part
from ui.self_test import self_test
from ui.sidebar import start_page

# The values live in the session and the URL: fixed; each is shown through its text key
MOMENTUM_MODES = ["PyTorch momentum", "cumulative (momentum=None)"]
MODE_KEYS = dict(zip(MOMENTUM_MODES, ("p4.mode.pytorch", "p4.mode.cumulative"), strict=True))
initial("momentum_mode", MOMENTUM_MODES[0], one_of(MOMENTUM_MODES))
initial("momentum", 0.1, float_in(0.0, 1.0))
initial("keras_momentum", 0.99, float_in(0.0, 1.0))
initial("batches", 100, int_in(10, 500))
initial("step", 100, int_in(1, 500))
st.session_state.setdefault("one_step", True)
cfg = start_page(page_params=("momentum_mode", "momentum", "keras_momentum", "batches", "step"))
st.title(tr("p4.title"))
intro_shown = explain("p4.intro", c=cfg.at[1])

refusal = training_refusal(cfg.shape, "batch")
if refusal:
    st.error(tr("p4.error", error=refusal.message(lang())))
    st.info(tr("p4.error.try"))
    st.stop()


def clamp_step() -> None:
    """A shorter stream: the step stays where it was, or moves to the stream's last batch."""
    st.session_state["step"] = min(st.session_state["step"], st.session_state["batches"])


def matrix(values: np.ndarray) -> str:
    """A 2-D (or 1-D) block of values as an inline LaTeX bmatrix, 4 decimals."""
    rows = np.atleast_2d(values)
    body = r" \\ ".join(" & ".join(number(float(v)) for v in row) for row in rows)
    return rf"$\begin{{bmatrix}} {body} \end{{bmatrix}}$"


def vector(values: np.ndarray) -> str:
    return "(" + ", ".join(f"{float(v):.4f}" for v in values) + ")"


controls = st.columns([1.2, 1, 1])
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
momentum = (
    st.session_state["momentum"] if st.session_state["momentum_mode"] == MOMENTUM_MODES[0] else None
)
keras_momentum = st.session_state["keras_momentum"]

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

if intro_shown < 3:  # steps mode: the demonstrations come with the paragraph announcing them
    st.stop()

# --- one training step of nn.BatchNorm2d on the tensor on screen, then eval mode ---
st.subheader(tr("p4.one_step.heading"))
layer = "BatchNorm1d" if cfg.fully_connected else "BatchNorm2d"
stepped = st.toggle(tr("p4.one_step.toggle"), key="one_step")
c = cfg.at[1]
value = float(compute.tensor(cfg)[cfg.element])


def element_output(mean: float, var: float) -> float:
    """The chosen element's BN output with this channel mean and variance."""
    y = bn_with_stats([[value]], [mean], [var], [cfg.gamma[c]], [cfg.beta[c]], cfg.eps)
    return float(y[0, 0])


try:
    one = compute.one_training_step(cfg, momentum)
    step = one.step
    running_mean = step.running_mean if stepped else np.zeros(cfg.c)
    running_var = step.running_var if stepped else np.ones(cfg.c)
    y_train = element_output(step.batch_mean[c], step.batch_var[c])
    y_eval = element_output(running_mean[c], running_var[c])
except ValueError as err:  # ε = 0 on a constant channel: x̂ = 0/0
    st.error(message(err, lang()))
    st.stop()
momentum_text = f"{momentum:g}" if momentum is not None else tr("p4.one_step.none")
shown = explain(
    "p4.one_step.text",
    layer=layer,
    c=cfg.c,
    count=step.count,
    momentum=momentum_text,
)
channels = list(range(cfg.c)) if cfg.c <= 8 else [c]
stats_columns = [
    tr("p4.one_step.col.channel"),
    "μ_B",
    tr("p4.one_step.col.var_biased"),
    tr("p4.one_step.col.var_unbiased"),
    "running_mean",
    "running_var",
]
stats_lines = ["| " + " | ".join(stats_columns) + " |", "|" + ":-:|" * len(stats_columns)]
for ch in channels:
    cells = (
        step.batch_mean[ch],
        step.batch_var[ch],
        step.batch_var_unbiased[ch],
        running_mean[ch],
        running_var[ch],
    )
    stats_lines.append(f"| {ch} | " + " | ".join(f"{v:.4f}" for v in cells) + " |")
st.markdown("\n".join(stats_lines))
state = "p4.one_step.after" if stepped else "p4.one_step.fresh"
st.markdown(
    tr(
        state,
        layer=layer,
        mean=vector(running_mean[channels]),
        var=vector(running_var[channels]),
    )
)
if cfg.c > 8:
    st.caption(tr("p4.one_step.one_channel", c=c))

if shown >= 2:
    if one.x is not None:
        y_eval_all = one.y_eval if stepped else one.y_eval_fresh
        names = [tr(f"p4.one_step.col.{name}") for name in ("slice", "x", "train", "eval")]
        lines = ["| " + " | ".join(names) + " |", "|:-:|:-:|:-:|:-:|"]
        if cfg.fully_connected:
            for n in range(cfg.n):
                lines.append(
                    f"| x[{n}, :] | {matrix(one.x[n])} | {matrix(one.y_train[n])} "
                    f"| {matrix(y_eval_all[n])} |"
                )
        else:
            for n in range(cfg.n):
                for ch in range(cfg.c):
                    lines.append(
                        f"| [{n}, {ch}] | {matrix(one.x[n, ch])} | {matrix(one.y_train[n, ch])} "
                        f"| {matrix(y_eval_all[n, ch])} |"
                    )
        st.markdown("\n".join(lines))
    st.markdown(
        tr(
            "p4.one_step.element",
            element=list(cfg.element),
            value=value,
            train=y_train,
            eval=y_eval,
        )
    )
    if one.x is None:
        st.caption(tr("p4.one_step.too_big"))

# --- a stream of batches ---
st.subheader(tr("p4.stream.heading"))
explain("p4.stream.text")
stream_controls = st.columns(2)
stream_controls[0].slider(
    tr("p4.slider.batches"), 10, 500, step=10, key="batches", on_change=clamp_step
)
batches = st.session_state["batches"]
# The step slider's range changes with the stream, which makes it a new widget: written
# back before it is drawn, it keeps its value (clamped to the stream) instead of resetting.
st.session_state["step"] = min(st.session_state["step"], batches)
stream_controls[1].slider(tr("p4.slider.step"), 1, batches, key="step")
k = st.session_state["step"]
trajectory = compute.stream(cfg, batches, momentum, keras_momentum)
shown_stream = trajectory.first(k)
# the stream holds channel c only: its index 0, titled with c
mean_fig, var_fig = running_figures(shown_stream, channel=0, title_channel=cfg.at[1], lang=lang())
charts = st.columns(2)
with charts[0]:
    chart(mean_fig, key="running_mean")
with charts[1]:
    chart(var_fig, key="running_var")
final = {
    key: (shown_stream.running_mean[key][-1, 0], shown_stream.running_var[key][-1, 0])
    for key in shown_stream.running_mean
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
explain("p4.paper")


def weights_part() -> None:
    """The weight each convention gives each past batch."""
    chart(convention_weights_figure(batches, momentum, keras_momentum, lang=lang()), key="weights")
    st.caption(tr("p4.weights.caption"))


part(tr("p4.weights.expander"), "p4_weights", weights_part, heading=False)

# --- one sample, many batches ---
stream_mean, stream_var = final["pytorch"] if momentum is not None else final["cumulative"]


def sample_part() -> None:
    """One sample's output in many batches (training) against eval mode's one value."""
    try:
        spread = compute.sample_in_batches(cfg, float(stream_mean), float(stream_var), 200)
    except ValueError as err:
        st.error(message(err, lang()))
        return
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


part(tr("p4.sample.heading"), "p4_sample", sample_part)

# --- fine-tuning and transfer ---
st.subheader(tr("p4.transfer.heading"))
explain("p4.transfer")

self_test(cfg, ("running_var", "momentum"))
