"""Linear → BN: the output and ∂L/∂u do not depend on the scale a of W (up to ε),
‖∂L/∂(aW)‖ falls as 1/a, and the bias before BN gets a zero gradient."""

import numpy as np
import pytest

from normviz import scale_invariance as si


@pytest.fixture(scope="module")
def default_scan():
    return si.scan_scales()


def test_with_tiny_eps_everything_is_scale_invariant_to_1e_6():
    # torch refuses ε = 0 in training; at ε = 1e-12, ε/(a²σ²) ≤ 1e-10 for a ≥ 0.1
    for loss in ("weighted sum", "through a sigmoid"):
        scan = si.scan_scales(si.make_linear_bn(eps=1e-12, loss=loss, seed=3))
        assert scan.output_change.max() < 1e-6
        assert scan.grad_u_change.max() < 1e-6
        ratio = scan.grad_w_norm / scan.grad_w_norm_predicted
        assert np.abs(ratio - 1).max() < 1e-6


def test_grad_w_norm_shrinks_as_one_over_a(default_scan):
    scan = default_scan
    assert scan.scales[0] == pytest.approx(0.1) and scan.scales[-1] == pytest.approx(100)
    # a·‖∂L/∂(aW)‖ is constant: within ε's effect (≤ 1e-3 at a = 0.1, σ² ≈ 1, ε = 1e-5)
    product = scan.scales * scan.grad_w_norm
    assert np.abs(product / product[scan.scales == 1.0] - 1).max() < 1e-3
    # 1000× larger weights, 1000× smaller gradient
    assert scan.grad_w_norm[0] / scan.grad_w_norm[-1] == pytest.approx(1000, rel=1e-3)


def test_the_output_change_is_exactly_the_eps_effect(default_scan):
    scan = default_scan
    assert scan.output_change[scan.scales == 1.0][0] == 0
    np.testing.assert_allclose(scan.output_change, scan.output_change_by_eps, rtol=0, atol=1e-12)
    # with ε = 1e-5 and σ² ≈ 1 the change stays tiny: below 1e-2 even at a = 0.1
    assert scan.output_change.max() < 1e-2


def test_the_formula_route_matches_autograd(default_scan):
    assert default_scan.grad_w_formula_diff.max() < 1e-10


def test_bias_before_bn_gets_no_gradient_and_changes_nothing(default_scan):
    assert default_scan.grad_b_max.max() < 1e-12
    assert default_scan.bias_output_change < 1e-12


def test_same_arguments_same_scan():
    a = si.scan_scales(si.make_linear_bn(seed=5), scales=[0.5, 2.0])
    b = si.scan_scales(si.make_linear_bn(seed=5), scales=[0.5, 2.0])
    np.testing.assert_array_equal(a.grad_w_norm, b.grad_w_norm)


def test_bad_arguments_raise_clear_errors():
    with pytest.raises(ValueError, match="positive finite"):
        si.scan_scales(scales=[1.0, 0.0])
    with pytest.raises(ValueError, match="at least 2 samples"):
        si.make_linear_bn(batch=1)
    with pytest.raises(ValueError, match="Unknown upstream gradient"):
        si.make_linear_bn(loss="hinge")
