"""The batch-size page's noise floor: with values that share a per-sample offset, BN's batch
mean stops improving with H·W at √(cov/N); what the page plots and says follows that.

Monte-Carlo checks draw every value of real batches (Population.draw), independently of the
slice-moment shortcut the page samples with, and use fixed seeds.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from helpers import headings, ok, open_app

from normviz.batch_noise import (
    FEATURE_MAP_SIZES,
    eval_spread_ratio,
    expected_batch_var,
    noise_by_feature_map_size,
    noise_floor,
    offsets_population,
    reference_kind,
    sample_batch_estimates,
    sample_output_spread,
    within_sample_correlation,
)
from normviz.figures.batch_size import (
    feature_map_noise_figure,
    gn_paper_at_32_figure,
    gn_paper_figure,
    output_spread_figure_of,
)
from normviz.i18n import InputError, message
from normviz.streams import Population

BATCH = "app_pages/5_Batch_size.py"
OFFSETS = offsets_population()  # the "Per-sample offsets" preset: σ² = 1 + 16, cov = 16
INDEPENDENT = Population.gaussian(0.0, 1.0)


def drawn_noise(pop: Population, n: int, spatial: int, batches: int, seed: int) -> float:
    """RMS of μ_B − μ over real batches of N×1×H·W values, in units of σ."""
    x = pop.draw((batches * n, 1, spatial), np.random.default_rng(seed))
    means = x.reshape(batches, n * spatial).mean(axis=1)
    return float(np.sqrt(np.mean(np.square(means - pop.mean[0]))) / pop.std[0])


def trace_named(fig, name: str):
    (found,) = [t for t in fig.data if t.name == name]
    return found


def test_the_offsets_preset_has_the_correlation_the_page_quotes():
    assert OFFSETS.var[0] == pytest.approx(17.0)
    assert OFFSETS.within_sample_cov[0] == pytest.approx(16.0)
    assert within_sample_correlation(OFFSETS)[0] == pytest.approx(16 / 17)
    assert reference_kind(OFFSETS) == "offsets" and reference_kind(INDEPENDENT) == "independent"


def test_plotted_noise_of_a_correlated_case_equals_a_monte_carlo_estimate():
    result = noise_by_feature_map_size(
        {"independent": INDEPENDENT, "offsets": OFFSETS}, 2, num_batches=2000, seed=3
    )
    fig = feature_map_noise_figure(result, spatial_now=64)
    measured = trace_named(fig, "per-sample offsets (ρ = 0.94): measured")
    theory = trace_named(
        fig, "per-sample offsets (ρ = 0.94): theory √((σ² + (H·W − 1)·cov)/(N·H·W))"
    )
    np.testing.assert_array_equal(measured.x, FEATURE_MAP_SIZES)
    for hw, shown, law in zip(measured.x, measured.y, theory.y, strict=True):
        # the sampling error of an RMS over 3000 batches is ≈ 1.3 %: 6 % is > 4 standard errors
        drawn = drawn_noise(OFFSETS, 2, int(hw), 3000, seed=int(hw))
        assert shown == pytest.approx(drawn, rel=0.06), hw
        assert law == pytest.approx(drawn, rel=0.06), hw
    # the correlated noise does not fall with H·W: 1 → 4,096 changes it by under 3 %
    assert theory.y[-1] / theory.y[0] > 0.97
    # independent values fall like 1/√(N·H·W): 64 times smaller from H·W = 1 to 4,096
    independent = trace_named(fig, "independent values (ρ = 0): theory σ/√(N·H·W)")
    np.testing.assert_allclose(independent.y, 1 / np.sqrt(2 * np.array(FEATURE_MAP_SIZES)))
    drawn = drawn_noise(INDEPENDENT, 2, 1024, 3000, seed=1)
    assert drawn == pytest.approx(1 / np.sqrt(2048), rel=0.06)


def test_the_floor_is_cov_over_n():
    for n in (1, 2, 8, 32):
        floor = float(noise_floor(OFFSETS, n)[0])
        assert floor == pytest.approx(np.sqrt(16 / n))
        result = noise_by_feature_map_size({"offsets": OFFSETS}, n, (4096,), num_batches=20)
        # the theory at H·W = 4,096 lies within 0.1 % of the floor, in units of σ
        assert result.mean_noise_theory[0, 0] == pytest.approx(floor / np.sqrt(17), rel=1e-3)
        assert result.floor[0] == pytest.approx(floor / np.sqrt(17))
    fig = feature_map_noise_figure(
        noise_by_feature_map_size({"offsets": OFFSETS}, 2, (1, 16), num_batches=20)
    )
    floor_line = trace_named(fig, "floor √(cov/N) = 0.69 σ at N = 2")
    np.testing.assert_allclose(floor_line.y, np.sqrt(8 / 17))


def test_expected_batch_variance_and_the_eval_spread_match_pytorch():
    n, spatial = 2, 16
    # E[σ²_B] = σ² − Var(μ_B): Monte Carlo over drawn batches
    estimates = sample_batch_estimates(OFFSETS, (n,), spatial, num_batches=4000, seed=2)
    expected = float(expected_batch_var(OFFSETS, n, spatial)[0])
    assert expected == pytest.approx(17 - (17 + 15 * 16) / 32)
    assert estimates.var[0, :, 0].mean() == pytest.approx(expected, rel=0.05)
    # PyTorch: train a BatchNorm2d on such batches (cumulative running averages), then eval
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    bn = torch.nn.BatchNorm2d(1, momentum=None, affine=False).double()
    for _ in range(3000):
        batch = torch.from_numpy(OFFSETS.draw((n, 1, 4, 4), rng))
        out = bn(batch)
        assert float(out.var(unbiased=False)) == pytest.approx(1.0, abs=1e-3)  # training
    bn.eval()
    fresh = torch.from_numpy(OFFSETS.draw((4000, 1, 4, 4), rng))
    spread = float(bn(fresh).std())
    ratio = float(eval_spread_ratio(OFFSETS, n, spatial)[0])
    assert ratio == pytest.approx(np.sqrt(17 / (expected * 32 / 31)))
    assert ratio > 1.3  # eval outputs spread a third wider than any training batch's
    assert spread == pytest.approx(ratio, rel=0.05)
    assert eval_spread_ratio(INDEPENDENT, n, spatial)[0] == pytest.approx(1.0)


def test_a_constant_channel_with_eps_zero_is_refused_in_both_languages():
    pop = Population.gaussian(np.zeros(2), 0.0)
    sample = np.zeros((2, 2, 2))
    with pytest.raises(InputError) as refused:
        sample_output_spread(pop, sample, (0, 0, 0), (2, 4), groups=1, eps=0.0)
    assert "ε = 0" in message(refused.value, "en") and "ε = 0" in message(refused.value, "zh")
    with np.errstate(all="raise"):  # with ε > 0 the constant channel is fine
        result = sample_output_spread(pop, sample, (0, 0, 0), (2, 4), groups=1, eps=1e-5)
    assert np.all(result.bn_train == 0)


def test_the_batch_size_refusal_speaks_both_languages():
    with pytest.raises(InputError) as refused:
        sample_batch_estimates(INDEPENDENT, (1, 2), 1)
    assert "Start the batch sizes at 2" in message(refused.value, "en")
    assert "请让批量大小从 2 开始" in message(refused.value, "zh")


def test_ln_stays_visible_when_gn_equals_it():
    pop = Population.gaussian(np.zeros(2), 1.0)
    sample = pop.draw((1, 2, 2, 2), np.random.default_rng(0))[0]
    spread = sample_output_spread(pop, sample, (0, 1, 1), (2, 4), groups=1, num_batches=20)
    fig = output_spread_figure_of(spread, groups=1, mark_n=2)
    ln = trace_named(fig, "LN: one value, whatever the batch")
    gn = trace_named(fig, "GN (G = 1), the same as LN: one value, whatever the batch")
    assert list(ln.y) == list(gn.y)
    assert ln.line.width > gn.line.width and gn.line.dash == "dash"  # LN shows around GN
    assert fig.layout.annotations[0].text == "sidebar N = 2"


def test_published_charts_start_bars_at_zero_and_keep_titles_short():
    bars = gn_paper_at_32_figure()
    assert bars.layout.yaxis.range[0] == 0
    for fig in (bars, gn_paper_figure(), gn_paper_figure(lang="zh")):
        assert "<sup>" not in fig.layout.title.text and "<br>" not in fig.layout.title.text


def test_log_axes_label_decades_only():
    result = noise_by_feature_map_size({"offsets": OFFSETS}, 2, (1, 16, 256), num_batches=20)
    fig = feature_map_noise_figure(result, spatial_now=16)
    for axis in (fig.layout.xaxis, fig.layout.yaxis):
        assert axis.type == "log" and axis.dtick == 1 and axis.minor.ticks == "outside"
    (marker,) = [t for t in fig.data if t.name == "H·W = 16 (slider)"]
    assert list(marker.x) == [16, 16]


# --- the page, in both languages ---------------------------------------------------------

OFFSETS_LINK = {"preset": "Per-sample offsets", "n": "2", "c": "4", "h": "8", "w": "8"}
CORRECTED = {
    "en": ("√(cov/N)", "does not rescue a small batch", "Table 2", "train/test mismatch"),
    "zh": ("√(cov/N)", "特征图再大，也弥补不了批量太小", "表 2", "训练与测试的不一致"),
}
WRONG = ("rescues small batches", "挽救", "以下数据", "批大小")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_says_what_the_formula_says(lang):
    at = ok(open_app(BATCH, lang=lang, **OFFSETS_LINK))
    assert not at.error
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    page = " ".join(texts) + " ".join(headings(at))
    for phrase in CORRECTED[lang]:
        assert phrase in page, phrase
    for phrase in WRONG:
        assert phrase not in page, phrase
    # this tensor is the offsets preset: its caption says so, and the eval spread is quoted
    follows = "the per-sample-offsets curve" if lang == "en" else "它沿“逐样本偏移”那条曲线变化"
    assert follows in page
    # the caption names the preset as the sidebar does, in the page's language
    preset = "the preset “Per-sample offsets”" if lang == "en" else "如预设“逐样本偏移”"
    assert preset in page
    ratio = float(eval_spread_ratio(OFFSETS, 2, 64)[0])
    assert f"{ratio:.2f}" in page


def test_steps_mode_holds_the_charts_back_until_their_paragraph():
    at = ok(open_app(BATCH, stepwise="1"))
    assert len(at.get("plotly_chart")) == 0
    ok(at.button(key="_step_p5.intro_next").click().run())
    keys = [c.proto.id.rsplit("-", 1)[1] for c in at.get("plotly_chart")]
    assert keys == ["batch_means", "batch_vars", "noise_mean", "noise_var"]
    ok(at.button(key="_step_p5.intro_all").click().run())
    assert len(at.get("plotly_chart")) == 7


def test_the_sweep_adds_the_sidebar_n_only_within_its_range():
    """An upload's N = 16,000 would sample 16,000 × C moments per batch (11.9 GiB at C = 500)."""
    from ui.compute import batch_sizes_with

    assert batch_sizes_with(3, 4) == (1, 2, 3, 4, 8, 16, 32, 64)
    assert batch_sizes_with(16_000, 1) == (2, 4, 8, 16, 32, 64)
