"""normviz's entry point: Streamlit's navigation over the pages (ui/pages.py) and the shared
sidebar, drawn here once, before the page runs.

Drawn by the entry point, the sidebar's widgets stay in the browser when the page changes:
only the page is redrawn. Drawn by each page (as in a pages-directory app), every page
switch rebuilt all of them: about 60 ms more per switch, measured in Chromium with a
throw-away app holding the same widgets. The icon and the wide layout set here hold for every
page; a page sets only its title.
"""

import streamlit as st

from ui.pages import ICON, registry

st.set_page_config(page_title="normviz", page_icon=ICON, layout="wide")

from ui.sidebar import sidebar

page = st.navigation(registry(), position="hidden")
sidebar()
page.run()
