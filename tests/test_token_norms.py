"""Token LayerNorm and RMSNorm against PyTorch, ONNX's reference operators and the definition.

Token LN is nn.LayerNorm(C) at every position of the channels-last tensor; RMSNorm is
nn.RMSNorm(C) / F.rms_norm. Both reach their groups two ways in normviz (rows when x is
channels-last in memory, columns when it is channels-first), so both layouts are tested.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

import normviz as nv
from normviz.backward import backward, compare_with_autograd
from normviz.definition import normalize_by_definition
from normviz.export import group_rows, stats_csv
from normviz.masks import group_index, group_mask

onnx = pytest.importorskip("onnx")  # a test dependency (requirements-dev.txt)
from onnx import TensorProto, helper  # noqa: E402
from onnx.reference import ReferenceEvaluator  # noqa: E402

SHAPES = [(2, 3), (4, 8, 5), (2, 6, 3, 4), (3, 1, 2, 2), (1, 16, 7), (5, 2, 1, 9)]
TOKEN_METHODS = ("token", "rms")


def channels_last(x: np.ndarray) -> np.ndarray:
    """The same tensor with the channels adjacent in memory (an N×T×D array read as N×D×T)."""
    return np.moveaxis(np.ascontiguousarray(np.moveaxis(x, 1, -1)), -1, 1)


def torch_reference(x: np.ndarray, method: str, gamma, beta, eps: float) -> np.ndarray:
    """nn.LayerNorm(C) or nn.RMSNorm(C) (modules, not the functions normviz.reference uses)."""
    c = x.shape[1]
    t = torch.from_numpy(np.ascontiguousarray(np.moveaxis(x, 1, -1)))
    if method == "token":
        layer = torch.nn.LayerNorm(c, eps=eps, dtype=t.dtype)
        layer.bias.data = torch.from_numpy(beta.astype(x.dtype))
    else:
        layer = torch.nn.RMSNorm(c, eps=eps, dtype=t.dtype)
    layer.weight.data = torch.from_numpy(gamma.astype(x.dtype))
    with torch.no_grad():
        return np.moveaxis(layer(t).numpy(), -1, 1)


def onnx_reference(x: np.ndarray, method: str, gamma, beta, eps: float) -> np.ndarray:
    """ONNX's reference LayerNormalization / RMSNormalization (opset 23) over the last axis."""
    last = np.ascontiguousarray(np.moveaxis(x, 1, -1))
    elem = TensorProto.FLOAT if x.dtype == np.float32 else TensorProto.DOUBLE
    if method == "token":
        op, names = "LayerNormalization", ["X", "S", "B"]
    else:
        op, names = "RMSNormalization", ["X", "S"]
    node = helper.make_node(op, names, ["Y"], axis=-1, epsilon=eps)
    graph = helper.make_graph(
        [node],
        "norm",
        [helper.make_tensor_value_info(n, elem, None) for n in names],
        [helper.make_tensor_value_info("Y", elem, None)],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 23)])
    feeds = {"X": last, "S": gamma.astype(x.dtype), "B": beta.astype(x.dtype)}
    y = ReferenceEvaluator(model).run(None, {n: feeds[n] for n in names})[0]
    return np.moveaxis(y, -1, 1)


def case(shape, dtype, offset: float, seed: int):
    rng = np.random.default_rng(seed)
    x = (rng.standard_normal(shape) * 2.0 + offset).astype(dtype)
    gamma = rng.uniform(0.5, 2.0, shape[1])
    beta = rng.standard_normal(shape[1])
    return x, gamma, beta


@pytest.mark.parametrize("method", TOKEN_METHODS)
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("memory", ["channels_first", "channels_last"])
def test_matches_torch_modules_and_onnx_reference(method, shape, dtype, memory):
    x, gamma, beta = case(shape, dtype, offset=3.0, seed=sum(shape))
    beta = beta if method == "token" else np.zeros_like(beta)
    x_in = channels_last(x) if memory == "channels_last" else x
    result = nv.normalize(x_in, method, gamma=gamma, beta=beta, eps=1e-5)
    tol = 2e-6 if dtype == np.float32 else 1e-12
    assert result.y.dtype == dtype and result.y.shape == x.shape
    np.testing.assert_allclose(result.y, torch_reference(x, method, gamma, beta, 1e-5), atol=tol)
    np.testing.assert_allclose(result.y, onnx_reference(x, method, gamma, beta, 1e-5), atol=tol)


@settings(max_examples=40, deadline=None)
@given(
    method=st.sampled_from(TOKEN_METHODS),
    shape=st.sampled_from(SHAPES + [(8, 32, 4, 4), (2, 768, 9)]),
    offset=st.sampled_from([0.0, -7.0, 1e3, 1e5]),
    eps=st.sampled_from([1e-5, 1e-3, 0.1]),
    last=st.booleans(),
    seed=st.integers(0, 10_000),
)
def test_float64_equals_the_definition_far_from_zero(method, shape, offset, eps, last, seed):
    x, gamma, beta = case(shape, np.float64, offset, seed)
    result = nv.normalize(channels_last(x) if last else x, method, gamma=gamma, beta=beta, eps=eps)
    ref = normalize_by_definition(x, method, gamma=gamma, beta=beta, eps=eps)
    scale = max(1.0, abs(offset))
    np.testing.assert_allclose(
        result.group_mean_exact, ref.group_mean, rtol=1e-12, atol=1e-12 * scale
    )
    np.testing.assert_allclose(result.group_var_exact, ref.group_var, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(result.y, ref.y, atol=1e-9 * scale)


@pytest.mark.parametrize("offset", [1e3, 1e4])
def test_float32_token_ln_far_from_zero_keeps_its_digits(offset):
    """float64 accumulation with a per-group shift: y is as accurate as the float64 result
    rounded to float32, where a float32 two-pass mean loses (|μ|/σ)·2⁻²⁴."""
    x, gamma, beta = case((4, 64, 16), np.float32, offset, seed=3)
    y32 = nv.normalize(x, "token", gamma=gamma, beta=beta).y
    y64 = normalize_by_definition(x.astype(np.float64), "token", gamma=gamma, beta=beta).y
    assert np.max(np.abs(y32 - y64)) < 2e-6 * np.max(np.abs(y64))


def test_rmsnorm_is_layernorm_when_each_group_has_mean_zero_and_differs_otherwise():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 8, 5))
    centered = x - x.mean(axis=1, keepdims=True)
    np.testing.assert_allclose(
        nv.normalize(centered, "rms").y, nv.normalize(centered, "token").y, atol=1e-12
    )
    shifted = x + 2.0  # a per-token mean offset: LN removes it, RMSNorm does not
    gap = np.abs(nv.normalize(shifted, "rms").y - nv.normalize(shifted, "token").y).max()
    assert gap > 0.3


@pytest.mark.parametrize("method", TOKEN_METHODS)
def test_statistics_layout_mask_and_index(method):
    shape = (2, 6, 3, 4)
    lay = nv.layout(shape, method)
    assert lay.reduced_axes == (1,) and lay.group_size == 6 and lay.groups == 1
    assert lay.num_stats == 2 * 3 * 4 and lay.stats_shape == (2, 3, 4)
    assert lay.num_parameters == (12 if method == "token" else 6)
    assert lay.centered == (method == "token")
    mask = group_mask(shape, method, (1, 2, 0, 3))
    assert mask.sum() == 6 and mask[1, :, 0, 3].all()
    assert group_index(shape, method, (1, 2, 0, 3)) == (1, 0, 3)
    x = np.random.default_rng(1).standard_normal(shape)
    result = nv.normalize(x, method)
    want = (x[1, :, 0, 3] ** 2).mean() if method == "rms" else x[1, :, 0, 3].var()
    assert np.isclose(result.group_var[1, 0, 3], want)
    if method == "rms":
        assert not result.group_mean.any()  # μ := 0


@pytest.mark.parametrize("method", TOKEN_METHODS)
def test_the_csv_rows_are_the_groups(method):
    x = np.random.default_rng(2).standard_normal((2, 3, 2, 2)) + 1.0
    result = nv.normalize(x, method)
    rows = group_rows(result)
    assert len(rows["group"]) == 8
    for k in range(8):
        n, p = rows["sample_first"][k], rows["position_first"][k]
        block = x[n, :, p // 2, p % 2]
        want = (block**2).mean() if method == "rms" else block.var()
        assert np.isclose(rows["var"][k], want)
    assert stats_csv(result).splitlines()[0].endswith("position_first,position_last")


@pytest.mark.parametrize("method", TOKEN_METHODS)
@pytest.mark.parametrize("shape", [(3, 4), (2, 5, 3), (2, 6, 3, 4), (4, 1, 3)])
def test_backward_matches_autograd(method, shape):
    rng = np.random.default_rng(sum(shape))
    x = rng.standard_normal(shape) * 2 + 1
    gamma, beta = rng.standard_normal(shape[1]), rng.standard_normal(shape[1])
    grads = backward(x, method, rng.standard_normal(shape), gamma=gamma, beta=beta)
    assert max(compare_with_autograd(grads).values()) < 1e-10


def test_rmsnorm_backward_in_one_line():
    """∂L/∂x = (g − x̂·mean(g·x̂))/√(RMS² + ε), g = ∂L/∂x̂: only the part along x̂ is removed
    (no mean(g) term), checked against torch autograd through F.rms_norm."""
    rng = np.random.default_rng(5)
    x, grad_y, gamma = rng.standard_normal((4, 7, 3)), rng.standard_normal((4, 7, 3)), rng.random(7)
    t = torch.tensor(x, requires_grad=True)
    y = F.rms_norm(t.movedim(1, -1), (7,), torch.tensor(gamma), eps=1e-5).movedim(-1, 1)
    y.backward(torch.tensor(grad_y))
    result = nv.normalize(x, "rms", gamma=gamma)
    g = grad_y * gamma[None, :, None]
    one_line = (g - result.x_hat * (g * result.x_hat).mean(axis=1, keepdims=True)) / result.std
    np.testing.assert_allclose(one_line, t.grad.numpy(), atol=1e-12)
    grads = backward(x, "rms", grad_y, gamma=gamma)
    assert not grads.group_grad_mean.any()  # nothing flows through μ := 0
    assert np.abs(grads.grad_x.sum(axis=1)).max() > 1e-3  # the sum is not removed


def test_token_methods_keep_no_running_statistics_and_accept_one_channel():
    x = np.random.default_rng(3).standard_normal((2, 1, 4))
    assert nv.training_refusal(x.shape, "token") is None
    np.testing.assert_allclose(nv.normalize(x, "token", beta=np.array([0.5])).y, 0.5)
    ref = F.layer_norm(torch.from_numpy(np.moveaxis(x, 1, -1).copy()), (1,)).numpy()
    np.testing.assert_allclose(nv.normalize(x, "token").y, np.moveaxis(ref, -1, 1))


@pytest.mark.parametrize("name", ["token LN", "token layernorm", "RMSNorm", "rms", "Token_LN"])
def test_method_names(name):
    assert nv.canonical_method(name) in TOKEN_METHODS


@pytest.mark.parametrize("method", TOKEN_METHODS)
def test_nonfinite_input_is_refused(method):
    x = np.ones((2, 3, 4))
    x[0, 1, 2] = np.inf
    with pytest.raises(ValueError):
        nv.normalize(x, method)
