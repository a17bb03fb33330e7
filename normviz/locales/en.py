"""English texts. Keys are dotted: area.name. Tuples are explanations shown step by step."""

TEXTS: dict[str, str | tuple[str, ...]] = {
    "lang.label": "Language",
}

from normviz.locales.wip import collect  # noqa: E402  (merged into this file before release)

TEXTS.update(collect("EN"))
