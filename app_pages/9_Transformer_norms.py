"""Transformers: who shares statistics under BN, LN, token LN and RMSNorm; why transformers
avoid BatchNorm, measured; what RMSNorm drops, and what it saves in time."""

import streamlit as st

st.set_page_config(page_title="Transformers · normviz")

import pandas as pd

from normviz.figures.transformer_norms import (
    batch_spread_figure,
    mismatch_figure,
    neighbour_figure,
    one_token_figure,
    padding_figure,
    share_grids,
)
from normviz.i18n import InputError, message
from ui import compute
from ui.display import chart, explain, lang, table, tr
from ui.page_params import float_in, initial
from ui.parts import part
from ui.sidebar import start_page

initial("seq_offset", 1.0, float_in(0.0, 3.0))
initial("rms_offset", 2.0, float_in(0.0, 5.0))
cfg = start_page(page_params=("seq_offset", "rms_offset"))
st.title(tr("p9.title"))
explain("p9.intro")

# --- 1. who shares statistics -----------------------------------------------------------------
st.subheader(tr("p9.share.header"))
try:
    grid = compute.share_grid(cfg)
except InputError as err:
    st.error(message(err, lang()))
    grid = None
if grid is not None:
    reading = "p9.share.reading.sequence" if cfg.sequence else "p9.share.reading"
    st.caption(
        tr(
            reading,
            shape="×".join(map(str, cfg.shown_shape)),
            t=grid.total_tokens,
            d=grid.total_features,
            token=grid.token,
            feature=grid.feature,
            n=cfg.element[0],
        )
    )
    if len(grid.tokens) < grid.total_tokens or len(grid.features) < grid.total_features:
        st.caption(
            tr(
                "p9.share.window",
                t0=int(grid.tokens[0]),
                t1=int(grid.tokens[-1]),
                f0=int(grid.features[0]),
                f1=int(grid.features[-1]),
            )
        )
    chart(compute.figure(share_grids, grid, lang=lang()), key="grids")
    if explain("p9.share") >= 2:  # steps mode: the table with the paragraph that reads it
        head = [tr(f"p9.table.{name}") for name in ("method", "m", "count", "mean", "var")]
        head += [tr("p9.table.params"), tr("p9.table.buffers")]
        rows = []
        for row in grid.rows:
            params = f"{row.params}"
            if row.params_elementwise != row.params:
                params = tr("p9.table.params_ln", ours=row.params, torch=row.params_elementwise)
            rows.append(
                [
                    tr(f"p9.method.{row.method}"),
                    row.m,
                    row.statistics,
                    tr("p9.table.no_mean") if row.method == "rms" else f"{row.mean:.4f}",
                    f"{row.var:.4f}",
                    params,
                    row.buffers,
                ]
            )
        table(pd.DataFrame(rows, columns=head), hide_index=True)
        st.caption(tr("p9.table.caption", d=grid.total_features, t=grid.total_tokens))


# --- 2. why transformers avoid BatchNorm ------------------------------------------------------
def batchnorm_part() -> None:
    """BN's batch spread, padding and train/eval mismatch on sequences (its own slider: the
    per-sequence offset)."""
    if explain("p9.bn") < 2:  # steps mode: the measurements come with the paragraph
        return
    st.slider(tr("p9.slider.seq_offset"), 0.0, 3.0, step=0.25, key="seq_offset")
    spread, padding, mismatch = compute.transformer_measures(st.session_state["seq_offset"])
    chart(
        compute.figure(
            batch_spread_figure,
            spread.batch_sizes,
            spread.mean_spread,
            spread.var_spread,
            spread.token_ln_change,
            lang=lang(),
        ),
        key="spread",
    )
    st.caption(
        tr(
            "p9.spread.caption",
            small=int(spread.batch_sizes[0]),
            large=int(spread.batch_sizes[-1]),
            mean_small=spread.mean_spread[0],
            mean_large=spread.mean_spread[-1],
            var_small=spread.var_spread[0],
            var_large=spread.var_spread[-1],
            token=spread.token_ln_change,
        )
    )

    explain("p9.padding")
    left, right = st.columns(2)
    with left:
        chart(
            compute.figure(
                padding_figure, padding.fractions, padding.mean_gap, padding.var_ratio, lang=lang()
            ),
            key="padding",
        )
    with right:
        chart(
            compute.figure(
                neighbour_figure,
                padding.other_lengths,
                padding.output_change,
                padding.token_output_change,
                lang=lang(),
            ),
            key="neighbour",
        )
    st.caption(
        tr(
            "p9.padding.caption",
            fraction=100 * padding.fractions[-1],
            gap=padding.mean_gap[-1],
            ratio=padding.var_ratio[-1],
            change=padding.output_change.max(),
            token=padding.token_output_change.max(),
        )
    )

    explain("p9.mode")
    chart(
        compute.figure(
            mismatch_figure,
            mismatch.batch_sizes,
            mismatch.mean_difference,
            mismatch.max_difference,
            mismatch.token_difference,
            lang=lang(),
        ),
        key="mismatch",
    )
    st.caption(
        tr(
            "p9.mode.caption",
            small=int(mismatch.batch_sizes[0]),
            large=int(mismatch.batch_sizes[-1]),
            mean_small=mismatch.mean_difference[0],
            mean_large=mismatch.mean_difference[-1],
            max_small=mismatch.max_difference[0],
            token=mismatch.token_difference,
        )
    )


part(tr("p9.bn.header"), "p9_bn", batchnorm_part)


# --- 3. what RMSNorm drops --------------------------------------------------------------------
def rms_part() -> None:
    """Token LN vs RMSNorm on tokens with a mean offset (its own slider)."""
    if explain("p9.rms") < 2:
        return
    st.slider(tr("p9.slider.rms_offset"), 0.0, 5.0, step=0.25, key="rms_offset")
    compared = compute.ln_vs_rms(st.session_state["rms_offset"])
    left, right = st.columns(2)
    left.metric(tr("p9.metric.offset"), f"{compared.max_difference:.3g}")
    right.metric(tr("p9.metric.centered"), f"{compared.max_difference_centred:.1e}")
    chart(
        compute.figure(
            one_token_figure, compared.x[0], compared.y_ln[0], compared.y_rms[0], 0, lang=lang()
        ),
        key="one_token",
    )


part(tr("p9.rms.header"), "p9_rms", rms_part)

st.subheader(tr("p9.speed.header"))
explain("p9.speed")
timing = compute.token_rms_timing()
st.caption(
    tr(
        "p9.timing.caption",
        shape="×".join(map(str, timing.shape)),
        token=timing.token_ms,
        rms=timing.rms_ms,
        ratio=timing.ratio,
        torch_token=timing.torch_token_ms,
        torch_rms=timing.torch_rms_ms,
        torch_ratio=timing.torch_ratio,
    )
)
