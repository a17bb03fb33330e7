"""The app's pages, their icons and translated names; the sidebar's navigation.

app.py registers these pages with st.navigation. Streamlit's own list of them would name
pages after their files, in English; it is hidden (position="hidden", and
client.showSidebarNavigation in .streamlit/config.toml) and replaced by these links, which
speak the session's language.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui.display import tr

# Every page's favicon (st.set_page_config's page_icon): a file the app's own server serves.
# A ":material/…:" icon would make the browser fetch the favicon from fonts.gstatic.com.
ICON = Path(__file__).with_name("icon.png")

HOME = ("0_Home", "home")
PAGES = (
    ("1_Reduction_axes", "view_in_ar"),
    ("2_Step_by_step", "calculate"),
    ("3_Sigmoid_saturation", "show_chart"),
    ("4_Train_vs_eval", "sync"),
    ("5_Batch_size", "inventory_2"),
    ("6_Gradients", "undo"),
    ("7_Dropout", "casino"),
    ("8_Training_lab", "science"),
    ("9_Transformer_norms", "translate"),
    ("10_Pre_LN_vs_post_LN", "stacked_line_chart"),
    ("11_BN_deployed", "rocket_launch"),
    ("12_Class_check", "how_to_vote"),
)


def path(page: str) -> str:
    return f"app_pages/{page}.py"


def registry() -> list[st.Page]:
    """Every page for st.navigation, home first and the default (its address is "/"; the
    others' are their file names without the number, e.g. "Reduction_axes")."""
    return [st.Page(path(page), default=page == HOME[0]) for page, _ in (HOME, *PAGES)]


def navigation() -> None:
    """Links to every page, in the session's language (ui.display's CSS packs them tight)."""
    with st.container(key="side_nav"):
        for page, icon in (HOME, *PAGES):
            st.page_link(path(page), label=tr(f"nav.{page}"), icon=f":material/{icon}:")
    st.divider()


def page_links() -> None:
    """The home page's list: each page with what it shows."""
    for page, icon in PAGES:
        st.page_link(path(page), label=tr(f"home.link.{page}"), icon=f":material/{icon}:")


def current_page() -> str:
    """The running page's name (a PAGES name, or HOME's)."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return HOME[0]
    page = ctx.pages_manager.get_pages().get(ctx.page_script_hash, {})
    return Path(page.get("script_path", path(HOME[0]))).stem
