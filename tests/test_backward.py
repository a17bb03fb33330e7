"""The §6 backward formulas, generalized to BN, LN, IN and GN, against torch autograd.

Tolerance: float64, |ours − autograd| ≤ 1e-10 · max(1, size), where size is the largest
term the formula adds up (e.g. |∂L/∂x̂|/√(σ²+ε) for ∂L/∂x). With values of order one
the bound is 1e-10 absolute; a group of nearly equal values has 1/√(σ²+ε) up to 316
(ε = 1e-5), and the bound grows with it, as rounding does.

One addition for ∂L/∂σ² alone: it multiplies Σ ∂L/∂x̂ᵢ·(xᵢ − μ) by (σ²+ε)^(−3/2), up to
3e7. When a group's values are (nearly) equal, xᵢ − μ is pure rounding, and two correct
ways of computing μ differ in the last bit; we allow that last-bit difference, amplified:
½·Σ|∂L/∂x̂ᵢ|·4u·max|x|·(σ²+ε)^(−3/2) with u = 2.2e-16. It does not reach ∂L/∂x, where
∂L/∂σ² is multiplied by xᵢ − μ again.
"""

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, assume, given, reject, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import normviz as nv
from normviz import backward as bw

TOL = 1e-10

finite = {"allow_nan": False, "allow_infinity": False, "allow_subnormal": False}


@st.composite
def cases(draw):
    """A shape, a method valid for it, x, ∂L/∂y, γ, β and ε."""
    ndim = draw(st.sampled_from([2, 3, 4]))
    n = draw(st.integers(1, 4))
    c = draw(st.integers(1, 6))
    spatial = tuple(draw(st.integers(1, 4)) for _ in range(ndim - 2))
    shape = (n, c, *spatial)
    method = draw(st.sampled_from(nv.METHODS))
    groups = draw(st.sampled_from(nv.divisors(c))) if method == "group" else None
    lay = nv.layout(shape, method, groups)
    assume(not (method == "batch" and lay.group_size == 1))
    assume(not (method == "instance" and lay.spatial == 1))
    x = draw(hnp.arrays(np.float64, shape, elements=st.floats(-10, 10, **finite)))
    grad_y = draw(hnp.arrays(np.float64, shape, elements=st.floats(-3, 3, **finite)))
    gamma = draw(hnp.arrays(np.float64, (c,), elements=st.floats(-3, 3, **finite)))
    beta = draw(hnp.arrays(np.float64, (c,), elements=st.floats(-3, 3, **finite)))
    eps = draw(st.sampled_from([1e-5, 1e-3, 0.1]))
    return x, method, groups, grad_y, gamma, beta, eps


def bounds(g: bw.Backward) -> dict[str, float]:
    """The allowed |ours − autograd| for each gradient (see the module docstring)."""
    fwd, lay = g.forward, g.layout
    abs_g = np.abs(g.grad_x_hat)
    x_term = abs_g / fwd.std
    var_scale = (fwd.group_var + fwd.eps) ** -1.5 / 2
    var_size = bw.group_sum(abs_g * np.abs(fwd.x - fwd.mean), lay) * var_scale
    mu_last_bit = bw.group_sum(abs_g, lay) * 4 * 2.2e-16 * np.max(np.abs(fwd.x)) * var_scale
    size = {
        "grad_x": np.max(x_term),
        "grad_gamma": np.max(bw.channel_sum(np.abs(g.grad_y * fwd.x_hat))),
        "grad_beta": np.max(bw.channel_sum(np.abs(g.grad_y))),
        "grad_x_hat": np.max(abs_g),
        "group_grad_var": np.max(var_size),
        "group_grad_mean": np.max(bw.group_sum(x_term, lay)),
    }
    bound = {name: TOL * max(1.0, float(value)) for name, value in size.items()}
    bound["group_grad_var"] += float(np.max(mu_last_bit))
    return bound


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_every_gradient_matches_autograd(case):
    x, method, groups, grad_y, gamma, beta, eps = case
    g = bw.backward(x, method, grad_y, groups=groups, eps=eps, gamma=gamma, beta=beta)
    allowed = bounds(g)
    for name, diff in bw.compare_with_autograd(g).items():
        assert diff <= allowed[name], (name, diff, allowed[name])


@settings(max_examples=60, deadline=None)
@given(cases())
def test_grad_x_sums_to_zero_and_is_orthogonal_to_x_hat_up_to_eps(case):
    x, method, groups, grad_y, gamma, beta, eps = case
    g = bw.backward(x, method, grad_y, groups=groups, eps=eps, gamma=gamma, beta=beta)
    checks = bw.group_checks(g)
    bound = TOL * np.maximum(1.0, checks.size)
    if g.layout.centered:  # RMSNorm subtracts no mean, so its Σ ∂L/∂x is not removed
        assert np.all(np.abs(checks.sum_grad_x) <= bound)
    # Σ ∂L/∂x·x̂ is not 0 but exactly the ε term (ε/(σ²+ε)·Σ ∂L/∂x̂·x̂/√(σ²+ε))
    assert np.all(np.abs(checks.dot_grad_x_x_hat - checks.dot_predicted_by_eps) <= bound)


@settings(max_examples=40, deadline=None)
@given(cases())
def test_with_eps_zero_grad_x_is_orthogonal_to_x_hat(case):
    x, method, groups, grad_y, gamma, beta, _ = case
    # ε = 0 needs σ² > 0 in every group: spread the values so no group is constant
    x = x + np.arange(x.size, dtype=np.float64).reshape(x.shape) % 7
    try:
        g = bw.backward(x, method, grad_y, groups=groups, eps=0.0, gamma=gamma, beta=beta)
    except ValueError:  # normalize refuses ε = 0 when a group is constant (σ² = 0)
        reject()
    checks = bw.group_checks(g)
    assert np.all(np.abs(checks.dot_grad_x_x_hat) <= TOL * np.maximum(1.0, checks.size))


def test_worked_example_gradients_match_torch_modules():
    """The lecture tensor through nn.BatchNorm2d and nn.GroupNorm, parameters included."""
    x = nv.worked_example()
    grad_y = bw.upstream_gradient("weighted sum", x, seed=3)
    for method, module in (
        ("batch", torch.nn.BatchNorm2d(2)),
        ("group", torch.nn.GroupNorm(2, 2)),
        ("layer", torch.nn.GroupNorm(1, 2)),
    ):
        module = module.double()
        with torch.no_grad():
            module.weight.copy_(torch.tensor([2.0, 5.0]))
            module.bias.copy_(torch.tensor([3.0, 8.0]))
        xt = torch.tensor(x, requires_grad=True)
        module(xt).backward(torch.from_numpy(grad_y))
        groups = 2 if method == "group" else None
        g = bw.backward(x, method, grad_y, groups=groups, gamma=[2, 5], beta=[3, 8])
        np.testing.assert_allclose(g.grad_x, xt.grad.numpy(), rtol=0, atol=1e-12)
        np.testing.assert_allclose(g.grad_gamma, module.weight.grad.numpy(), atol=1e-12)
        np.testing.assert_allclose(g.grad_beta, module.bias.grad.numpy(), atol=1e-12)


def test_grad_gamma_and_grad_beta_are_the_channel_sums():
    x = nv.make_tensor((3, 4, 2, 5), seed=2).astype(np.float64)
    grad_y = bw.upstream_gradient("weighted sum", x, seed=1)
    g = bw.backward(x, "GN", grad_y, groups=2)
    np.testing.assert_allclose(g.grad_beta, grad_y.sum(axis=(0, 2, 3)), atol=1e-12)
    np.testing.assert_allclose(g.grad_gamma, (grad_y * g.forward.x_hat).sum(axis=(0, 2, 3)))


def test_the_three_terms_add_up_and_steps_match_the_arrays():
    x = nv.make_tensor((4, 6, 3, 3), seed=5)
    y = nv.normalize(x, "IN").y
    grad_y = bw.upstream_gradient("through a sigmoid", y, seed=2)
    g = bw.backward(x, "IN", grad_y)
    total = g.grad_x_via_x_hat + g.grad_x_via_var + g.grad_x_via_mean
    np.testing.assert_allclose(total, g.grad_x, rtol=0, atol=1e-15)
    s = bw.steps(g, (2, 4, 1, 0))
    assert s.m == 9 and s.group_x.shape == (9,)
    assert s.grad_x == pytest.approx(g.grad_x[2, 4, 1, 0], abs=0)
    assert s.grad_x_via_x_hat + s.grad_x_via_var + s.grad_x_via_mean == pytest.approx(s.grad_x)
    assert s.grad_var == g.grad_var[2, 4, 0, 0] and s.grad_mean == g.grad_mean[2, 4, 0, 0]
    assert abs(s.sum_centered) < 1e-12
    assert abs(s.group_grad_x.sum()) < 1e-12


def test_decomposition_removes_mean_and_x_hat_components():
    x = nv.make_tensor((8, 3, 4, 4), nv.TensorSpec(scale=3, shift=1), seed=7)
    grad_y = bw.upstream_gradient("weighted sum", x, seed=0)
    g = bw.backward(x, "BN", grad_y, gamma=[1.0, 2.0, -1.0])
    d = bw.decomposition(g, (0, 1, 0, 0))
    assert d.arriving.shape == (8 * 16,)
    np.testing.assert_allclose(d.along_ones + d.along_x_hat + d.passed, d.arriving)
    np.testing.assert_allclose(d.passed / d.std, d.grad_x, atol=1e-14)
    assert abs(d.passed.sum()) < 1e-10
    # what passes is orthogonal to x̂ up to ε/(σ²+ε)
    assert abs(np.dot(d.passed, d.x_hat)) < 1e-4 * np.abs(d.arriving).sum()


def test_where_torch_layers_refuse_the_reference_uses_the_steps_in_torch():
    x = nv.make_tensor((3, 2, 4), seed=1).astype(np.float64)
    grad_y = bw.upstream_gradient("weighted sum", x, seed=1)
    ref = bw.autograd_reference(x, "BN", grad_y, eps=0.0)
    assert "ε = 0" in ref.source
    g = bw.backward(x, "BN", grad_y, eps=0.0)
    assert max(bw.compare_with_autograd(g).values()) < 1e-10
    tiny = np.array([[2.0, 5.0]])
    ref = bw.autograd_reference(tiny, "GN", np.ones((1, 2)), groups=2)
    assert "one value per group" in ref.source
    assert bw.autograd_reference(x, "GN", grad_y, groups=2).source == "F.group_norm(x, G, γ, β)"


def test_float32_input_is_differentiated_in_float64():
    x = nv.make_tensor((4, 4, 3, 3), seed=3)  # float32
    grad_y = bw.upstream_gradient("half sum of squares", nv.normalize(x, "BN").y)
    g = bw.backward_of(nv.normalize(x, "BN"), grad_y)
    assert g.grad_x.dtype == np.float64
    assert max(bw.compare_with_autograd(g).values()) < 1e-12


def test_upstream_gradients_are_the_derivatives_of_their_losses():
    y = np.random.default_rng(0).standard_normal((3, 4, 2))
    for kind in bw.UPSTREAM_KINDS:
        grad = bw.upstream_gradient(kind, y, seed=4)
        yt = torch.tensor(y, requires_grad=True)
        w = torch.from_numpy(np.random.default_rng(4).standard_normal(y.shape))
        loss = {
            "weighted sum": lambda t, w=w: (w * t).sum(),
            "half sum of squares": lambda t: 0.5 * (t**2).sum(),
            "through a sigmoid": lambda t, w=w: (w * torch.sigmoid(t)).sum(),
        }[kind](yt)
        loss.backward()
        np.testing.assert_allclose(grad, yt.grad.numpy(), atol=1e-14)
        assert bw.upstream_loss(kind, y, seed=4) == pytest.approx(loss.item())
    assert bw.upstream_kind("Weighted_Sum") == "weighted sum"


def test_bad_inputs_raise_clear_errors():
    x = nv.worked_example()
    with pytest.raises(ValueError, match="Unknown upstream gradient"):
        bw.upstream_gradient("cross entropy", x)
    with pytest.raises(ValueError, match="one ∂L/∂yᵢ per output"):
        bw.backward(x, "BN", np.ones((2, 2)))
    with pytest.raises(ValueError, match="NaN or infinite"):
        bw.backward(x, "BN", np.full(x.shape, np.nan))
    with pytest.raises(ValueError, match="G must divide C"):
        bw.backward(x, "GN", np.ones(x.shape), groups=3)
