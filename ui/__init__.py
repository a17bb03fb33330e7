"""Streamlit glue shared by every page: the sidebar and cached computations."""
