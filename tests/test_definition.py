"""The textbook definition (normviz.definition) against PyTorch and the worked example, and
the compiled path (normviz.normalize) against the definition over shapes, dtypes and offsets."""

from __future__ import annotations

import numpy as np
import pytest

import normviz as nv
from normviz.definition import normalize_by_definition
from normviz.reference import torch_normalize

SHAPES = [(2, 2, 2, 2), (5, 6, 3, 4), (7, 4), (3, 6, 9), (1, 8, 5, 5), (4, 6, 1, 1)]
CASES = [("batch", None), ("layer", None), ("instance", None), ("group", 2), ("group", 3)]
OFFSETS = (0.0, 10.0, 1e4)


def tensor(shape, offset, dtype, seed=0):
    rng = np.random.default_rng(seed)
    per_channel = rng.normal(0, 3, size=(1, shape[1]) + (1,) * (len(shape) - 2))
    return (offset + per_channel + rng.normal(0, 1.5, size=shape)).astype(dtype)


def trainable(shape, method):
    lay = nv.layout(shape, method, 3 if method == "group" and shape[1] % 3 == 0 else None)
    return not (method == "batch" and lay.group_size == 1) and not (
        method == "instance" and lay.spatial == 1
    )


def cases():
    for shape in SHAPES:
        for method, groups in CASES:
            if groups and shape[1] % groups:
                continue
            if method in ("batch", "instance") and not trainable(shape, method):
                continue
            yield shape, method, groups


@pytest.mark.parametrize(("shape", "method", "groups"), list(cases()))
def test_definition_equals_torch(shape, method, groups):
    x = tensor(shape, 3.0, np.float64)
    gamma = np.linspace(0.5, 2.0, shape[1])
    beta = np.linspace(-1.0, 1.0, shape[1])
    ours = normalize_by_definition(x, method, groups=groups, eps=1e-3, gamma=gamma, beta=beta)
    ref = torch_normalize(x, method, groups=groups, eps=1e-3, gamma=gamma, beta=beta)
    np.testing.assert_allclose(ours.y, ref, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("offset", OFFSETS)
@pytest.mark.parametrize(("shape", "method", "groups"), list(cases()))
def test_compiled_path_equals_the_definition(shape, method, groups, offset, dtype):
    x = tensor(shape, offset, dtype, seed=len(shape))
    gamma = np.linspace(-2.0, 2.0, shape[1])
    beta = np.linspace(1.0, -1.0, shape[1])
    fast = nv.normalize(x, method, groups=groups, eps=1e-5, gamma=gamma, beta=beta)
    slow = normalize_by_definition(x, method, groups=groups, eps=1e-5, gamma=gamma, beta=beta)
    # Both compute from the same numbers (float32 is exact in float64). The compiled path
    # rounds its result to x's dtype (a few ulps of the largest value); the definition's own
    # float64 x − μ loses up to a few ulps of |μ| ≈ offset (the compiled path shifts first).
    rounding = 8 * np.finfo(dtype).eps
    definition = 16 * np.finfo(np.float64).eps * (abs(offset) + 20) * 2  # max |γ| = 2, σ ≥ 1
    for name in ("y", "x_hat"):
        slow_value = getattr(slow, name)
        atol = rounding * np.abs(slow_value).max() + definition
        np.testing.assert_allclose(getattr(fast, name), slow_value, rtol=0, atol=atol, err_msg=name)
    np.testing.assert_allclose(
        fast.group_mean, slow.group_mean, rtol=0, atol=rounding * (abs(offset) + 20)
    )
    np.testing.assert_allclose(fast.group_var, slow.group_var, rtol=rounding + definition, atol=0)


def test_definition_gives_the_worked_example():
    x = nv.worked_example()
    bn = normalize_by_definition(x, "BN", gamma=[2, 5], beta=[3, 8])
    np.testing.assert_allclose(bn.group_mean, [4.5, 7.0])
    np.testing.assert_allclose(bn.group_var, [5.25, 21.0])
    np.testing.assert_allclose(bn.y[0, 0], [[-0.0550, 0.8178], [1.6907, 2.5636]], atol=5e-5)
    np.testing.assert_allclose(bn.y[1, 1], [[9.0911, 11.2733], [13.4554, 15.6376]], atol=5e-5)
    ln = normalize_by_definition(x, "LN", gamma=[2, 5], beta=[3, 8])
    np.testing.assert_allclose(ln.y[0, 0], [[1.0396, 2.1598], [3.2801, 4.4003]], atol=5e-5)
    inst = normalize_by_definition(x, "IN", gamma=[2, 5], beta=[3, 8])
    np.testing.assert_allclose(inst.y[0, 0], [[0.3167, 2.1056], [3.8944, 5.6833]], atol=5e-5)


def test_definition_refuses_what_the_layout_refuses():
    with pytest.raises(ValueError, match="G must divide C"):
        normalize_by_definition(np.zeros((2, 6, 2, 2)), "GN", groups=4)
