"""Work in progress: texts added by parallel work, merged into en.py / zh.py before release.

Each module here defines EN and ZH dicts (same keys). en.py and zh.py take them in.
"""

import importlib
import pkgutil


def collect(name: str) -> dict:
    out: dict = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        out.update(getattr(module, name))
    return out
