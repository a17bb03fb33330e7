"""Step by step: the four steps of the normalization, filled with the actual numbers."""

import pandas as pd
import streamlit as st

from ui.pages import ICON

st.set_page_config(page_title="Step by step · normviz", page_icon=ICON, layout="wide")

from normviz.figures.steps import group_values_strip, slice_heatmaps
from normviz.i18n import message
from normviz.methods import training_refusal
from ui import compute
from ui.display import chart, explain, lang, tr
from ui.latex import step_formulas
from ui.sidebar import sidebar

cfg = sidebar()
st.title(tr("p2.title"))

try:
    view = compute.steps(cfg)
except ValueError as err:
    st.error(message(training_refusal(cfg.shape, cfg.method, cfg.group_count) or err, lang()))
    st.stop()

numbers, table = view.numbers, view.table
at = numbers.at
index = ", ".join(map(str, at))
names = "NCHW" if len(at) == 4 else "NC"
axes = ", ".join(names[a] for a in numbers.reduced_axes)
explain(
    "p2.intro",
    name=tr(f"method.long.{cfg.method}"),
    label=cfg.label,
    index=index,
    axes=axes,
    m=numbers.m,
    groups=numbers.num_stats,
)

chart(
    group_values_strip(
        numbers.group_values, numbers.mean, numbers.m, method=cfg.method, lang=lang()
    )
)

mean_tex, var_tex, normalize_tex, affine_tex = step_formulas(numbers, cfg.eps)
st.markdown(tr("p2.step1"))
st.latex(mean_tex)
st.markdown(tr("p2.step2"))
st.latex(var_tex)
if numbers.m > 1:
    st.caption(tr("p2.unbiased", var=numbers.var_unbiased))
st.markdown(tr("p2.step3", index=index))
st.latex(normalize_tex)
st.markdown(tr("p2.step4", c=at[1]))
st.latex(affine_tex)

if isinstance(view.torch_diff, float):
    st.success(tr("p2.torch_ok", diff=view.torch_diff))
else:
    st.info(tr("p2.torch_refuses", reason=view.torch_diff))

st.subheader(tr("p2.slice.heading"))
chosen = tuple(at[2:]) if len(at) == 4 else None
chart(slice_heatmaps(view.maps, at[0], at[1], chosen=chosen, lang=lang()))

st.subheader(tr("p2.groups.heading", count=numbers.num_stats))
frame = pd.DataFrame(
    {
        tr("p2.col.samples"): table["samples"],
        tr("p2.col.channels"): table["channels"],
        "μ": table["mean"],
        "σ²": table["var"],
        "√(σ²+ε)": table["std"],
    }
)
st.dataframe(frame, hide_index=True, height=min(400, 38 + 35 * len(frame)))
if len(frame) < numbers.num_stats:
    st.caption(tr("p2.groups.truncated", shown=len(frame), total=numbers.num_stats))
else:
    st.caption(tr("p2.groups.export"))
