"""Plotly figure builders: pure functions from numbers to a go.Figure, one module per topic."""
