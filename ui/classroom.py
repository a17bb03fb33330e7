"""The live class check's glue: the server's one store of rooms, each session's anonymous
id, and the questions a teacher can ask about the tensor on screen.

The store is a module attribute, owned by the app: Streamlit's caches (which any client
can ask the server to clear) never hold it, so a clear_cache message cannot wipe a room.
When NORMVIZ_ROOMS_DB names a file, the rooms live in that SQLite file, and every server
process started with the same value (replicas behind nginx) shares them.
"""

from __future__ import annotations

import os
from urllib.parse import parse_qsl, urlencode

import pandas as pd
import streamlit as st

import normviz as nv
from normviz.classroom import Classroom, Question
from normviz.config import ViewConfig, from_query, to_query
from normviz.running import one_training_step
from ui import compute
from ui.display import tr

ROOMS_DB = os.environ.get("NORMVIZ_ROOMS_DB") or None  # None: this process's memory
ROOMS = Classroom(path=ROOMS_DB)  # every session of this process (or of every replica) shares it
MAX_VALUES_SHOWN = 64  # a tensor this small is shown beside a question computed from it

# The questions a teacher can ask, by name; each one is built from the teacher's tensor
QUESTIONS = ("group_mean", "gn_pairs", "running_var", "momentum", "rms_params", "bn_fc_two")


def view_param(cfg: ViewConfig) -> tuple[str, str]:
    """The tensor a question is computed from, as a link's query string: every screen that
    shows the question can show the values (a student's sidebar may hold another tensor)."""
    return ("view", urlencode(to_query(cfg)))


def show_values(cfg: ViewConfig) -> None:
    """The tensor's values as a table, when it is small enough to compute from by hand."""
    x = compute.tensor(cfg)
    if x.size > MAX_VALUES_SHOWN:
        return
    rows = x.reshape(x.shape[0] * x.shape[1], -1)
    index = [f"n={n}, c={c}" for n in range(x.shape[0]) for c in range(x.shape[1])]
    st.caption(tr("lesson.values"))
    st.table(pd.DataFrame(rows, index=index).map("{:g}".format))


def show_question_values(q: Question) -> None:
    """The values of the tensor question `q` was computed from, if it names one."""
    view = dict(q.params).get("view")
    if view is not None:
        show_values(from_query(dict(parse_qsl(view)))[0])


def question(name: str, cfg: ViewConfig) -> Question:
    """Question `name` about the tensor `cfg` shows: numeric answers computed from it."""
    shape = "×".join(map(str, cfg.shown_shape))
    if name == "group_mean":
        numbers = compute.steps(cfg).numbers  # raises ValueError where training refuses
        at = "(" + ", ".join(map(str, cfg.shown_element)) + ")"
        params = (("method", cfg.label), ("shape", shape), ("at", at), view_param(cfg))
        if cfg.method == "rms":  # no mean: RMSNorm's statistic is the mean square
            return Question("p12.q.group_ms", correct=numbers.var, tolerance=0.005, params=params)
        return Question("p12.q.group_mean", correct=numbers.mean, tolerance=0.005, params=params)
    if name == "gn_pairs":
        groups = cfg.gn_groups
        pairs = nv.layout(cfg.shape, "group", groups).num_stats
        params = (("g", str(groups)), ("shape", shape))
        return Question("p12.q.gn_pairs", correct=float(pairs), tolerance=0.0, params=params)
    if name == "running_var":
        c = cfg.at[1]
        step = one_training_step(compute.tensor(cfg))
        value = float(step.running_var[c])
        params = (("c", str(c)), ("shape", shape), view_param(cfg))
        return Question("p12.q.running_var", correct=value, tolerance=0.005, params=params)
    if name == "momentum":
        options = ("p12.q.momentum.pytorch", "p12.q.momentum.keras")
        return Question("p12.q.momentum", options=options, correct=1)
    if name == "rms_params":
        params = (("c", str(cfg.c)), ("axis", "D" if cfg.sequence else "C"))
        return Question("p12.q.rms_params", correct=float(cfg.c), params=params)
    options = ("p12.q.bn_fc_two.a", "p12.q.bn_fc_two.b", "p12.q.bn_fc_two.c")
    return Question("p12.q.bn_fc_two", options=options, correct=1)
