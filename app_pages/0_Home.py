"""normviz home: what normalization is, the six methods, and the current tensor."""

import streamlit as st

st.set_page_config(page_title="normviz")

from ui import compute
from ui.display import explain, method_name, tr
from ui.latex import FRACTION_ROOM
from ui.lesson import start_button
from ui.pages import page_links
from ui.sidebar import source_name, start_page

cfg = start_page()

st.title(tr("home.title"))
explain("home.intro")
st.latex(
    FRACTION_ROOM
    + r"\hat x = \frac{x - \mu}{\sqrt{\sigma^2 + \varepsilon}},\qquad y = \gamma\,\hat x + \beta"
)
st.markdown(tr("home.methods_lead"))
st.markdown(tr("home.methods_table"))

s = compute.summary(cfg)
st.subheader(tr("home.current"))
cols = st.columns(6)
shape = cfg.shown_shape if cfg.sequence else s.shape  # N×T×D, as the user names it
cols[0].metric(tr("home.metric.shape"), "×".join(map(str, shape)))
cols[1].metric(tr("home.metric.elements"), f"{s.size:,}")
cols[2].metric(tr("home.metric.mean"), f"{s.mean:.4g}")
cols[3].metric(tr("home.metric.std"), f"{s.std:.4g}")
cols[4].metric(tr("home.metric.min"), f"{s.min:.4g}")
cols[5].metric(tr("home.metric.max"), f"{s.max:.4g}")
st.caption(
    tr(
        "home.caption",
        preset=source_name(cfg),
        method=method_name(cfg.method, cfg.label),
        eps=f"{cfg.eps:g}",
    )
)

start_button()  # the guided lesson (normviz/lessons/)

st.subheader(tr("home.pages"))
page_links()
