"""A page in parts (ui/parts.py): a new session draws each page's first part and only the
headers of the later ones, in both languages; a closed part computes nothing; an open one is
drawn as before. (Opening by a click, a part's own slider rerunning the part alone, and a
part staying open across pages: tests/test_e2e_transformer.py in a real browser.)"""

from __future__ import annotations

import re

import pytest
import streamlit as st
from helpers import PAGE_PARTS, PART_KEYS, ok, open_app

from normviz.i18n import t
from ui.parts import BODY, DETAIL, PREFIX


def test_every_part_key_is_found():
    assert len(PART_KEYS) >= 15 and all(re.fullmatch(r"p\d+_\w+", key) for key in PART_KEYS)
    assert len(PAGE_PARTS) == 7


def headers(at) -> list:
    """The later parts' header buttons, in the page's order."""
    return [b for b in at.main.button if (b.key or "").startswith((PREFIX, DETAIL))]


def bodies(node) -> list[str]:
    """The keys of the open parts' containers (BODY + key) under `node`."""
    found = []
    for child in getattr(node, "children", {}).values():
        if (getattr(child, "key", None) or "").startswith(BODY):
            found.append(child.key.removeprefix(BODY))
        found += bodies(child)
    return found


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("page", "found"), sorted(PAGE_PARTS.items()))
def test_a_new_session_draws_the_first_part_and_the_later_parts_headers(page, found, lang):
    titles = [title for title, _ in found]
    closed = ok(open_app(page, {"lang": lang}, parts=False, timeout=90))
    opened = ok(open_app(page, {"lang": lang}, timeout=90))
    starts = [re.split(r"\{", t(key, lang))[0] for key in titles]
    labels = [b.label for b in headers(closed)]
    assert len(labels) == len(starts)  # each later part's header, in the session's language
    assert all(label.startswith(s) for label, s in zip(labels, starts, strict=True)), labels
    assert [b.label for b in headers(opened)] == labels
    assert bodies(closed.main) == []  # nothing of a closed part is sent
    assert sorted(bodies(opened.main)) == sorted(b.key.split("_", 1)[1] for b in headers(opened))
    assert len(closed.get("plotly_chart")) < len(opened.get("plotly_chart"))
    # a click on a header opens its part, and only its part; a second click closes it
    key = headers(closed)[0].key.split("_", 1)[1]
    headers(closed)[0].click().run()
    assert bodies(ok(closed).main) == [key] and closed.session_state["_open_parts"] == {key}
    headers(closed)[0].click().run()
    assert bodies(ok(closed).main) == [] and closed.session_state["_open_parts"] == set()


def test_a_closed_part_computes_nothing(monkeypatch):
    """Transformer norms' BN measurements (its costliest) run only when their part opens."""
    from normviz import transformer_norms
    from ui import compute

    offsets = []  # the sequence offset of each call
    real = transformer_norms.mode_mismatch

    def counted(spec, *args, **kwargs):
        offsets.append(spec.sequence_offset)
        return real(spec, *args, **kwargs)

    monkeypatch.setattr(transformer_norms, "mode_mismatch", counted)
    st.cache_data.clear()
    compute._offset_sweep.cache_clear()  # the process's sweep over the slider's offsets too
    ok(open_app("app_pages/9_Transformer_norms.py", {"seq_offset": "2.75"}, parts=False))
    assert offsets == []
    ok(open_app("app_pages/9_Transformer_norms.py", {"seq_offset": "2.75"}))
    # opened: 2.75 computed once (the sweep then computes the slider's other offsets)
    assert offsets[0] == 2.75 and offsets.count(2.75) == 1
