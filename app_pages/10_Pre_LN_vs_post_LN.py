"""Pre-LN vs post-LN: where LayerNorm sits in a transformer block, measured on a tiny model.

The gradient norms at initialization are computed here (cached, under a second); the three
training runs go to the server's job runner (ui.jobs), as in the training lab.
"""

import streamlit as st

st.set_page_config(page_title="Pre-LN vs Post-LN · normviz")

from normviz.figures.prepost import accuracy_curves, layer_gradients, loss_curves, run_name
from normviz.i18n import message
from normviz.prepost import GRAD_BATCH, MAX_LAYERS, PARAMETERS, CompareConfig, trend
from ui import compute
from ui.display import chart, explain, lang, tr
from ui.jobs import runner, store
from ui.page_params import initial, int_in, one_of, one_of_numbers
from ui.sidebar import start_page
from ui.state import session_id

LRS = [0.001, 0.003, 0.01, 0.03]
WARMUPS = [10, 25, 50, 100, 200]
STEPS = 300
POLL_SECONDS = 0.4
STOP_WAIT = 0.3
state = st.session_state

initial("pp_layers", 6, int_in(1, MAX_LAYERS))
initial("pp_weight", "ffn2", one_of(list(PARAMETERS)))
initial("pp_lr", 0.01, one_of_numbers(LRS))
initial("pp_warmup", 50, one_of_numbers(WARMUPS))
initial("pp_seed", 0, int_in(0, 1000))
start_page(page_params=("pp_layers", "pp_weight", "pp_lr", "pp_warmup", "pp_seed"))
runner().warm()  # the workers import torch while the page is read

st.title(tr("p10.title"))
if explain("p10.intro") < 3:  # steps mode: the measurements come after what to look at
    st.stop()

# --- gradients at initialization ---------------------------------------------------------------
st.subheader(tr("p10.grad.header"))
cols = st.columns([1, 2])
cols[0].slider(tr("p10.layers"), 1, MAX_LAYERS, key="pp_layers")
cols[1].radio(
    tr("p10.weight"),
    list(PARAMETERS),
    key="pp_weight",
    horizontal=True,
    format_func={p: tr(f"p10.param.{p}") for p in PARAMETERS}.get,
)
layers, weight = int(state["pp_layers"]), state["pp_weight"]
shown = explain("p10.grad", batch=GRAD_BATCH)
if shown >= 2:  # steps mode: the chart with the paragraph that reads it
    grads = compute.prepost_gradients(layers, weight)
    chart(layer_gradients(grads, lang=lang()), key="grad_chart")
    if layers > 1:
        ratios = {p: grads.ratio(p) for p in ("post", "pre")}
        trends = {f"{p}_trend": tr(f"p10.trend.{trend(r)}") for p, r in ratios.items()}
        st.markdown(
            tr(
                "p10.grad.measured",
                layers=layers,
                post_ratio=ratios["post"],
                pre_ratio=ratios["pre"],
                **trends,
            )
        )
        one = compute.prepost_gradients(1, weight)
        st.markdown(
            tr(
                "p10.grad.theorem",
                layers=layers,
                post_one=one.mean("post")[0],
                post_last=grads.mean("post")[-1],
                pre_one=one.mean("pre")[0],
                pre_last=grads.mean("pre")[-1],
                bound=layers**-0.5,
            )
        )
    st.markdown(tr("p10.grad.reproduces"))

# --- training ---------------------------------------------------------------------------------
st.subheader(tr("p10.train.header"))
train_shown = explain("p10.train", steps=STEPS, layers=layers)
cols = st.columns(3)
cols[0].select_slider(tr("p10.lr"), LRS, key="pp_lr", format_func=lambda v: f"{v:g}")
cols[1].select_slider(tr("p10.warmup"), WARMUPS, key="pp_warmup")
cols[2].number_input(tr("p10.seed"), 0, 1000, key="pp_seed")
try:
    config = CompareConfig(
        layers=layers,
        lr=float(state["pp_lr"]),
        warmup=int(state["pp_warmup"]),
        steps=STEPS,
        seed=int(state["pp_seed"]),
    )
except ValueError as err:
    st.error(message(err, lang()))
    st.stop()
key = ("prepost", config)


def _stop(job_key: tuple) -> None:
    """Stop the job; this session (not every session that sees the job) is told it stopped."""
    job = runner().job(job_key)
    if job is not None:
        state["_pp_stopped"] = job_key
        job.stop(wait=STOP_WAIT)


@st.fragment(run_every=POLL_SECONDS)
def _progress(job_key: tuple) -> None:
    """The running job's Stop button and progress, until it ends; then the page reruns."""
    job = runner().job(job_key)
    if job is None or not job.active:
        st.rerun()
    st.button(tr("p8.stop"), key="pp_stop", on_click=_stop, args=(job_key,))
    if job.status == "queued":
        st.info(tr("p8.queued", ahead=runner().queued_before(job)))
        return
    progress = job.progress
    fraction = min(progress.fraction, 1.0) if progress is not None else 0.0
    text = progress.text(lang()) if progress is not None else tr("p8.starting")
    st.progress(fraction, text=tr("p8.progress", text=text, seconds=job.seconds))


job = runner().job(key)
st.button(
    tr("p10.train_button"),
    key="pp_train",
    type="primary",
    disabled=job is not None and job.active,
    on_click=runner().submit,
    args=(key, session_id()),
)
job = runner().job(key)
comparison = store().get(key)
if job is not None and job.active:
    _progress(key)
elif job is not None and job.status == "failed":
    st.error(tr("p8.failed", error=message(job.error, lang())))
elif (
    comparison is None
    and job is not None
    and job.status == "stopped"
    and state.get("_pp_stopped") == key
):
    where = job.progress.text(lang()) if job.progress is not None else tr("p8.not_started")
    st.warning(tr("p8.stopped", where=where, seconds=job.seconds))
elif comparison is None:
    st.info(tr("p10.press_train"))

if comparison is not None and train_shown >= 2:
    runs = comparison.runs
    left, right = st.columns(2)
    with left:
        figure = compute.lab_figure(loss_curves, key, comparison, runs, lang=lang())
        chart(figure, key="pp_loss")
    with right:
        figure = compute.lab_figure(accuracy_curves, key, comparison, runs, lang=lang())
        chart(figure, key="pp_accuracy")
    names = [run_name(run, lang()) for run in runs]
    st.success(
        tr(
            "p10.result",
            steps=STEPS,
            lr=config.lr,
            seconds=sum(run.seconds for run in runs),
            **{f"name{i}": name for i, name in enumerate(names)},
            **{f"acc{i}": run.final_accuracy for i, run in enumerate(runs)},
        )
    )

st.subheader(tr("p10.why.header"))
explain("p10.why")
