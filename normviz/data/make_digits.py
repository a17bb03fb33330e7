"""Regenerate normviz/data/digits.npz from the copy of the UCI digits that scikit-learn ships.

Nothing is downloaded: scikit-learn bundles the file (sklearn/datasets/data/digits.csv.gz).
scikit-learn is needed only here, never by normviz at run time:

    pip install scikit-learn && python normviz/data/make_digits.py

The .npz is written with fixed zip timestamps, so the same input gives the same bytes
(and the sha256 noted in digits_PROVENANCE.md), given the same zlib.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import numpy as np

OUT = Path(__file__).with_name("digits.npz")
FIXED_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry


def load_from_sklearn() -> tuple[np.ndarray, np.ndarray]:
    """Images (1797, 8, 8) and labels (1797,) as uint8, in scikit-learn's order."""
    from sklearn.datasets import load_digits

    bunch = load_digits()
    images = bunch.images
    if images.shape != (1797, 8, 8) or images.min() < 0 or images.max() > 16:
        raise RuntimeError(f"Unexpected digits data: shape {images.shape}")
    if not np.array_equal(images, np.round(images)):
        raise RuntimeError("The digits pixels are not whole numbers 0..16.")
    return images.astype(np.uint8), bunch.target.astype(np.uint8)


def write_reproducible_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Like np.savez_compressed, but with fixed entry dates so the bytes are reproducible."""
    with zipfile.ZipFile(path, "w") as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, buffer.getvalue(), compresslevel=9)


def main() -> None:
    images, labels = load_from_sklearn()
    write_reproducible_npz(OUT, {"images": images, "labels": labels})
    digest = hashlib.sha256(OUT.read_bytes()).hexdigest()
    print(f"wrote {OUT} ({OUT.stat().st_size:,} bytes)")
    print(f"images {images.shape} {images.dtype}, labels {labels.shape} {labels.dtype}")
    print(f"images per class: {np.bincount(labels, minlength=10).tolist()}")
    print(f"sha256 {digest}")


if __name__ == "__main__":
    main()
