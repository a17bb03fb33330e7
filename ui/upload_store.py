"""Where uploaded tensors live: a bounded store shared by the server's sessions, and the
session's own copy.

The server store (a module object: one for every session) maps an upload's digest
to its normviz.upload.UploadedTensor, so that a link with src=<digest> works for anyone on
this server while the upload is kept. It holds at most MAX_ENTRIES uploads and MAX_BYTES of
arrays, drops the least recently used first, and is guarded by a lock (sessions run in
threads). Its entries are read-only (their arrays are not writeable).

A session also pins the upload it shows under st.session_state[SESSION], so the store's
eviction never takes a tensor away from a session that is looking at it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np
import streamlit as st

from normviz.upload import UploadedTensor

MAX_ENTRIES = 16
MAX_BYTES = 512 * 2**20
SESSION = "_upload"  # the session's upload (an UploadedTensor)


class UploadStore:
    """A bounded, thread-safe, least-recently-used map from digest to UploadedTensor."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self._items: OrderedDict[str, UploadedTensor] = OrderedDict()
        self._max_entries = max_entries
        self._max_bytes = max_bytes
        self._lock = threading.Lock()

    def get(self, digest: str) -> UploadedTensor | None:
        with self._lock:
            item = self._items.get(digest)
            if item is not None:
                self._items.move_to_end(digest)
            return item

    def put(self, upload: UploadedTensor) -> None:
        """Keep `upload`, dropping the oldest others until both limits hold."""
        with self._lock:
            self._items[upload.digest] = upload
            self._items.move_to_end(upload.digest)
            while len(self._items) > 1 and (
                len(self._items) > self._max_entries or self._bytes() > self._max_bytes
            ):
                self._items.popitem(last=False)

    def _bytes(self) -> int:
        return sum(item.nbytes for item in self._items.values())

    def __contains__(self, digest: str) -> bool:
        with self._lock:
            return digest in self._items

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    @property
    def nbytes(self) -> int:
        with self._lock:
            return self._bytes()

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_STORE = UploadStore()


def store() -> UploadStore:
    """The server's one store: a module object owned by the app, not st.cache_resource,
    because any client can ask the server to clear Streamlit's caches (a clear_cache
    message), and that must not break every student's src= link."""
    return _STORE


def remember(upload: UploadedTensor) -> None:
    """Keep an upload for this session and, while there is room, for links to it."""
    store().put(upload)
    st.session_state[SESSION] = upload


def session_upload() -> UploadedTensor | None:
    return st.session_state.get(SESSION)


def lookup(digest: str) -> UploadedTensor | None:
    """The upload with this digest: the session's own, else the server's (then pinned)."""
    if not digest:
        return None
    mine = session_upload()
    if mine is not None and mine.digest == digest:
        return mine
    found = store().get(digest)
    if found is not None:
        st.session_state[SESSION] = found  # a link's upload stays for the whole session
    return found


def array(digest: str) -> np.ndarray | None:
    """The uploaded array (read-only, shared: copy before writing), or None if unknown."""
    found = lookup(digest)
    return None if found is None else found.array
