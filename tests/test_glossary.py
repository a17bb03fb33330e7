"""The Chinese texts use the standard terms of normviz/locales/glossary.py, everywhere."""

from normviz.locales import en, zh
from normviz.locales.glossary import AVOID, symbol_clashes, variants_in


def _flat(value: str | tuple[str, ...]) -> str:
    return value if isinstance(value, str) else "\n".join(value)


def test_the_check_finds_a_variant_and_allows_the_named_exception():
    assert variants_in("在推理模式下") == [("推理模式", AVOID["推理模式"])]
    assert variants_in("torch.inference_mode() 即推理模式") == []
    assert variants_in("批量大小为 2 的小批量") == []
    assert variants_in("批大小") == [("批大小", "批量大小")]


def test_every_chinese_text_uses_the_standard_terms():
    wrong = {key: found for key, value in zh.TEXTS.items() if (found := variants_in(_flat(value)))}
    assert not wrong, "\n".join(
        f"{key}: " + ", ".join(f"write {s} for {v}" for v, s in found)
        for key, found in sorted(wrong.items())
    )


def test_the_symbol_check_finds_a_clash():
    assert symbol_clashes("(1 − m)·running + m·batch, × m/(m−1)") == [
        "m as the momentum and as a count"
    ]
    assert symbol_clashes("α·batch + (1 − α)·running, × n/(n−1)") == []
    assert symbol_clashes("∂L/∂x shrinks like 0.25^L") == [
        "L as the loss and as a number of layers"
    ]


def test_no_text_uses_one_symbol_for_two_things():
    wrong = {
        f"{lang}:{key}": found
        for lang, table in (("en", en.TEXTS), ("zh", zh.TEXTS))
        for key, value in table.items()
        if (found := symbol_clashes(_flat(value)))
    }
    assert not wrong, wrong
