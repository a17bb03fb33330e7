"""Bring your own tensor: read a .npy or .npz safely and map it to the app's N×C(×H×W) view.

Pure numpy, no Streamlit. Nothing is ever unpickled, and nothing is decompressed before its
header has said what it holds:

- the format is told by the first bytes (NumPy's b"\\x93NUMPY" or a zip archive's b"PK"),
  not by the file name;
- both formats go through one reader: a .npy header (_header) is read and every field of it
  checked (its length before its text, which is parsed as a literal: descr a plain numeric
  type, fortran_order a bool, shape a tuple of ints from 0 to 2**63 − 1) before any data is
  touched; then exactly the bytes it announces are used: a .npy's viewed in place, without a
  copy (_in_place), an .npz member's decompressed in chunks into one buffer (_array);
- an .npz is opened with zipfile, never with np.load: the number of members and their
  declared uncompressed sizes are checked from the zip directory, then a member's .npy
  header (at most MAX_HEADER_BYTES decompressed), that the directory's size matches it, and
  its compression ratio; only then is its data decompressed, never more bytes than its
  header announced. Only the member shown is decompressed (another one only if that one's
  values are refused, within one full-size array in all).

Accepted: 2-D N×C, 3-D and 4-D N×C×H×W arrays of booleans, integers or floats, finite,
with at most `max_elements` elements. Kept as float32 or float64 (float16 and booleans become
float32, integers float64). A 2-D array is the app's fully connected N×C tensor. A 3-D array
has two readings, the user's choice (UploadedTensor.read_as): N×C×L (batch, channels, length:
how BatchNorm1d, InstanceNorm1d and GroupNorm read a 3-D input; the default, as links made
before there were two readings meant), shown as N×C×1×L, which every method groups exactly as
N×C×L; or N×T×D (batch, tokens, features: a transformer's activations, nn.LayerNorm(D)), held
as the view N×D×1×T (normviz.tensors.as_sequence). tests/test_upload.py checks both.

Each axis has a cap as well (normviz.config.UPLOAD_DIM_LIMITS, and H·W ≤ MAX_SPATIAL), set
from what the pages were measured to handle.

Every refusal is an InputError (normviz.i18n) whose text exists in English and Chinese
(normviz/locales/en.py, zh.py). Texts hold the file's name as given: show them as plain
text (ui.upload_panel escapes Markdown).
"""

from __future__ import annotations

import ast
import contextlib
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
from normviz.tensors import as_sequence

NPY_MAGIC = b"\x93NUMPY"
ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with members, an empty zip
MAX_NPZ_MEMBERS = 64  # files inside an .npz: headers of at most this many are read
MAX_HEADER_BYTES = 10_000  # a .npy header longer than this is refused (numpy's own default)
LENGTH_FIELD = {(1, 0): 2, (2, 0): 4}  # .npy versions read: bytes of their header-length field
MAX_DIM = 2**63 - 1  # a dimension of a .npy shape: 0 to numpy's largest index
MAX_DESCR = 100  # characters of a header's type string ("<f4", "|b1": a few)
FULL_ITEMSIZE = 8  # bytes per value of a full-size array (MAX_ELEMENTS float64 values)
NPZ_TOTAL_FACTOR = 4  # an .npz may declare at most this many full-size arrays, uncompressed
MAX_RATIO = 100  # an .npz member inflating more than this (real activations: 1–3×) …
RATIO_FLOOR = 2**20  # … to more than this many bytes is refused before it is decompressed
CHUNK = 2**20  # bytes read (and decompressed) at a time
MB = 10**6  # a megabyte as the browser's uploader counts it (1000-based except on Windows)
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    RuntimeError,  # encrypted
    NotImplementedError,  # unknown compression
    ValueError,
)
MAX_SPATIAL = 65_536  # H·W (or L): the step page draws one (n, c) slice as three heatmaps
MAX_NAME = 120  # characters of a file name kept for display
MAX_ABS = 1e150  # larger values would overflow σ² (their squares pass 1e300)
EXACT_INTEGERS = 2**53  # float64 holds every integer up to here exactly
AXES = {2: ("N", "C"), 3: ("N", "C", "L"), 4: ("N", "C", "H", "W")}
SEQUENCE_AXES = ("N", "T", "D")  # a 3-D array read as a sequence
VIEW_DIMS = {"N": "n", "C": "c", "L": "w", "H": "h", "W": "w", "T": "w", "D": "c"}  # L, T as W
READINGS = {True: "N×T×D", False: "N×C×L"}  # a 3-D array's two readings (sequence or not)


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

    array: np.ndarray  # read-only float32/float64, (N, C) or (N, C, H, W), as the app shows it
    name: str  # the file name
    digest: str  # this reading's id: file_digest, or derived from it for a 3-D N×T×D reading
    original_shape: tuple[int, ...]
    original_dtype: str
    array_name: str | None = None  # the array shown, for an .npz
    array_names: tuple[str, ...] = ()  # every array of an .npz, in file order
    notes: tuple[Note, ...] = ()
    data: np.ndarray | None = None  # the same values in the file's own shape (a view)
    file_digest: str = ""  # sha256 (hex) of the file's bytes, and of the array's name in an .npz
    sequence: bool = False  # a 3-D array read as N×T×D (held as N×D×1×T), not as N×C×L
    readings: tuple[bool, ...] = ()  # a 3-D array's readings within the limits (sequence or not)

    def read_as(self, sequence: bool) -> UploadedTensor:
        """The same upload under the other reading of a 3-D array (nothing is copied)."""
        if sequence == self.sequence or self.data is None or self.data.ndim != 3:
            return self
        return replace(
            self,
            array=_view(self.data, sequence),
            digest=reading_digest(self.file_digest, sequence),
            sequence=sequence,
        )

    @property
    def reading(self) -> str:
        """The axes of the file's array as read: "N×T×D", "N×C×L", or "" (2-D and 4-D)."""
        return READINGS[self.sequence] if len(self.original_shape) == 3 else ""

    @property
    def shape(self) -> tuple[int, ...]:
        return self.array.shape

    @property
    def fully_connected(self) -> bool:
        return self.array.ndim == 2

    @property
    def nbytes(self) -> int:
        return self.array.nbytes

    def to_file(self, x: np.ndarray) -> np.ndarray:
        """An array of the app's shape (like `array`) in the file's own shape."""
        if self.sequence:
            return np.moveaxis(x[:, :, 0, :], 1, 2)
        return x.reshape(self.original_shape)

    @property
    def label(self) -> str:
        """The file name, and the array's name for an .npz: 'acts.npz › layer3'."""
        return f"{self.name} › {self.array_name}" if self.array_name is not None else self.name


def reading_digest(file_digest: str, sequence: bool) -> str:
    """The id of one reading of an upload: the file's digest for N×C×L (so links made before
    there were two readings still work), a digest derived from it for N×T×D."""
    if not sequence:
        return file_digest
    return hashlib.sha256(f"{file_digest}:N×T×D".encode()).hexdigest()


def _view(data: np.ndarray, sequence: bool) -> np.ndarray:
    """The app's N×C×H×W view of the file's array (a view, never a copy)."""
    if data.ndim != 3:
        return data
    if sequence:
        return as_sequence(data)  # N×T×D → N×D×1×T
    n, c, length = data.shape
    return data.reshape(n, c, 1, length)


def shape_text(shape: tuple[int, ...]) -> str:
    return "×".join(map(str, shape)) if shape else "()"


def clean_name(filename: str, fallback: str = "upload") -> str:
    """A file name fit to show: no control or direction characters, at most MAX_NAME long."""
    kept = "".join(ch for ch in str(filename) if unicodedata.category(ch)[0] != "C")
    return kept[:MAX_NAME] or fallback


def _mb(size: int) -> str:
    return f"{size / MB:.1f}"


def _short(value: object, limit: int = 60) -> str:
    """A header field as written, cut short for a message."""
    text = clean_name(repr(value) if not isinstance(value, str) else value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    sequence: bool | None = None,
) -> UploadedTensor:
    """The array of a .npy or .npz file, checked and converted; InputError if refused.

    For an .npz, `array_name` picks the array; None takes the first one that can be shown
    (the others are listed in `array_names`, and skipped ones explained in `notes`).
    A 3-D array is read as N×T×D if `sequence`, as N×C×L if not; None: N×C×L when its sizes
    allow it, else N×T×D (`readings` lists the readings within the limits).
    A refusal carries no traceback: a kept error does not keep the file's buffers alive.
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
    try:
        if data.startswith(NPY_MAGIC):
            array, head, notes = _read_npy(data, filename, limits)
            chosen, names = None, ()
        elif data.startswith(ZIP_MAGICS):
            array, head, notes, chosen, names = _read_npz(data, filename, limits, array_name)
        else:
            raise InputError("upload.unknown_format", filename=filename)
    except InputError as err:
        raise _detached(err) from None
    digest = hashlib.sha256(data)
    if chosen is not None:
        digest.update(b"\x00" + chosen.encode("utf-8"))
    readings = _readings(head.shape, limits) if len(head.shape) == 3 else ()
    if sequence is None:
        sequence = False not in readings
    elif readings and sequence not in readings:
        raise _shape_error(head.shape, limits, sequence)
    sequence = sequence and len(head.shape) == 3
    return UploadedTensor(
        array=_view(array, sequence),
        name=filename,
        digest=reading_digest(digest.hexdigest(), sequence),
        original_shape=head.shape,
        original_dtype=str(head.dtype),
        array_name=chosen,
        array_names=names,
        notes=tuple(notes),
        data=array,
        file_digest=digest.hexdigest(),
        sequence=sequence,
        readings=readings,
    )


def _detached(err: InputError) -> InputError:
    """err without tracebacks (its own, its causes', its nested reasons'): they hold buffers."""
    seen: set[int] = set()
    todo: list[BaseException] = [err]
    while todo:
        item = todo.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        item.__traceback__ = None
        todo += [e for e in (item.__cause__, item.__context__) if e is not None]
        if isinstance(item, InputError):
            todo += [v for v in item.params.values() if isinstance(v, BaseException)]
    return err


@dataclass(frozen=True)
class _Limits:
    max_elements: int
    dims: Mapping[str, tuple[int, int]]
    spatial: int


@dataclass(frozen=True)
class _Header:
    """A checked .npy header: what the data is, and where it starts."""

    shape: tuple[int, ...]
    fortran: bool
    dtype: np.dtype
    offset: int  # bytes before the data: magic, version, length and header text

    @property
    def nbytes(self) -> int:
        return math.prod(self.shape) * self.dtype.itemsize


def _read_upto(fp, size: int) -> bytes:
    """At most `size` bytes of fp (fewer only at its end)."""
    parts, got = [], 0
    while got < size:
        part = fp.read(min(size - got, CHUNK))
        if not part:
            break
        parts.append(part)
        got += len(part)
    return b"".join(parts)


def _header(fp, filename: str, limits: _Limits) -> _Header:
    """The .npy header at fp, every field checked before use; nothing past it is read.

    The length field is checked before the header text is read, so a header announcing
    gigabytes costs nothing; the text is parsed as a literal (never executed) and must be
    exactly numpy's dict: descr a plain type string, fortran_order a bool, shape a tuple of
    ints from 0 to MAX_DIM.
    """
    prefix = _read_upto(fp, len(NPY_MAGIC) + 2)
    if len(prefix) < len(NPY_MAGIC) + 2 or not prefix.startswith(NPY_MAGIC):
        raise InputError("upload.bad_header", filename=filename)
    version = (prefix[-2], prefix[-1])
    if version not in LENGTH_FIELD:  # 3.0 exists only for structured dtypes with unicode names
        raise InputError("upload.version", filename=filename, version="{}.{}".format(*version))
    field = _read_upto(fp, LENGTH_FIELD[version])
    if len(field) < LENGTH_FIELD[version]:
        raise InputError("upload.bad_header", filename=filename)
    length = int.from_bytes(field, "little")
    if length > MAX_HEADER_BYTES:
        raise InputError(
            "upload.header_too_long",
            filename=filename,
            size=f"{length:,}",
            limit=f"{MAX_HEADER_BYTES:,}",
        )
    text = _read_upto(fp, length)
    if len(text) < length:
        raise InputError("upload.bad_header", filename=filename)
    try:
        fields = ast.literal_eval(text.decode("latin1"))
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError) as err:
        raise InputError("upload.bad_header", filename=filename) from err
    if not isinstance(fields, dict) or set(fields) != {"descr", "fortran_order", "shape"}:
        raise InputError("upload.bad_header", filename=filename)
    shape, fortran = fields["shape"], fields["fortran_order"]
    if type(fortran) is not bool:
        raise InputError("upload.bad_fortran_order", filename=filename, value=_short(fortran))
    if type(shape) is not tuple or not all(type(d) is int and 0 <= d <= MAX_DIM for d in shape):
        raise InputError("upload.bad_shape", filename=filename, shape=_short(shape))
    dtype = _dtype(fields["descr"], filename)
    _check_shape(shape, limits)
    return _Header(shape, fortran, dtype, len(prefix) + len(field) + length)


def _dtype(descr: object, filename: str) -> np.dtype:
    """The header's descr as a dtype: booleans, integers or floats only."""
    if isinstance(descr, list):  # numpy writes structured dtypes as a list of fields
        raise InputError("upload.pickled", dtype=_short(descr))
    if not isinstance(descr, str) or len(descr) > MAX_DESCR:
        raise InputError("upload.bad_dtype", filename=filename, descr=_short(descr))
    try:
        dtype = np.dtype(descr)
    except Exception as err:  # an untrusted type string: whatever numpy's parser raises
        raise InputError("upload.bad_dtype", filename=filename, descr=_short(descr)) from err
    if dtype.hasobject or dtype.names is not None or dtype.kind == "V" or dtype.subdtype:
        raise InputError("upload.pickled", dtype=_short(str(dtype)))
    if dtype.kind == "c":
        raise InputError("upload.complex", dtype=str(dtype))
    if dtype.kind not in "biuf":
        raise InputError("upload.not_numbers", dtype=_short(str(dtype)))
    return dtype


def view_shape(shape: tuple[int, ...], sequence: bool = False) -> tuple[int, ...]:
    """The app's view of an array: N×C, N×C×1×L (for N×C×L), N×D×1×T (for N×T×D, when
    `sequence`) or N×C×H×W."""
    if len(shape) == 3:
        if sequence:
            n, tokens, features = shape
            return (n, features, 1, tokens)
        n, c, length = shape
        return (n, c, 1, length)
    return tuple(shape)


def _readings(shape: tuple[int, ...], limits: _Limits) -> tuple[bool, ...]:
    """The readings of a 3-D shape within the limits: True (N×T×D), False (N×C×L)."""
    return tuple(s for s in (True, False) if _shape_error(shape, limits, s) is None)


def reading_refusal(
    shape: tuple[int, ...],
    sequence: bool,
    *,
    max_elements: int = MAX_ELEMENTS,
    dim_limits: Mapping[str, tuple[int, int]] = UPLOAD_DIM_LIMITS,
    max_spatial: int = MAX_SPATIAL,
) -> InputError | None:
    """Why a 3-D array of this shape cannot be read as N×T×D (`sequence`) or N×C×L, or None."""
    return _shape_error(shape, _Limits(max_elements, dim_limits, max_spatial), sequence)


def _check_shape(shape: tuple[int, ...], limits: _Limits) -> None:
    """Refused unless the shape fits the limits (a 3-D one under at least one reading)."""
    error = _shape_error(shape, limits, False)
    if error is not None and len(shape) == 3 and not _shape_error(shape, limits, True):
        return  # too large as N×C×L, shown as N×T×D
    if error is not None:
        raise error


def _shape_error(shape: tuple[int, ...], limits: _Limits, sequence: bool) -> InputError | None:
    """Why the shape does not fit the limits (read as N×T×D if `sequence` and 3-D), or None."""
    try:
        _check_axes(shape, limits, sequence)
    except InputError as err:
        return err
    return None


def _check_axes(shape: tuple[int, ...], limits: _Limits, sequence: bool) -> None:
    if len(shape) not in AXES:
        raise InputError("upload.ndim", ndim=len(shape), shape=_short(shape))
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
    sequence = sequence and len(shape) == 3
    for axis, value in zip(SEQUENCE_AXES if sequence else AXES[len(shape)], shape, strict=True):
        hi = limits.dims[VIEW_DIMS[axis]][1]
        if value > hi:
            raise InputError(
                "upload.dim_too_large",
                axis=axis,
                value=f"{value:,}",
                limit=f"{hi:,}",
                shape=shape_text(shape),
            )
    spatial = shape[1] if sequence else math.prod(shape[2:])  # T, or L, or H·W
    if spatial > limits.spatial:
        raise InputError(
            "upload.spatial_too_large",
            shape=shape_text(shape),
            spatial=f"{spatial:,}",
            limit=f"{limits.spatial:,}",
        )


def _check_size(head: _Header, available: int, filename: str) -> None:
    """Refused unless `available` bytes (what follows the header) hold the whole array."""
    if available < head.nbytes:
        raise InputError(
            "upload.truncated",
            filename=filename,
            expected=f"{head.nbytes:,}",
            got=f"{max(available, 0):,}",
        )


def _array(fp, head: _Header, filename: str, limits: _Limits) -> tuple[np.ndarray, list[Note]]:
    """The array after a checked header: exactly head.nbytes read from fp, in chunks, into one
    buffer that becomes the array when no conversion is needed."""
    buf = bytearray(head.nbytes)
    view, got = memoryview(buf), 0
    while got < head.nbytes:
        n = fp.readinto(view[got : got + CHUNK])
        if not n:
            break
        got += n
    view.release()
    if got < head.nbytes:
        raise InputError(
            "upload.truncated", filename=filename, expected=f"{head.nbytes:,}", got=f"{got:,}"
        )
    flat = np.frombuffer(buf, dtype=head.dtype)
    raw = flat.reshape(head.shape[::-1]).T if head.fortran else flat.reshape(head.shape)
    del buf, flat
    return _finish(raw, limits, owned=True)


def _in_place(data: bytes, head: _Header, limits: _Limits) -> tuple[np.ndarray, list[Note]]:
    """The array after a checked header, without a copy when it is native float32/float64 in
    C order: a read-only view of the uploaded bytes (which nothing can change), so parsing a
    50 MB file holds 50 MB, not 100 (40 students uploading at once, issue 16)."""
    count = math.prod(head.shape)
    flat = np.frombuffer(data, dtype=head.dtype, count=count, offset=head.offset)
    raw = flat.reshape(head.shape[::-1]).T if head.fortran else flat.reshape(head.shape)
    return _finish(raw, limits, owned=raw.flags.aligned)


def _finish(raw: np.ndarray, limits: _Limits, owned: bool = False) -> tuple[np.ndarray, list[Note]]:
    """Converted to float32/float64 (C order, detached from the file), checked finite, shaped
    as the view. An `owned` array (read into a buffer of its own, or a view of immutable
    bytes) that is already native float32/float64 in C order is kept as it is, not copied."""
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
    if owned and raw.dtype == target and raw.flags.c_contiguous:
        array = raw  # already detached from the file's bytes: its own buffer
    else:
        array = np.array(raw, dtype=target, order="C")  # a copy: detached from the file's bytes
    del raw
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
    del finite
    if target == np.float64:
        largest = max(-float(array.min()), float(array.max()))  # no |x| copy
        if largest > MAX_ABS:
            raise InputError("upload.huge_values", largest=f"{largest:.3e}", limit=f"{MAX_ABS:.0e}")
    if array.ndim == 2:
        notes.append(Note("upload.note.fully_connected", shape=shape_text(array.shape)))
    if array.ndim == 3:  # kept 3-D: load_tensor makes the view of the reading asked for
        notes.append(Note("upload.note.three_d", shape=shape_text(array.shape)))
    array.flags.writeable = False  # shared by every session that shows it
    return array, notes


def _read_npy(data: bytes, filename: str, limits: _Limits) -> tuple[np.ndarray, _Header, list]:
    fp = io.BytesIO(data)
    head = _header(fp, filename, limits)
    available = len(data) - head.offset
    _check_size(head, available, filename)
    array, notes = _in_place(data, head, limits)  # bytes are immutable: a view, not a copy
    if available > head.nbytes:
        notes.append(Note("upload.note.trailing", extra=f"{available - head.nbytes:,}"))
    return array, head, notes


def _read_npz(
    data: bytes, filename: str, limits: _Limits, array_name: str | None
) -> tuple[np.ndarray, _Header, list[Note], str, tuple[str, ...]]:
    """The chosen array of an .npz, decompressing nothing the zip directory and the members'
    headers have not bounded first.

    1. The zip directory: at most MAX_NPZ_MEMBERS members, declaring at most
       NPZ_TOTAL_FACTOR full-size arrays together.
    2. For each candidate in turn (the one asked for, else the members in file order): its
       stored or deflated stream, its .npy header (at most MAX_HEADER_BYTES decompressed),
       a declared size equal to header + data, and a compression ratio of at most MAX_RATIO.
    3. Its data: exactly the bytes the header announces, read in chunks; a member that then
       yields even one byte more is refused. zipfile itself also stops at the declared size
       and checks the CRC.
    A member refused for its content lets the next one be tried, while the data decompressed
    so far stays within one full-size array (`budget`); the others are never decompressed.
    """
    with _zip_errors(filename):  # a damaged directory may even claim zip version 6.4
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    if len(infos) > MAX_NPZ_MEMBERS:
        raise InputError(
            "upload.too_many_members", filename=filename, count=len(infos), limit=MAX_NPZ_MEMBERS
        )
    total = sum(info.file_size for info in infos)
    budget = limits.max_elements * FULL_ITEMSIZE
    total_limit = NPZ_TOTAL_FACTOR * (budget + MAX_HEADER_BYTES)
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
            members.setdefault(clean_name(info.filename[: -len(".npy")], fallback=""), info)
    names = tuple(members)
    if not names:
        raise InputError("upload.no_arrays", filename=filename)
    if array_name is not None and array_name not in members:
        raise InputError(
            "upload.unknown_array",
            filename=filename,
            name=_short(array_name),
            names=_short(", ".join(names), 400),
        )
    skipped: list[tuple[str, InputError]] = []
    spent = 0
    for name in [array_name] if array_name is not None else names:
        info = members[name]
        try:
            with _zip_errors(filename), archive.open(info) as fp:
                head = _member_header(fp, info, filename, limits)
                if spent and spent + head.nbytes > budget:
                    break  # enough decompressed for one file: the rest is not tried
                spent += head.nbytes
                array, notes = _array(fp, head, filename, limits)
                if fp.read(1):  # more than the header announced: zipfile was told a lie
                    raise InputError(
                        "upload.npz_size_mismatch",
                        declared=f"{info.file_size:,}",
                        expected=f"{head.offset + head.nbytes:,}",
                    )
        except InputError as err:
            if array_name is not None:
                raise UploadError("upload.in_array", name=name, reason=err) from err
            skipped.append((name, _detached(err)))
            continue
        notes = [Note("upload.note.skipped", name=n, reason=e) for n, e in skipped] + notes
        if len(names) > 1:
            notes.insert(0, Note("upload.note.chosen", name=name, count=len(names)))
        return array, head, notes, name, names
    first, reason = skipped[0]
    if len(names) == 1:
        raise UploadError("upload.in_array", name=first, reason=reason) from reason
    raise UploadError(
        "upload.no_valid_array", filename=filename, count=len(names), name=first, reason=reason
    )


@contextlib.contextmanager
def _zip_errors(filename: str):
    """Whatever zipfile or zlib raise while a member is read: a damaged archive."""
    try:
        yield
    except InputError:
        raise
    except ZIP_ERRORS as err:
        raise InputError("upload.bad_zip", filename=filename) from err


def _member_header(fp, info: zipfile.ZipInfo, filename: str, limits: _Limits) -> _Header:
    """An .npz member's checked header, before any of its data is decompressed."""
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise InputError("upload.npz_method")
    head = _header(fp, filename, limits)
    expected = head.offset + head.nbytes
    _check_size(head, info.file_size - head.offset, filename)
    if info.file_size > expected:  # np.savez writes exactly header + data
        raise InputError(
            "upload.npz_size_mismatch",
            declared=f"{info.file_size:,}",
            expected=f"{expected:,}",
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
        raise InputError(
            "upload.npz_ratio",
            packed=f"{info.compress_size / 1000:,.1f}",
            size=_mb(info.file_size),
            ratio=f"{ratio:,.0f}",
            limit=MAX_RATIO,
        )
    return head


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
        sequence=upload.sequence,
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
