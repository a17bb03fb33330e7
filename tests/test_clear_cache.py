"""Any client can send Streamlit's clear_cache message; the server then empties every
st.cache_data and st.cache_resource (AppSession._handle_clear_cache_request). What other
students rely on must survive it: uploaded tensors behind src= links, finished training runs,
and class-check rooms are owned by the app, not by Streamlit's caches."""

from __future__ import annotations

import inspect

import numpy as np
from streamlit.runtime import caching
from streamlit.runtime.app_session import AppSession

from devtools.tensor_files import npy
from normviz.config import DEFAULT, to_query
from normviz.upload import load_tensor, with_upload
from tests.helpers import ok, open_app
from ui import jobs
from ui.classroom import ROOMS
from ui.upload_store import store


def clear_like_a_client() -> None:
    """What Streamlit does on a clear_cache message, besides clearing the sender's state."""
    handler = inspect.getsource(AppSession._handle_clear_cache_request)
    assert "cache_data.clear()" in handler and "cache_resource.clear()" in handler
    caching.cache_data.clear()
    caching.cache_resource.clear()


def test_uploads_runs_and_rooms_survive_a_clients_cache_clear():
    upload = load_tensor(npy(np.arange(24.0).reshape(2, 3, 4)), "mine.npy", max_bytes=2**20)
    store().put(upload)
    jobs.store().put(("a run's settings",), "its finished result")
    code = ROOMS.open_room("teacher")

    clear_like_a_client()

    assert upload.digest in store()
    assert jobs.store().get(("a run's settings",)) == "its finished result"
    assert ROOMS.join(code, "a student") == code
    at = ok(open_app(**to_query(with_upload(DEFAULT, upload))))  # another student's link
    assert at.session_state["config"].source == upload.digest
    assert not at.warning
