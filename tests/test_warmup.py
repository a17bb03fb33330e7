"""ui.warmup: before a server serves, every module of the app is imported and the kernels have
run for float32 and float64, so the first student's page does not wait for them."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]

CHECK = r"""
import sys
from ui.warmup import modules, warm
spent = warm()
from normviz import kernels
missing = [name for name in modules() if name not in sys.modules]
compiled = {
    str(sig[0])
    for kernel in (kernels._row_moments, kernels._scale_and_shift, kernels._scale_rows_per_column)
    for sig in kernel.signatures
}
kernels_done = all(
    len(k.signatures) == 2
    for k in (kernels._row_moments, kernels._scale_and_shift, kernels._scale_rows_per_column)
)
import gc
frozen = gc.get_freeze_count()
gc.collect()
oldest = len(gc.get_objects(2))
print(repr((sorted(spent), missing, sorted(compiled), kernels_done, frozen, oldest)))
"""


def test_warm_imports_every_module_and_compiles_every_kernel_for_both_dtypes():
    done = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "No runtime found" not in done.stderr  # the cache decorators' warning is quieted
    result = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    spent, missing, compiled, kernels_done, frozen, oldest = result
    assert spent == ["figures", "imports", "kernels"] and missing == []
    assert any("float32" in c for c in compiled) and any("float64" in c for c in compiled)
    assert kernels_done  # all three kernels, for float32 and float64


def test_the_modules_are_every_page_s_imports():
    from ui.warmup import modules

    names = set(modules())
    for page in [ROOT / "app.py", *(ROOT / "app_pages").glob("*.py")]:
        for line in page.read_text().splitlines():
            if line.startswith(("from normviz", "from ui")):
                module = line.split()[1]
                assert module in names, (page.name, module)


def test_warm_freezes_the_libraries_objects_out_of_the_collector_s_reach():
    done = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    *_, frozen, oldest = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    # torch, plotly, pandas, numba and streamlit: hundreds of thousands of objects, frozen;
    # a full collection afterwards finds almost nothing left in the oldest generation
    assert frozen > 100_000 and oldest < frozen / 20, (frozen, oldest)
