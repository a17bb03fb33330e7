"""Training lab: a real network learns the digits with and without normalization.

Nothing trains in this script: Train submits a background job (ui.jobs), and a fragment
polls its progress, so the navigation and the controls stay usable during a run.
"""

import numpy as np
import streamlit as st

st.set_page_config(page_title="Training lab · normviz")

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
from normviz.models import DEFAULT_WIDTH
from normviz.training import TrainConfig, default_lr, run_label
from ui import compute
from ui.display import chart, explain, lang, tr
from ui.jobs import Job, runner, store
from ui.page_params import float_in, initial, int_in, one_of
from ui.sidebar import start_page
from ui.state import config as view_config
from ui.state import session_id

NORMS = {label: key for key, label in SHORT_NAMES.items()}  # the lab's radio shows labels
LRS = [0.01, 0.03, 0.1, 0.3, 1.0, 2.0, 3.0, 10.0]
BATCHES = [2, 4, 8, 16, 32, 60, 64, 128]
POLL_SECONDS = 0.4  # how often a running job's progress is redrawn
# No live chart during a run: redrawing a Plotly chart at every poll kept the browser busy
# (Stop then took 2 s to show instead of 0.5 s).
STOP_WAIT = 0.3  # Stop waits this long for the job to end, so the rerun can say "stopped"
GRAD_WINDOW = 100  # last steps averaged for the measured gradient ratio
# lab_G and lab_seed: the sidebar owns G and seed in the link (the tensor's)
PAGE_KEYS = ("model", "activation", "norm", "lab_G", "lr", "batch", "steps", "lab_seed", "depth")
state = st.session_state
runner().warm()  # the workers import torch while the teacher picks the settings

# Streamlit drops a page's widget values when the user visits another page: the settings
# are kept under "_lab_saved" too, so a teacher who looks at another page during a run comes
# back to the same settings (and the run's progress). A link's own values win.
for name, value in state.get("_lab_saved", {}).items():
    if name not in state and name not in st.query_params:
        state[name] = value
initial("model", "mlp", one_of(["mlp", "cnn"]))
initial("activation", "sigmoid", one_of(["sigmoid", "relu"]))
# the method follows the sidebar's: its default is the sidebar's choice


def _usable(norm: str) -> bool:
    """The sidebar's method can be the lab's: not IN on the MLP (one value per group)."""
    return not (norm == "IN" and state["model"] == "mlp")


sidebar_norm = SHORT_NAMES[view_config().method]
initial("norm", sidebar_norm if _usable(sidebar_norm) else "BN", one_of(list(NORMS)))
initial("lab_G", 10, int_in(1, 100))
lr_given = "lr" not in state and "lr" in st.query_params
initial("lr", default_lr(state["model"], state["activation"]), float_in(0.001, 10.0))
if lr_given:  # a link's lr is the user's choice: a model change keeps it
    state["_lab_lr_user"] = True
initial("batch", 60, int_in(2, 256))
initial("steps", 1500, int_in(50, 5000))
initial("lab_seed", 0, int_in(0, 10_000))
initial("depth", 3, int_in(1, 6))
cfg = start_page(page_params=PAGE_KEYS)

# a method chosen in the sidebar while the lab is open becomes the lab's method too
sidebar_norm = SHORT_NAMES[cfg.method]
if state.get("_lab_sidebar_norm", sidebar_norm) != sidebar_norm and _usable(sidebar_norm):
    state["norm"] = sidebar_norm
state["_lab_sidebar_norm"] = sidebar_norm


def _follow_default_lr() -> None:
    """A model or activation change moves lr to its default, unless the user chose lr."""
    if not state.get("_lab_lr_user"):
        state["lr"] = default_lr(state["model"], state["activation"])


def _lr_chosen() -> None:
    state["_lab_lr_user"] = True


st.title(tr("p8.title"))
explain("p8.intro")

cols = st.columns([1.1, 1.1, 1.6, 0.9, 0.9])  # BN LN IN GN on one line
cols[0].radio(
    tr("p8.model"),
    ["mlp", "cnn"],
    key="model",
    format_func={m: tr(f"p8.model.{m}") for m in ("mlp", "cnn")}.get,
    horizontal=True,
    on_change=_follow_default_lr,
)
cols[1].radio(
    tr("p8.activation"),
    ["sigmoid", "relu"],
    key="activation",
    format_func={a: tr(f"p8.activation.{a}") for a in ("sigmoid", "relu")}.get,
    horizontal=True,
    on_change=_follow_default_lr,
)
cols[2].radio(tr("p8.norm"), list(NORMS), key="norm", horizontal=True)
cols[3].number_input(
    tr("p8.groups"),
    1,
    100,
    key="lab_G",
    disabled=state["norm"] != "GN",
    help=tr("p8.groups.help", units=DEFAULT_WIDTH["mlp"], channels=DEFAULT_WIDTH["cnn"]),
)
cols[4].slider(tr("p8.depth"), 1, 6, key="depth")
cols = st.columns(4)
if state["lr"] not in LRS:
    LRS = sorted({*LRS, state["lr"]})
cols[0].select_slider(
    tr("p8.lr"),
    LRS,
    key="lr",
    on_change=_lr_chosen,
    help=tr("p8.lr.help", lr=default_lr(state["model"], state["activation"])),
)
if state["batch"] not in BATCHES:
    BATCHES = sorted({*BATCHES, state["batch"]})
cols[1].select_slider(tr("p8.batch"), BATCHES, key="batch")
cols[2].slider(tr("p8.steps"), 50, 5000, step=50, key="steps")
cols[3].number_input(tr("p8.seed"), 0, 10_000, key="lab_seed")
if not _usable(sidebar_norm) and state["norm"] != "IN":  # say why the lab does not follow
    st.info(tr("p8.sidebar_in_mlp", norm=state["norm"]))
if state["norm"] == "GN":
    width = DEFAULT_WIDTH[state["model"]]
    unit = tr(f"p8.width.{state['model']}")
    st.caption(tr("p8.groups.sidebar", width=width, unit=unit, c=cfg.c))

state["_lab_saved"] = {name: state[name] for name in PAGE_KEYS}
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
state["_lab_config"] = config  # the settings on screen (tests read them)


def _stop(key: tuple) -> None:
    job = runner().job(key)
    if job is not None:
        job.stop(wait=STOP_WAIT)


def _train_button(key: tuple, label: str, name: str) -> Job | None:
    """Train (or Run) for the job `key` (disabled while it runs); returns its job, if any.

    Widget keys: "train", "run_lr", "run_bs"; their Stop buttons "stop_<name>"."""
    job = runner().job(key)
    st.button(
        label,
        key="train" if name == "train" else f"run_{name}",
        type="primary",
        disabled=job is not None and job.active,
        on_click=runner().submit,
        args=(key, session_id()),
    )
    return runner().job(key)


def _stopped(job: Job) -> None:
    progress = job.progress
    where = progress.text(lang()) if progress is not None else tr("p8.not_started")
    st.warning(tr("p8.stopped", where=where, seconds=job.seconds))


def _job_status(job: Job | None, done: bool, name: str) -> None:
    """A running job's progress (polled), or what became of the last one."""
    if job is not None and job.active:
        _progress(job.key, name)
    elif job is not None and job.status == "stopped" and not done:
        _stopped(job)
    elif job is not None and job.status == "failed":
        st.error(tr("p8.failed", error=message(job.error, lang())))


@st.fragment(run_every=POLL_SECONDS)
def _progress(key: tuple, name: str) -> None:
    """A running job's Stop button and progress, redrawn until it ends; then the page reruns
    to show the result. Stop reruns only this fragment: "stopped" is on screen at once."""
    job = runner().job(key)
    if job is not None and job.status == "stopped" and not state.get(f"_lab_told_{name}"):
        _stopped(job)  # on screen now; the next tick reruns the page to draw the partial run
        state[f"_lab_told_{name}"] = True
        return
    if job is None or not job.active:
        st.rerun()
    state[f"_lab_told_{name}"] = False
    st.button(tr("p8.stop"), key=f"stop_{name}", on_click=_stop, args=(key,))
    progress = job.progress
    if job.status == "queued":
        st.info(tr("p8.queued", ahead=runner().queued_before(job)))
        return
    fraction = min(progress.fraction, 1.0) if progress is not None else 0.0
    text = progress.text(lang()) if progress is not None else tr("p8.starting")
    st.progress(fraction, text=tr("p8.progress", text=text, seconds=job.seconds))


# --- the comparison ---------------------------------------------------------------------------
key = ("compare", config)


comparison = store().get(key)
job = _train_button(key, tr("p8.train"), "train")
if (
    comparison is None
    and (job is None or not job.active)
    and (job is None or job.status != "stopped")
):
    ask = "p8.changed" if state.get("_lab_shown") else "p8.press_train"
    st.info(tr(ask))
_job_status(job, comparison is not None, "train")
if comparison is None and job is not None and job.status == "stopped" and job.result is not None:
    comparison = job.result  # show how far the stopped run got
shown_key = key if store().get(key) is comparison else ("partial",)

if comparison is not None:
    state["_lab_shown"] = True
    histories = comparison.histories
    base, norm = comparison.baseline, comparison.normalized
    labels = {"base": run_label(base.label, lang()), "norm": run_label(norm.label, lang())}
    if base.steps_done == config.steps:
        st.success(
            tr(
                "p8.result",
                steps=norm.steps_done,
                base_accuracy=base.final_accuracy,
                norm_accuracy=norm.final_accuracy,
                **labels,
            )
        )
    left, right = st.columns(2)
    with left:
        figure = compute.lab_figure(loss_figure, shown_key, comparison, histories, lang=lang())
        chart(figure, key="loss")
    with right:
        figure = compute.lab_figure(accuracy_figure, shown_key, comparison, histories, lang=lang())
        chart(figure, key="accuracy")

    relu = "" if config.activation == "sigmoid" else "_relu"  # suffix of the ReLU texts
    st.subheader(tr(f"p8.percentiles.header{relu}"))
    pick = st.columns(2)
    layer = config.depth - 1  # one hidden layer: nothing to choose
    if config.depth > 1:
        layer = pick[0].slider(tr("p8.layer"), 1, config.depth, config.depth, key="layer") - 1
    unit = pick[1].slider(tr("p8.unit"), 0, config.hidden_width - 1, 0, key="unit")
    figure = compute.lab_figure(
        percentiles_figure, shown_key, comparison, histories, layer, unit, lang=lang()
    )
    chart(figure, key="percentiles")
    st.caption(tr(f"p8.percentiles.caption{relu}"))
    if base.eval_step.size > 1 and norm.eval_step.size > 1:
        median = {
            f"{name}_{end}": float(h.percentiles[i, layer, unit, 1])
            for name, h in (("base", base), ("norm", norm))
            for end, i in (("start", 0), ("end", -1))
        }
        saturated = {
            f"{name}_{end}": float(h.saturated_fraction[i, layer])
            for name, h in (("base", base), ("norm", norm))
            for end, i in (("start", 0), ("end", -1))
        }
        st.markdown(tr("p8.measured.median", layer=layer + 1, unit=unit, **labels, **median))
        st.markdown(
            tr(
                f"p8.measured.saturation{relu}",
                layer=layer + 1,
                **labels,
                **{f"sat_{k}": v for k, v in saturated.items()},
            )
        )
    left, right = st.columns(2)
    with left:
        figure = compute.lab_figure(
            saturation_figure, shown_key, comparison, histories, lang=lang()
        )
        chart(figure, key="saturation")
    with right:
        figure = compute.lab_figure(grad_norm_figure, shown_key, comparison, histories, lang=lang())
        chart(figure, key="grad_norm")
    st.caption(tr("p8.grad_norm.caption"))
    window = min(GRAD_WINDOW, base.steps_done, norm.steps_done)
    if window > 0:
        ratios = {
            f"{name}_ratio": float(
                np.mean(h.grad_norm[-window:, 0]) / np.mean(h.grad_norm[-window:, -1])
            )
            for name, h in (("base", base), ("norm", norm))
        }
        st.markdown(tr("p8.measured.grad", window=window, **labels, **ratios))

# --- the sweeps -------------------------------------------------------------------------------
st.subheader(tr("p8.sweeps.header"))
explain(
    "p8.sweeps",
    model=tr(f"p8.model.{config.model}"),
    activation=tr(f"p8.activation.{config.activation}"),
)
left, right = st.columns(2)
with left:
    lr_key = ("lr_sweep", config)

    lr_job = _train_button(lr_key, tr("p8.run_lr"), "lr")
    lr_result = store().get(lr_key)
    _job_status(lr_job, lr_result is not None, "lr")
    if lr_result is None and lr_job is not None and lr_job.status == "stopped":
        lr_result = lr_job.result
    if lr_result is not None:
        lr_chart_key = lr_key if store().get(lr_key) is lr_result else ("partial",)
        figure = compute.lab_figure(
            lr_sweep_figure, lr_chart_key, lr_result, lr_result, lang=lang()
        )
        chart(figure, key="lr_sweep")
        st.caption(tr("p8.lr_sweep.caption", steps=config.steps, batch=config.batch_size))
with right:
    batch_key = ("batch_sweep", config.with_norm("batch"))

    batch_job = _train_button(batch_key, tr("p8.run_batch"), "bs")
    batch_result = store().get(batch_key)
    _job_status(batch_job, batch_result is not None, "bs")
    if batch_result is None and batch_job is not None and batch_job.status == "stopped":
        batch_result = batch_job.result
    if batch_result is not None:
        batch_chart_key = batch_key if store().get(batch_key) is batch_result else ("partial",)
        figure = compute.lab_figure(
            batch_size_sweep_figure, batch_chart_key, batch_result, batch_result, lang=lang()
        )
        chart(figure, key="batch_sweep")
        st.caption(tr("p8.batch_sweep.caption", lr=config.lr, batch=config.batch_size, epochs=10))
