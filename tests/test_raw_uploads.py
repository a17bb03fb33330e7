"""Streamlit's raw uploaded files (ui.raw_uploads): one file's worth per session however many a
client PUTs, and the panel's file released once read."""

from __future__ import annotations

import io
from types import SimpleNamespace

import numpy as np
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from tests.helpers import ok, open_app
from ui import raw_uploads, upload_panel

MB = 2**20


def rec(file_id: str, size: int) -> UploadedFileRec:
    return UploadedFileRec(file_id=file_id, name=f"{file_id}.npy", type="x", data=b"\0" * size)


def test_a_session_keeps_at_most_its_share_newest_first():
    manager = MemoryUploadedFileManager("/upload")
    raw_uploads.limit_per_session(manager, 3 * MB)
    raw_uploads.limit_per_session(manager, 3 * MB)  # idempotent: not wrapped twice
    for i in range(20):  # a client PUTting file after file
        manager.add_file("s1", rec(f"f{i}", MB))
    manager.add_file("s2", rec("other", MB))
    kept = manager.file_storage["s1"]
    assert list(kept) == ["f17", "f18", "f19"]
    assert manager._total_bytes == 4 * MB  # Streamlit's own accounting agrees
    manager.add_file("s1", rec("big", 5 * MB))  # larger than the share: the newest stays
    assert list(manager.file_storage["s1"]) == ["big"]
    assert list(manager.file_storage["s2"]) == ["other"]


def test_release_drops_the_sessions_file(monkeypatch):
    manager = MemoryUploadedFileManager("/upload")
    manager.add_file("s1", rec("f1", 10))
    ctx = SimpleNamespace(uploaded_file_mgr=manager, session_id="s1")
    monkeypatch.setattr(raw_uploads, "get_script_run_ctx", lambda: ctx)
    file = io.BytesIO(b"0123456789")
    file.file_id, file.name, file.type = "f1", "f1.npy", "x"
    raw_uploads.release(file)
    kept = manager.file_storage["s1"]["f1"]  # the same file id (the widget's value is unchanged)
    assert kept.data == b"" and kept.name == "f1.npy"  # without its bytes
    assert manager._total_bytes == 0
    assert file.getvalue() == b""  # the widget's own copy lets go of the bytes too


def npy(x: np.ndarray) -> bytes:
    out = io.BytesIO()
    np.save(out, x)
    return out.getvalue()


def npz(**arrays: np.ndarray) -> bytes:
    out = io.BytesIO()
    np.savez(out, **arrays)
    return out.getvalue()


def upload(monkeypatch, name: str, data: bytes) -> list[str]:
    released: list[str] = []
    monkeypatch.setattr(raw_uploads, "release", lambda file: released.append(file.name))
    at = ok(open_app())
    uploader = at.sidebar.file_uploader(key=upload_panel.UPLOADER)
    ok(uploader.set_value((name, data, "application/octet-stream")).run())
    return released


def test_the_panel_releases_a_file_once_read(monkeypatch):
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    assert upload(monkeypatch, "a.npy", npy(x)) == ["a.npy"]


def test_a_refused_file_is_released_too(monkeypatch):
    assert upload(monkeypatch, "bad.npy", b"not a numpy file") == ["bad.npy"]


def test_an_npz_of_several_arrays_stays_for_the_chooser(monkeypatch):
    data = npz(a=np.ones((2, 3)), b=np.zeros((4, 5)))
    assert upload(monkeypatch, "two.npz", data) == []


def test_an_upload_found_at_the_start_of_a_run_stays_until_the_run_ends(monkeypatch):
    import threading

    from normviz.upload import load_tensor
    from ui import upload_store

    store = upload_store.UploadStore(max_entries=1)
    monkeypatch.setattr(upload_store, "_STORE", store)
    mine, theirs = (
        load_tensor(npy(np.full((2, 3), float(v))), f"{v}.npy", max_bytes=MB, max_elements=100)
        for v in (1, 2)
    )
    store.put(mine)
    seen = []

    def run() -> None:  # one script run: its own thread, as Streamlit's
        assert upload_store.lookup(mine.digest) is mine
        store.put(theirs)  # another student's upload drops it from the store meanwhile
        seen.append(upload_store.array(mine.digest))

    def next_run() -> None:
        seen.append(upload_store.array(mine.digest))

    for target in (run, next_run):
        thread = threading.Thread(target=target)
        thread.start()
        thread.join()
    assert seen[0] is mine.array  # the page finishes on the tensor it started with
    assert seen[1] is None  # the next run is told it is gone (ui.upload_panel.check_source)
