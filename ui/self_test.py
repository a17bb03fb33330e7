"""Test yourself: a page's exam questions, answered and checked on the student's own screen.

The questions are the Class check's (ui.classroom.question): numeric answers are computed
from the tensor in the sidebar when the page runs, so a question is never stale.
"""

from __future__ import annotations

import streamlit as st

from normviz.config import ViewConfig
from ui.classroom import question
from ui.display import answer_input, tr
from ui.pages import path

WHERE = {  # the page that shows why (ui.pages names)
    "group_mean": "2_Step_by_step",
    "gn_pairs": "1_Reduction_axes",
    "rms_params": "1_Reduction_axes",
    "bn_fc_two": "2_Step_by_step",
    "running_var": "4_Train_vs_eval",
    "momentum": "4_Train_vs_eval",
}


def self_test(cfg: ViewConfig, names: tuple[str, ...]) -> None:
    """An expander with the questions `names`, each checked when the student presses Check."""
    with st.expander(tr("selftest.header")):
        for name in names:
            try:
                q = question(name, cfg)
            except ValueError:  # e.g. one value per channel: no BN step to ask about
                continue
            st.markdown(f"**{tr(q.text, **dict(q.params))}**")
            key = f"selftest_{name}"
            options = tuple(tr(o) for o in q.options)
            answer = answer_input(tr("p12.your_answer"), options, key)
            if st.button(tr("selftest.check"), key=f"{key}_check") and answer is not None:
                if q.is_right(float(answer)):
                    st.success(tr("selftest.right"))
                else:
                    st.warning(tr("selftest.wrong"))
                st.caption(tr(f"selftest.why.{name}"))
                st.page_link(path(WHERE[name]), label=tr(f"nav.{WHERE[name]}"))
