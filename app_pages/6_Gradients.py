"""Gradients: BatchNorm's backward pass, step by step, and what it does to the gradient."""

import numpy as np
import streamlit as st

st.set_page_config(page_title="Gradients · normviz")

from normviz.backward import UPSTREAM_KINDS
from normviz.figures.gradients import (
    bias_outputs,
    group_gradients,
    loss_landscape,
    removed_components,
    scale_invariance,
)
from normviz.i18n import message
from normviz.landscape import LANDSCAPE_METHODS
from normviz.saturation import power_of_ten
from normviz.scale_invariance import (
    DEMO_BATCH,
    DEMO_OUTPUTS,
    DEMO_POSITIONS,
    DEMO_STEP,
    demo_groups,
)
from ui import compute
from ui.display import chart, explain, lang, method_name, tr
from ui.latex import number as f
from ui.latex import term as p
from ui.page_params import initial, one_of, one_of_numbers
from ui.parts import part
from ui.sidebar import start_page

initial("upstream", "weighted sum", one_of(list(UPSTREAM_KINDS)))
SCALES = [0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]
initial("scale_a", 10.0, one_of_numbers(SCALES))
cfg = start_page(page_params=("upstream", "scale_a"))


def upstream_key(kind: str) -> str:
    """The text key part of an upstream kind: "half sum of squares" → "half_sum_of_squares"."""
    return kind.replace(" ", "_")


st.title(tr("p6.title"))
explain("p6.intro", method=method_name(cfg.method, cfg.label))
st.radio(
    tr("p6.upstream.label"),
    list(UPSTREAM_KINDS),
    key="upstream",
    horizontal=True,
    # a dict, not a lambda calling tr: the labels are fixed in this run's language
    format_func={kind: tr(f"p6.upstream.{upstream_key(kind)}") for kind in UPSTREAM_KINDS}.get,
)
st.caption(tr(f"p6.upstream_formula.{upstream_key(st.session_state['upstream'])}"))

try:
    g = compute.gradients(cfg, st.session_state["upstream"])
except ValueError as err:
    st.error(message(err, lang()))
    st.stop()
s = g.steps
samples = compute.gradient_samples(cfg)
if samples < cfg.n:
    followed = compute.gradient_element(cfg)
    warning = tr("p6.subset", size=cfg.size, samples=samples, elements=samples * cfg.size // cfg.n)
    if followed != cfg.element:
        warning += " " + tr("p6.subset_moved", element=list(cfg.element), followed=list(followed))
    st.warning(warning)
index = ", ".join(map(str, s.at))


st.subheader(tr("p6.steps.header", index=index, m=s.m))
# the formulas with this element's numbers: LaTeX reads the same in every language
formulas = {
    "x_hat": rf"\frac{{\partial L}}{{\partial \hat x_i}} = \frac{{\partial L}}{{\partial y_i}}"
    rf"\,\gamma = {p(s.grad_y)} \cdot {p(s.grad_x_hat / s.grad_y if s.grad_y else 0.0)}"
    rf" = {f(s.grad_x_hat)}",
    "var": r"\frac{\partial L}{\partial \sigma^2} = \sum_i \frac{\partial L}{\partial \hat x_i}"
    r"(x_i-\mu)\left(-\tfrac12\right)(\sigma^2+\varepsilon)^{-3/2}"
    rf" = {f(s.grad_var)}",
    "mean": r"\frac{\partial L}{\partial \mu} = -\sum_i \frac{\partial L}{\partial \hat x_i}"
    r"\frac{1}{\sqrt{\sigma^2+\varepsilon}} + \frac{\partial L}{\partial \sigma^2}"
    r"\cdot\frac{-2}{m}\sum_i (x_i-\mu)"
    rf" = {f(s.grad_mean)}",
    "x": r"\frac{\partial L}{\partial x_i} = \frac{\partial L/\partial \hat x_i}{\sqrt{\sigma^2+"
    r"\varepsilon}} + \frac{\partial L}{\partial \sigma^2}\frac{2(x_i-\mu)}{m}"
    r" + \frac{\partial L/\partial \mu}{m}"
    rf" = {f(s.grad_x_via_x_hat)} + {p(s.grad_x_via_var)} + {p(s.grad_x_via_mean)}"
    rf" = {f(s.grad_x)}",
    "affine": rf"\frac{{\partial L}}{{\partial \gamma_{{{s.at[1]}}}}} = \sum \frac{{\partial L}}"
    rf"{{\partial y_i}}\hat x_i = {f(g.grad_gamma)}, \qquad"
    rf"\frac{{\partial L}}{{\partial \beta_{{{s.at[1]}}}}} = \sum \frac{{\partial L}}"
    rf"{{\partial y_i}} = {f(g.grad_beta)}",
}
if cfg.method == "rms":  # μ := 0 and RMS² in place of σ²: the same chain without μ
    formulas |= {
        "var": r"\frac{\partial L}{\partial \mathrm{RMS}^2} = \sum_i \frac{\partial L}"
        r"{\partial \hat x_i}\,x_i\left(-\tfrac12\right)(\mathrm{RMS}^2+\varepsilon)^{-3/2}"
        rf" = {f(s.grad_var)}",
        "x": r"\frac{\partial L}{\partial x_i} = \frac{\partial L/\partial \hat x_i}"
        r"{\sqrt{\mathrm{RMS}^2+\varepsilon}} + \frac{\partial L}{\partial \mathrm{RMS}^2}"
        r"\frac{2x_i}{m}"
        rf" = {f(s.grad_x_via_x_hat)} + {p(s.grad_x_via_var)} = {f(s.grad_x)}",
        "affine": rf"\frac{{\partial L}}{{\partial \gamma_{{{s.at[1]}}}}} = \sum"
        rf"\frac{{\partial L}}{{\partial y_i}}\hat x_i = {f(g.grad_gamma)}",
    }
    st.latex(formulas["x_hat"])
    st.latex(formulas["var"])
    st.caption(tr("p6.steps.rms_mean"))
else:
    for name in ("x_hat", "var", "mean"):
        st.latex(formulas[name])
    st.caption(tr("p6.steps.sum_centered", value=s.sum_centered))
for name in ("x", "affine"):
    st.latex(formulas[name])
worst = max(g.checks.autograd.values())
differences = ", ".join(f"{k.replace('group_', '')} {v:.1e}" for k, v in g.checks.autograd.items())
if samples == cfg.n:
    st.success(tr("p6.check.whole", differences=differences, worst=worst))
else:
    st.success(tr("p6.check.first", samples=samples, differences=differences, worst=worst))

chosen = int(np.flatnonzero(s.group_x == s.x)[0]) if np.any(s.group_x == s.x) else None
chart(
    group_gradients(
        s.group_grad_y,
        s.group_grad_x_hat,
        s.group_grad_x,
        chosen=chosen,
        method=cfg.label,
        lang=lang(),
    ),
    key="group_gradients",
)


def removed_part() -> None:
    """What the backward pass removes from the upstream gradient, per group."""
    shown = explain(
        "p6.removed" if cfg.method != "rms" else "p6.removed.rms",
        sum=g.checks.max_group_sum,
        dot=g.checks.max_dot,
        dot_eps=g.checks.max_dot_minus_eps_term,
        label=cfg.label,
    )
    if shown >= 2:  # with the paragraph on what is removed
        chart(removed_components(*g.decomposition, label=cfg.label, lang=lang()), key="removed")


part(tr("p6.removed.header", label=cfg.label), "p6_removed", removed_part)

# The demonstration layer has DEMO_OUTPUTS channels: GN uses the sidebar's G if it divides them
groups = demo_groups(cfg.method, cfg.group_count)
demo_label = f"GN (G={groups})" if cfg.method == "group" else cfg.label


def scale_part() -> None:
    """Scale invariance and the effective learning rate (its own slider: the scale a)."""
    scan = compute.scale_scan_of(cfg.method, groups)
    shown = explain(
        "p6.scale",
        label=demo_label,
        fn=cfg.label.split(" (")[0],
        batch=DEMO_BATCH,
        channels=DEMO_OUTPUTS,
        positions=DEMO_POSITIONS,
        change=power_of_ten(float(scan.output_change.max())),
        cosine=power_of_ten(scan.weight_cosine),
        eta=DEMO_STEP,
        before=scan.weight_norm_sq,
        after=scan.weight_norm_sq_after_step,
        growth=scan.step_growth_predicted,
    )
    if shown >= 2:  # with the paragraph on what scaling W does
        st.select_slider(tr("p6.scale.slider"), options=SCALES, key="scale_a")
        chart(
            compute.figure(
                scale_invariance,
                scan.scales,
                scan.grad_w_norm,
                scan.grad_w_norm_predicted,
                scan.output_change,
                a_now=st.session_state["scale_a"],
                label=demo_label,
                lang=lang(),
            ),
            key="scale_invariance",
        )


part(tr("p6.scale.header"), "p6_scale", scale_part)


def bias_part() -> None:
    """A bias before the normalization cancels."""
    bias = compute.bias_effect_of(cfg.method, groups)
    st.markdown(tr("p6.bias.intro", value=bias.value))
    chart(
        compute.figure(
            bias_outputs,
            bias.y_plain,
            bias.y_every,
            bias.y_one,
            bias.change_every,
            bias.change_one,
            positions=bias.positions,
            value=bias.value,
            label=demo_label,
            lang=lang(),
        ),
        key="bias",
    )
    st.markdown(
        tr(
            f"p6.bias.{cfg.method}",
            grad=power_of_ten(float(np.max(np.abs(bias.grad_b)))),
            change=power_of_ten(bias.change_one),
            every=power_of_ten(bias.change_every),
            groups=groups,
        )
    )


part(tr("p6.bias.header", label=demo_label), "p6_bias", bias_part)


def stories_part() -> None:
    """Why BN helps: the original story and Santurkar et al.'s correction, measured."""
    left, right = st.columns(2)
    left.info(tr("p6.stories.original"))
    right.info(tr("p6.stories.correction"))
    land_method = cfg.method if cfg.method in LANDSCAPE_METHODS else "batch"
    land = compute.landscape_of(land_method, groups or 1)
    land_label = "BN" if land_method != cfg.method else demo_label
    if land_method != cfg.method:
        st.info(tr("p6.landscape.instance"))
    chart(
        compute.figure(
            loss_landscape,
            land.step_sizes,
            land.plain.loss,
            land.batch_norm.loss,
            land.plain.grad_norm,
            land.batch_norm.grad_norm,
            land.plain.grad_change,
            land.batch_norm.grad_change,
            label=land_label,
            lang=lang(),
        ),
        key="landscape",
    )
    st.caption(
        tr(
            "p6.landscape.caption",
            depth=land.depth,
            width=land.width,
            plain=land.plain.loss_range,
            bn=land.batch_norm.loss_range,
            label=land_label,
        )
    )


part(tr("p6.stories.header"), "p6_stories", stories_part)
