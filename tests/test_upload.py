"""normviz.upload, normviz.export and the upload store: every accepted and refused file, the
3-D and 2-D views, links to uploads, and exports that round-trip."""

from __future__ import annotations

import hashlib
import io
import re
import string
import threading
import time
import zipfile
from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import normviz as nv
from devtools.tensor_files import npy, npz
from normviz.config import (
    DEFAULT,
    DIM_LIMITS,
    MAX_ELEMENTS,
    UPLOAD_DIM_LIMITS,
    fit,
    from_query,
    to_query,
)
from normviz.export import CSV_COLUMNS, export_arrays, export_npz, group_rows, stats_csv
from normviz.i18n import TEXTS, InputError, message, section, t
from normviz.upload import (
    MAX_NPZ_MEMBERS,
    UploadedTensor,
    load_tensor,
    view_shape,
    with_upload,
    without_upload,
)
from ui.upload_store import UploadStore

texts = SimpleNamespace(**{k.upper(): v for k, v in section("upload.", "export.").items()})


MB = 2**20
CJK = re.compile(r"[\u4e00-\u9fff]")
USED_KEYS: set[str] = set()  # every refusal key a test below has seen


def load(data: bytes, name: str = "x.npy", **kwargs) -> UploadedTensor:
    kwargs.setdefault("max_bytes", 100 * MB)
    return load_tensor(data, name, **kwargs)


def refused(data: bytes, key: str, name: str = "x.npy", **kwargs) -> InputError:
    """The refusal of `data`, after checking its key and that it speaks both languages."""
    with pytest.raises(InputError) as info:
        load(data, name, **kwargs)
    err = info.value
    assert err.key == key, (err.key, str(err))
    USED_KEYS.add(err.key)
    assert str(err) == message(err, "en")
    assert CJK.search(message(err, "zh")), message(err, "zh")
    assert "{" not in message(err, "zh") and "{" not in str(err)
    return err


def rng_array(shape, dtype=np.float32, seed=0) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


# ---------------------------------------------------------------------------------------
# Accepted files


def test_a_float32_4d_array_is_kept_as_it_is():
    x = rng_array((2, 3, 4, 5))
    data = npy(x)
    up = load(data)
    assert up.array.dtype == np.float32 and up.shape == (2, 3, 4, 5)
    np.testing.assert_array_equal(up.array, x)
    assert not up.array.flags.writeable  # shared by every session: read-only
    assert up.array.flags.c_contiguous
    assert up.digest == hashlib.sha256(data).hexdigest()
    assert (up.original_shape, up.original_dtype, up.array_name, up.notes) == (
        (2, 3, 4, 5),
        "float32",
        None,
        (),
    )


def test_float64_is_kept():
    x = rng_array((3, 2, 2, 2), np.float64)
    up = load(npy(x))
    assert up.array.dtype == np.float64
    np.testing.assert_array_equal(up.array, x)
    assert up.notes == ()


@pytest.mark.parametrize("dtype", [np.int8, np.int32, np.int64, np.uint8, np.uint16, np.uint64])
def test_integers_become_float64(dtype):
    x = np.arange(24, dtype=dtype).reshape(2, 3, 4)
    up = load(npy(x))
    assert up.array.dtype == np.float64
    np.testing.assert_array_equal(up.array.reshape(2, 3, 4), x.astype(np.float64))
    assert up.notes[0].key == "upload.note.converted"
    assert up.notes[0].params == {"dtype": np.dtype(dtype).name, "target": "float64"}


def test_integers_beyond_2_53_get_a_note():
    x = np.array([[2**60, 1], [2, 3]], dtype=np.int64)
    keys = [n.key for n in load(npy(x)).notes]
    assert "upload.note.int_precision" in keys


def test_float16_becomes_float32():
    x = rng_array((2, 4), np.float16)
    up = load(npy(x))
    assert up.array.dtype == np.float32
    np.testing.assert_array_equal(up.array, x.astype(np.float32))
    assert up.notes[0].params["target"] == "float32"


def test_booleans_become_zero_and_one():
    x = np.array([[True, False], [False, True]])
    up = load(npy(x))
    assert up.array.dtype == np.float32
    np.testing.assert_array_equal(up.array, [[1.0, 0.0], [0.0, 1.0]])
    assert up.notes[0].key == "upload.note.bool"


def test_big_endian_and_fortran_order_read_the_same_values():
    x = rng_array((2, 3, 4, 5))
    for variant in (x.astype(">f4"), np.asfortranarray(x), np.asfortranarray(x.astype(">f8"))):
        up = load(npy(variant))
        np.testing.assert_array_equal(up.array, x.astype(variant.dtype.newbyteorder("=")))
        assert up.array.dtype.isnative and up.array.flags.c_contiguous


def test_a_2d_array_is_the_fully_connected_view():
    x = rng_array((8, 5))
    up = load(npy(x))
    assert up.shape == (8, 5) and up.fully_connected
    assert up.notes[-1].key == "upload.note.fully_connected"
    cfg = with_upload(DEFAULT, up)
    assert (cfg.shape, cfg.fully_connected, cfg.h, cfg.w) == ((8, 5), True, 1, 1)


def test_a_3d_array_is_shown_as_n_c_1_l():
    x = rng_array((4, 6, 10))
    up = load(npy(x))
    assert up.shape == (4, 6, 1, 10) == view_shape(x.shape)
    assert up.original_shape == (4, 6, 10)
    assert up.notes[-1].key == "upload.note.three_d"
    np.testing.assert_array_equal(up.array.reshape(4, 6, 10), x)


@pytest.mark.parametrize(
    ("method", "groups"),
    [("batch", None), ("layer", None), ("instance", None), ("group", 2), ("group", 3)],
)
def test_n_c_1_l_gives_the_statistics_of_n_c_l(method, groups):
    """Every method groups the same elements of N×C×L and N×C×1×L: identical statistics."""
    x = rng_array((4, 6, 10), np.float64, seed=3) * 3 + 1
    gamma, beta = np.linspace(0.5, 2, 6), np.linspace(-1, 1, 6)
    three = nv.normalize(x, method, groups=groups, gamma=gamma, beta=beta)
    four = nv.normalize(load(npy(x)).array, method, groups=groups, gamma=gamma, beta=beta)
    np.testing.assert_array_equal(three.group_mean, four.group_mean)
    np.testing.assert_array_equal(three.group_var, four.group_var)
    assert three.m == four.m and three.layout.num_stats == four.layout.num_stats
    np.testing.assert_array_equal(three.y.reshape(four.y.shape), four.y)


def test_trailing_bytes_after_the_array_are_ignored_with_a_note():
    x = rng_array((2, 3))
    up = load(npy(x) + npy(x))  # two np.save calls into one file
    np.testing.assert_array_equal(up.array, x)
    assert "upload.note.trailing" in [n.key for n in up.notes]


def test_the_name_is_cleaned_for_display():
    up = load(npy(rng_array((2, 3))), "a\u202eb\x00c" + "x" * 500 + ".npy")
    assert up.name.startswith("abc") and len(up.name) == 120


def test_format_is_told_by_content_not_by_name():
    x = rng_array((2, 3))
    np.testing.assert_array_equal(load(npy(x), "really_a_npy.npz").array, x)
    np.testing.assert_array_equal(load(npz(x=x), "really_a_zip.npy").array, x)


def test_the_largest_tensor_loads_in_well_under_a_second():
    x = np.zeros((32, 64, 56, 56), np.float32)  # 6.4M elements, 25 MB
    data = npy(x)
    start = time.perf_counter()
    up = load(data)
    assert time.perf_counter() - start < 1.0
    assert up.shape == x.shape


@pytest.mark.parametrize(
    "shape",
    [
        (1, 512, 7, 7),
        (32, 64, 56, 56),
        (16, 768, 512),
        (8192, 768),
        (1, 3, 256, 256),
        (2, 4, 65_536),
    ],
)
def test_shapes_beyond_the_sliders_are_accepted_within_the_cap(shape):
    up = load(npy(np.zeros(shape, np.float32)))
    assert up.array.size == np.prod(shape)
    cfg = with_upload(DEFAULT, up)
    assert cfg.size == up.array.size and fit(cfg) == (cfg, [])


# ---------------------------------------------------------------------------------------
# Refused files


class Boom:
    """Unpickling this would run code: it must never happen."""

    calls = 0

    def __reduce__(self):
        return (Boom._explode, ())

    @staticmethod
    def _explode():
        Boom.calls += 1
        return "exploded"


def test_a_pickled_object_array_is_refused_without_unpickling():
    x = np.array([[Boom(), 1], [2, 3]], dtype=object)
    data = npy(x)
    err = refused(data, "upload.pickled")
    assert "object arrays (stored with pickle, which can run code" in str(err)
    refused(npz(compressed=False, x=x), "upload.in_array", name="x.npz")
    assert Boom.calls == 0


@pytest.mark.parametrize(
    "array",
    [
        np.zeros((2, 3), dtype=[("a", "<f4"), ("b", "<i4")]),  # structured
        np.zeros((2, 3), dtype="V8"),  # raw bytes
        np.zeros((2, 3), dtype=("<f4", (2,))).view(np.dtype([("v", "<f4", (2,))])),
    ],
    ids=["structured", "void", "subarray"],
)
def test_structured_and_void_arrays_are_refused(array):
    refused(npy(array), "upload.pickled")


def test_complex_is_refused():
    err = refused(npy(np.zeros((2, 3), np.complex64)), "upload.complex")
    assert "complex64" in str(err)


@pytest.mark.parametrize(
    "array", [np.array([["a", "b"]]), np.zeros((2, 2), "datetime64[s]"), np.zeros((2, 2), "S3")]
)
def test_text_and_dates_are_refused(array):
    refused(npy(array), "upload.not_numbers")


@pytest.mark.parametrize("shape", [(), (7,), (1, 2, 3, 4, 5), (1, 1, 1, 1, 1, 1)])
def test_wrong_dimensions_are_refused_with_the_shape(shape):
    err = refused(npy(np.zeros(shape, np.float32)), "upload.ndim")
    assert str(shape) in str(err) and f"{len(shape)} dimension" in str(err)


@pytest.mark.parametrize("shape", [(0, 3), (2, 0, 4), (2, 3, 0, 1)])
def test_empty_arrays_are_refused(shape):
    refused(npy(np.zeros(shape, np.float32)), "upload.empty_array")


def test_nan_and_inf_are_refused_with_counts_and_the_first_place():
    x = np.ones((2, 3, 4), np.float32)
    x[1, 2, 3] = np.nan
    x[0, 1, 2] = np.inf
    x[1, 0, 0] = -np.inf
    x[1, 1, 1] = np.nan
    err = refused(npy(x), "upload.non_finite")
    assert err.params["nan"] == "2" and err.params["inf"] == "2"
    assert err.params["index"] == "[0, 1, 2]"
    err = refused(npy(np.array([[1.0, np.nan]])), "upload.non_finite")
    assert (err.params["nan"], err.params["inf"], err.params["index"]) == ("1", "0", "[0, 1]")


def test_float64_values_whose_squares_overflow_are_refused():
    refused(npy(np.array([[1e200, -1e200], [1.0, 2.0]])), "upload.huge_values")
    load(npy(np.array([[1e100, -1e100], [1.0, 2.0]])))  # still fine


def test_more_elements_than_the_cap_are_refused_with_both_numbers():
    err = refused(npy(np.zeros((10, 11), np.float32)), "upload.too_many_elements", max_elements=100)
    assert "110" in str(err) and "100" in str(err) and "10×11" in str(err)
    err = refused(
        npy(np.zeros((2, 2), np.float32)).replace(b"(2, 2)", b"(9999999, 9999999)"),
        "upload.too_many_elements",
    )
    assert f"{MAX_ELEMENTS:,}" in str(err)


def test_one_axis_beyond_its_limit_is_refused():
    limits = dict(UPLOAD_DIM_LIMITS, c=(1, 10))
    err = refused(npy(np.zeros((2, 11), np.float32)), "upload.dim_too_large", dim_limits=limits)
    assert err.params["axis"] == "C" and err.params["limit"] == "10"
    limits = dict(UPLOAD_DIM_LIMITS, w=(1, 10))
    data = npy(np.zeros((2, 3, 11), np.float32))
    err = refused(data, "upload.dim_too_large", dim_limits=limits, sequence=False)
    assert err.params["axis"] == "L"  # L is shown as W
    up = load(data, dim_limits=limits)  # too long as N×C×L, within the limits as N×T×D
    assert (up.reading, up.readings, up.shape) == ("N×T×D", (True,), (2, 11, 1, 3))
    err = refused(data, "upload.dim_too_large", dim_limits=dict(limits, c=(1, 10)))
    assert err.params["axis"] == "L"  # neither reading fits: refused as N×C×L


@pytest.mark.parametrize(
    ("shape", "key"),
    [
        ((1, 2048, 7, 7), "upload.dim_too_large"),  # C: the Batch size page samples each channel
        ((20_000, 2), "upload.dim_too_large"),  # N: Train vs eval redraws N-sample batches
        ((1, 1, 70_000), "upload.dim_too_large"),
        ((1, 3, 1024, 1024), "upload.spatial_too_large"),  # three 1M-cell heatmaps: too big
        ((2, 2, 300, 300), "upload.spatial_too_large"),
    ],
)
def test_the_default_caps_per_axis(shape, key):
    refused(npy(np.zeros(shape, np.float32)), key)


def test_a_file_over_the_size_limit_is_refused_before_reading():
    data = npy(np.zeros((100, 100), np.float32))
    err = refused(data, "upload.too_large_file", max_bytes=1000)
    assert err.params["limit"] == "0.0" or "MB" in str(err)
    refused(b"", "upload.empty_file")


def test_a_truncated_npy_is_refused():
    data = npy(rng_array((20, 30)))
    err = refused(data[:-100], "upload.truncated")
    assert err.params["expected"] == "2,400"
    refused(data[:60], "upload.bad_header")  # cut inside the header


def test_a_damaged_header_is_refused():
    data = bytearray(npy(rng_array((2, 3))))
    data[10:20] = b"!!garbage!"
    refused(bytes(data), "upload.bad_header")
    data = bytearray(npy(rng_array((2, 3))))
    data[6] = 9  # format version 9.0
    refused(bytes(data), "upload.version")


@pytest.mark.parametrize(
    "data", [b"hello, world", b"\x89PNG\r\n\x1a\n....", b"PK\x01\x02junk", b"\x93NUMP"]
)
def test_wrong_magic_is_refused(data):
    refused(data, "upload.unknown_format")


# ---------------------------------------------------------------------------------------
# .npz archives


def test_an_npz_with_several_arrays_shows_the_first_valid_and_lists_all():
    x, w = rng_array((4, 3, 2, 2)), rng_array((3, 3))
    data = npz(labels=np.arange(4), x=x, w=w)
    up = load(data, "acts.npz")
    assert up.array_names == ("labels", "x", "w") and up.array_name == "x"
    np.testing.assert_array_equal(up.array, x)
    keys = [n.key for n in up.notes]
    assert keys[:2] == ["upload.note.chosen", "upload.note.skipped"]
    assert CJK.search(up.notes[1].message("zh"))  # the nested reason is translated too
    assert "维" in up.notes[1].message("zh")
    assert up.label == "acts.npz › x"
    picked = load(data, "acts.npz", array_name="w")
    np.testing.assert_array_equal(picked.array, w)
    assert picked.digest != up.digest  # the array's name is part of the digest
    assert up.digest == load(data, "acts.npz", array_name="x").digest


def test_an_npz_names_an_unknown_or_invalid_array_clearly():
    data = npz(labels=np.arange(4), x=rng_array((2, 2)))
    err = refused(data, "upload.unknown_array", name="a.npz", array_name="y")
    assert "labels, x" in str(err)
    err = refused(data, "upload.in_array", name="a.npz", array_name="labels")
    assert "'labels'" in str(err) and "1 dimension" in str(err)
    assert "维" in message(err, "zh")
    err = refused(
        npz(a=np.arange(3), b=np.zeros((2, 2), complex)), "upload.no_valid_array", name="a.npz"
    )
    assert err.params["count"] == 2 and "'a'" in str(err)


def test_an_npz_zip_bomb_is_refused_from_its_header():
    """7 MB of compressed zeros announcing 1.6 GB: refused without decompressing it."""
    shape, dtype = (20_000, 20_000), np.dtype(np.float32)
    header = _npy_header(shape, dtype)
    buffer = io.BytesIO()
    chunk = bytes(64 * MB)
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("x.npy", "w", force_zip64=True) as member,
    ):
        member.write(header)
        for _ in range(25):  # 1.6 GB of zeros
            member.write(chunk)
    data = buffer.getvalue()
    assert len(data) < 10 * MB  # a small upload (level 1: fast to build)
    start = time.perf_counter()
    err = refused(data, "upload.npz_too_big", name="bomb.npz")
    assert time.perf_counter() - start < 0.5
    assert float(err.params["size"]) > 1500
    # the same bomb alone under the total cap is refused by its header's element count
    err = refused(data, "upload.in_array", name="bomb.npz", max_elements=10**9)
    assert err.params["reason"].key == "upload.dim_too_large"


def _npy_header(shape, dtype) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buffer,
        {"descr": np.lib.format.dtype_to_descr(dtype), "fortran_order": False, "shape": shape},
    )
    return buffer.getvalue()


def test_an_npz_whose_header_lies_about_its_size_is_refused():
    """The header says 2×2 but the member holds much more: refused, not decompressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("x.npy", _npy_header((2, 2), np.dtype(np.float32)) + bytes(16 + 10 * MB))
    refused(buffer.getvalue(), "upload.in_array", name="liar.npz")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("x.npy", _npy_header((200, 200), np.dtype(np.float32)) + bytes(1000))
    err = refused(buffer.getvalue(), "upload.in_array", name="short.npz")
    assert err.params["reason"].key == "upload.truncated"


def test_an_npz_with_too_many_members_or_none_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(MAX_NPZ_MEMBERS + 1):
            archive.writestr(f"a{i}.npy", npy(np.zeros((2, 2), np.float32)))
    refused(buffer.getvalue(), "upload.too_many_members", name="many.npz")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not an array")
    refused(buffer.getvalue(), "upload.no_arrays", name="text.npz")


def test_a_truncated_or_corrupt_npz_is_refused():
    data = npz(x=rng_array((50, 50)))
    refused(data[: len(data) // 2], "upload.bad_zip", name="cut.npz")
    plain = bytearray(npz(compressed=False, x=rng_array((50, 50))))
    plain[400] ^= 0xFF  # one flipped byte inside the stored data: the CRC catches it
    err = refused(bytes(plain), "upload.in_array", name="flipped.npz")
    assert err.params["reason"].key == "upload.bad_zip"


def raw_npy(fields: str, data: bytes = b"", version: int = 1, length: int | None = None) -> bytes:
    """A .npy whose header text is `fields`, as written (numpy.save would refuse most)."""
    text = fields.encode("latin1")
    size = len(text) if length is None else length
    width = 2 if version == 1 else 4
    return b"\x93NUMPY" + bytes([version, 0]) + size.to_bytes(width, "little") + text + data


def fields(shape="(2, 3)", descr="'<f4'", fortran="False") -> str:
    return f"{{'descr': {descr}, 'fortran_order': {fortran}, 'shape': {shape}, }}\n"


@pytest.mark.parametrize("shape", ["(-1, 2)", "(2, -3)", "(-2, -3)", "(2, 3, -1, 1)"])
def test_negative_dimensions_are_refused_in_npy_and_npz(shape):
    data = raw_npy(fields(shape), bytes(4 * 64))
    err = refused(data, "upload.bad_shape")
    assert shape in str(err)
    member = io.BytesIO()
    with zipfile.ZipFile(member, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bad.npy", data)
        archive.writestr("x.npy", npy(rng_array((2, 3))))
    up = load(member.getvalue(), "a.npz")  # the other array is shown, the bad one explained
    assert up.array_name == "x" and up.notes[1].params["reason"].key == "upload.bad_shape"
    err = refused(member.getvalue(), "upload.in_array", name="a.npz", array_name="bad")
    assert err.params["reason"].key == "upload.bad_shape"


@pytest.mark.parametrize(
    ("header", "key"),
    [
        (fields(shape="[2, 3]"), "upload.bad_shape"),
        (fields(shape="(2.0, 3)"), "upload.bad_shape"),
        (fields(shape="(True, 3)"), "upload.bad_shape"),
        (fields(shape="(2**63, 1)"), "upload.bad_header"),  # not a literal
        (fields(shape=f"({2**63}, 1)"), "upload.bad_shape"),
        (fields(shape=f"(0, {10**4000})"), "upload.bad_shape"),
        (fields(shape="'(2, 3)'"), "upload.bad_shape"),
        (fields(shape="2"), "upload.bad_shape"),
        (fields(fortran="1"), "upload.bad_fortran_order"),
        (fields(fortran="'yes'"), "upload.bad_fortran_order"),
        (fields(fortran="None"), "upload.bad_fortran_order"),
        (fields(descr="123"), "upload.bad_dtype"),
        (fields(descr="'nonsense'"), "upload.bad_dtype"),
        (fields(descr="'<f4' * 50"), "upload.bad_header"),  # not a literal either
        (fields(descr=repr("<f4" * 50)), "upload.bad_dtype"),
        (fields(descr="'|O'"), "upload.pickled"),
        (fields(descr="'<f4,<i4'"), "upload.pickled"),
        (fields(descr="'(2,)<f4'"), "upload.pickled"),
        (fields(descr="[('a', '<f4')]"), "upload.pickled"),
        (fields(descr="'<c8'"), "upload.complex"),
        (fields(descr="'<U3'"), "upload.not_numbers"),
        ("{'descr': '<f4', 'shape': (2, 3)}", "upload.bad_header"),  # a field missing
        (fields()[:-2] + " 'extra': 1}", "upload.bad_header"),  # one too many
        ("[('descr', '<f4')]", "upload.bad_header"),
        ("{" * 5000, "upload.bad_header"),  # deeper than the parser goes
        ("{'descr': '<f4',\x00}", "upload.bad_header"),
        ("__import__('os').system('true')", "upload.bad_header"),  # never executed
    ],
)
def test_every_header_field_is_checked_before_use(header, key):
    err = refused(raw_npy(header, bytes(24)), key)
    assert len(str(err)) < 600  # a header field is shown cut short


def test_a_header_announcing_a_huge_length_is_refused_before_it_is_read():
    err = refused(raw_npy(fields(), length=60_000), "upload.header_too_long")
    assert err.params["size"] == "60,000"
    refused(raw_npy(fields(), version=2, length=2**32 - 1), "upload.header_too_long")
    # inside an .npz: 60 MB of header text would be decompressed by numpy's own reader
    member = raw_npy(" " * (60 * MB), version=2)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("x.npy", member)
    err, peak, _ = traced(lambda: refused(buffer.getvalue(), "upload.in_array", name="h.npz"))
    assert err.params["reason"].key == "upload.header_too_long"
    assert peak < 4 * MB


def traced(call):
    """call()'s result, the peak memory it traced (numpy's buffers included) and its time."""
    import tracemalloc

    tracemalloc.start()
    start = time.perf_counter()
    try:
        result = call()
        return result, tracemalloc.get_traced_memory()[1], time.perf_counter() - start
    finally:
        tracemalloc.stop()


FULL = (125, 1000, 8, 8)  # MAX_ELEMENTS values: 64 MB as float64


def test_a_small_npz_that_expands_to_a_full_array_is_refused_before_decompressing():
    """62 kB of compressed zeros that would become 64 MB: refused from its ratio."""
    data = npz(x=np.zeros(FULL))
    assert len(data) < 100_000
    err, peak, seconds = traced(lambda: refused(data, "upload.in_array", name="z.npz"))
    assert err.params["reason"].key == "upload.npz_ratio"
    assert float(err.params["reason"].params["ratio"].replace(",", "")) > 500
    assert peak < 32 * MB and seconds < 0.5


def test_an_npz_of_four_refused_full_size_members_costs_little():
    nan = np.full(FULL, np.nan)
    data = npz(a=nan, b=nan, c=nan, d=nan)
    err, peak, seconds = traced(lambda: refused(data, "upload.no_valid_array", name="n.npz"))
    assert err.params["count"] == 4
    assert peak < 32 * MB and seconds < 0.5


def test_values_of_at_most_one_full_size_array_are_decompressed():
    """A member refused for its values lets the next be tried, within one full array."""
    bad = np.ones((10, 100), np.float64)
    bad[0, 0] = np.nan
    good = rng_array((2, 3))
    up = load(npz(a=bad, b=good), "ab.npz")  # 8 kB spent on a: b fits the budget
    assert up.array_name == "b" and up.notes[1].params["reason"].key == "upload.non_finite"
    err = refused(npz(a=bad, b=good), "upload.no_valid_array", name="ab.npz", max_elements=1000)
    assert err.params["reason"].key == "upload.non_finite"  # b would pass 1000 × 8 bytes


def lying_zip(member: bytes, declared: int) -> bytes:
    """A one-member zip whose directory and local header say the member holds `declared`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("x.npy", member)
    data = bytearray(buffer.getvalue())
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        data[at + offset : at + offset + 4] = declared.to_bytes(4, "little")
    return bytes(data)


def test_a_zip_that_lies_about_a_members_size_is_refused_reading_only_what_was_promised():
    header = _npy_header((2, 2), np.dtype(np.float64))
    member = header + bytes(64 * MB)  # inflates to 64 MB; the zip says header + 32 bytes
    data = lying_zip(member, len(header) + 32)
    assert len(data) < 100_000
    err, peak, seconds = traced(lambda: refused(data, "upload.in_array", name="liar.npz"))
    assert err.params["reason"].key == "upload.bad_zip"  # zipfile's CRC check, after 32 bytes
    assert peak < 4 * MB and seconds < 0.5
    # the zip says more than the header accounts for: refused before decompressing
    small = header + bytes(32)
    err = refused(lying_zip(small, len(small) + 10), "upload.in_array", name="liar.npz")
    assert err.params["reason"].key == "upload.npz_size_mismatch"
    err = refused(lying_zip(small, len(small) - 8), "upload.in_array", name="liar.npz")
    assert err.params["reason"].key == "upload.bad_zip"  # cut at the declared size: bad CRC


def test_only_stored_and_deflated_members_are_read():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_LZMA) as archive:
        archive.writestr("x.npy", npy(rng_array((2, 3))))
    err = refused(buffer.getvalue(), "upload.in_array", name="lzma.npz")
    assert err.params["reason"].key == "upload.npz_method"


def test_a_refusal_keeps_no_traceback_holding_the_files_buffers():
    bad = np.ones((10, 100))
    bad[0, 0] = np.nan
    with pytest.raises(InputError) as info:
        load(npz(a=bad), "a.npz")
    err = info.value
    reason = err.params["reason"]
    assert reason.__traceback__ is None and reason.__cause__ is None
    assert err.__cause__ is None


def test_every_refusal_key_exists_in_both_languages():
    """All upload.*/export.* keys used in the code are in both dicts, same placeholders."""
    assert set(texts.EN) == set(texts.ZH)

    def fields(text):
        parts = (text,) if isinstance(text, str) else text
        return {name for part in parts for _, name, _, _ in string.Formatter().parse(part) if name}

    for key in texts.EN:
        assert fields(texts.EN[key]) == fields(texts.ZH[key]), key
        assert CJK.search(texts.ZH[key]) and not CJK.search(texts.EN[key]), key
        assert key in TEXTS["en"] and key in TEXTS["zh"]
    root = __import__("pathlib").Path(__file__).resolve().parents[1]
    code = "".join(
        (root / p).read_text(encoding="utf-8")
        for p in ("normviz/upload.py", "ui/upload_panel.py", "ui/compute.py", "normviz/export.py")
    )
    used = set(re.findall(r"[\"']((?:upload|export)\.[a-z_.]+)[\"']", code))
    assert used and used <= set(texts.EN), used - set(texts.EN)
    assert set(texts.EN) >= USED_KEYS


# ---------------------------------------------------------------------------------------
# The view configuration, and links to an upload


def upload_of(shape, dtype=np.float32) -> UploadedTensor:
    return load(npy(rng_array(shape, dtype)))


def test_an_upload_with_big_axes_round_trips_through_its_link():
    up = upload_of((1, 512, 7, 7))
    cfg = replace(with_upload(DEFAULT, up), method="group", groups=256, at=(0, 300, 6, 2))
    cfg = fit(cfg)[0]
    query = to_query(cfg)
    assert query["src"] == up.digest
    assert from_query(query) == (cfg, [])
    assert cfg.preset != "Worked example" and cfg.gamma == (1.0,) * 512


def test_with_upload_keeps_the_method_and_is_idempotent():
    cfg = replace(DEFAULT, method="layer", eps=1e-3)
    up = upload_of((4, 6, 10))
    shown = with_upload(cfg, up)
    assert (shown.method, shown.eps, shown.shape, shown.source) == (
        "layer",
        1e-3,
        (4, 6, 1, 10),
        up.digest,
    )
    assert with_upload(shown, up) == shown


def test_a_bare_src_link_gets_gamma_1_and_beta_0():
    up = upload_of((2, 2, 2, 2))  # even in the worked example's shape
    cfg = with_upload(from_query({"src": up.digest})[0], up)
    assert (cfg.preset, cfg.gamma, cfg.beta) == ("Custom", (1.0, 1.0), (0.0, 0.0))
    assert with_upload(cfg, up) == cfg


def test_without_upload_returns_to_the_builders_limits():
    up = upload_of((1, 512, 7, 7))
    back = without_upload(with_upload(DEFAULT, up))
    assert back.source == "" and back.c == DIM_LIMITS["c"][1] and fit(back) == (back, [])
    up = upload_of((8192, 768))
    back = without_upload(with_upload(DEFAULT, up))
    assert (back.n, back.c, back.fully_connected) == (64, 128, True)


def test_a_links_src_must_be_a_sha256():
    cfg, notes = from_query({"src": "abc"})
    assert cfg == DEFAULT and len(notes) == 1 and "src=" in notes[0]
    cfg, notes = from_query({"src": "A" * 64})  # upper case: not what the app writes
    assert cfg.source == ""
    digest = "0123456789abcdef" * 4
    assert from_query({"src": digest})[0].source == digest


def test_big_axes_need_a_src():
    cfg, notes = from_query({"c": "512", "preset": "Custom"})
    assert cfg.c == DEFAULT.c and len(notes) == 1
    cfg, notes = from_query({"c": "512", "preset": "Custom", "src": "ab" * 32})
    assert (cfg.c, notes) == (512, [])
    cfg, notes = from_query({"c": "512", "preset": "Custom", "src": "zz" * 32})  # bad src
    assert cfg.c == DEFAULT.c and cfg.source == "" and len(notes) == 2


# ---------------------------------------------------------------------------------------
# Export


CASES = [("batch", None), ("layer", None), ("instance", None), ("group", 2)]


@pytest.mark.parametrize(
    ("method", "groups", "shape"),
    [(m, g, s) for m, g in CASES for s in [(3, 4, 2, 5), (6, 4)] if (m, len(s)) != ("instance", 2)],
)
def test_the_export_round_trips_and_equals_normalize(method, groups, shape):
    x = rng_array(shape, seed=5) * 2 + 3
    gamma, beta = (
        np.linspace(0.5, 2, 4).astype(np.float32),
        np.linspace(-1, 1, 4).astype(np.float32),
    )
    result = nv.normalize(x, method, groups=groups, eps=1e-3, gamma=gamma, beta=beta)
    data = export_npz(x, result, {"source": "acts.npy", "seed": 7})
    with np.load(io.BytesIO(data), allow_pickle=False) as f:
        got = {k: f[k] for k in f.files}
    np.testing.assert_array_equal(got["x"], x)
    np.testing.assert_array_equal(got["y"], result.y)
    assert got["y"].dtype == result.y.dtype
    assert str(got["method"]) == method and float(got["eps"]) == 1e-3
    assert int(got["groups"]) == result.groups and int(got["m"]) == result.m
    np.testing.assert_array_equal(got["gamma"], gamma)
    np.testing.assert_array_equal(got["beta"], beta)
    np.testing.assert_array_equal(got["mean"], result.group_mean_exact)
    np.testing.assert_array_equal(got["var"], result.group_var_exact)
    assert got["mean"].shape == result.layout.stats_shape
    np.testing.assert_allclose(got["std"], np.sqrt(result.group_var_exact + 1e-3))
    assert str(got["info_source"]) == "acts.npy" and int(got["info_seed"]) == 7
    # x̂ from what is in the file: (x − μ)/√(σ² + ε) broadcast back, as the docstring says
    x_hat = (got["y"] - got["beta"].reshape(1, -1, *[1] * (x.ndim - 2))) / got["gamma"].reshape(
        1, -1, *[1] * (x.ndim - 2)
    )
    np.testing.assert_allclose(x_hat, result.x_hat, atol=1e-4)


@pytest.mark.parametrize(("method", "groups"), CASES)
def test_the_csv_parses_and_matches_the_groups(method, groups):
    x = rng_array((3, 4, 2, 5), seed=6) + 10
    result = nv.normalize(x, method, groups=groups, eps=1e-5)
    frame = pd.read_csv(io.StringIO(stats_csv(result)))
    assert tuple(frame.columns) == CSV_COLUMNS
    assert len(frame) == result.layout.num_stats
    np.testing.assert_array_equal(frame["mean"], result.group_mean_exact.reshape(-1))
    np.testing.assert_array_equal(frame["var"], result.group_var_exact.reshape(-1))
    assert (frame["count"] == result.m).all()
    # each row's samples and channels hold exactly its group's values: recompute μ, σ² from x
    for row in frame.itertuples():
        block = x[row.sample_first : row.sample_last + 1, row.channel_first : row.channel_last + 1]
        assert block.size == row.count
        assert np.isclose(block.astype(np.float64).mean(), row.mean, rtol=1e-9, atol=1e-9)
        assert np.isclose(block.astype(np.float64).var(), row.var, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(frame["sqrt_var_eps"], np.sqrt(frame["var"] + 1e-5))
    np.testing.assert_allclose(frame["std"], np.sqrt(frame["var"]))


def test_the_export_keeps_an_uploads_own_shape_and_can_leave_y_out():
    up = upload_of((4, 6, 10))
    result = nv.normalize(up.array, "layer")
    x = up.array.reshape(up.original_shape)
    arrays = export_arrays(x, result, include_y=False)
    assert "y" not in arrays and arrays["x"].shape == (4, 6, 10)
    with np.load(io.BytesIO(export_npz(x, result)), allow_pickle=False) as f:
        assert f["y"].shape == (4, 6, 10)
        np.testing.assert_array_equal(f["y"].reshape(result.y.shape), result.y)
    with pytest.raises(ValueError):
        export_arrays(x, result, {"bad": object()})


def test_group_rows_follow_the_compact_statistics_order():
    result = nv.normalize(rng_array((2, 6, 3)), "group", groups=3)
    rows = group_rows(result)
    assert list(rows["sample_first"]) == [0, 0, 0, 1, 1, 1]
    assert list(rows["channel_first"]) == [0, 2, 4, 0, 2, 4]
    assert list(rows["channel_last"]) == [1, 3, 5, 1, 3, 5]


def test_the_exported_file_is_itself_a_valid_upload():
    x = rng_array((2, 3, 4, 4))
    result = nv.normalize(x, "batch")
    up = load(export_npz(x, result, {"seed": 1}), "normviz_export.npz")
    assert up.array_name == "x"
    np.testing.assert_array_equal(up.array, x)


# ---------------------------------------------------------------------------------------
# The server's store


def test_the_store_keeps_the_most_recent_uploads_within_both_limits():
    ups = [upload_of((2, 3, 4, 5 + i)) for i in range(5)]
    by_count = UploadStore(max_entries=3, max_bytes=10 * MB)
    for up in ups:
        by_count.put(up)
    assert [u.digest in by_count for u in ups] == [False, False, True, True, True]
    by_count.get(ups[2].digest)  # used: now the most recent
    by_count.put(ups[0])
    assert ups[2].digest in by_count and ups[3].digest not in by_count
    same = [load(npy(rng_array((2, 3, 4, 5), seed=k))) for k in range(3)]
    size = same[0].nbytes
    by_bytes = UploadStore(max_entries=16, max_bytes=2 * size + size // 2)
    for up in same:
        by_bytes.put(up)
    assert len(by_bytes) == 2 and same[0].digest not in by_bytes
    assert by_bytes.nbytes == 2 * size
    big = UploadStore(max_entries=16, max_bytes=1)  # the newest upload always stays
    big.put(ups[0])
    assert ups[0].digest in big


def test_the_store_survives_threads():
    store = UploadStore(max_entries=4)
    ups = [upload_of((2, 2, 2, i + 2)) for i in range(8)]

    def work(k):
        for i in range(200):
            store.put(ups[(i + k) % 8])
            store.get(ups[(i * 3 + k) % 8].digest)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert len(store) == 4


def test_every_text_formats_in_both_languages():
    for key, text in texts.EN.items():
        names = {n for _, n, _, _ in string.Formatter().parse(text) if n}
        for lang in ("en", "zh"):
            assert t(key, lang, **{n: 1 for n in names})


def test_a_native_npy_is_read_in_place_without_a_copy_of_its_data():
    """40 students uploading 50 MB at once (issue 16): a float64 or float32 C-order .npy is a
    read-only view of the uploaded bytes, so parsing holds the file once, not twice."""
    import tracemalloc

    x = np.random.default_rng(0).standard_normal((8, 16, 32, 64))  # 2 MB of float64
    out = io.BytesIO()
    np.save(out, x)
    data = out.getvalue()
    tracemalloc.start()
    upload = load_tensor(data, "x.npy", max_bytes=len(data))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert np.array_equal(upload.array, x) and not upload.array.flags.writeable
    assert peak < x.nbytes / 4, peak  # the finite mask (1/8) and small things, never a copy
    fortran = io.BytesIO()
    np.save(fortran, np.asfortranarray(x))
    again = load_tensor(fortran.getvalue(), "f.npy", max_bytes=len(data) + 1024)
    assert np.array_equal(again.array, x) and again.array.flags.c_contiguous
