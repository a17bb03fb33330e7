"""Cached computations for the pages, keyed on small parameters (never on big arrays).

Each function takes the frozen ViewConfig (cheap to hash) and returns small results:
summaries, slices and counts. The tensor itself is cached once per shape/spec/seed.
"""

from __future__ import annotations

import numpy as np
import streamlit as st

import normviz as nv
from normviz.config import WORKED, ViewConfig
from normviz.summaries import (
    SaturationSummary,
    StepNumbers,
    TensorSummary,
    max_difference_to_torch,
    saturation_summary,
    slice_maps,
    stats_table,
    step_numbers,
    tensor_summary,
)

CACHE = {"max_entries": 32, "ttl": 3600, "show_spinner": False}


def tensor_key(cfg: ViewConfig) -> tuple:
    """What the tensor depends on: shape, source, generator controls and seed."""
    if cfg.preset == WORKED:
        return ("worked",)
    return ("generated", cfg.shape, cfg.spec, cfg.seed)


@st.cache_data(max_entries=4, ttl=3600, show_spinner=False)
def _tensor(key: tuple) -> np.ndarray:
    if key[0] == "worked":
        return nv.worked_example()
    _, shape, spec, seed = key
    return nv.make_tensor(shape, spec, seed)


def tensor(cfg: ViewConfig) -> np.ndarray:
    """The current tensor (a private copy for the caller)."""
    return _tensor(tensor_key(cfg))


def _normalized(cfg: ViewConfig) -> nv.Normalized:
    return nv.normalize(
        tensor(cfg),
        cfg.method,
        groups=cfg.group_count,
        eps=cfg.eps,
        gamma=np.array(cfg.gamma),
        beta=np.array(cfg.beta),
    )


@st.cache_data(**CACHE)
def summary(cfg: ViewConfig) -> TensorSummary:
    return tensor_summary(tensor(cfg))


@st.cache_data(**CACHE)
def steps(cfg: ViewConfig) -> tuple[StepNumbers, dict, dict, float]:
    """Everything the step page shows: numbers, stats table, one slice, check vs torch."""
    result = _normalized(cfg)
    at = cfg.element
    return (
        step_numbers(result, at),
        stats_table(result),
        slice_maps(result, at[0], at[1]),
        max_difference_to_torch(result),
    )


@st.cache_data(**CACHE)
def sigmoid_inputs(cfg: ViewConfig) -> SaturationSummary:
    """Histograms and saturation of x and of y = normalized x."""
    return saturation_summary(_normalized(cfg))
