"""The sidebar's "your own tensor" panel and the export buttons.

upload_controls(cfg, lang): an st.file_uploader for .npy/.npz (normviz.upload reads it
without pickle), a chooser when an .npz holds several arrays, a button back to the generated
tensor, and what is shown. It also checks a link's src= on every run: an upload unknown on
this server (restarted, or dropped for room) falls back to a generated tensor with a note;
a shape that does not match the upload is corrected. When it changes the configuration it
stores it and reruns the script, so everything drawn after it sees a consistent view.

export_controls(cfg, lang): two st.download_button whose data is built only when clicked
(a deferred callable, on Streamlit's download thread), so an 8M-element tensor costs
nothing until someone asks for it: the .npz of normviz.export.export_npz and the CSV of
normviz.export.stats_csv.

The configuration it changes lives in ui.state, which the sidebar reads too.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import partial
from pathlib import PurePath

import numpy as np
import streamlit as st

import normviz as nv
from normviz.config import MAX_ELEMENTS, ViewConfig, fit
from normviz.export import export_npz, stats_csv
from normviz.i18n import InputError, Message, t
from normviz.tensors import from_sequence
from normviz.upload import (
    MB,
    UploadedTensor,
    clean_name,
    load_tensor,
    reading_refusal,
    shape_text,
    with_upload,
    without_upload,
)
from ui import memory, raw_uploads, upload_store
from ui.display import inert
from ui.state import config, set_config
from ui.upload_store import lookup, remember, session_upload

UPLOADER = "_w_upload_file"
CHOOSER = "_w_upload_array"
READING = "_w_upload_reading"  # a 3-D array's reading: True = N×T×D, False = N×C×L
READING_TEXTS = {True: "upload.panel.reading.ntd", False: "upload.panel.reading.ncl"}
ERROR = "_upload_error"  # the last refusal (an InputError), shown until the file changes
BUILDER = "_upload_builder_config"  # the generated tensor's configuration before the upload


def say(item: InputError | Message, lang: str) -> str:
    """An upload text for a Markdown element: the translation's own Markdown kept, every
    user-supplied parameter (file and array names, header fields) made inert; nested texts
    (a refusal's reason) likewise. The one place upload texts are escaped."""
    params = {
        key: say(value, lang) if isinstance(value, InputError | Message) else _inert(value)
        for key, value in item.params.items()
    }
    return t(item.key, lang, **params)


def _inert(value: object) -> object:
    return inert(value) if isinstance(value, str) else value


def max_upload_bytes() -> int:
    """server.maxUploadSize in bytes as Streamlit's server counts them (MB = 2**20 bytes):
    its hard cap, which it enforces before the app sees a file."""
    return int(st.get_option("server.maxUploadSize")) * 2**20


def upload_limit() -> int:
    """The app's limit, the one size its help text and its refusal state.

    server.maxUploadSize megabytes counted as the browser's uploader counts them (10**6
    bytes; Windows browsers count 2**20), never above the server's cap. A file over it that
    reaches the app (from a Windows browser, up to the server's 2**20-byte MB) gets the
    app's translated refusal; the other browsers refuse it themselves, at the same number.
    """
    return min(max_upload_bytes(), int(st.get_option("server.maxUploadSize")) * MB)


# ---------------------------------------------------------------------------------------
# Upload


def upload_controls(cfg: ViewConfig, lang: str) -> None:
    """The upload panel. Call it in the sidebar before the tensor builder's widgets."""
    check_source(cfg)
    with st.expander(t("upload.panel.title", lang), expanded=bool(cfg.source)):
        file = st.file_uploader(
            t("upload.panel.uploader", lang),
            type=["npy", "npz"],
            key=UPLOADER,
            on_change=_on_upload,
            help=t(
                "upload.panel.uploader.help",
                lang,
                limit=f"{MAX_ELEMENTS:,}",
                mb=st.get_option("server.maxUploadSize"),  # upload_limit() in MB
            ),
        )
        if file is None:  # a refusal belongs to the file it refused (gone on another page)
            st.session_state.pop(ERROR, None)
        error = st.session_state.get(ERROR)
        if error is not None:
            st.error(say(error, lang))
        shown = lookup(cfg.source) if cfg.source else None
        if shown is not None:
            _describe(shown, lang)
            st.button(t("upload.panel.back", lang), key="_w_upload_back", on_click=back)
        elif (mine := session_upload()) is not None:
            st.button(
                say(Message("upload.panel.again", label=mine.label), lang),
                key="_w_upload_again",
                on_click=show,
                args=(mine,),
            )
        st.caption(t("upload.panel.privacy", lang))


def _describe(upload: UploadedTensor, lang: str) -> None:
    dtype = str(upload.array.dtype)
    if upload.reading:  # a 3-D array: its shape, how it is read, and the choice of reading
        st.caption(
            say(
                Message(
                    "upload.panel.showing_3d",
                    label=upload.label,
                    shape=shape_text(upload.original_shape),
                    reading=upload.reading,
                    dtype=dtype,
                    view=shape_text(upload.shape),
                ),
                lang,
            )
        )
        st.session_state[READING] = upload.sequence
        st.radio(
            t("upload.panel.reading", lang),
            (False, True),
            key=READING,
            format_func=lambda sequence: t(READING_TEXTS[sequence], lang),
            on_change=_on_reading,
        )
    else:
        st.caption(
            say(
                Message(
                    "upload.panel.showing",
                    label=upload.label,
                    shape=shape_text(upload.shape),
                    dtype=dtype,
                ),
                lang,
            )
        )
    reshaped = upload.original_shape != upload.shape and not upload.reading
    if reshaped or upload.original_dtype != dtype:
        st.caption(
            t(
                "upload.panel.original",
                lang,
                shape=shape_text(upload.original_shape),
                dtype=upload.original_dtype,
            )
        )
    file = st.session_state.get(UPLOADER)
    if len(upload.array_names) > 1 and file is not None and clean_name(file.name) == upload.name:
        st.session_state[CHOOSER] = upload.array_name
        st.selectbox(
            t("upload.panel.choose", lang),
            list(upload.array_names),
            key=CHOOSER,
            on_change=_on_choose,
        )
    for note in upload.notes:
        st.caption(say(note, lang))


def check_source(cfg: ViewConfig) -> None:
    """Make a link's src= consistent with this server's uploads; rerun if it had to change."""
    if not cfg.source:
        return
    upload = lookup(cfg.source)
    if upload is None:
        new = without_upload(cfg)
        note = Message("upload.unknown_src", short=cfg.source[:8], shape=shape_text(new.shape))
        set_config(new, [note])
        st.rerun()
    new = with_upload(cfg, upload)
    if new != cfg:
        notes = []
        if new.shape != cfg.shape:
            notes.append(
                Message(
                    "upload.shape_fixed", link=shape_text(cfg.shape), shape=shape_text(new.shape)
                )
            )
        set_config(new, notes)
        st.rerun()


def _on_upload() -> None:
    """A file was added, replaced or removed in the uploader."""
    st.session_state.pop(ERROR, None)
    file = st.session_state.get(UPLOADER)
    if file is None:  # removed: leave the upload it showed
        mine = session_upload()
        if mine is not None and config().source == mine.digest:
            back()
        return
    try:  # parsing holds ~3 copies of the file for a moment: one at the memory gate
        with memory.gate().admit(3 * file.size):
            upload = _load(file.getvalue(), file.name, None)
    except InputError as busy:  # memory.busy: said in the panel, the file kept for a retry
        st.session_state[ERROR] = busy
        return
    if upload is None or len(upload.array_names) <= 1:  # read (or refused): the array is
        raw_uploads.release(file)  # what is kept; an .npz of several stays for the chooser


def _on_reading() -> None:
    """The other reading of the 3-D upload shown: the same array, no new upload."""
    cfg = config()
    upload = lookup(cfg.source) if cfg.source else None
    if upload is None:
        return
    sequence = bool(st.session_state[READING])
    refusal = reading_refusal(upload.original_shape, sequence)
    if refusal is not None:  # e.g. more than 1,024 features: said, the reading kept
        set_config(cfg, [refusal])
        return
    show(upload.read_as(sequence))


def _on_choose() -> None:
    file = st.session_state.get(UPLOADER)
    if file is not None:
        _load(file.getvalue(), file.name, st.session_state[CHOOSER])


def _load(data: bytes, name: str, array_name: str | None) -> UploadedTensor | None:
    """Read and show a file's array; None (the refusal kept to be shown) if refused."""
    try:
        upload = load_tensor(
            data,
            name,
            max_bytes=upload_limit(),
            max_elements=MAX_ELEMENTS,
            array_name=array_name,
        )
    except InputError as err:
        st.session_state[ERROR] = err
        return None
    show(upload)
    return upload


def show(upload: UploadedTensor) -> None:
    """Show an upload: keep it (session and server) and switch the view to it."""
    cfg = config()
    if not cfg.source:
        st.session_state[BUILDER] = cfg
    remember(upload)
    set_config(with_upload(cfg, upload))


def back() -> None:
    """Back to the generated tensor the session had before, with the current method and ε."""
    cfg = config()
    builder = st.session_state.get(BUILDER)
    if builder is None:
        set_config(without_upload(cfg))
        return
    new = replace(builder, method=cfg.method, eps=cfg.eps, groups=cfg.groups, source="")
    set_config(fit(new)[0])


# ---------------------------------------------------------------------------------------
# Export


def export_controls(cfg: ViewConfig, lang: str) -> None:
    """Download buttons for the current tensor, its normalization and its statistics."""
    st.subheader(t("export.title", lang))
    if nv.training_refusal(cfg.shape, cfg.method, cfg.group_count) is not None:
        st.caption(
            t(
                "export.unavailable",
                lang,
                method=t(f"method.long.{cfg.method}", lang),
                shape=shape_text(cfg.shape),
            )
        )
        return
    upload = lookup(cfg.source) if cfg.source else None
    stem = file_stem(upload.name) if upload is not None else "generated"
    for kind, build, suffix, mime in (
        ("npz", npz_bytes, ".npz", "application/octet-stream"),
        ("csv", csv_text, "_stats.csv", "text/csv"),
    ):
        st.download_button(
            t(f"export.{kind}", lang),
            data=partial(built_when_clicked, build, cfg),
            file_name=f"normviz_{stem}_{cfg.method}{suffix}",
            mime=mime,
            help=t(f"export.{kind}.help", lang),
            on_click="ignore",
            key=f"_w_export_{kind}",
        )


def file_stem(name: str) -> str:
    """An upload's name as part of a download's file name: letters, digits, - and _ only."""
    stem = re.sub(r"[^\w-]+", "_", PurePath(name.replace("\\", "/")).stem).strip("_")
    return stem[:40] or "upload"


def _normalized(cfg: ViewConfig, upload: UploadedTensor | None) -> nv.Normalized:
    """Runs on the download thread: no Streamlit call, no cache, the upload by reference."""
    from ui.compute import build_tensor, tensor_key

    x = upload.array if upload is not None else build_tensor(tensor_key(cfg))
    return nv.normalize(
        x,
        cfg.method,
        groups=cfg.group_count,
        eps=cfg.eps,
        gamma=np.array(cfg.gamma),
        beta=np.array(cfg.beta),
    )


def built_when_clicked(build, cfg: ViewConfig):
    """A download's data, built on Streamlit's download thread when the button is clicked,
    the upload found there by its digest (cfg.source). Streamlit keeps a session's deferred
    downloads for the session's life: holding the upload itself there pinned every student's
    array outside the upload store's bound (27 × 47 MB after 40 uploads, issue 16)."""
    upload = upload_store.store().get(cfg.source) if cfg.source else None
    if cfg.source and upload is None:  # evicted since: Streamlit says the file was not made
        raise InputError("upload.missing", source=cfg.source[:8])
    return build(cfg, upload)


def export_info(cfg: ViewConfig, upload: UploadedTensor | None) -> dict[str, object]:
    if upload is not None:
        return {
            "source": upload.label,
            "digest": upload.digest,
            "original_dtype": upload.original_dtype,
        }
    return {"preset": cfg.preset, "seed": cfg.seed}


def npz_bytes(cfg: ViewConfig, upload: UploadedTensor | None) -> bytes:
    """The .npz export; x in the uploaded file's own shape (e.g. N×C×L or N×T×D), a
    generated sequence as N×T×D; its "layout" entry names the axes."""
    result = _normalized(cfg, upload)
    if upload is not None:
        x, sequence = upload.to_file(result.x), upload.sequence
    else:
        x, sequence = (from_sequence(result.x) if cfg.sequence else result.x), cfg.sequence
    return export_npz(x, result, export_info(cfg, upload), sequence=sequence)


def csv_text(cfg: ViewConfig, upload: UploadedTensor | None) -> str:
    return stats_csv(_normalized(cfg, upload))
