"""Gradients: BatchNorm's backward pass, step by step, and what it does to the gradient."""

import numpy as np
import streamlit as st

st.set_page_config(page_title="Gradients · normviz", page_icon=":material/undo:", layout="wide")

from normviz.backward import UPSTREAM_KINDS
from normviz.figures.gradients import (
    group_gradients,
    removed_components,
)
from normviz.methods import LONG_NAMES
from ui import compute
from ui.latex import number as f
from ui.latex import term as p
from ui.page_params import initial, one_of, one_of_numbers
from ui.sidebar import sidebar

initial("upstream", "weighted sum", one_of(list(UPSTREAM_KINDS)))
SCALES = [0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]
initial("scale_a", 10.0, one_of_numbers(SCALES))
cfg = sidebar(page_params=("upstream", "scale_a"))
st.title("Gradients")
st.markdown(
    f"The backward pass of **{LONG_NAMES[cfg.method]}** ({cfg.label}), by the formulas of the "
    "BatchNorm paper (§3) applied to each group, checked against PyTorch's autograd. Pick the "
    "loss whose gradient ∂L/∂y arrives from above:"
)
st.radio("Upstream gradient", list(UPSTREAM_KINDS), key="upstream", horizontal=True)
st.caption(UPSTREAM_KINDS[st.session_state["upstream"]])

try:
    g = compute.gradients(cfg, st.session_state["upstream"])
except ValueError as err:
    st.error(str(err))
    st.stop()
s = g["steps"]
samples = compute.gradient_samples(cfg)
if samples < cfg.n:
    followed = compute.gradient_element(cfg)
    moved = (
        f" The chosen element x{list(cfg.element)} is not among them: the steps follow "
        f"x{list(followed)}."
        if followed != cfg.element
        else ""
    )
    st.warning(
        f"This tensor has {cfg.size:,} elements; the backward pass (in float64, checked "
        f"against autograd) runs on the batch of its first {samples} samples "
        f"({samples * cfg.size // cfg.n:,} elements), so BN's statistics are that batch's." + moved
    )
index = ", ".join(map(str, s.at))


st.subheader(f"Step by step for x[{index}] (its group has m = {s.m:,} values)")
st.latex(
    rf"\frac{{\partial L}}{{\partial \hat x_i}} = \frac{{\partial L}}{{\partial y_i}}\,\gamma"
    rf" = {p(s.grad_y)} \cdot {p(s.grad_x_hat / s.grad_y if s.grad_y else 0.0)}"
    rf" = {f(s.grad_x_hat)}"
)
st.latex(
    r"\frac{\partial L}{\partial \sigma^2} = \sum_i \frac{\partial L}{\partial \hat x_i}"
    r"(x_i-\mu)\left(-\tfrac12\right)(\sigma^2+\varepsilon)^{-3/2}"
    rf" = {f(s.grad_var)}"
)
st.latex(
    r"\frac{\partial L}{\partial \mu} = -\sum_i \frac{\partial L}{\partial \hat x_i}"
    r"\frac{1}{\sqrt{\sigma^2+\varepsilon}} + \frac{\partial L}{\partial \sigma^2}"
    r"\cdot\frac{-2}{m}\sum_i (x_i-\mu)"
    rf" = {f(s.grad_mean)}"
)
st.caption(
    f"Σ(xᵢ − μ) = {s.sum_centered:.2e}: zero up to rounding, so the second term of ∂L/∂μ vanishes."
)
st.latex(
    r"\frac{\partial L}{\partial x_i} = \frac{\partial L/\partial \hat x_i}{\sqrt{\sigma^2+"
    r"\varepsilon}} + \frac{\partial L}{\partial \sigma^2}\frac{2(x_i-\mu)}{m}"
    r" + \frac{\partial L/\partial \mu}{m}"
    rf" = {f(s.grad_x_via_x_hat)} + {p(s.grad_x_via_var)} + {p(s.grad_x_via_mean)}"
    rf" = {f(s.grad_x)}"
)
st.latex(
    rf"\frac{{\partial L}}{{\partial \gamma_{{{s.at[1]}}}}} = \sum \frac{{\partial L}}"
    rf"{{\partial y_i}}\hat x_i = {f(g['grad_gamma'])}, \qquad"
    rf"\frac{{\partial L}}{{\partial \beta_{{{s.at[1]}}}}} = \sum \frac{{\partial L}}"
    rf"{{\partial y_i}} = {f(g['grad_beta'])}"
)
worst = max(g["autograd"].values())
st.success(
    (
        "Check against torch autograd on the whole tensor"
        if samples == cfg.n
        else f"Check against torch autograd on the first {samples} samples"
    )
    + ": max |difference| = "
    + ", ".join(f"{k.replace('group_', '')} {v:.1e}" for k, v in g["autograd"].items())
    + f" (largest {worst:.1e})."
)

chosen = int(np.flatnonzero(s.group_x == s.x)[0]) if np.any(s.group_x == s.x) else None
st.plotly_chart(
    group_gradients(
        s.group_grad_y, s.group_grad_x_hat, s.group_grad_x, chosen=chosen, method=cfg.label
    ),
    key="group_gradients",
)

st.subheader("What BN removes from the gradient")
st.markdown(
    f"Over each group, **Σ ∂L/∂xᵢ = 0** (largest relative sum over all groups: "
    f"{g['max_group_sum']:.1e}) and **Σ ∂L/∂xᵢ·x̂ᵢ = 0** up to ε (largest: "
    f"{g['max_dot']:.1e}; after the exact ε term: {g['max_dot_minus_eps_term']:.1e}). BN "
    "subtracts from ∂L/∂x̂ its mean and its component along x̂: a gradient step cannot change "
    "the group's mean or scale, the very things BN normalizes away."
)
st.plotly_chart(removed_components(*g["decomposition"]), key="removed")

st.subheader("Scale invariance")
st.markdown(
    "A linear layer W before BN: scaling W by a changes nothing after BN, BN(aWu) = BN(Wu) "
    "(up to ε), but the gradient with respect to the scaled weights shrinks like 1/a. Larger "
    "weights get smaller updates, which keeps training stable and allows larger learning rates. "
    "A bias b before BN is useless: the mean subtraction cancels it."
)
st.select_slider("Scale a", options=SCALES, key="scale_a")
scan = compute.scale_scan()
st.plotly_chart(compute.scale_figure(st.session_state["scale_a"]), key="scale_invariance")
st.caption(
    f"Gradient of the bias b before BN: at most {float(np.max(scan.grad_b_max)):.1e} "
    f"(zero up to rounding); adding b changes BN's output by {scan.bias_output_change:.1e}."
)

st.subheader("Why does BN help? Two stories")
left, right = st.columns(2)
left.info(
    "**The original story (Ioffe & Szegedy 2015): internal covariate shift.** As earlier "
    "layers learn, the distribution of each layer's inputs keeps moving; BN fixes its mean and "
    "variance so later layers need not chase it."
)
right.info(
    "**The correction (Santurkar et al. 2018):** BN's benefit is not explained by reduced "
    "covariate shift; it makes the loss landscape smoother — the loss and its gradient change "
    "less along the gradient direction — which allows larger learning rates."
)
land = compute.landscape()
st.plotly_chart(compute.landscape_figure(), key="landscape")
st.caption(
    f"A {land.depth}-layer ReLU network of width {land.width} at initialization, with and "
    "without BN, stepping θ − η·∇L along its own gradient. Loss range over η: "
    f"{land.plain.loss_range:.3g} without BN, {land.batch_norm.loss_range:.3g} with BN."
)
