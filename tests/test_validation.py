"""Bad input is refused with a ValueError whose message is a sentence naming the problem."""

from __future__ import annotations

import numpy as np
import pytest

import normviz as nv

GREEK_STARTS = "εγβσμ"


def assert_sentence(error: pytest.ExceptionInfo, *words: str) -> None:
    """A message a student can read: a capitalised sentence, ending in '.', with these words."""
    message = str(error.value)
    assert message[0].isupper() or message[0] in GREEK_STARTS, message
    assert message.endswith("."), message
    assert "Traceback" not in message and "\n" not in message, message
    for word in words:
        assert word.lower() in message.lower(), f"{word!r} not in {message!r}"


def refused(call, *words: str) -> None:
    with pytest.raises(ValueError) as error:
        call()
    assert_sentence(error, *words)


def x4(n=2, c=6, h=3, w=3, dtype=np.float64) -> np.ndarray:
    return np.random.default_rng(0).standard_normal((n, c, h, w)).astype(dtype)


@pytest.mark.parametrize("shape", [(), (5,), (2, 3, 4, 5, 6)])
def test_shape_that_is_not_2_3_or_4_d(shape) -> None:
    refused(lambda: nv.normalize(np.zeros(shape), "BN"), f"{len(shape)} dimension", "(N, C)")
    refused(lambda: nv.layout(shape, "LN"), "dimension")


@pytest.mark.parametrize("shape", [(0, 3), (2, 0), (2, 3, 0), (2, 3, 4, 0)])
def test_empty_dimension(shape) -> None:
    refused(lambda: nv.normalize(np.zeros(shape), "LN"), "empty dimension", "at least 1")


@pytest.mark.parametrize(("groups", "shown"), [(4, "G=4"), (0, "G=0"), (7, "G=7"), (2.5, "G=2.5")])
def test_groups_not_dividing_c_name_the_valid_choices(groups, shown) -> None:
    refused(
        lambda: nv.normalize(x4(), "GN", groups=groups),
        shown,
        "C=6",
        "must divide C",
        "[1, 2, 3, 6]",
    )


def test_group_norm_without_groups_names_the_valid_choices() -> None:
    refused(lambda: nv.normalize(x4(c=4), "GN"), "number of groups", "[1, 2, 4]")


@pytest.mark.parametrize("name", ["gamma", "beta"])
@pytest.mark.parametrize("length", [0, 5, 7])
def test_gamma_or_beta_of_the_wrong_length(name, length) -> None:
    refused(
        lambda: nv.normalize(x4(), "BN", **{name: np.ones(length)}),
        f"{name})",
        f"{length} value(s)",
        "C = 6",
        "one value per channel",
    )


@pytest.mark.parametrize("name", ["gamma", "beta"])
def test_gamma_or_beta_that_is_not_finite(name) -> None:
    values = np.ones(6)
    values[2] = np.nan
    refused(lambda: nv.normalize(x4(), "LN", **{name: values}), name, "NaN or infinite")


@pytest.mark.parametrize("eps", [-1e-5, -1.0, float("inf"), float("nan")])
def test_negative_or_non_finite_eps(eps) -> None:
    refused(lambda: nv.normalize(x4(), "BN", eps=eps), "ε = ", "finite number ≥ 0")


@pytest.mark.parametrize("method", ["BN", "LN", "IN", "GN"])
def test_eps_zero_with_a_constant_group(method) -> None:
    """σ² = 0 and ε = 0 make x̂ = 0/0: refused, where ε > 0 gives y = β."""
    x = x4()
    x[:, :, :, :] = 3.0
    refused(lambda: nv.normalize(x, method, groups=2, eps=0.0), "ε = 0", "σ² = 0", "ε > 0")
    y = nv.normalize(x, method, groups=2, eps=1e-5, beta=np.arange(6.0)).y
    np.testing.assert_array_equal(y, np.broadcast_to(np.arange(6.0).reshape(1, 6, 1, 1), x.shape))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("bad", [[np.nan], [np.inf], [-np.inf], [np.inf, -np.inf]])
@pytest.mark.parametrize("method", ["BN", "LN", "IN", "GN"])
def test_non_finite_values(bad, dtype, method) -> None:
    x = x4(dtype=dtype)
    x.reshape(-1)[: len(bad)] = bad
    refused(lambda: nv.normalize(x, method, groups=3), "NaN or infinite", "finite numbers")


@pytest.mark.parametrize("shape", [(1, 4), (1, 4, 1), (1, 4, 1, 1)])
def test_batch_norm_in_training_with_one_value_per_channel(shape) -> None:
    refused(
        lambda: nv.normalize(np.ones(shape), "BN"),
        "more than one value per channel",
        "N·H·W = 1",
        "Expected more than 1 value per channel when training",
    )


@pytest.mark.parametrize("shape", [(3, 4), (3, 4, 1), (3, 4, 1, 1)])
def test_instance_norm_with_one_spatial_value(shape) -> None:
    refused(lambda: nv.normalize(np.ones(shape), "IN"), "H·W = 1", "only one such value")


def test_unknown_method_names_the_choices() -> None:
    refused(lambda: nv.normalize(x4(), "XN"), "'XN'", "batch (BN)", "group (GN)")


def test_values_that_are_not_numbers() -> None:
    refused(lambda: nv.normalize(np.array([["a", "b"], ["c", "d"]]), "LN"), "must hold numbers")


@pytest.mark.parametrize(
    ("alias", "method"), [("bn", "batch"), ("LayerNorm", "layer"), ("IN", "instance")]
)
def test_method_aliases(alias, method) -> None:
    assert nv.canonical_method(alias) == method


def test_integer_input_is_normalized_in_float64() -> None:
    r = nv.normalize(np.arange(24).reshape(2, 3, 4), "LN")
    assert r.y.dtype == np.float64
    np.testing.assert_allclose(r.group_mean, [5.5, 17.5])
