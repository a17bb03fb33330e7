"""The bytes of .npy and .npz files, as a student's upload would arrive: for the upload tests
and the upload benchmark."""

from __future__ import annotations

import io

import numpy as np


def npy(array: np.ndarray, **kwargs) -> bytes:
    """np.save's bytes (pickles allowed: the tests send pickled arrays to be refused)."""
    buffer = io.BytesIO()
    np.save(buffer, array, allow_pickle=True, **kwargs)
    return buffer.getvalue()


def npz(compressed: bool = True, **arrays: np.ndarray) -> bytes:
    """np.savez_compressed's bytes (np.savez's with compressed=False)."""
    buffer = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(buffer, **arrays)
    return buffer.getvalue()
