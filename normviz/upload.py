"""Bring your own tensor: read a .npy or .npz safely and map it to the app's N×C(×H×W) view.

Pure numpy, no Streamlit. Nothing is ever unpickled, and nothing is decompressed before its
header has said what it holds:

- the format is told by the first bytes (NumPy's b"\\x93NUMPY" or a zip archive's b"PK"),
  not by the file name;
- a .npy header (dtype, shape) is read and checked before the data is touched;
- an .npz is opened with zipfile, never with np.load: the number of members and their
  declared uncompressed sizes are checked from the zip directory, then each member's .npy
  header is read (a few hundred bytes decompressed), and only the one array chosen is
  decompressed, exactly as many bytes as its header announces. A small file that would
  expand to gigabytes is refused from its header.

Accepted: 2-D N×C, 3-D N×C×L and 4-D N×C×H×W arrays of booleans, integers or floats, finite,
with at most `max_elements` elements. Kept as float32 or float64 (float16 and booleans become
float32, integers float64). A 2-D array is the app's fully connected N×C tensor; a 3-D
N×C×L array is shown as N×C×1×L, which every method groups exactly as N×C×L (the statistics
are the same, tests/test_upload.py checks it).

Each axis has a cap as well (normviz.config.UPLOAD_DIM_LIMITS, and H·W ≤ MAX_SPATIAL), set
from what the pages were measured to handle.

Every refusal is an InputError (normviz.i18n) whose text exists in English and Chinese
(normviz/locales/wip/upload.py). Texts hold the file's name as given: show them as plain
text (ui.upload_panel escapes Markdown).
"""

from __future__ import annotations

import hashlib
import io
import math
import unicodedata
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from normviz.config import (
    CUSTOM,
    DEFAULT,
    DIM_LIMITS,
    MAX_ELEMENTS,
    UPLOAD_DIM_LIMITS,
    WORKED,
    ViewConfig,
    fit,
)
from normviz.i18n import InputError, Message, message, t

NPY_MAGIC = b"\x93NUMPY"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with members, an empty zip
MAX_NPZ_MEMBERS = 64  # files inside an .npz: headers of at most this many are read
MAX_HEADER_BYTES = 10_000  # a .npy header longer than this is refused (numpy's own default)
NPZ_TOTAL_FACTOR = 4  # an .npz may declare at most this many full-size arrays, uncompressed
MAX_SPATIAL = 65_536  # H·W (or L): the step page draws one (n, c) slice as three heatmaps
MAX_NAME = 120  # characters of a file name kept for display
MAX_ABS = 1e150  # larger values would overflow σ² (their squares pass 1e300)
EXACT_INTEGERS = 2**53  # float64 holds every integer up to here exactly
AXES = {2: ("N", "C"), 3: ("N", "C", "L"), 4: ("N", "C", "H", "W")}
VIEW_DIMS = {"N": "n", "C": "c", "L": "w", "H": "h", "W": "w"}  # L is shown as W (H = 1)


class UploadError(InputError):
    """An InputError whose parameters may be texts of their own (a refusal inside a refusal)."""

    def message(self, lang: str) -> str:
        return t(self.key, lang, **_translated(self.params, lang))


class Note(Message):
    """A note about an upload, in any language; parameters may be translatable texts too."""

    def message(self, lang: str) -> str:
        return t(self.key, lang, **_translated(self.params, lang))


def _translated(params: Mapping[str, object], lang: str) -> dict[str, object]:
    return {
        k: message(v, lang) if isinstance(v, InputError | Message) else v for k, v in params.items()
    }


@dataclass(frozen=True, eq=False)
class UploadedTensor:
    """A checked upload: the array as the app shows it, and where it came from."""

    array: np.ndarray  # read-only float32/float64, (N, C) or (N, C, H, W); 3-D is N×C×1×L
    name: str  # the file name
    digest: str  # sha256 (hex) of the file's bytes, and of the array's name in an .npz
    original_shape: tuple[int, ...]
    original_dtype: str
    array_name: str | None = None  # the array shown, for an .npz
    array_names: tuple[str, ...] = ()  # every array of an .npz, in file order
    notes: tuple[Note, ...] = ()

    @property
    def shape(self) -> tuple[int, ...]:
        return self.array.shape

    @property
    def fully_connected(self) -> bool:
        return self.array.ndim == 2

    @property
    def nbytes(self) -> int:
        return self.array.nbytes

    @property
    def label(self) -> str:
        """The file name, and the array's name for an .npz: 'acts.npz › layer3'."""
        return f"{self.name} › {self.array_name}" if self.array_name is not None else self.name


def shape_text(shape: tuple[int, ...]) -> str:
    return "×".join(map(str, shape)) if shape else "()"


def clean_name(filename: str) -> str:
    """A file name fit to show: no control or direction characters, at most MAX_NAME long."""
    kept = "".join(ch for ch in str(filename) if unicodedata.category(ch)[0] != "C")
    return kept[:MAX_NAME] or "upload"


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f}"


# ---------------------------------------------------------------------------------------
# Reading


def load_tensor(
    data: bytes,
    filename: str,
    *,
    max_bytes: int,
    max_elements: int = MAX_ELEMENTS,
    array_name: str | None = None,
    dim_limits: Mapping[str, tuple[int, int]] = UPLOAD_DIM_LIMITS,
    max_spatial: int = MAX_SPATIAL,
) -> UploadedTensor:
    """The array of a .npy or .npz file, checked and converted; InputError if refused.

    For an .npz, `array_name` picks the array; None takes the first one that can be shown
    (the others are listed in `array_names`, and skipped ones explained in `notes`).
    """
    data = bytes(data)
    filename = clean_name(filename)
    if not data:
        raise InputError("upload.empty_file", filename=filename)
    if len(data) > max_bytes:
        raise InputError(
            "upload.too_large_file", filename=filename, size=_mb(len(data)), limit=_mb(max_bytes)
        )
    limits = _Limits(max_elements, dim_limits, max_spatial)
    if data.startswith(NPY_MAGIC):
        array, shape, dtype, notes = _read_npy(data, filename, limits)
        chosen, names = None, ()
    elif data.startswith(ZIP_MAGICS):
        array, shape, dtype, notes, chosen, names = _read_npz(data, filename, limits, array_name)
    else:
        raise InputError("upload.unknown_format", filename=filename)
    digest = hashlib.sha256(data)
    if chosen is not None:
        digest.update(b"\x00" + chosen.encode("utf-8"))
    return UploadedTensor(
        array=array,
        name=filename,
        digest=digest.hexdigest(),
        original_shape=shape,
        original_dtype=str(dtype),
        array_name=chosen,
        array_names=names,
        notes=tuple(notes),
    )


@dataclass(frozen=True)
class _Limits:
    max_elements: int
    dims: Mapping[str, tuple[int, int]]
    spatial: int


def _read_header(fp, filename: str) -> tuple[tuple[int, ...], bool, np.dtype]:
    """shape, Fortran order and dtype from a .npy header, reading nothing past it."""
    try:
        version = np.lib.format.read_magic(fp)
    except (ValueError, EOFError, OSError) as err:
        raise InputError("upload.bad_header", filename=filename) from err
    readers = {
        (1, 0): np.lib.format.read_array_header_1_0,
        (2, 0): np.lib.format.read_array_header_2_0,
    }
    if version not in readers:  # 3.0 exists only for structured dtypes with unicode names
        raise InputError("upload.version", filename=filename, version=".".join(map(str, version)))
    try:
        shape, fortran, dtype = readers[version](fp, max_header_size=MAX_HEADER_BYTES)
    except InputError:
        raise
    except Exception as err:  # an untrusted header: whatever numpy's parser raises means damaged
        if isinstance(err, zipfile.BadZipFile | zlib.error):
            raise InputError("upload.bad_zip", filename=filename) from err
        raise InputError("upload.bad_header", filename=filename) from err
    return tuple(int(s) for s in shape), bool(fortran), np.dtype(dtype)


def _check_dtype(dtype: np.dtype) -> None:
    if dtype.hasobject or dtype.names is not None or dtype.kind == "V" or dtype.subdtype:
        raise InputError("upload.pickled", dtype=str(dtype))
    if dtype.kind == "c":
        raise InputError("upload.complex", dtype=str(dtype))
    if dtype.kind not in "biuf":
        raise InputError("upload.not_numbers", dtype=str(dtype))


def view_shape(shape: tuple[int, ...]) -> tuple[int, ...]:
    """The app's view of an array: N×C, N×C×1×L (for N×C×L) or N×C×H×W."""
    if len(shape) == 3:
        n, c, length = shape
        return (n, c, 1, length)
    return tuple(shape)


def _check_shape(shape: tuple[int, ...], limits: _Limits) -> None:
    if len(shape) not in AXES:
        raise InputError("upload.ndim", ndim=len(shape), shape=str(shape))
    size = math.prod(shape)
    if size == 0:
        raise InputError("upload.empty_array", shape=shape_text(shape))
    if size > limits.max_elements:
        raise InputError(
            "upload.too_many_elements",
            shape=shape_text(shape),
            size=f"{size:,}",
            limit=f"{limits.max_elements:,}",
        )
    for axis, value in zip(AXES[len(shape)], shape, strict=True):
        hi = limits.dims[VIEW_DIMS[axis]][1]
        if value > hi:
            raise InputError(
                "upload.dim_too_large",
                axis=axis,
                value=f"{value:,}",
                limit=f"{hi:,}",
                shape=shape_text(shape),
            )
    spatial = math.prod(shape[2:])
    if spatial > limits.spatial:
        raise InputError(
            "upload.spatial_too_large",
            shape=shape_text(shape),
            spatial=f"{spatial:,}",
            limit=f"{limits.spatial:,}",
        )


def _from_bytes(buf: bytes, shape: tuple[int, ...], fortran: bool, dtype: np.dtype) -> np.ndarray:
    flat = np.frombuffer(buf, dtype=dtype, count=math.prod(shape))
    return flat.reshape(shape[::-1]).T if fortran else flat.reshape(shape)


def _finish(raw: np.ndarray, limits: _Limits) -> tuple[np.ndarray, list[Note]]:
    """Converted to float32/float64 (a C-ordered copy), checked finite, shaped as the view."""
    notes: list[Note] = []
    kind, size = raw.dtype.kind, raw.dtype.itemsize
    if kind == "b":
        target = np.dtype(np.float32)
        notes.append(Note("upload.note.bool"))
    elif kind in "iu":
        target = np.dtype(np.float64)
        notes.append(Note("upload.note.converted", dtype=str(raw.dtype), target="float64"))
    elif size <= 2:
        target = np.dtype(np.float32)
        notes.append(Note("upload.note.converted", dtype=str(raw.dtype), target="float32"))
    elif size > 8:
        target = np.dtype(np.float64)
        notes.append(Note("upload.note.converted", dtype=str(raw.dtype), target="float64"))
    else:
        target = np.dtype(np.float32 if size == 4 else np.float64)
    if kind in "iu" and size == 8 and raw.size:
        largest = max(abs(int(raw.min())), abs(int(raw.max())))
        if largest > EXACT_INTEGERS:
            notes.append(Note("upload.note.int_precision", largest=f"{largest:.3e}"))
    array = np.array(raw, dtype=target, order="C")  # a copy: detached from the file's bytes
    finite = np.isfinite(array)
    if not finite.all():
        nan = int(np.isnan(array).sum())
        inf = int(array.size - finite.sum()) - nan
        first = np.unravel_index(int(np.argmin(finite.reshape(-1))), array.shape)
        raise InputError(
            "upload.non_finite",
            nan=f"{nan:,}",
            inf=f"{inf:,}",
            index=str(list(map(int, first))),
        )
    if target == np.float64:
        largest = float(np.abs(array).max())
        if largest > MAX_ABS:
            raise InputError("upload.huge_values", largest=f"{largest:.3e}", limit=f"{MAX_ABS:.0e}")
    if array.ndim == 2:
        notes.append(Note("upload.note.fully_connected", shape=shape_text(array.shape)))
    if array.ndim == 3:
        n, c, length = array.shape
        notes.append(
            Note(
                "upload.note.three_d",
                shape=shape_text(array.shape),
                view=shape_text((n, c, 1, length)),
            )
        )
        array = array.reshape(n, c, 1, length)
    array.flags.writeable = False  # shared by every session that shows it
    return array, notes


def _read_npy(
    data: bytes, filename: str, limits: _Limits
) -> tuple[np.ndarray, tuple[int, ...], np.dtype, list[Note]]:
    fp = io.BytesIO(data)
    shape, fortran, dtype = _read_header(fp, filename)
    _check_dtype(dtype)
    _check_shape(shape, limits)
    start = fp.tell()
    need = math.prod(shape) * dtype.itemsize
    got = len(data) - start
    if got < need:
        raise InputError(
            "upload.truncated", filename=filename, expected=f"{need:,}", got=f"{got:,}"
        )
    array, notes = _finish(_from_bytes(data[start : start + need], shape, fortran, dtype), limits)
    if got > need:
        notes.append(Note("upload.note.trailing", extra=f"{got - need:,}"))
    return array, shape, dtype, notes


def _read_npz(
    data: bytes, filename: str, limits: _Limits, array_name: str | None
) -> tuple[np.ndarray, tuple[int, ...], np.dtype, list[Note], str, tuple[str, ...]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as err:
        raise InputError("upload.bad_zip", filename=filename) from err
    if len(infos) > MAX_NPZ_MEMBERS:
        raise InputError(
            "upload.too_many_members", filename=filename, count=len(infos), limit=MAX_NPZ_MEMBERS
        )
    total = sum(info.file_size for info in infos)
    total_limit = NPZ_TOTAL_FACTOR * (limits.max_elements * 8 + MAX_HEADER_BYTES)
    if total > total_limit:
        raise InputError(
            "upload.npz_too_big",
            filename=filename,
            size=_mb(total),
            limit=_mb(total_limit),
        )
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:  # np.savez stores array "x" as member "x.npy"
        if info.filename.endswith(".npy") and not info.is_dir():
            members.setdefault(info.filename[: -len(".npy")], info)
    names = tuple(members)
    if not names:
        raise InputError("upload.no_arrays", filename=filename)
    if array_name is not None and array_name not in members:
        raise InputError(
            "upload.unknown_array", filename=filename, name=array_name, names=", ".join(names)
        )
    skipped: list[tuple[str, InputError]] = []
    for name in [array_name] if array_name is not None else names:
        try:
            array, shape, dtype, notes = _read_member(archive, members[name], filename, limits)
        except InputError as err:
            if array_name is not None:
                raise UploadError("upload.in_array", name=name, reason=err) from err
            skipped.append((name, err))
            continue
        notes = [Note("upload.note.skipped", name=n, reason=e) for n, e in skipped] + notes
        if len(names) > 1:
            notes.insert(0, Note("upload.note.chosen", name=name, count=len(names)))
        return array, shape, dtype, notes, name, names
    first, reason = skipped[0]
    if len(names) == 1:
        raise UploadError("upload.in_array", name=first, reason=reason) from reason
    raise UploadError(
        "upload.no_valid_array", filename=filename, count=len(names), name=first, reason=reason
    )


def _read_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, filename: str, limits: _Limits
) -> tuple[np.ndarray, tuple[int, ...], np.dtype, list[Note]]:
    """One .npz member: its header first, then exactly the bytes it announces."""
    try:
        with archive.open(info) as fp:
            shape, fortran, dtype = _read_header(fp, filename)
            _check_dtype(dtype)
            _check_shape(shape, limits)
            start = fp.tell()
            need = math.prod(shape) * dtype.itemsize
            if info.file_size < start + need:
                raise InputError(
                    "upload.truncated",
                    filename=filename,
                    expected=f"{need:,}",
                    got=f"{max(info.file_size - start, 0):,}",
                )
            if info.file_size > start + need:  # np.savez writes exactly header + data
                raise InputError("upload.bad_zip", filename=filename)
            buf = fp.read(need)  # reading to the member's end checks its CRC
    except InputError:
        raise
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        RuntimeError,  # encrypted
        NotImplementedError,  # unknown compression
        ValueError,
    ) as err:
        raise InputError("upload.bad_zip", filename=filename) from err
    if len(buf) < need:
        raise InputError(
            "upload.truncated", filename=filename, expected=f"{need:,}", got=f"{len(buf):,}"
        )
    array, notes = _finish(_from_bytes(buf, shape, fortran, dtype), limits)
    return array, shape, dtype, notes


# ---------------------------------------------------------------------------------------
# The view configuration of an upload


def with_upload(cfg: ViewConfig, upload: UploadedTensor) -> ViewConfig:
    """cfg showing the uploaded tensor: its shape, the same method, ε, element where possible.

    γ and β stay when C stays (fit resizes them otherwise); the worked example's γ, β go.
    """
    shape = upload.shape
    n, c = shape[:2]
    h, w = shape[2:] if len(shape) == 4 else (1, 1)
    new = replace(
        cfg,
        source=upload.digest,
        n=n,
        c=c,
        h=h,
        w=w,
        fully_connected=upload.fully_connected,
    )
    if cfg.preset == WORKED:  # its γ, β belong to the worked example, not to this tensor
        new = replace(new, preset=CUSTOM, gamma=(1.0,), beta=(0.0,))
    return fit(new)[0]


def without_upload(cfg: ViewConfig) -> ViewConfig:
    """cfg back on a generated tensor: the shape clamped to the builder's limits."""
    dims = {}
    for dim, (lo, hi) in DIM_LIMITS.items():
        dims[dim] = min(max(getattr(cfg, dim), lo), hi)
    new = replace(cfg, source="", **dims)
    if new.size > MAX_ELEMENTS:
        new = replace(new, n=DEFAULT.n, c=DEFAULT.c, h=DEFAULT.h, w=DEFAULT.w)
    return fit(new)[0]
