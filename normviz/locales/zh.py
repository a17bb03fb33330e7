"""简体中文文本。键与 en.py 相同；元组是可逐步展示的讲解。"""

TEXTS: dict[str, str | tuple[str, ...]] = {
    "lang.label": "语言",
}

from normviz.locales.wip import collect  # noqa: E402  (merged into this file before release)

TEXTS.update(collect("ZH"))
