"""Peak memory (tracemalloc) and time of normviz.upload.load_tensor on crafted files.

    python -m bench.bench_upload

The cases are the ones a probe found: a small compressed .npz that expands to a full-size
array, an .npz of four such members that are all refused, a zip whose directory lies about a
member's size, and .npy headers with negative dimensions.
"""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile

import numpy as np

from devtools.tensor_files import npz
from normviz.i18n import InputError
from normviz.upload import load_tensor

SHAPE = (125, 1000, 8, 8)  # MAX_ELEMENTS values: 64 MB as float64


def header(shape, descr: str = "<f8") -> bytes:
    text = repr({"descr": descr, "fortran_order": False, "shape": shape}) + " "
    text += " " * ((-len(text) - 11) % 64) + "\n"
    return b"\x93NUMPY\x01\x00" + len(text).to_bytes(2, "little") + text.encode()


def lying_zip() -> bytes:
    """A member whose directory entry and npy header say 2×2 floats; it inflates to 64 MB."""
    real = header((2, 2)) + bytes(64 * 2**20)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("x.npy", real)
    data = bytearray(buffer.getvalue())
    small = len(header((2, 2))) + 32
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        at = data.find(signature)
        data[at + offset : at + offset + 4] = small.to_bytes(4, "little")
    return bytes(data)


def npz_member(member: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("x.npy", member)
    return buffer.getvalue()


def cases() -> dict[str, bytes]:
    nan = np.full(SHAPE, np.nan)
    return {
        "npy (-1,2)": header((-1, 2)) + bytes(16),
        "npy (2,-3)": header((2, -3)) + bytes(48),
        "npy (-2,-3)": header((-2, -3)) + bytes(48),
        "npz 64 MB zeros": npz(x=np.zeros(SHAPE)),
        "npz 4 NaN members": npz(a=nan, b=nan, c=nan, d=nan),
        "npz lying sizes": lying_zip(),
        "npz 60 MB header": npz_member(
            b"\x93NUMPY\x02\x00" + (60 * 2**20).to_bytes(4, "little") + b" " * (60 * 2**20)
        ),
        "npz random f32 full": npz(x=np.random.default_rng(0).standard_normal(SHAPE, np.float32)),
    }


def measure(data: bytes, name: str) -> tuple[str, float, float]:
    tracemalloc.start()
    start = time.perf_counter()
    try:
        up = load_tensor(data, name, max_bytes=2**30)
        outcome = f"accepted {up.shape}"
        del up
    except InputError as err:
        outcome = f"refused {err.key}"
    except Exception as err:  # noqa: BLE001 - a crash is what this looks for
        outcome = f"CRASH {type(err).__name__}: {err}"
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return outcome, peak / 2**20, seconds


def main() -> None:
    for name, data in cases().items():
        outcome, peak, seconds = measure(data, name + ".npz")
        print(
            f"{name:20} {len(data) / 1024:9.1f} KB  peak {peak:7.1f} MB  {seconds:6.3f} s",
            outcome,
        )


if __name__ == "__main__":
    main()
