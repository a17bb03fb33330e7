"""One error policy: an error a student can see is an InputError, with a text in both languages.

A `raise ValueError("English …")` in the library reaches a 中文 session untranslated; this file
finds every such raise and shows that representative InputErrors speak Chinese.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import numpy as np
import pytest

from normviz import backward, dropout, masks, models, running, streams, tensors
from normviz.i18n import InputError, message
from normviz.saturation import saturation_cutoff
from normviz.training import BatchOrder, TrainConfig
from normviz.validation import as_float_array, check_affine, check_eps

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")
PLAIN = {"ValueError", "TypeError"}

# (file, function, a piece of the message): the raises allowed to stay plain, and why.
INTERNAL_RAISES = {
    # x and result come from the same normalize() call in ui code
    ("normviz/export.py", "export_arrays", "elements but the result"),
    # info is a dict the ui builds, never a student's input
    ("normviz/export.py", "export_arrays", "must be numbers or text"),
    # curves the library computed together; `per` is an English word chosen by the caller
    ("normviz/figures/style.py", "same_length", "different lengths"),
    # the page passes dropout.keep_mask's 2-D mask
    ("normviz/figures/dropout.py", "mask_heatmap", "1-D or 2-D mask"),
    # both arrays come from one dropout.variance_shift call
    ("normviz/figures/dropout.py", "running_mean", "One target per unit"),
    # the training lab page submits one of KINDS; a student never names a job kind
    ("ui/jobs.py", "JobRunner.submit", "unknown job kind"),
    # ui.jobs.job_cost asks after submit checked the kind against KINDS
    ("normviz/training.py", "job_runs", "unknown job kind"),
}


def _has_text(node: ast.AST) -> bool:
    """The message holds a literal string or an f-string (anywhere: `msg or "…"` counts)."""
    return any(
        isinstance(n, ast.JoinedStr) or (isinstance(n, ast.Constant) and isinstance(n.value, str))
        for n in ast.walk(node)
    )


def plain_raises(source: str) -> list[tuple[str, int, str]]:
    """(enclosing function, line, message source) of each raise ValueError/TypeError("text")."""
    found = []

    def visit(node: ast.AST, scope: tuple[str, ...]) -> None:
        for child in ast.iter_child_nodes(node):
            inner = scope
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                inner = (*scope, child.name)
            if (
                isinstance(child, ast.Raise)
                and isinstance(child.exc, ast.Call)
                and isinstance(child.exc.func, ast.Name)
                and child.exc.func.id in PLAIN
                and any(_has_text(arg) for arg in child.exc.args)
            ):
                text = ast.get_source_segment(source, child.exc) or ""
                found.append((".".join(scope), child.lineno, text))
            visit(child, inner)

    visit(ast.parse(source), ())
    return found


def _allowed(path: str, function: str, text: str, allowlist) -> tuple | None:
    for entry in allowlist:
        if entry[0] == path and entry[1] == function and entry[2] in text:
            return entry
    return None


def test_the_scan_finds_literal_and_f_string_messages():
    source = (
        "def f(x):\n"
        "    if x:\n"
        "        raise ValueError(f'bad {x}')\n"
        "    raise TypeError(None or 'plain')\n"
        "class C:\n"
        "    def g(self, raw):\n"
        "        raise ValueError(raw)\n"  # a parse signal without text: not flagged
        "        raise InputError('errors.key')\n"
    )
    assert [(f, line) for f, line, _ in plain_raises(source)] == [("f", 3), ("f", 4)]


def test_no_untranslated_error_text_in_the_library_or_the_ui():
    """Every raise ValueError/TypeError("text") in normviz/ and ui/ is on the allowlist."""
    untranslated, used = [], set()
    paths = sorted((ROOT / "normviz").rglob("*.py")) + sorted((ROOT / "ui").rglob("*.py"))
    for path in paths:
        rel = path.relative_to(ROOT).as_posix()
        for function, line, text in plain_raises(path.read_text(encoding="utf-8")):
            entry = _allowed(rel, function, text, INTERNAL_RAISES)
            if entry is None:
                untranslated.append(f"{rel}:{line} in {function}: {text[:80]}")
            used.add(entry)
    assert untranslated == [], "raise InputError(key, ...) with the text in both locales"
    assert INTERNAL_RAISES - used == set(), "stale allowlist entries: remove them"


X = np.zeros((4, 3))

BAD_INPUTS = {
    "dropout p": lambda: dropout.check_p(1.0),
    "dropout p not a number": lambda: dropout.check_p("half"),
    "dropout mode": lambda: dropout.check_mode("sideways"),
    "ε": lambda: check_eps(-1e-5),
    "tensor dtype": lambda: as_float_array(np.array(["a"])),
    "γ size": lambda: check_affine([1.0, 2.0], None, 3, np.float64),
    "groups (models)": lambda: models.check_group_count(3, 8),
    "groups (training)": lambda: TrainConfig(norm="gn", groups=3),
    "learning rate": lambda: TrainConfig(lr=0.0),
    "depth": lambda: TrainConfig(depth=0),
    "instance norm in an MLP": lambda: TrainConfig(norm="in"),
    "batch larger than the data": lambda: BatchOrder(size=10, batch_size=11, seed=0),
    "momentum": lambda: streams.check_momentum(1.5),
    "running momentum": lambda: running.RunningStats(3, 1.5),
    "running channels": lambda: running.RunningStats(3).update(np.zeros((4, 2))),
    "preset": lambda: tensors.preset_tensor("Nope", (2, 3)),
    "outlier fraction": lambda: tensors.make_tensor((2, 3), tensors.TensorSpec(outlier_fraction=2)),
    "saturation threshold": lambda: saturation_cutoff(0.7),
    "element": lambda: masks.check_index((2, 3), (5, 0)),
    "upstream gradient": lambda: backward.upstream_kind("sideways"),
}


@pytest.mark.parametrize("make", list(BAD_INPUTS.values()), ids=list(BAD_INPUTS))
def test_bad_inputs_are_refused_in_both_languages(make):
    with pytest.raises(InputError) as caught:
        make()
    err = caught.value
    assert err.key.startswith("errors.")
    assert str(err) == err.message("en") and not CJK.search(str(err))
    assert CJK.search(message(err, "zh")), message(err, "zh")


def test_the_numbers_survive_the_translation():
    with pytest.raises(InputError) as caught:
        models.check_group_count(3, 8)
    for lang in ("en", "zh"):
        assert "G=3" in caught.value.message(lang) and "[1, 2, 4, 8]" in caught.value.message(lang)
    with pytest.raises(InputError) as caught:
        dropout.check_p(1.5)
    assert "p = 1.5" in caught.value.message("zh") and "0 ≤ p < 1" in caught.value.message("zh")
    with pytest.raises(InputError) as caught:
        check_eps(-0.5)
    assert "ε = -0.5" in caught.value.message("zh")
