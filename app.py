"""normviz home page."""

import streamlit as st

st.set_page_config(page_title="normviz", page_icon="📊", layout="wide")
st.title("normviz")
st.write("Normalization layers, one number at a time.")
