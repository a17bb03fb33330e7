"""The standard Chinese terms the app uses, and the variants it must not use.

Standard terms as in the lecture notes and the Chinese edition of d2l.ai (动手学深度学习).
tests/test_glossary.py checks every Chinese text against this table.
"""

from __future__ import annotations

import re

# variant → the standard term to write instead
AVOID: dict[str, str] = {
    "批归一化": "批量归一化",
    "批标准化": "批量归一化",
    "批大小": "批量大小",
    "批次大小": "批量大小",
    "小批次": "小批量",
    "运行均值": "滑动均值",
    "运行方差": "滑动方差",
    "运行统计": "滑动统计量",
    "移动平均": "滑动平均",
    "推理模式": "评估模式（model.eval()）",  # 推理模式 is torch.inference_mode()
    "反向 dropout": "倒置 Dropout",
    "反向 Dropout": "倒置 Dropout",
    "反向dropout": "倒置 Dropout",
    "丢弃法": "随机失活（Dropout）",
    "穿过": "经过",
    "撤销归一化": "抵消归一化的效果",
    "梯度弥散": "梯度消失",
    "内部协方差偏移": "内部协变量偏移",
    "内部协变量转移": "内部协变量偏移",
}

# a variant that is right in a text which also names this (e.g. torch.inference_mode())
ALLOWED_WITH: dict[str, str] = {"推理模式": "inference_mode"}


def variants_in(text: str) -> list[tuple[str, str]]:
    """The (variant, standard term) pairs found in one Chinese text."""
    return [
        (variant, standard)
        for variant, standard in AVOID.items()
        if variant in text and ALLOWED_WITH.get(variant, "\0") not in text
    ]


# One symbol, one meaning inside one text. Each rule: a symbol, and two patterns that each
# show one of its meanings; a text (in any language) that matches both uses it for two things.
SYMBOL_CLASHES: tuple[tuple[str, str, str, str, str], ...] = (
    # symbol, meaning A, pattern A, meaning B, pattern B
    (
        "m",
        "the momentum",
        r"\(1\s*[−-]\s*m\)|m\s*·\s*batch",
        "a count",
        r"m\s*/\s*\(m\s*[−-]\s*1\)",
    ),
    ("L", "the loss", r"∂L|\\partial L", "a number of layers", r"\^L\b|\^\{L\}|\bL layers|L 层"),
    (
        "σ",
        "the sigmoid",
        r"σ\(|\\sigma\(",
        "a standard deviation",
        r"σ²|σ_B|\\sigma\^2|\\sigma_B|σ\s*=",
    ),
)


def symbol_clashes(text: str) -> list[str]:
    """The symbols one text uses for two things (see SYMBOL_CLASHES)."""
    return [
        f"{symbol} as {a} and as {b}"
        for symbol, a, pattern_a, b, pattern_b in SYMBOL_CLASHES
        if re.search(pattern_a, text) and re.search(pattern_b, text)
    ]
