"""Sigmoid saturation: why normalizing the inputs of a sigmoid keeps gradients alive."""

import streamlit as st

st.set_page_config(page_title="Sigmoid saturation · normviz")

from normviz.figures.saturation import (
    gradient_decay,
    histogram_with_sigmoid,
    per_channel_saturation,
    resaturation_curve,
)
from normviz.i18n import message
from normviz.methods import NO_NORM, training_refusal
from normviz.saturation import power_of_ten
from ui import compute
from ui.display import chart, explain, lang, tr
from ui.page_params import initial, int_in
from ui.parts import part
from ui.sidebar import start_page


def parse_switch(raw: str) -> bool:
    """The toggle in the URL: "True"/"False" as written back, or "1"/"0"."""
    if raw.lower() not in ("0", "1", "true", "false"):
        raise ValueError(raw)
    return raw.lower() in ("1", "true")


initial("affine", False, parse_switch)
initial("layers", 10, int_in(1, 30))
cfg = start_page(page_params=("affine", "layers"))
st.title(tr("p3.title"))
shown = explain("p3.intro")  # steps mode: x with step 2, the normalized side with step 3
if shown >= 3 and cfg.method == "rms":
    st.caption(tr("p3.rms_note"))


def affine_values() -> str:
    """The sidebar's γ, β in a few characters: "γ = 2, β = 0" or "γ = (2, 5), β = (3, 8)"."""

    def one(name: str, values: tuple[float, ...]) -> str:
        if len(set(values)) == 1:
            return f"{name} = {values[0]:g}"
        if len(values) <= 4:
            return f"{name} = ({', '.join(f'{v:g}' for v in values)})"
        return f"{name} = ({values[0]:g}, …, {values[-1]:g})"

    if cfg.method == "rms":  # torch.nn.RMSNorm has no β
        return one("γ", cfg.gamma)
    return f"{one('γ', cfg.gamma)}, {one('β', cfg.beta)}"


try:
    as_set = compute.sigmoid_inputs(cfg).after.saturated_fraction  # y with the sidebar's γ, β
except ValueError as err:
    st.error(message(training_refusal(cfg.shape, cfg.method, cfg.group_count) or err, lang()))
    st.stop()
if shown >= 3:
    affine = st.toggle(
        tr("p3.affine.toggle", values=affine_values()), key="affine", help=tr("p3.affine.help")
    )
else:
    affine = bool(st.session_state.get("affine", False))
s = compute.sigmoid_inputs_of(cfg, affine)
x_now, after_now = compute.chosen_values(cfg, affine)
element = "[" + ", ".join(map(str, cfg.element)) + "]"

if shown < 2:
    st.stop()
before, after = st.columns(2)
with before:
    chart(
        compute.figure(
            histogram_with_sigmoid,
            s.edges,
            s.counts_before,
            title=tr("p3.before.title"),
            cutoff=s.before.cutoff,
            method=NO_NORM,
            lang=lang(),
            mark=x_now,
            mark_label=tr("fig.saturation.chosen", value=x_now),
        )
    )
    a, b = st.columns(2)
    a.metric(tr("p3.metric.saturated"), f"{s.before.saturated_fraction:.1%}")
    b.metric(tr("p3.metric.mean_grad"), f"{s.before.mean_grad:.4f}")
if shown < 3:
    st.stop()
with after:
    title = "p3.after.title" if affine else "p3.after.title_standardized"
    chart(
        compute.figure(
            histogram_with_sigmoid,
            s.edges,
            s.counts_after,
            title=tr(title, label=cfg.label),
            cutoff=s.after.cutoff,
            method=cfg.method,
            lang=lang(),
            mark=after_now,
            mark_label=tr("fig.saturation.chosen", value=after_now),
        )
    )
    a, b = st.columns(2)
    a.metric(
        tr("p3.metric.saturated"),
        f"{s.after.saturated_fraction:.1%}",
        delta=f"{s.after.saturated_fraction - s.before.saturated_fraction:+.1%}",
        delta_color="inverse",
    )
    b.metric(
        tr("p3.metric.mean_grad"),
        f"{s.after.mean_grad:.4f}",
        delta=f"{s.after.mean_grad - s.before.mean_grad:+.4f}",
    )
st.caption(tr("p3.end_bins", edge=float(s.edges[-1]), element=element))


def resaturation_part() -> None:
    """Saturation again as the learned γ and β grow: the sidebar's values on the curve."""
    resat = compute.resaturation(cfg)
    share = f"{as_set:.1%}"
    st.metric(tr("p3.resat.metric", values=affine_values()), share)
    st.markdown(tr("p3.resat.text", share=share))
    chart(
        compute.figure(
            resaturation_curve,
            resat.scales,
            resat.with_beta,
            resat.without_beta,
            tr("fig.saturation.resat.now", values=affine_values(), share=share),
            method=cfg.method,
            lang=lang(),
        ),
        key="resaturation",
    )
    st.caption(tr("p3.resat.caption"))


part(tr("p3.resat.heading"), "p3_resat", resaturation_part)


def layers_part() -> None:
    """What σ′ does to a gradient through many layers (its own slider: the depth)."""
    layers = st.slider(tr("p3.layers.slider"), 1, 30, key="layers")
    shown_layers = explain(
        "p3.layers.text",
        layers=layers,
        before=power_of_ten(s.before.mean_grad**layers),
        after=power_of_ten(s.after.mean_grad**layers),
        best=power_of_ten(0.25**layers),
        explode=power_of_ten(25.0**layers),
    )
    if shown_layers >= 2:  # with the paragraph on the σ′ part it draws
        chart(
            compute.figure(
                gradient_decay,
                s.before.mean_grad,
                s.after.mean_grad,
                layers,
                method=cfg.method,
                lang=lang(),
            )
        )


part(tr("p3.layers.heading"), "p3_layers", layers_part)


def channel_part() -> None:
    """Saturation channel by channel, before and after."""
    chart(
        compute.figure(
            per_channel_saturation,
            s.per_channel_before[0],
            s.per_channel_after[0],
            method=cfg.method,
            lang=lang(),
            chosen=cfg.at[1],
            affine=affine,
        )
    )
    st.caption(tr("p3.channel.caption"))


part(tr("p3.channel.heading"), "p3_channel", channel_part)
