"""normviz.normalize against PyTorch (the oracle), the properties of the four methods,
and the worked example of domain.md, number for number."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import normviz as nv

METHODS = ("BN", "LN", "IN", "GN")
EPS_CHOICES = (0.0, 1e-5, 1e-3, 0.1)
OFFSETS = (0.0, 1.0, 1e3, 1e5)  # group means as a multiple of the standard deviation
SCALES = (1e-2, 1.0, 1e2)
FLOAT64_RTOL = 1e-10
FLOAT32_ULPS = 4  # slack, in float32 ulps of the largest reference value
SWEEP = settings(max_examples=150, deadline=None)
PROPERTY = settings(max_examples=40, deadline=None)


# ---------------------------------------------------------------------------------------
# Cases and the PyTorch oracle


@dataclass(frozen=True)
class Case:
    """One call of normalize: the input and every argument."""

    x: np.ndarray
    method: str
    groups: int | None
    eps: float
    gamma: np.ndarray | None
    beta: np.ndarray | None

    @property
    def shape(self) -> tuple[int, ...]:
        return self.x.shape

    @property
    def num_groups(self) -> int:
        """Channel groups G as PyTorch's group_norm sees them (LN: 1, IN: C)."""
        c = self.shape[1]
        return {"BN": c, "LN": 1, "IN": c, "GN": self.groups}[self.method]

    def run(self) -> nv.Normalized:
        return nv.normalize(
            self.x, self.method, groups=self.groups, eps=self.eps, gamma=self.gamma, beta=self.beta
        )


@st.composite
def shapes(draw) -> tuple[int, ...]:
    """(N, C), (N, C, L) or (N, C, H, W), small, with N = 1 and H = W = 1 reachable."""
    n = draw(st.integers(1, 4))
    c = draw(st.integers(1, 6))
    spatial = draw(
        st.one_of(
            st.just(()),
            st.tuples(st.integers(1, 6)),
            st.tuples(st.integers(1, 5), st.integers(1, 5)),
        )
    )
    return (n, c, *spatial)


def random_tensor(rng, shape, dtype, scale: float, offset: float, spread: bool = True):
    """scale·(z + offset): group means near ±offset × std.

    spread: each channel gets its own offset, of either sign, 0.5–1.5 × offset (BN's groups
    stay offset; LN's and GN's mix channels); otherwise one offset for the whole tensor.
    """
    c = shape[1]
    ones = (1,) * (len(shape) - 2)
    if spread:
        shift = offset * rng.choice([-1.0, 1.0], size=c) * rng.uniform(0.5, 1.5, size=c)
    else:
        shift = np.full(c, offset * rng.choice([-1.0, 1.0]))
    x = scale * (rng.standard_normal(shape) + shift.reshape(1, c, *ones))
    return x.astype(dtype)


def random_affine(rng, c: int, dtype) -> tuple[np.ndarray, np.ndarray]:
    """Per-channel γ (either sign, away from 0) and β."""
    gamma = rng.choice([-1.0, 1.0], size=c) * rng.uniform(0.5, 3.0, size=c)
    beta = rng.normal(0.0, 2.0, size=c)
    return gamma.astype(dtype), beta.astype(dtype)


@st.composite
def cases(draw, dtypes=(np.float32, np.float64), eps_choices=EPS_CHOICES) -> Case:
    """A random case; it may be one PyTorch refuses (one value per statistic)."""
    shape = draw(shapes())
    method = draw(st.sampled_from(METHODS))
    groups = draw(st.sampled_from(nv.divisors(shape[1]))) if method == "GN" else None
    dtype = draw(st.sampled_from(dtypes))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    scale, offset = draw(st.sampled_from(SCALES)), draw(st.sampled_from(OFFSETS))
    x = random_tensor(rng, shape, dtype, scale, offset, spread=draw(st.booleans()))
    gamma, beta = random_affine(rng, shape[1], dtype) if draw(st.booleans()) else (None, None)
    eps = draw(st.sampled_from(eps_choices))
    return Case(x, method, groups, eps, gamma, beta)


def torch_normalize(case: Case, x: torch.Tensor, affine: bool = True) -> torch.Tensor:
    """PyTorch's output on x (in x's dtype); x̂ when affine is False."""
    as_t = lambda a: None if a is None or not affine else torch.from_numpy(a).to(x.dtype)  # noqa: E731
    gamma, beta = as_t(case.gamma), as_t(case.beta)
    if case.method == "BN":
        if case.eps == 0:  # F.batch_norm refuses ε = 0 in training; its kernel does not
            return torch.batch_norm(x, gamma, beta, None, None, True, 0.1, 0.0, False)
        return F.batch_norm(x, None, None, gamma, beta, training=True, eps=case.eps)
    if case.method == "IN":
        return F.instance_norm(x, weight=gamma, bias=beta, eps=case.eps)
    return F.group_norm(x, case.num_groups, gamma, beta, eps=case.eps)


def torch_refuses(case: Case) -> bool:
    """Whether PyTorch refuses this shape and method in training."""
    probe = Case(np.zeros(case.shape), case.method, case.groups, 1e-5, None, None)
    try:
        torch_normalize(probe, torch.zeros(case.shape, dtype=torch.float64))
    except ValueError:
        return True
    return False


def group_rows(case: Case, x):
    """x (numpy or torch) as (statistics..., m): each last-axis row holds one group."""
    n, c = case.shape[:2]
    if case.method == "BN":
        return x.swapaxes(0, 1).reshape(c, -1)
    if case.method == "LN":
        return x.reshape(n, -1)
    if case.method == "IN":
        return x.reshape(n, c, -1)
    return x.reshape(n, case.groups, -1)


def per_element(case: Case, compact: np.ndarray) -> np.ndarray:
    """Give every element of x its group's statistic (shape of x)."""
    n, c = case.shape[:2]
    ones = (1,) * (len(case.shape) - 2)
    if case.method == "BN":
        full = compact.reshape(1, c, *ones)
    elif case.method == "LN":
        full = compact.reshape(n, 1, *ones)
    else:
        per_channel = np.repeat(compact.reshape(n, -1), c // case.num_groups, axis=1)
        full = per_channel.reshape(n, c, *ones)
    return np.broadcast_to(full, case.shape)


def per_channel(case: Case, values: np.ndarray | None, default: float, dtype) -> np.ndarray:
    """γ or β (default when None) shaped (1, C, 1, ...) to broadcast against x."""
    c = case.shape[1]
    arr = np.full(c, default) if values is None else values
    return arr.astype(dtype).reshape(1, c, *(1,) * (len(case.shape) - 2))


@dataclass(frozen=True)
class Expected:
    """Reference numbers for one case, each compact or shaped like x."""

    group_mean: np.ndarray
    group_var: np.ndarray
    std: np.ndarray
    x_hat: np.ndarray
    y: np.ndarray


def torch_expected(case: Case, dtype: torch.dtype) -> Expected:
    """Statistics, x̂ and y computed by PyTorch on x cast to dtype."""
    x = torch.from_numpy(case.x).to(dtype)
    var, mean = torch.var_mean(group_rows(case, x), dim=-1, correction=0)
    return Expected(
        group_mean=mean.numpy(),
        group_var=var.numpy(),
        std=torch.sqrt(var + case.eps).numpy(),
        x_hat=torch_normalize(case, x, affine=False).numpy(),
        y=torch_normalize(case, x).numpy(),
    )


def exact_expected(case: Case) -> Expected:
    """The textbook two-pass formulas in 80-bit long double: exact to float64 precision."""
    x = case.x.astype(np.longdouble)
    rows = group_rows(case, x)
    mean = rows.mean(axis=-1)
    var = np.square(rows - mean[..., None]).mean(axis=-1)
    std = np.sqrt(var + np.longdouble(case.eps))
    x_hat = (x - per_element(case, mean)) / per_element(case, std)
    gamma = per_channel(case, case.gamma, 1.0, np.longdouble)
    beta = per_channel(case, case.beta, 0.0, np.longdouble)
    as64 = lambda a: np.asarray(a, dtype=np.float64)  # noqa: E731
    return Expected(as64(mean), as64(var), as64(std), as64(x_hat), as64(gamma * x_hat + beta))


def ours_by_field(r: nv.Normalized, case: Case) -> dict[str, np.ndarray]:
    """normviz's numbers in the layout of Expected (std expanded per element)."""
    return {
        "group_mean": r.group_mean.reshape(-1),
        "group_var": r.group_var.reshape(-1),
        "std": np.broadcast_to(r.std, case.shape),
        "x_hat": r.x_hat,
        "y": r.y,
    }


def expected_by_field(e: Expected, case: Case) -> dict[str, np.ndarray]:
    return {
        "group_mean": e.group_mean.reshape(-1),
        "group_var": e.group_var.reshape(-1),
        "std": per_element(case, e.std),
        "x_hat": e.x_hat,
        "y": e.y,
    }


def fused_rounding(case: Case, exact: Expected, affine: bool) -> float:
    """torch's own float64 error on x̂ or y: it computes x·s + (β − μ·s), s = γ/√(σ²+ε),
    which rounds at a few ulps of max|x·s| (large when |μ| ≫ √(σ²+ε), e.g. σ² = 0)."""
    s = 1.0 / per_element(case, exact.std)
    if affine:
        s = s * per_channel(case, case.gamma, 1.0, np.float64)
    return 8 * float(np.finfo(np.float64).eps) * float(np.max(np.abs(case.x * s)))


def max_abs_error(a: np.ndarray, ref: np.ndarray) -> float:
    return float(np.max(np.abs(np.asarray(a, np.float64) - np.asarray(ref, np.float64))))


def assert_close_float64(name: str, ours: np.ndarray, ref: np.ndarray, slack=0.0) -> None:
    """float64: relative 1e-10, absolute 1e-10 × the largest |ref| (+ the reference's slack)."""
    atol = FLOAT64_RTOL * float(np.max(np.abs(ref))) + slack
    np.testing.assert_allclose(ours, ref, rtol=FLOAT64_RTOL, atol=atol, err_msg=name)


def float32_bound(torch_error: float, scale: float) -> float:
    """The largest error allowed to normviz: 2× torch's own + a few float32 ulps of scale."""
    return 2.0 * torch_error + FLOAT32_ULPS * float(np.spacing(np.float32(scale)))


def assert_no_worse_than_torch(name: str, ours, torch32, ref64, scale=None) -> None:
    """float32: normviz's error vs the float64 reference within float32_bound of torch's.

    scale is the magnitude whose ulps float32 rounding is measured in: max|ref| by default.
    """
    scale = float(np.max(np.abs(ref64))) if scale is None else scale
    ours_error = max_abs_error(ours, ref64)
    torch_error = max_abs_error(torch32, ref64)
    bound = float32_bound(torch_error, scale)
    assert ours_error <= bound, (
        f"{name}: normviz float32 error {ours_error:.3g} exceeds the bound {bound:.3g} "
        f"(torch float32 error {torch_error:.3g})"
    )


def variances_positive(case: Case) -> bool:
    x = torch.from_numpy(case.x).double()
    return bool((group_rows(case, x).var(dim=-1, correction=0) > 0).all())


def expected_reduced_axes(case: Case) -> tuple[int, ...]:
    spatial = tuple(range(2, len(case.shape)))
    return {"BN": (0, *spatial), "LN": (1, *spatial), "IN": spatial, "GN": (1, *spatial)}[
        case.method
    ]


def expected_group_size(case: Case) -> int:
    """m: (samples or channels pooled) × H·W."""
    n, c = case.shape[:2]
    spatial = int(np.prod(case.shape[2:], dtype=int))
    pooled = {"BN": n, "LN": c, "IN": 1, "GN": c // case.num_groups}[case.method]
    return pooled * spatial


def expected_keepdims_shape(case: Case) -> tuple[int, ...]:
    n, c = case.shape[:2]
    ones = (1,) * (len(case.shape) - 2)
    return {"BN": (1, c, *ones), "LN": (n, 1, *ones)}.get(case.method, (n, c, *ones))


def check_float64(case: Case, ours: dict[str, np.ndarray]) -> None:
    """Against torch (allowing torch's own rounding of x̂ and y) and the exact reference."""
    exact = exact_expected(case)
    ref64 = expected_by_field(torch_expected(case, torch.float64), case)
    slack = {"x_hat": fused_rounding(case, exact, False), "y": fused_rounding(case, exact, True)}
    for name, value in ours.items():
        assert_close_float64(name, value, ref64[name], slack.get(name, 0.0))
    for name, value in expected_by_field(exact, case).items():
        assert_close_float64(f"{name} (exact)", ours[name], value)


def check_float32(case: Case, ours: dict[str, np.ndarray]) -> None:
    """No worse than torch's own float32 against the float64 torch reference."""
    ref64 = expected_by_field(torch_expected(case, torch.float64), case)
    torch32 = expected_by_field(torch_expected(case, torch.float32), case)
    # A float32 sum of values that cancel is exact to ulps of the values, not of the sum:
    # the mean's rounding is measured in ulps of max|x|.
    scales = {"group_mean": float(np.max(np.abs(case.x)))}
    for name, value in ours.items():
        assert_no_worse_than_torch(name, value, torch32[name], ref64[name], scales.get(name))


def check_against_torch(case: Case) -> None:
    """The whole comparison of one valid case."""
    r = case.run()
    assert r.y.dtype == r.x_hat.dtype == case.x.dtype and r.y.shape == case.shape
    assert r.reduced_axes == expected_reduced_axes(case)
    assert r.m == expected_group_size(case)
    assert r.mean.shape == r.var.shape == expected_keepdims_shape(case)
    if case.x.dtype == np.float64:
        check_float64(case, ours_by_field(r, case))
    else:
        check_float32(case, ours_by_field(r, case))


def affine_beta(case: Case) -> np.ndarray:
    """β broadcast against x (0 without affine): the output of a group with σ² = 0."""
    c = case.shape[1]
    beta = np.zeros(c) if case.beta is None else case.beta
    return np.broadcast_to(beta.reshape(1, c, *(1,) * (len(case.shape) - 2)), case.shape)


@SWEEP
@given(case=cases())
def test_normalize_matches_torch(case: Case) -> None:
    """Random shapes, methods, dtypes, eps, affine or not, offsets: normviz agrees with torch.

    Where torch's batch_norm/instance_norm refuse one value per statistic, normviz raises a
    ValueError. torch's group_norm also refuses N·m = 1 (but accepts N = 2 with m = 1, so
    that is a quirk, not maths): there normviz gives the defined answer y = β.
    """
    if case.method in ("BN", "IN") and torch_refuses(case):
        with pytest.raises(ValueError, match="one value per channel|only one such value"):
            case.run()
        return
    if case.eps == 0 and not variances_positive(case):
        with pytest.raises(ValueError, match="ε = 0"):
            case.run()
        return
    if torch_refuses(case):
        np.testing.assert_array_equal(case.run().y, affine_beta(case))
        return
    check_against_torch(case)


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("offset", [0.0, 1e3, 1e5])
@pytest.mark.parametrize("spread", [True, False])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_normalize_matches_torch_on_a_larger_tensor(method, offset, spread, dtype) -> None:
    """Long reductions (m up to 4096) accumulate rounding: still no worse than torch."""
    rng = np.random.default_rng(7)
    x = random_tensor(rng, (8, 16, 16, 16), dtype, 3.0, offset, spread)
    gamma, beta = random_affine(rng, 16, dtype)
    check_against_torch(Case(x, method, 4 if method == "GN" else None, 1e-5, gamma, beta))


@pytest.mark.parametrize(("method", "groups"), [("LN", None), ("GN", 2), ("BN", None)])
def test_long_rows_stay_as_accurate_as_torch(method, groups) -> None:
    """Groups of 200,704 values (LN) in float32: long sums must not drift (vector_norm did)."""
    rng = np.random.default_rng(9)
    x = random_tensor(rng, (2, 64, 56, 56), np.float32, 1.0, 0.0)
    check_against_torch(Case(x, method, groups, 1e-5, None, None))


def naive_float32_y(case: Case) -> np.ndarray:
    """A careless float32 normalization (one-pass E[x²] − μ² in float32), for the test below."""
    x = torch.from_numpy(case.x)
    rows = group_rows(case, x)
    mean = rows.mean(dim=-1)
    var = (rows.square().mean(dim=-1) - mean.square()).clamp_min(0)
    mean_full = torch.from_numpy(per_element(case, mean.numpy()).copy())
    var_full = torch.from_numpy(per_element(case, var.numpy()).copy())
    return ((x - mean_full) / torch.sqrt(var_full + case.eps)).numpy()


@pytest.mark.parametrize("method", METHODS)
def test_float32_bound_rejects_a_naive_implementation(method) -> None:
    """The float32 assertion can fail: it rejects one-pass float32 moments on offset data."""
    rng = np.random.default_rng(3)
    x = random_tensor(rng, (4, 8, 6, 6), np.float32, 1.0, 1e3, spread=False)
    case = Case(x, method, 2 if method == "GN" else None, 1e-5, None, None)
    torch32 = torch_expected(case, torch.float32).x_hat
    ref64 = torch_expected(case, torch.float64).x_hat
    with pytest.raises(AssertionError, match="exceeds the bound"):
        assert_no_worse_than_torch("x_hat", naive_float32_y(case), torch32, ref64)
    assert_no_worse_than_torch("x_hat", case.run().x_hat, torch32, ref64)


@pytest.mark.parametrize(
    ("shape", "method"),
    [
        ((1, 3), "BN"),
        ((1, 3, 1), "BN"),
        ((1, 3, 1, 1), "BN"),
        ((4, 3), "IN"),
        ((4, 3, 1), "IN"),
        ((1, 3, 1, 1), "IN"),
    ],
)
def test_one_value_per_statistic_is_refused_like_torch(shape, method) -> None:
    """torch refuses one value per channel (BN) or per spatial map (IN): so does normviz."""
    x = np.arange(np.prod(shape), dtype=np.float64).reshape(shape)
    case = Case(x, method, None, 1e-5, None, None)
    assert torch_refuses(case)
    with pytest.raises(ValueError, match="one value per channel|only one such value"):
        case.run()


def test_group_norm_with_one_value_per_group_gives_beta_like_torch() -> None:
    """LN/GN with m = 1 are defined for ε > 0 (σ² = 0, x̂ = 0, y = β): torch agrees."""
    x = np.array([[1.5, -2.0, 7.0, 3.0], [0.0, 4.0, -1.0, 2.5]])
    beta = np.array([0.5, 1.0, -1.0, 2.0])
    r = nv.normalize(x, "GN", groups=4, beta=beta)
    np.testing.assert_array_equal(r.y, np.broadcast_to(beta, (2, 4)))
    case = Case(x, "GN", 4, 1e-5, np.ones(4), beta)
    np.testing.assert_array_equal(torch_expected(case, torch.float64).y, r.y)


# ---------------------------------------------------------------------------------------
# Properties


def group_moments(case: Case, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean and biased variance of `values` over each group of the case."""
    var, mean = torch.var_mean(group_rows(case, torch.from_numpy(values)), dim=-1, correction=0)
    return mean.numpy(), var.numpy()


def valid_float64_cases(eps_choices=(1e-5,)):
    return cases(dtypes=(np.float64,), eps_choices=eps_choices).filter(
        lambda c: not torch_refuses(c)
    )


@PROPERTY
@given(case=valid_float64_cases())
def test_every_group_of_x_hat_has_mean_0_and_variance_1(case: Case) -> None:
    """When σ² ≫ ε: each group of x̂ has mean 0 and variance σ²/(σ²+ε) ≈ 1."""
    _, var = group_moments(case, case.x)
    assume(bool((var > 1e3 * case.eps).all()))
    mean_hat, var_hat = group_moments(case, case.run().x_hat)
    # x itself is only known to 1 ulp: far from zero that is |x|·2⁻⁵² of σ in x̂
    representation = 4 * np.finfo(np.float64).eps * np.max(np.abs(case.x)) / np.sqrt(var.min())
    np.testing.assert_allclose(mean_hat, 0.0, atol=1e-9 + representation)
    np.testing.assert_allclose(var_hat, var / (var + case.eps), rtol=1e-9)
    np.testing.assert_allclose(var_hat, 1.0, atol=1e-3)


@PROPERTY
@given(shape=shapes(), seed=st.integers(0, 2**32 - 1))
def test_group_norm_with_one_group_is_layer_norm(shape, seed) -> None:
    rng = np.random.default_rng(seed)
    x = random_tensor(rng, shape, np.float64, 1.0, 1.0)
    gamma, beta = random_affine(rng, shape[1], np.float64)
    gn = nv.normalize(x, "GN", groups=1, gamma=gamma, beta=beta)
    ln = nv.normalize(x, "LN", gamma=gamma, beta=beta)
    np.testing.assert_allclose(gn.y, ln.y, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(gn.group_mean.reshape(-1), ln.group_mean, rtol=1e-12)
    np.testing.assert_allclose(gn.group_var.reshape(-1), ln.group_var, rtol=1e-12)


@PROPERTY
@given(shape=shapes(), seed=st.integers(0, 2**32 - 1))
def test_group_norm_with_one_channel_per_group_is_instance_norm(shape, seed) -> None:
    assume(len(shape) > 2 and np.prod(shape[2:]) > 1)
    rng = np.random.default_rng(seed)
    x = random_tensor(rng, shape, np.float64, 1.0, 1.0)
    gamma, beta = random_affine(rng, shape[1], np.float64)
    gn = nv.normalize(x, "GN", groups=shape[1], gamma=gamma, beta=beta)
    inn = nv.normalize(x, "IN", gamma=gamma, beta=beta)
    np.testing.assert_allclose(gn.y, inn.y, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(gn.group_mean, inn.group_mean, rtol=1e-12)
    np.testing.assert_allclose(gn.group_var, inn.group_var, rtol=1e-12)


def affine_change(rng, shape, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """Random a > 0 and b along one axis (1: per channel, 0: per sample), broadcastable."""
    size = shape[axis]
    where = [1] * len(shape)
    where[axis] = size
    a = rng.uniform(0.1, 10.0, size=size).reshape(where)
    b = rng.uniform(-100.0, 100.0, size=size).reshape(where)
    return a, b


@PROPERTY
@given(shape=shapes(), seed=st.integers(0, 2**32 - 1), eps=st.sampled_from((0.0, 1e-12)))
def test_batch_norm_ignores_a_per_channel_affine_change(shape, seed, eps) -> None:
    """BN(a_c·x + b_c) = BN(x) for a_c > 0 (ε = 0 or tiny against σ²)."""
    assume(shape[0] * int(np.prod(shape[2:])) > 1)
    rng = np.random.default_rng(seed)
    x = random_tensor(rng, shape, np.float64, 1.0, 0.0)
    a, b = affine_change(rng, shape, axis=1)
    result = nv.normalize(x, "BN", eps=eps)
    # ε moves x̂ by about ε/(2σ²): the invariance is exact only where that is below 1e-8
    assume(eps == 0 or result.group_var.min() * np.min(a) ** 2 > 1e9 * eps)
    before = result.y
    after = nv.normalize(a * x + b, "BN", eps=eps).y
    np.testing.assert_allclose(after, before, atol=1e-8)


@PROPERTY
@given(shape=shapes(), seed=st.integers(0, 2**32 - 1), eps=st.sampled_from((0.0, 1e-12)))
def test_layer_norm_ignores_a_per_sample_affine_change(shape, seed, eps) -> None:
    """LN(a_n·x + b_n) = LN(x) for a_n > 0 (ε = 0 or tiny against σ²)."""
    assume(int(np.prod(shape[1:])) > 1)
    rng = np.random.default_rng(seed)
    x = random_tensor(rng, shape, np.float64, 1.0, 0.0)
    a, b = affine_change(rng, shape, axis=0)
    result = nv.normalize(x, "LN", eps=eps)
    # ε moves x̂ by about ε/(2σ²): the invariance is exact only where that is below 1e-8
    assume(eps == 0 or result.group_var.min() * np.min(a) ** 2 > 1e9 * eps)
    before = result.y
    after = nv.normalize(a * x + b, "LN", eps=eps).y
    np.testing.assert_allclose(after, before, atol=1e-8)


def test_the_invariance_check_can_fail() -> None:
    """A per-channel change does alter LN, and a per-sample one alters BN."""
    rng = np.random.default_rng(0)
    x = random_tensor(rng, (4, 3, 5, 5), np.float64, 1.0, 0.0)
    a_c, b_c = affine_change(rng, x.shape, axis=1)
    a_n, b_n = affine_change(rng, x.shape, axis=0)
    ln_change = nv.normalize(a_c * x + b_c, "LN").y - nv.normalize(x, "LN").y
    bn_change = nv.normalize(a_n * x + b_n, "BN").y - nv.normalize(x, "BN").y
    assert np.max(np.abs(ln_change)) > 0.1
    assert np.max(np.abs(bn_change)) > 0.1


@PROPERTY
@given(case=valid_float64_cases(eps_choices=(1e-5, 0.1)))
def test_compact_statistics_match_the_keepdims_ones(case: Case) -> None:
    """mean/var at every element equal group_mean/group_var at that element's group_index."""
    r = case.run()
    assert r.group_mean.shape == r.group_var.shape == r.layout.stats_shape
    mean = np.broadcast_to(r.mean, case.shape)
    var = np.broadcast_to(r.var, case.shape)
    for at in np.ndindex(*case.shape):
        k = nv.group_index(case.shape, case.method, at, groups=case.groups)
        assert mean[at] == r.group_mean[k]
        assert var[at] == r.group_var[k]
    np.testing.assert_array_equal(r.std, np.sqrt(r.var + case.eps))


# ---------------------------------------------------------------------------------------
# The worked example of domain.md §2

WORKED_GAMMA = [2.0, 5.0]
WORKED_BETA = [3.0, 8.0]
FOUR_DECIMALS = 5e-5


def worked(method: str) -> nv.Normalized:
    return nv.normalize(nv.worked_example(), method, gamma=WORKED_GAMMA, beta=WORKED_BETA)


def test_worked_example_batch_norm_statistics() -> None:
    r = worked("BN")
    np.testing.assert_allclose(r.group_mean, [4.5, 7.0], rtol=1e-15)
    np.testing.assert_allclose(r.group_var, [5.25, 21.0], rtol=1e-15)
    np.testing.assert_allclose(r.group_var_unbiased, [6.0, 24.0], rtol=1e-15)
    assert r.m == 8 and r.reduced_axes == (0, 2, 3)


def test_worked_example_outputs() -> None:
    bn, ln, inn = worked("BN"), worked("LN"), worked("IN")
    np.testing.assert_allclose(
        bn.y[0, 0], [[-0.0550, 0.8178], [1.6907, 2.5636]], atol=FOUR_DECIMALS
    )
    np.testing.assert_allclose(
        bn.y[1, 1], [[9.0911, 11.2733], [13.4554, 15.6376]], atol=FOUR_DECIMALS
    )
    np.testing.assert_allclose(ln.y[0, 0], [[1.0396, 2.1598], [3.2801, 4.4003]], atol=FOUR_DECIMALS)
    np.testing.assert_allclose(
        inn.y[0, 0], [[0.3167, 2.1056], [3.8944, 5.6833]], atol=FOUR_DECIMALS
    )


def test_worked_example_running_statistics_after_one_step() -> None:
    """One training step of nn.BatchNorm2d(2) from (0, 1): (0.45, 0.70) and (1.50, 3.30)."""
    layer = torch.nn.BatchNorm2d(2).double().train()
    layer(torch.from_numpy(nv.worked_example()))
    ours = nv.RunningStats(2)
    ours.update(nv.worked_example())
    np.testing.assert_allclose(layer.running_mean.numpy(), [0.45, 0.70], rtol=1e-12)
    np.testing.assert_allclose(layer.running_var.numpy(), [1.50, 3.30], rtol=1e-12)
    np.testing.assert_allclose(ours.mean, [0.45, 0.70], rtol=1e-12)
    np.testing.assert_allclose(ours.var, [1.50, 3.30], rtol=1e-12)


@pytest.mark.parametrize("method", ["BN", "LN", "IN", "GN"])
def test_offset_float32_mean_and_partial_x_hat_are_exact(method: str) -> None:
    """Far from zero (μ = 1000σ) the unrounded μ and x̂ of a few samples match float64."""
    x = (np.random.default_rng(5).standard_normal((4, 8, 5, 5)) + 1000).astype(np.float32)
    r32 = nv.normalize(x, method, groups=2)
    r64 = nv.normalize(x.astype(np.float64), method, groups=2)
    np.testing.assert_allclose(r32.group_mean_exact, r64.group_mean, rtol=1e-12, atol=0)
    partial = r32.x_hat_of_samples(2)
    assert partial.shape == (2, 8, 5, 5)
    assert np.max(np.abs(partial - r64.x_hat[:2])) < 1e-6
