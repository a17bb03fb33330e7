"""Numbers written into LaTeX formulas the same way on every page, and the step page's
formulas (pure LaTeX: the same in every language)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from normviz.summaries import StepNumbers


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


def step_formulas(numbers: StepNumbers, eps: float) -> tuple[str, str, str, str]:
    """The four steps with their numbers: mean, variance, normalize, scale and shift."""
    f, p = number, term
    mu, var, std = f(numbers.mean), f(numbers.var), f(numbers.std)
    x, x_hat, gamma, y, m = (
        f(numbers.x),
        f(numbers.x_hat),
        f(numbers.gamma),
        f(numbers.y),
        numbers.m,
    )
    mean = rf"\mu = \frac{{1}}{{m}}\sum_{{i=1}}^{{m}} x_i = \frac{{1}}{{{m}}}\sum x_i = {mu}"
    variance = rf"\sigma^2 = \frac{{1}}{{m}}\sum_{{i=1}}^{{m}} (x_i-\mu)^2 = {var}"
    normalize = (
        rf"\hat x = \frac{{x-\mu}}{{\sqrt{{\sigma^2+\varepsilon}}}}"
        rf" = \frac{{{x} - {p(numbers.mean)}}}{{\sqrt{{{var} + {f(eps)}}}}}"
        rf" = \frac{{{f(numbers.x - numbers.mean)}}}{{{std}}} = {x_hat}"
    )
    affine = (
        rf"y = \gamma\,\hat x + \beta = {gamma} \cdot {p(numbers.x_hat)} + {p(numbers.beta)} = {y}"
    )
    return mean, variance, normalize, affine
