"""The shipped digits data set: contents, checksum, fixed split, reproducible file."""

import hashlib
import importlib.util
import re
from pathlib import Path

import numpy as np
import pytest

from normviz.digits import DIGITS_PATH, is_test_image, load_digits, load_raw

DATA = Path(DIGITS_PATH).parent
CLASS_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]  # UCI optdigits.tes


def _make_digits_module():
    spec = importlib.util.spec_from_file_location("make_digits", DATA / "make_digits.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_raw_arrays_are_the_uci_test_set():
    images, labels = load_raw()
    assert images.shape == (1797, 8, 8) and images.dtype == np.uint8
    assert labels.shape == (1797,) and labels.dtype == np.uint8
    assert images.min() == 0 and images.max() == 16
    assert np.bincount(labels, minlength=10).tolist() == CLASS_COUNTS


def test_file_matches_the_checksum_in_its_provenance_note():
    note = (DATA / "digits_PROVENANCE.md").read_text(encoding="utf-8")
    noted = re.findall(r"\b[0-9a-f]{64}\b", note)[0]  # the first hash is the .npz's
    assert hashlib.sha256(DIGITS_PATH.read_bytes()).hexdigest() == noted
    assert "CC BY 4.0" in note and "10.24432/C50P49" in note


def test_split_is_fixed_stratified_and_disjoint():
    _, labels = load_raw()
    mask = is_test_image(labels)
    assert mask.sum() == 445 and (~mask).sum() == 1352
    per_class = np.bincount(labels[mask], minlength=10)
    assert per_class.tolist() == [c // 4 for c in CLASS_COUNTS]
    assert np.array_equal(mask, is_test_image(labels.copy()))  # a rule, no randomness


def test_loaded_split_is_scaled_shaped_and_read_only():
    d = load_digits()
    assert d.train_x.shape == (1352, 1, 8, 8) and d.test_x.shape == (445, 1, 8, 8)
    assert d.train_x.dtype == np.float32 and d.train_y.dtype == np.int64
    assert d.train_x.min() >= 0.0 and d.train_x.max() == 1.0
    images, labels = load_raw()
    mask = is_test_image(labels)
    assert np.array_equal(d.test_x[:, 0] * 16, images[mask].astype(np.float32))
    assert np.array_equal(d.train_y, labels[~mask])
    with pytest.raises(ValueError):
        d.train_x[0, 0, 0, 0] = 1.0


def test_missing_file_says_how_to_regenerate_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="make_digits.py"):
        load_raw(tmp_path / "absent.npz")


def test_writer_makes_reproducible_bytes_that_numpy_reads(tmp_path):
    make = _make_digits_module()
    images, labels = load_raw()
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    make.write_reproducible_npz(first, {"images": images, "labels": labels})
    make.write_reproducible_npz(second, {"images": images, "labels": labels})
    assert first.read_bytes() == second.read_bytes()
    with np.load(first) as data:
        assert np.array_equal(data["images"], images)
        assert np.array_equal(data["labels"], labels)
