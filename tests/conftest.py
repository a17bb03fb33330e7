"""Shared test set-up."""

import os
import sys

import pytest
import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

torch.set_num_threads(2)

# A text key missing in a language fails the test instead of falling back to English.
os.environ.setdefault("NORMVIZ_STRICT_I18N", "1")

# CI runs the same hypothesis examples every time (a red CI must mean a regression, not a
# newly drawn example); local runs keep exploring new ones.
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture
def strict_i18n(monkeypatch):
    """A text key missing in a language fails instead of falling back to English, whatever
    the environment says."""
    monkeypatch.setenv("NORMVIZ_STRICT_I18N", "1")


@pytest.fixture(autouse=True)
def no_sweep_left_running():
    """A page that starts a background sweep (ui.sweep) sees it end within its test: the
    sweep draws from torch's global generator, which the next test may seed for itself."""
    yield
    from ui.sweep import wait_for_sweeps

    wait_for_sweeps()


@pytest.fixture(autouse=True)
def no_throttle(request, monkeypatch):
    """AppTest drives a session far faster than a person (dozens of runs a second): the fair
    share (ui/throttle.py) would make it wait. Its own tests, marked `throttled`, keep it."""
    if "throttled" not in request.keywords:
        from ui import throttle

        monkeypatch.setattr(throttle, "MAX_RUNS", 10**9)
