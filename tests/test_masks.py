"""Who shares (μ, σ²) with whom: group_mask, group_slices and group_index against a
brute-force reading of domain.md §1."""

from __future__ import annotations

import numpy as np
import pytest

import normviz as nv

ULPS = 4 * np.finfo(np.float64).eps
SHAPES = [(3, 4), (1, 1), (4, 1), (2, 6, 5), (1, 6, 1), (2, 6, 3, 2), (1, 4, 1, 1), (3, 2, 2, 2)]


def configurations(shape: tuple[int, ...]) -> list[tuple[str, int | None]]:
    """Every method on this shape, GN with every valid group count."""
    return [("BN", None), ("LN", None), ("IN", None)] + [("GN", g) for g in nv.divisors(shape[1])]


ALL_CASES = [
    (shape, method, groups) for shape in SHAPES for method, groups in configurations(shape)
]


def case_id(case) -> str:
    shape, method, groups = case
    return f"{'x'.join(map(str, shape))}-{method}{groups or ''}"


def group_keys(shape: tuple[int, ...], method: str, groups: int | None) -> np.ndarray:
    """Per element, a label of its group straight from domain.md §1 (equal label = shared).

    BN: the channel c; LN: the sample n; IN: the pair (n, c); GN: (n, c // (C/G)).
    """
    n_idx, c_idx = np.indices(shape)[:2]
    c = shape[1]
    if method == "BN":
        return c_idx
    if method == "LN":
        return n_idx
    if method == "IN":
        return n_idx * c + c_idx
    return n_idx * groups + c_idx // (c // groups)


def brute_mask(shape, method, groups, at) -> np.ndarray:
    keys = group_keys(shape, method, groups)
    return keys == keys[at]


@pytest.mark.parametrize("case", ALL_CASES, ids=case_id)
def test_mask_and_slices_match_the_definition_for_every_element(case) -> None:
    shape, method, groups = case
    size = nv.layout(shape, method, groups).group_size
    for at in np.ndindex(*shape):
        expected = brute_mask(shape, method, groups, at)
        mask = nv.group_mask(shape, method, at, groups=groups)
        np.testing.assert_array_equal(mask, expected, err_msg=f"at {at}")
        from_slices = np.zeros(shape, dtype=bool)
        from_slices[nv.group_slices(shape, method, at, groups=groups)] = True
        np.testing.assert_array_equal(from_slices, expected, err_msg=f"slices at {at}")
        assert mask[at] and int(mask.sum()) == size


@pytest.mark.parametrize("case", ALL_CASES, ids=case_id)
def test_group_index_labels_the_groups_one_to_one(case) -> None:
    """Same group ⇔ same index, and every index lies inside the compact stats array."""
    shape, method, groups = case
    lay = nv.layout(shape, method, groups)
    keys = group_keys(shape, method, groups)
    index_of_key: dict[int, tuple[int, ...]] = {}
    for at in np.ndindex(*shape):
        k = nv.group_index(shape, method, at, groups=groups)
        assert len(k) == len(lay.stats_shape)
        assert all(0 <= i < s for i, s in zip(k, lay.stats_shape, strict=True))
        assert index_of_key.setdefault(int(keys[at]), k) == k
    assert len(set(index_of_key.values())) == len(index_of_key) == lay.num_stats


def trainable(shape, method) -> bool:
    """The cases normalize accepts in training (BN: N·H·W > 1, IN: H·W > 1)."""
    spatial = int(np.prod(shape[2:], dtype=int))
    return {"BN": shape[0] * spatial > 1, "IN": spatial > 1}.get(method, True)


@pytest.mark.parametrize("case", [c for c in ALL_CASES if trainable(c[0], c[1])], ids=case_id)
def test_values_under_the_mask_give_group_mean_at_group_index(case) -> None:
    """Small integers in float64: the sums are exact, so the means agree to float64 rounding
    (a few ulps: normviz's two-pass path adds a tiny correction to a rounded mean)."""
    shape, method, groups = case
    x = np.random.default_rng(5).integers(-4, 9, size=shape).astype(np.float64)
    r = nv.normalize(x, method, groups=groups, eps=1e-5)
    for at in np.ndindex(*shape):
        under = x[nv.group_mask(shape, method, at, groups=groups)]
        k = nv.group_index(shape, method, at, groups=groups)
        np.testing.assert_allclose(r.group_mean[k], np.mean(under), rtol=ULPS, err_msg=f"{at}")
        np.testing.assert_allclose(r.group_var[k], np.var(under), rtol=ULPS, err_msg=f"{at}")


def test_readme_example_shares_within_one_group_of_one_sample() -> None:
    """x[0,1,0,0] with GN, G=2 on 2×2×2×2: sample 0, channels of group 1 (channel 1), all H·W."""
    mask = nv.group_mask((2, 2, 2, 2), "GN", (0, 1, 0, 0), groups=2)
    assert mask[0, 1].all() and mask.sum() == 4


@pytest.mark.parametrize("at", [(2, 0, 0, 0), (0, 0, 0), (0, 0, 0, -1), (0, 5, 0, 0)])
def test_an_index_outside_the_tensor_is_refused(at) -> None:
    with pytest.raises(ValueError, match="not inside a tensor of shape"):
        nv.group_mask((2, 3, 2, 2), "BN", at)
