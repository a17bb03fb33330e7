"""Seeded torch initialization that holds with several threads.

A layer's constructor draws its weights from torch's global generator, which every thread
of the process shares. Two seeded builds at once (two sessions' cache misses, or a session
and ui.sweep's background thread) would interleave their draws, and each would get weights
that belong to no seed. `seeded` lets one seeded block run at a time.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

import torch

_GLOBAL_GENERATOR = threading.RLock()  # held while a block draws from the global generator


@contextlib.contextmanager
def seeded(seed: int) -> Iterator[None]:
    """torch's global generator seeded with `seed` inside the block, as it was after it; no
    other thread's seeded block runs meanwhile."""
    with _GLOBAL_GENERATOR, torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        yield
