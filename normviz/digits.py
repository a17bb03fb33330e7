"""The 8×8 handwritten digits (UCI optdigits test set, 1,797 images) and their fixed split.

The data ship inside the package, in normviz/data/digits.npz (see
normviz/data/digits_PROVENANCE.md), so the training lab needs no download and no
scikit-learn at run time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

DIGITS_PATH = Path(__file__).resolve().parent / "data" / "digits.npz"
NUM_CLASSES = 10
PIXEL_MAX = 16  # each pixel counts the "on" pixels of a 4×4 block: 0..16
TEST_EVERY = 4  # in each class, every 4th image (in file order) is a test image


@dataclass(frozen=True)
class Digits:
    """The fixed train/test split, pixels scaled to [0, 1] and shaped N×1×8×8."""

    train_x: np.ndarray  # float32 (1352, 1, 8, 8)
    train_y: np.ndarray  # int64 (1352,)
    test_x: np.ndarray  # float32 (445, 1, 8, 8)
    test_y: np.ndarray  # int64 (445,)


def load_raw(path: Path = DIGITS_PATH) -> tuple[np.ndarray, np.ndarray]:
    """Images (1797, 8, 8) as uint8 0..16 and labels (1797,) as uint8 0..9, as stored."""
    if not path.exists():
        raise FileNotFoundError(
            f"The digits data set is missing at {path}; regenerate it with "
            "`pip install scikit-learn && python normviz/data/make_digits.py`."
        )
    with np.load(path, allow_pickle=False) as data:
        return data["images"], data["labels"]


def is_test_image(labels: np.ndarray) -> np.ndarray:
    """True for test images: in each class, every 4th one in file order (no randomness).

    A stratified split by rule, so it is the same on every machine and NumPy version.
    """
    labels = np.asarray(labels)
    mask = np.zeros(labels.shape, dtype=bool)
    for digit in range(NUM_CLASSES):
        positions = np.flatnonzero(labels == digit)
        mask[positions[TEST_EVERY - 1 :: TEST_EVERY]] = True
    return mask


@lru_cache(maxsize=1)
def load_digits() -> Digits:
    """The digits with the fixed split; cached, and the arrays are read-only."""
    images, labels = load_raw()
    is_test = is_test_image(labels)
    x = (images.astype(np.float32) / PIXEL_MAX)[:, None, :, :]
    y = labels.astype(np.int64)
    parts = (x[~is_test], y[~is_test], x[is_test], y[is_test])
    for array in parts:
        array.setflags(write=False)
    return Digits(*parts)
