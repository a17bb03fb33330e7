"""normviz.transformer_norms against PyTorch: BN statistics of sequence batches against
nn.BatchNorm1d on the (N·T, d) tokens, running statistics stepped by torch, masked statistics
by hand, token LN against nn.LayerNorm(d) and its independence of the batch, RMSNorm against
F.rms_norm, and the parameter counts against torch's modules."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from normviz import transformer_norms as tn
from normviz.figures.palette import METHOD_COLORS
from normviz.figures.transformer_norms import share_grids
from normviz.i18n import InputError

SPEC = tn.SequenceSpec(tokens=12, features=5, sequence_offset=1.5, token_offset=0.7)


def tokens_of(x: np.ndarray) -> torch.Tensor:
    """An (N, d, T) batch as the (N·T, d) tokens BatchNorm1d would get."""
    return torch.from_numpy(np.ascontiguousarray(x.transpose(0, 2, 1).reshape(-1, x.shape[1])))


def torch_batch_stats(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """μ_B and biased σ²_B as nn.BatchNorm1d computes them (momentum 1 keeps the batch's)."""
    bn = nn.BatchNorm1d(x.shape[1], momentum=1.0).double()
    bn(tokens_of(x))
    m = x.shape[0] * x.shape[2]
    return bn.running_mean.numpy(), bn.running_var.numpy() * (m - 1) / m


def test_sequences_are_padded_with_zeros_after_each_length():
    x = tn.sequences(SPEC, 3, np.random.default_rng(1), lengths=np.array([12, 5, 1]))
    assert x.shape == (3, SPEC.features, SPEC.tokens)
    assert np.all(x[1, :, 5:] == 0) and np.all(x[2, :, 1:] == 0)
    assert np.all(x[1, :, :5] != 0) and np.all(x[0] != 0)


@pytest.mark.parametrize("size", [2, 7])
def test_batch_moments_match_batchnorm1d_on_the_tokens(size):
    batches = tn.random_batches(SPEC, size, 4, np.random.default_rng(size))
    means, variances = tn.batch_moments(batches)
    for x, mean, var in zip(batches, means, variances, strict=True):
        torch_mean, torch_var = torch_batch_stats(x)
        np.testing.assert_allclose(mean, torch_mean, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(var, torch_var, rtol=1e-12)


def test_batch_spread_shrinks_with_the_batch_and_token_ln_does_not_move():
    spread = tn.batch_spread(SPEC, (2, 64), batches=100, seed=3)
    assert spread.mean_spread[1] < spread.mean_spread[0] / 3  # about 1/√32 apart
    assert spread.var_spread[1] < spread.var_spread[0] / 2
    assert spread.token_ln_change == 0.0  # exactly: a token's own features only


def test_batch_spread_is_the_spread_of_batchnorm_statistics():
    rng_b = np.random.default_rng(9)
    spread = tn.batch_spread(SPEC, (4,), batches=30, seed=9)
    stats = [torch_batch_stats(x) for x in tn.random_batches(SPEC, 4, 30, rng_b)]
    means = np.array([m for m, _ in stats])
    variances = np.array([v for _, v in stats])
    expected = np.mean(means.std(axis=0) / np.sqrt(variances.mean(axis=0)))
    assert spread.mean_spread[0] == pytest.approx(expected, rel=1e-10)
    expected_var = np.mean(variances.std(axis=0) / variances.mean(axis=0))
    assert spread.var_spread[0] == pytest.approx(expected_var, rel=1e-10)


@pytest.mark.parametrize("offset", [0.0, 0.25, 1.5, 3.0])
def test_one_draw_gives_the_batch_spread_of_every_offset(offset):
    """spread_draws' offset-free moments give, for any sequence offset, what the batches
    drawn with that offset give directly (the same random numbers)."""
    spec = tn.SequenceSpec(tokens=12, features=5, sequence_offset=offset, token_offset=0.7)
    draws = tn.spread_draws(tn.SequenceSpec(tokens=12, features=5, token_offset=0.7), (3, 8), 40)
    spread = tn.batch_spread(spec, (3, 8), 40, draws=draws)
    rng = np.random.default_rng(0)
    for i, size in enumerate((3, 8)):
        means, variances = tn.batch_moments(tn.random_batches(spec, size, 40, rng))
        expected = np.mean(means.std(axis=0) / np.sqrt(variances.mean(axis=0)))
        assert spread.mean_spread[i] == pytest.approx(expected, rel=1e-12)
        expected_var = np.mean(variances.std(axis=0) / variances.mean(axis=0))
        assert spread.var_spread[i] == pytest.approx(expected_var, rel=1e-12)
    assert spread.token_ln_change == 0.0


def test_token_ln_is_nn_layernorm_and_independent_of_its_batch():
    rng = np.random.default_rng(4)
    x = tn.sequences(SPEC, 6, rng)
    ln = nn.LayerNorm(SPEC.features, elementwise_affine=False).double()
    expected = ln(torch.from_numpy(x.transpose(0, 2, 1).copy())).detach().numpy()
    ours = tn.normalize(x, "token").y.transpose(0, 2, 1)
    np.testing.assert_allclose(ours, expected, atol=1e-12)
    alone = tn.normalize(x[2:3], "token").y[0]
    assert np.array_equal(tn.normalize(x, "token").y[2], alone)


def test_masked_statistics_by_hand_and_the_counted_ones_of_batchnorm():
    rng = np.random.default_rng(5)
    lengths = np.array([12, 3, 7, 9])
    x = tn.sequences(SPEC, 4, rng, lengths=lengths)
    mean, var = tn.masked_batch_stats(x, lengths)
    for f in range(SPEC.features):
        real = np.concatenate([x[s, f, : lengths[s]] for s in range(4)])
        assert mean[f] == pytest.approx(real.mean(), rel=1e-12)
        assert var[f] == pytest.approx(real.var(), rel=1e-12)
    counted_mean, counted_var = torch_batch_stats(x)  # BatchNorm1d counts the zeros
    p = 1 - lengths.sum() / (4 * SPEC.tokens)
    np.testing.assert_allclose(counted_mean, (1 - p) * mean, rtol=1e-10)
    np.testing.assert_allclose(counted_var, (1 - p) * var + p * (1 - p) * mean**2, rtol=1e-10)


def test_padding_effect_grows_and_a_neighbour_moves_bn_but_not_token_ln():
    effect = tn.padding_effect(SPEC, batch_size=4, steps=5, seed=2)
    assert effect.fractions[0] == 0 and effect.mean_gap[0] < 1e-12
    assert effect.var_ratio[0] == pytest.approx(1.0)
    assert np.all(np.diff(effect.fractions) > 0)
    assert effect.mean_gap[-1] > effect.mean_gap[1] > 0
    assert effect.other_lengths[-1] == SPEC.tokens and effect.output_change[-1] == 0
    assert np.all(effect.output_change[:-1] > 1e-3)
    assert np.all(effect.token_output_change == 0)


def test_running_statistics_match_batchnorm1d_stepped_on_the_same_batches():
    size, batches = 3, 12
    ours = tn.running_stats(SPEC, size, batches, np.random.default_rng(6))
    bn = nn.BatchNorm1d(SPEC.features).double()  # momentum 0.1, from 0 and 1
    for x in tn.random_batches(SPEC, size, batches, np.random.default_rng(6)):
        bn(tokens_of(x))
    np.testing.assert_allclose(ours[0], bn.running_mean.numpy(), rtol=1e-12)
    np.testing.assert_allclose(ours[1], bn.running_var.numpy(), rtol=1e-12)


def test_mode_mismatch_is_batchnorm_train_vs_eval():
    result = tn.mode_mismatch(SPEC, (2, 32), warmup=50, fresh=20, seed=7)
    assert result.mean_difference[1] < result.mean_difference[0]
    assert np.all(result.max_difference >= result.mean_difference)
    assert result.token_difference == 0.0
    # the same numbers from torch: BatchNorm1d after the warm-up, train vs eval output
    rng = np.random.default_rng(7)
    bn = nn.BatchNorm1d(SPEC.features).double()
    for x in tn.random_batches(SPEC, 2, 50, rng):
        bn(tokens_of(x))
    differences = []
    for x in tn.random_batches(SPEC, 2, 20, rng):
        bn.eval()
        evaluated = bn(tokens_of(x))
        bn.train()
        bn.momentum = 0.0  # the batch's statistics without moving the running ones
        trained = bn(tokens_of(x))
        bn.momentum = 0.1
        differences.append((trained - evaluated).abs().detach().numpy())
    assert result.mean_difference[0] == pytest.approx(np.mean(differences), rel=1e-9)


@pytest.mark.parametrize("offset", [0.0, 2.0, 4.5])
def test_ln_vs_rms_against_torch(offset):
    result = tn.ln_vs_rms(offset, tokens=6, features=10, seed=1)
    x = torch.from_numpy(result.x)
    np.testing.assert_allclose(result.y_ln, F.layer_norm(x, (10,), eps=1e-5).numpy(), atol=1e-12)
    np.testing.assert_allclose(result.y_rms, F.rms_norm(x, (10,), eps=1e-5).numpy(), atol=1e-12)
    assert result.max_difference == pytest.approx(np.abs(result.y_ln - result.y_rms).max())
    assert result.max_difference_centred < 1e-14
    if offset:
        assert result.max_difference > 0.3


def test_ln_and_rms_differ_more_with_a_larger_offset():
    differences = [tn.ln_vs_rms(b).max_difference for b in (0.5, 2.0, 5.0)]
    assert differences == sorted(differences)


def test_window_holds_the_chosen_index():
    for size, chosen in ((5, 3), (100, 0), (100, 99), (100, 50)):
        shown = tn.window(size, chosen, 16)
        assert chosen in shown and len(shown) == min(size, 16)
        assert np.all(np.diff(shown) == 1) and shown[0] >= 0 and shown[-1] < size


def test_share_grid_numbers_against_torch():
    x = np.random.default_rng(8).standard_normal((3, 6, 4, 5)) + 2.0
    element = (1, 4, 2, 3)
    grid = tn.share_grid(x, element)
    assert (grid.total_tokens, grid.total_features, grid.token) == (20, 6, 13)
    rows = {row.method: row for row in grid.rows}
    tensor = torch.from_numpy(x)
    assert rows["batch"].mean == pytest.approx(tensor[:, 4].mean().item())
    assert rows["batch"].var == pytest.approx(tensor[:, 4].var(unbiased=False).item())
    sample = tensor[1]
    assert rows["layer"].mean == pytest.approx(sample.mean().item())
    token = tensor[1, :, 2, 3]
    assert rows["token"].mean == pytest.approx(token.mean().item())
    assert rows["token"].var == pytest.approx(token.var(unbiased=False).item())
    assert rows["rms"].mean == 0 and rows["rms"].var == pytest.approx((token**2).mean().item())
    assert [rows[m].m for m in tn.SHARE_METHODS] == [3 * 20, 6 * 20, 6, 6]
    assert [rows[m].statistics for m in tn.SHARE_METHODS] == [6, 3, 60, 60]

    def count(module: nn.Module, kind: str) -> int:
        tensors = module.parameters() if kind == "params" else module.buffers()
        return sum(t.numel() for t in tensors if t.dtype.is_floating_point)

    assert rows["token"].params == count(nn.LayerNorm(6), "params")
    assert rows["rms"].params == count(nn.RMSNorm(6), "params")
    assert rows["batch"].params == count(nn.BatchNorm1d(6), "params")
    assert rows["batch"].buffers == count(nn.BatchNorm1d(6), "buffers")
    assert rows["layer"].params == count(nn.GroupNorm(1, 6), "params")
    assert rows["layer"].params_elementwise == count(nn.LayerNorm([6, 4, 5]), "params")
    # who shares: BN the chosen feature's column, token LN and RMSNorm the chosen token's row
    row = list(grid.tokens).index(13)
    col = list(grid.features).index(4)
    assert grid.masks["batch"][:, col].all() and grid.masks["batch"].sum() == len(grid.tokens)
    assert grid.masks["token"][row].all() and grid.masks["rms"].sum() == len(grid.features)
    assert grid.masks["layer"].all()
    np.testing.assert_array_equal(grid.values[row, col], x[1, 4, 2, 3])


def test_share_grid_windows_a_large_tensor_and_refuses_one_feature():
    x = np.random.default_rng(0).standard_normal((2, 40, 30))
    grid = tn.share_grid(x, (0, 39, 29), limit=16)
    assert grid.values.shape == (16, 16) and grid.token == 29 and grid.feature == 39
    with pytest.raises(InputError) as err:
        tn.share_grid(np.ones((2, 1, 3)), (0, 0, 0))
    assert err.value.key == "p9.errors.one_feature"


def test_share_grids_shade_each_method_in_its_colour():
    grid = tn.share_grid(np.random.default_rng(0).standard_normal((2, 3, 4)), (0, 1, 2))
    fig = share_grids(grid)
    heatmaps = [trace for trace in fig.data if trace.type == "heatmap"]
    assert len(heatmaps) == 4
    for trace, method in zip(heatmaps, tn.SHARE_METHODS, strict=True):
        r, g, b = (int(METHOD_COLORS[method][i : i + 2], 16) for i in (1, 3, 5))
        assert trace.colorscale[-1][1].startswith(f"rgba({r},{g},{b},")


def test_timing_reports_both_methods():
    timing = tn.time_token_vs_rms((2, 9, 16), repeats=2)
    assert timing.token_ms > 0 and timing.rms_ms > 0 and timing.torch_rms_ms > 0
    assert timing.ratio == pytest.approx(timing.rms_ms / timing.token_ms)
