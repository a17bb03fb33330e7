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


# Streamlit draws display math in a box with overflow-y hidden whose height is KaTeX's line box,
# and the ink of a fraction with a root below it reaches past that box (measured in Chromium:
# 5 px at 1440×900, 7 px in presenter mode, the numerator's top and the denominator's bottom
# cut off). An invisible rule (0 pt wide) reaching 0.75em above and 1.05em below the baseline
# makes the line box tall enough; the formulas without such a fraction are not clipped.
FRACTION_ROOM = r"\rule[-1.05em]{0pt}{1.8em}"


def step_formulas(
    numbers: StepNumbers, eps: float, centered: bool = True
) -> tuple[str, str, str, str]:
    """The four steps with their numbers: mean, variance, normalize, scale and shift.

    centered=False is RMSNorm: no mean (μ := 0), the mean square RMS² in place of σ².
    """
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
    normalize = FRACTION_ROOM + (
        rf"\hat x = \frac{{x-\mu}}{{\sqrt{{\sigma^2+\varepsilon}}}}"
        rf" = \frac{{{x} - {p(numbers.mean)}}}{{\sqrt{{{var} + {f(eps)}}}}}"
        rf" = \frac{{{f(numbers.x - numbers.mean)}}}{{{std}}} = {x_hat}"
    )
    affine = (
        rf"y = \gamma\,\hat x + \beta = {gamma} \cdot {p(numbers.x_hat)} + {p(numbers.beta)} = {y}"
    )
    if not centered:
        mean = r"\mu := 0"
        variance = (
            rf"\mathrm{{RMS}}^2 = \frac{{1}}{{m}}\sum_{{i=1}}^{{m}} x_i^2"
            rf" = \frac{{1}}{{{m}}}\sum x_i^2 = {var}"
        )
        normalize = FRACTION_ROOM + (
            rf"\hat x = \frac{{x}}{{\sqrt{{\mathrm{{RMS}}^2+\varepsilon}}}}"
            rf" = \frac{{{x}}}{{\sqrt{{{var} + {f(eps)}}}}} = \frac{{{x}}}{{{std}}} = {x_hat}"
        )
        affine = rf"y = \gamma\,\hat x = {gamma} \cdot {p(numbers.x_hat)} = {y}"
    return mean, variance, normalize, affine
