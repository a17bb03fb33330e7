"""Benchmarks, and the Streamlit protocol client and server helpers the tests share."""
