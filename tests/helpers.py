"""Helpers the AppTest tests share: open the app at a page, check a run, read what it shows."""

from __future__ import annotations

import ast
import re
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from types import SimpleNamespace

from streamlit.testing.v1 import AppTest

from normviz.config import ViewConfig, from_query
from normviz.i18n import section
from ui.parts import OPEN

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
HOME = "app_pages/0_Home.py"
PROSE = ("markdown", "caption", "info", "success")  # text()'s default element kinds
# Every page's later parts (ui.parts), in page order: part(tr("<title key>", …), "<key>", …)
# calls in app_pages/, by page path ("app_pages/9_Transformer_norms.py": [(title key, key), …])
PAGE_PARTS = {
    page.relative_to(ROOT).as_posix(): found
    for page in sorted((ROOT / "app_pages").glob("*.py"))
    if (found := re.findall(r'\bpart\(\s*tr\(\s*"([\w.]+)"[^)]*\),\s*"(\w+)"', page.read_text()))
}
PART_KEYS = frozenset(key for found in PAGE_PARTS.values() for _, key in found)


# ---------------------------------------------------------------------------------------
# Opening pages and checking runs


def open_app(
    page: str = HOME,
    query: Mapping[str, object] | None = None,
    *,
    timeout: float = 60,
    parts: bool = True,
    **params: str,
) -> AppTest:
    """A fresh session whose first visit is `page`, with a link's query parameters (`query`,
    and `params` for keys other than page, query, timeout and parts), after its first run;
    exceptions are the caller's to check (see ok). parts: every page's later parts are open
    (as if a person had opened them; False: closed, as in a new session)."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    if parts:
        at.session_state[OPEN] = set(PART_KEYS)
    for key, value in {**(query or {}), **params}.items():
        at.query_params[key] = value
    if page != HOME:
        at.switch_page(page)
    return at.run()


def ok(at: AppTest) -> AppTest:
    """The app after checking that no exception is shown."""
    assert not at.exception, [e.value for e in at.exception]
    return at


# ---------------------------------------------------------------------------------------
# What a run holds and shows


def config(at: AppTest) -> ViewConfig:
    return at.session_state["config"]


def url_matches_config(at: AppTest) -> None:
    """The address bar is a valid link to exactly the session's tensor and method."""
    params = {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}
    cfg, notes = from_query(params)
    assert notes == [] and cfg == config(at), (params, notes, cfg, config(at))


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


def text(at, *kinds: str) -> str:
    """The values of the elements of these kinds (default PROSE: markdown, captions, info and
    success boxes), kind after kind, one string. `at` is an AppTest or a block (at.main)."""
    return "\n".join(e.value for kind in kinds or PROSE for e in getattr(at, kind))


def headings(at) -> list[str]:
    """The page's section headings: its subheaders, then its later parts' headers (ui.parts:
    buttons keyed part_<key>)."""
    block = at.main if hasattr(at, "main") else at
    parts = [b.label for b in block.button if (b.key or "").startswith("part_")]
    return [h.value for h in block.subheader] + parts


def chart(at: AppTest, key: str):
    """The one Plotly chart drawn with this key."""
    charts = [c for c in at.get("plotly_chart") if c.proto.id.endswith(f"-{key}")]
    assert len(charts) == 1, [c.proto.id for c in at.get("plotly_chart")]
    return charts[0]


def box_height(at: AppTest, element) -> int | None:
    """The pixel height of the innermost fixed-height container around `element` (a box
    that scrolls), or None."""

    def path_to(node, path: tuple = ()) -> tuple | None:
        if node is element:
            return path
        for child in getattr(node, "children", {}).values():
            found = path_to(child, (*path, node))
            if found is not None:
                return found
        return None

    for block in reversed(path_to(at.main) or ()):
        proto = getattr(block, "proto", None)
        if proto is not None and proto.height_config.pixel_height:
            return proto.height_config.pixel_height
    return None


# ---------------------------------------------------------------------------------------
# Source scans


def calls_to(tree: ast.AST, names: Collection[str]) -> Iterator[ast.Call]:
    """The calls `<anything>.<name>(…)` in a parsed module whose name is in names."""
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in names
        ):
            yield node


def section_texts(*prefixes: str) -> SimpleNamespace:
    """The texts whose keys start with these prefixes, per language: .EN, .ZH."""
    return SimpleNamespace(**{lang.upper(): texts for lang, texts in section(*prefixes).items()})
