"""After training: BatchNorm as it is deployed. BN folded into the conv (or linear) layer
before it, checked in torch, then four pitfalls, each run: forgetting model.eval(),
requires_grad=False vs Keras' trainable=False, track_running_stats=False, and small
per-device batches vs SyncBatchNorm."""

import streamlit as st

st.set_page_config(page_title="BN deployed · normviz")

import numpy as np

from normviz.figures.deploy import (
    device_statistics_figure,
    probabilities_figure,
    running_mean_drift_figure,
)
from normviz.i18n import InputError, message
from ui import compute
from ui.display import chart, explain, lang, tr
from ui.latex import number
from ui.page_params import initial, int_in, one_of_numbers
from ui.parts import part, read_elsewhere
from ui.sidebar import start_page

TEST_IMAGES = 445  # the digits' test split (normviz.digits)
DEVICES = [2, 4, 8, 16]
PER_DEVICE = [1, 2, 4, 8]
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
SHOWN = 4  # rows and columns of a kernel or a feature map written out


def flag(raw: str) -> bool:
    if raw in ("1", "true", "True"):
        return True
    if raw in ("0", "false", "False"):
        return False
    raise ValueError(raw)


flag.valid = "true, false"

initial("fold_bias", True, flag)
initial("image", 0, int_in(0, TEST_IMAGES - 1))
initial("devices", 8, one_of_numbers(DEVICES))
initial("per_device", 2, one_of_numbers(PER_DEVICE))
cfg = start_page(page_params=("fold_bias", "image", "devices", "per_device"))
st.title(tr("p11.title"))
if explain("p11.intro") < 2:  # steps mode: the sections come after the introduction
    st.stop()


def matrix(values: np.ndarray) -> str:
    """A block of values (at most SHOWN×SHOWN) as an inline LaTeX bmatrix, 4 decimals."""
    rows = np.atleast_2d(values)[:SHOWN, :SHOWN]
    body = r" \\ ".join(" & ".join(number(float(v)) for v in row) for row in rows)
    return rf"$\begin{{bmatrix}} {body} \end{{bmatrix}}$"


def fold_section() -> None:
    st.subheader(tr("p11.fold.header"))
    conv = not cfg.fully_connected
    names = {
        "layer": "Conv2d(C, C, 3, padding=1)" if conv else "Linear(C, C)",
        "bn": "BatchNorm2d(C)" if conv else "BatchNorm1d(C)",
    }
    shown = explain("p11.fold", c=cfg.c, **names)
    if shown < 2:
        return
    st.toggle(tr("p11.fold.bias"), key="fold_bias")
    try:
        demo = compute.fold_demo(cfg, st.session_state["fold_bias"])
    except InputError as err:
        st.error(message(err, lang()))
        return
    layer, checks = demo.layer, demo.checks
    k = cfg.at[1]
    n = min(cfg.at[0], demo.x.shape[0] - 1)
    if layer.stats_refusal is not None:
        st.warning(tr("p11.fold.no_stats", reason=layer.stats_refusal.message(lang())))
    if demo.x.shape != tuple(cfg.shape):
        st.caption(tr("p11.fold.part", shape="×".join(map(str, demo.x.shape))))
    f64 = checks["float64"]
    s = layer.gamma[k] / np.sqrt(layer.running_var[k] + layer.eps)
    b = 0.0 if layer.bias is None else float(layer.bias[k])
    st.markdown(
        tr(
            "p11.fold.channel",
            k=k,
            gamma=layer.gamma[k],
            beta=layer.beta[k],
            mean=layer.running_mean[k],
            var=layer.running_var[k],
            eps=layer.eps,
            s=s,
            b=b,
            b_folded=float(f64.folded_bias[k]),
        )
    )
    kernel = layer.weight[k, 0] if conv else layer.weight[k]
    folded_kernel = f64.folded_weight[k, 0] if conv else f64.folded_weight[k]
    left, right = st.columns(2)
    left.markdown(tr("p11.fold.w", k=k, part=", 0" if conv else "") + "  \n" + matrix(kernel))
    right.markdown(
        tr("p11.fold.w_folded", k=k, part=", 0" if conv else "") + "  \n" + matrix(folded_kernel)
    )
    unfolded = f64.unfolded[n, k] if conv else f64.unfolded[:SHOWN, k]
    folded = f64.folded[n, k] if conv else f64.folded[:SHOWN, k]
    where = f"[{n}, {k}]" if conv else f"[:{min(SHOWN, demo.x.shape[0])}, {k}]"
    left, right = st.columns(2)
    left.markdown(tr("p11.fold.unfolded", where=where) + "  \n" + matrix(unfolded))
    right.markdown(tr("p11.fold.folded", where=where) + "  \n" + matrix(folded))
    block = f64.unfolded[n, k].shape if conv else (demo.x.shape[0],)
    if any(size > SHOWN for size in block):
        st.caption(
            tr(
                "p11.fold.corner",
                shown="×".join(str(min(size, SHOWN)) for size in block),
                total="×".join(map(str, block)),
            )
        )
    metrics = st.columns(3)
    for column, dtype in zip(metrics, ("float32", "float64"), strict=False):
        column.metric(tr("p11.fold.metric", dtype=dtype), f"{checks[dtype].max_difference:.2e}")
    metrics[2].metric(tr("p11.fold.largest"), f"{f64.max_abs_output:.4g}")
    st.markdown(
        tr(
            "p11.fold.result",
            f32=checks["float32"].max_difference,
            f64=f64.max_difference,
            torch32=checks["float32"].torch_fused_difference,
            torch64=f64.torch_fused_difference,
            fuse="fuse_conv_bn_eval" if conv else "fuse_linear_bn_eval",
            largest=f64.max_abs_output,
        )
    )
    explain("p11.fold.use")


def percent(value: float) -> str:
    return f"{100 * value:.1f}\u00a0%"  # no line break inside "96.4 %"


def eval_section() -> None:
    shown = explain("p11.eval")
    if shown < 2:
        return
    st.columns(3)[0].number_input(tr("p11.image"), 0, TEST_IMAGES - 1, step=1, key="image")
    read_elsewhere("image")  # the untracked part shows the same image
    result = compute.batch_dependence(st.session_state["image"])
    train, evaluated = result.train, result.eval
    st.markdown(
        tr(
            "p11.eval.numbers",
            index=train.index,
            label=train.label,
            mixed=int(train.mixed.argmax()),
            p_mixed=float(train.mixed.max()),
            one=int(train.one_class.argmax()),
            p_one=float(train.one_class.max()),
            evaluated=int(evaluated.mixed.argmax()),
            p_eval=float(evaluated.mixed.max()),
            eval_diff=evaluated.max_difference,
            train_diff=train.max_difference,
        )
    )
    chart(
        probabilities_figure(
            {
                tr("fig.p11.mixed"): train.mixed,
                tr("fig.p11.one_class"): train.one_class,
                tr("fig.p11.eval"): evaluated.mixed,
            },
            title=tr("p11.eval.chart", index=train.index, label=train.label),
            lang=lang(),
        ),
        key="eval_probabilities",
    )
    st.markdown(
        tr(
            "p11.eval.accuracy",
            mixed=percent(train.accuracy_mixed),
            sorted=percent(train.accuracy_sorted),
            evaluated=percent(evaluated.accuracy_mixed),
            evaluated_sorted=percent(evaluated.accuracy_sorted),
        )
    )
    explain("p11.eval.one")
    st.code(result.single_refusal or "—", language=None)
    explain("p11.eval.fix")


def freeze_section() -> None:
    shown = explain("p11.freeze")
    if shown < 2:
        return
    result = compute.frozen_fine_tune()
    names = {mode: tr(f"p11.freeze.mode.{mode}") for mode in ("grad", "eval")}
    st.markdown(
        tr(
            "p11.freeze.numbers",
            steps=result.steps,
            affine=result.affine_change["grad"],
            mean=result.mean_change("grad"),
            var=result.var_change("grad"),
            mean_range=float(np.abs(result.mean_before).max()),
            keep=(1 - result.momentum) ** result.steps,
            power=f"{1 - result.momentum:g}" + str(result.steps).translate(SUPERSCRIPTS),
            before=percent(result.source_accuracy_before),
            after=percent(result.source_accuracy_after["grad"]),
        )
    )
    chart(running_mean_drift_figure(result.mean_trail, names, lang=lang()), key="freeze_drift")
    explain("p11.freeze.keras")
    st.markdown(
        tr(
            "p11.freeze.keras_numbers",
            mean=result.mean_change("eval"),
            var=result.var_change("eval"),
            after=percent(result.source_accuracy_after["eval"]),
        )
    )
    explain("p11.freeze.fix")
    st.markdown(tr("p11.freeze.reset", training=result.train_mode_after_model_train))


def untracked_section() -> None:
    shown = explain("p11.untracked")
    if shown < 2:
        return
    result = compute.untracked_stats(st.session_state["image"])
    same = compute.batch_dependence(st.session_state["image"]).train
    evaluated = result.eval
    st.markdown(
        tr(
            "p11.untracked.numbers",
            index=evaluated.index,
            label=evaluated.label,
            mixed=int(evaluated.mixed.argmax()),
            p_mixed=float(evaluated.mixed.max()),
            one=int(evaluated.one_class.argmax()),
            p_one=float(evaluated.one_class.max()),
            diff=evaluated.max_difference,
            sorted=percent(evaluated.accuracy_sorted),
            mixed_accuracy=percent(evaluated.accuracy_mixed),
            same=float(np.abs(evaluated.one_class - same.one_class).max()),
            none=result.running_mean_is_none,
        )
    )
    chart(
        probabilities_figure(
            {
                tr("p11.untracked.bar.mixed"): evaluated.mixed,
                tr("p11.untracked.bar.one"): evaluated.one_class,
            },
            title=tr("p11.untracked.chart", index=evaluated.index, label=evaluated.label),
            lang=lang(),
        ),
        key="untracked_probabilities",
    )
    explain("p11.untracked.fix")


def devices_section() -> None:
    shown = explain("p11.devices")
    if shown < 2:
        return
    controls = st.columns(2)
    controls[0].select_slider(tr("p11.devices.count"), DEVICES, key="devices")
    controls[1].select_slider(tr("p11.devices.per"), PER_DEVICE, key="per_device")
    devices, per = st.session_state["devices"], st.session_state["per_device"]
    try:
        stats = compute.device_statistics(cfg, devices, per)
    except InputError as err:  # a constant channel: nothing scatters, not a mistake
        st.info(message(err, lang()))
        return
    low, high = stats.var_ratio
    st.markdown(
        tr(
            "p11.devices.numbers",
            devices=devices,
            per=per,
            n=devices * per,
            c=cfg.at[1],
            m=stats.values_per_device,
            total=stats.values_per_device * devices,
            mean=stats.global_mean,
            var=stats.global_var,
            deviation=stats.mean_deviation,
            low=low,
            high=high,
        )
    )
    if stats.device_refusal is not None:
        st.warning(tr("p11.devices.refused", reason=stats.device_refusal.message(lang())))
    else:
        st.markdown(tr("p11.devices.element", own=stats.element_device, whole=stats.element_global))
    chart(
        device_statistics_figure(
            stats.device_mean, stats.device_var, stats.global_mean, stats.global_var, lang=lang()
        ),
        key="device_statistics",
    )
    explain("p11.devices.fix")


fold_section()
part(tr("p11.eval.header"), "p11_eval", eval_section)
part(tr("p11.freeze.header"), "p11_freeze", freeze_section)
part(tr("p11.untracked.header"), "p11_untracked", untracked_section)
part(tr("p11.devices.header"), "p11_devices", devices_section)
