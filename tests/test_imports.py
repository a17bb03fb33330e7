"""The server runs many sessions' first pages at once, each in its own thread: importing the
app's modules concurrently, in any order, must give every thread whole modules.

Before normviz/__init__.py loaded its names lazily, 8 threads importing in shuffled orders
failed in every trial ("cannot import name 'InputError' from partially initialized module
'normviz.i18n'"), and a class's first page load through nginx showed an error page.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]

RACE = r"""
import importlib, logging, os, random, sys, threading, traceback
logging.disable(logging.WARNING)
import streamlit  # the server has it before any session starts
modules = sorted(
    os.path.join(root, f[:-3]).replace(os.sep, ".").removesuffix(".__init__")
    for package in ("normviz", "ui")
    for root, _, files in os.walk(package)
    for f in files
    if f.endswith(".py")
)
errors = []

def session(seed):
    order = modules[:]
    random.Random(seed).shuffle(order)
    try:
        for name in order:
            importlib.import_module(name)
    except Exception:
        errors.append(traceback.format_exc(limit=-3))

threads = [threading.Thread(target=session, args=(int(sys.argv[1]) * 8 + i,)) for i in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(f"{len(modules)} modules, {len(errors)} errors")
print("".join(errors))
sys.exit(1 if errors else 0)
"""


@pytest.mark.parametrize("trial", range(3))
def test_eight_threads_importing_the_app_in_shuffled_orders_get_whole_modules(trial):
    done = subprocess.run(
        [sys.executable, "-c", RACE, str(trial)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert " 0 errors" in done.stdout


def test_the_package_still_exports_its_names():
    import normviz

    assert callable(normviz.normalize) and "normalize" in dir(normviz)
    assert sorted(normviz.__all__) == normviz.__all__ and len(normviz.__all__) == 32
    with pytest.raises(AttributeError):
        normviz.not_a_name  # noqa: B018


def test_a_name_that_is_also_a_submodule_stays_the_function():
    import normviz
    import normviz.saturation  # noqa: F401 - binds the submodule, as any import of it does

    assert callable(normviz.saturation) and normviz.saturation.__name__ == "saturation"
