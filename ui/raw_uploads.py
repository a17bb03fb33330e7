"""Streamlit's raw uploaded files: released once read, and bounded per session.

Streamlit keeps every file a browser PUTs to /_stcore/upload_file/<session>/<file id> in
memory (its MemoryUploadedFileManager) until the session ends or the browser deletes it: it
checks the session id and each file's size (server.maxUploadSize), not how many files one
session sends. Starlette spools a body over 1 MB to the temporary directory while it parses
it, then Streamlit reads it into memory.

- release(file): the upload panel drops a file from Streamlit's memory once normviz.upload
  has read it into an array (the array is what the app keeps, in ui.upload_store).
- limit_per_session(manager, max_bytes): after each file arrives, the session's oldest
  files are dropped until its files fit in max_bytes (the newest is always kept), so a
  client that PUTs file after file holds at most one file's worth on the server.
"""

from __future__ import annotations

import threading
from typing import Any

import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

_installed: set[int] = set()
_lock = threading.Lock()


def max_session_bytes() -> int:
    """One file at the server's cap, plus its multipart framing."""
    return (int(st.get_option("server.maxUploadSize")) + 1) * 2**20


def limit_per_session(manager: Any, max_bytes: int) -> None:
    """Make `manager.add_file` keep at most `max_bytes` of files per session (oldest first
    out). Idempotent per manager."""
    with _lock:
        if id(manager) in _installed:
            return
        _installed.add(id(manager))
    add_file = manager.add_file

    def bounded_add_file(session_id: str, file: Any) -> None:
        add_file(session_id, file)
        with manager._lock:  # the manager's own lock guards file_storage
            files = list(manager.file_storage.get(session_id, {}).values())
        total = sum(len(f.data) for f in files)
        for old in files[:-1]:  # in arrival order; the newest stays
            if total <= max_bytes:
                break
            manager.remove_file(session_id, old.file_id)
            total -= len(old.data)

    manager.add_file = bounded_add_file


def install() -> None:
    """Bound the running server's manager (called on every run; cheap after the first)."""
    if Runtime.exists():
        limit_per_session(Runtime.instance().uploaded_file_mgr, max_session_bytes())


def release(file: Any) -> None:
    """Let go of an st.file_uploader's bytes (the session's own file), keeping the file: in
    Streamlit's manager its record is replaced by an empty one under the same id (removed,
    the widget's value would change on the next run, and its on_change would fire as if the
    student had removed the file), and the UploadedFile the widget's value keeps (a BytesIO
    sharing the bytes, deep-copied on every run) is emptied; name and size stay."""
    if file is None:
        return
    ctx = get_script_run_ctx()
    if ctx is not None:
        manager = ctx.uploaded_file_mgr
        manager.remove_file(ctx.session_id, file.file_id)
        empty = UploadedFileRec(file_id=file.file_id, name=file.name, type=file.type, data=b"")
        manager.add_file(ctx.session_id, empty)
    file.seek(0)
    file.truncate(0)
