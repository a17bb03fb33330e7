"""Step by step: the four steps of the normalization, filled with the actual numbers."""

import pandas as pd
import streamlit as st

st.set_page_config(
    page_title="Step by step · normviz", page_icon=":material/calculate:", layout="wide"
)

from normviz.figures.steps import group_values_strip, slice_heatmaps
from normviz.methods import LONG_NAMES
from ui import compute
from ui.latex import number as f
from ui.latex import term as p
from ui.sidebar import sidebar

cfg = sidebar()
st.title("Step by step")

try:
    numbers, table, maps, torch_diff = compute.steps(cfg)
except ValueError as err:
    st.error(str(err))
    st.stop()

at = numbers.at
index = ", ".join(map(str, at))
names = "NCHW" if len(at) == 4 else "NC"
axes = ", ".join(names[a] for a in numbers.reduced_axes)
st.markdown(
    f"**{LONG_NAMES[cfg.method]}** ({cfg.label}) on element **x[{index}]**: its group averages "
    f"over the axes **{axes}**, so **m = {numbers.m:,}** values share one mean and variance "
    f"(the tensor has {numbers.num_stats:,} such groups)."
)


st.plotly_chart(group_values_strip(numbers.group_values, numbers.mean, numbers.m))

mu, var, std, x, x_hat = (
    f(v) for v in (numbers.mean, numbers.var, numbers.std, numbers.x, numbers.x_hat)
)
gamma, beta, y, m = f(numbers.gamma), f(numbers.beta), f(numbers.y), numbers.m
st.markdown("**1. Mean** of the group")
st.latex(rf"\mu = \frac{{1}}{{m}}\sum_{{i=1}}^{{m}} x_i = \frac{{1}}{{{m}}}\sum x_i = {mu}")
st.markdown("**2. Variance** (biased: divided by m, as in the forward pass)")
st.latex(rf"\sigma^2 = \frac{{1}}{{m}}\sum_{{i=1}}^{{m}} (x_i-\mu)^2 = {var}")
if m > 1:
    st.caption(
        f"The unbiased variance (× m/(m−1)) is {numbers.var_unbiased:.4f}: PyTorch puts that "
        "one into running_var, but normalizes with the biased one."
    )
st.markdown(f"**3. Normalize** the chosen element x[{index}]")
st.latex(
    rf"\hat x = \frac{{x-\mu}}{{\sqrt{{\sigma^2+\varepsilon}}}}"
    rf" = \frac{{{x} - {p(numbers.mean)}}}{{\sqrt{{{var} + {f(cfg.eps)}}}}}"
    rf" = \frac{{{f(numbers.x - numbers.mean)}}}{{{std}}} = {x_hat}"
)
st.markdown(f"**4. Scale and shift** with channel {at[1]}'s γ and β")
st.latex(
    rf"y = \gamma\,\hat x + \beta = {gamma} \cdot {p(numbers.x_hat)} + {p(numbers.beta)} = {y}"
)

if isinstance(torch_diff, float):
    st.success(
        f"Check against PyTorch on the whole tensor: max |y_normviz − y_torch| = {torch_diff:.3g}"
    )
else:
    st.info(
        f"PyTorch refuses this input in training mode (“{torch_diff}”); normviz computes it "
        "by the formulas above, so there is nothing to compare with here."
    )

st.subheader("This slice")
st.plotly_chart(slice_heatmaps(maps, at[0], at[1], chosen=tuple(at[2:]) if len(at) == 4 else None))

st.subheader(f"All {numbers.num_stats:,} groups")
frame = pd.DataFrame(
    {
        "samples n": table["samples"],
        "channels c": table["channels"],
        "μ": table["mean"],
        "σ²": table["var"],
        "√(σ²+ε)": table["std"],
    }
)
st.dataframe(frame, hide_index=True, height=min(400, 38 + 35 * len(frame)))
st.download_button(
    "Download the statistics (CSV)",
    frame.to_csv(index=False).encode("utf-8"),
    file_name=f"normviz_{cfg.method}_stats.csv",
    mime="text/csv",
)
