"""Numbers written into LaTeX formulas the same way on every page."""

from __future__ import annotations


def number(v: float) -> str:
    """4 decimals, or a × 10^k when tiny or huge (1e-05 → 1 × 10^{-5})."""
    if v != 0 and (abs(v) < 1e-3 or abs(v) >= 1e5):
        mantissa, exponent = f"{v:.4e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return f"{v:.4f}"


def term(v: float) -> str:
    """number(v), in parentheses when negative, so "− −3" reads "− (−3)"."""
    return f"({number(v)})" if v < 0 else number(v)
