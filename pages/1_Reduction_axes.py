"""Reduction axes: which elements share one mean and variance, for all four methods."""

import streamlit as st

st.set_page_config(
    page_title="Reduction axes · normviz", page_icon=":material/view_in_ar:", layout="wide"
)

import normviz as nv
from normviz.figures.cube import cube_figure, method_caption, small_multiples
from ui.sidebar import choose_element, sidebar

cfg = sidebar()
st.title("Reduction axes")
st.markdown(
    "The cube is the tensor: **N** samples deep, **C** channels wide, **H·W** positions "
    "high. The shaded block holds every element that shares one (μ, σ²) with the chosen "
    "element (black). Click a cell on the front face (channel, position) or the top face "
    "(sample, channel) to choose another element, or use the sidebar."
)


def small_groups(c: int) -> int:
    """The G shown in the small GroupNorm cube when the main method is not GN."""
    if cfg.method == "group":
        return cfg.groups
    middle = [g for g in nv.divisors(c) if 1 < g < c]
    return middle[len(middle) // 2] if middle else 1


big, small = st.columns([3, 2])
with big:
    fig = cube_figure(cfg.shape, cfg.method, cfg.element, groups=cfg.group_count, clickable=True)
    event = st.plotly_chart(
        fig,
        on_select="rerun",
        selection_mode="points",
        key="cube",
        config={"displayModeBar": False},
    )
    st.info(method_caption(cfg.shape, cfg.method, cfg.group_count))

points = (event or {}).get("selection", {}).get("points", []) if event else []
if points and "customdata" in points[0]:
    face, a, b = points[0]["customdata"]
    n, c, h, w = cfg.at
    if face == "front":  # (channel, flattened position)
        c = int(a)
        if not cfg.fully_connected:
            h, w = divmod(int(b), cfg.w)
    else:  # top: (sample, channel)
        n, c = int(a), int(b)
    if (n, c, h, w) != cfg.at:
        choose_element(cfg, n, c, h, w)
        st.rerun()

with small:
    st.markdown("**All four methods, same element**")
    st.plotly_chart(
        small_multiples(cfg.shape, cfg.element, small_groups(cfg.c)),
        key="small_multiples",
        config={"staticPlot": True},
    )

st.subheader("In numbers")
rows = []
for method in nv.METHODS:
    groups = small_groups(cfg.c) if method == "group" else None
    lay = nv.layout(cfg.shape, method, groups)
    names = "NCHW" if len(cfg.shape) == 4 else "NC"
    rows.append(
        {
            "method": nv.LONG_NAMES[method] + (f" (G={groups})" if groups else ""),
            "reduced axes": ", ".join(names[a] for a in lay.reduced_axes) or "(none)",
            "group size m": lay.group_size,
            "(μ, σ²) pairs": lay.num_stats,
            "learnable γ, β": lay.num_parameters,
        }
    )
st.dataframe(rows, hide_index=True)
st.caption(
    "γ and β are per channel for all four methods, as in the GroupNorm paper. "
    "torch.nn.LayerNorm([C, H, W]) instead learns one γ and β per element (C·H·W each); "
    "the normalization itself is the same. GN with G=1 is LN; GN with G=C is IN."
)
