"""Finished training runs, shared by every session of the server.

A run is deterministic for its configuration, so the whole class sees the same curves and
only the first student to ask waits for it. Results are read-only once stored; the store
keeps the most recent MAX_RESULTS and is guarded by a lock (sessions run in threads).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

import streamlit as st

MAX_RESULTS = 32


class ResultStore:
    """A bounded, thread-safe map from a run's configuration to its finished result."""

    def __init__(self, capacity: int = MAX_RESULTS) -> None:
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def get(self, key: Hashable):
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: Hashable, value) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)


@st.cache_resource
def store() -> ResultStore:
    """The server's one store (cache_resource: the same object for every session)."""
    return ResultStore()
