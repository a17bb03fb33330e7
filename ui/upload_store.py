"""Where uploaded tensors live: one bounded store shared by the server's sessions.

The store (a module object: one for every session) maps an upload's digest to its
normviz.upload.UploadedTensor, so that a link with src=<digest> works for anyone on this
server while the upload is kept. It holds at most MAX_ENTRIES uploads and a quarter of the
server's memory budget (ui.memory) in arrays, drops the least recently used
first, and is guarded by a lock (sessions run in threads). Its entries are read-only.

A session keeps only the digest of its upload (st.session_state[SESSION]), never the array:
40 sessions that each uploaded 50 MB would otherwise pin 2 GB beyond any bound. An upload
the store dropped for room is gone for its session too; the panel says so and asks for the
file again (ui.upload_panel.check_source). Within one script run the upload found at its
start stays in hand (a thread-local, gone with the run's thread), so another student's
upload cannot take it away halfway through a page.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np
import streamlit as st

from normviz.upload import UploadedTensor
from ui import memory

MAX_ENTRIES = 16
SESSION = "_upload"  # the digest of the session's upload


class UploadStore:
    """A bounded, thread-safe, least-recently-used map from digest to UploadedTensor."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int | None = None) -> None:
        self._items: OrderedDict[str, UploadedTensor] = OrderedDict()
        self._max_entries = max_entries
        self._max_bytes = memory.budget_bytes() // 4 if max_bytes is None else max_bytes
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
    """Keep an upload on the server (while there is room) and its digest in the session."""
    store().put(upload)
    st.session_state[SESSION] = upload.digest


def session_upload() -> UploadedTensor | None:
    """The session's last upload, while the server keeps it."""
    digest = st.session_state.get(SESSION)
    return store().get(digest) if digest else None


_RUN = threading.local()  # .upload: the upload this script run found (its thread's own)


def lookup(digest: str) -> UploadedTensor | None:
    """The upload with this digest on this server (a link's upload becomes the session's),
    held for the rest of this script run."""
    if not digest:
        return None
    held = getattr(_RUN, "upload", None)
    if held is not None and held.digest == digest:
        return held
    found = store().get(digest)
    if found is not None:
        st.session_state[SESSION] = digest
        _RUN.upload = found
    return found


def array(digest: str) -> np.ndarray | None:
    """The uploaded array (read-only, shared: copy before writing), or None if unknown."""
    found = lookup(digest)
    return None if found is None else found.array
