"""The running-statistics and batch-size figures build, hold the expected traces, stay small."""

import numpy as np
import plotly.graph_objects as go
import pytest

import normviz as nv
from normviz.batch_noise import (
    noise_by_feature_map,
    sample_batch_estimates,
    sample_output_spread,
    spread_summary,
)
from normviz.figures.batch_size import (
    estimate_box_figure,
    estimate_figures,
    gn_paper_at_32_figure,
    gn_paper_figure,
    noise_grid_figure,
    output_spread_figure,
    output_spread_figure_of,
)
from normviz.figures.running import (
    convention_weights_figure,
    running_estimates_figure,
    running_figures,
    sample_in_batches_figure,
    train_eval_figure,
)
from normviz.streams import Population, sample_in_random_batches, simulate_stream

SHAPE = (8, 4, 4, 4)
MAX_JSON = 150_000  # characters: a figure is numbers for a few hundred points, not raw data


@pytest.fixture(scope="module")
def population():
    return Population.from_spec(SHAPE, nv.TensorSpec(channel_spread=2.0), seed=0)


@pytest.fixture(scope="module")
def sample():
    return nv.make_tensor(SHAPE, nv.TensorSpec(channel_spread=2.0), seed=0)[0]


def numbers_of(fig: go.Figure) -> np.ndarray:
    """Every numeric x and y value of every trace (boxes: their percentiles)."""
    values = []
    for trace in fig.data:
        for key in ("x", "y", "q1", "median", "q3", "lowerfence", "upperfence"):
            data = getattr(trace, key, None)
            if data is None:
                continue
            arr = np.asarray(data)
            if arr.dtype.kind in "if":
                values.append(arr.ravel().astype(float))
    return np.concatenate(values) if values else np.array([])


def check_readable(fig: go.Figure, min_traces: int, y_title: bool = True) -> None:
    assert isinstance(fig, go.Figure)
    assert len(fig.data) >= min_traces
    assert fig.layout.title.text
    assert fig.layout.xaxis.title.text and (fig.layout.yaxis.title.text or not y_title)
    assert np.isfinite(numbers_of(fig)).all()
    assert len(fig.to_json()) < MAX_JSON


def test_running_figures(population):
    trajectory = simulate_stream(population, SHAPE, 150, momentum=0.1, seed=0)
    mean_fig, var_fig = running_figures(trajectory, channel=2)
    for fig in (mean_fig, var_fig):
        check_readable(fig, 6)  # batch dots, four estimates, the truth
        names = [t.name for t in fig.data]
        assert any("PyTorch, momentum=0.1" in n for n in names)
        assert any("Keras, momentum=0.99" in n for n in names)
        assert any("BN paper" in n for n in names)
        assert any("population" in n for n in names)
    assert "channel 2" in mean_fig.layout.title.text and "variance" in var_fig.layout.title.text
    np.testing.assert_allclose(mean_fig.data[0].y, trajectory.batch.mean[:, 2])


def test_running_estimates_figure_refuses_unknown_inputs():
    with pytest.raises(ValueError, match="Unknown estimate"):
        running_estimates_figure(np.zeros(3), {"sgd": np.zeros(3)}, 0.0)
    with pytest.raises(ValueError, match="quantity"):
        running_estimates_figure(np.zeros(3), {}, 0.0, quantity="std")
    fig = running_estimates_figure(np.zeros(3), {"pytorch": np.ones(3)}, None)
    assert len(fig.data) == 2  # no truth line when the truth is unknown


def test_convention_weights_figure():
    fig = convention_weights_figure(30, momentum=0.1, keras_momentum=0.99)
    check_readable(fig, 3)
    assert sum(fig.data[0].y) == pytest.approx(1 - 0.9**30)
    assert len(convention_weights_figure(10, momentum=None).data) == 2


def test_train_eval_figure(population, sample):
    result = sample_in_random_batches(population, sample, (1, 0, 2), 8, num_batches=120, seed=1)
    fig = sample_in_batches_figure(result)
    check_readable(fig, 3, y_title=False)  # the rows name themselves
    np.testing.assert_allclose(fig.data[0].x, result.train)
    np.testing.assert_allclose(fig.data[1].x, result.eval_untracked)
    assert fig.data[2].x == (result.eval_running,)
    bare = train_eval_figure(np.arange(5.0), 1.0)
    assert len(bare.data) == 3 and not bare.layout.shapes  # no population line


def test_running_figures_in_both_languages(population, sample):
    trajectory = simulate_stream(population, SHAPE, 20, momentum=0.1, seed=0)
    result = sample_in_random_batches(population, sample, (1, 0, 2), 8, num_batches=20, seed=1)

    def build(lang):
        mean_fig, var_fig = running_figures(trajectory, channel=2, title_channel=5, lang=lang)
        return {
            "mean": mean_fig,
            "var": var_fig,
            "weights": convention_weights_figure(30, 0.1, 0.99, lang=lang),
            "train_eval": sample_in_batches_figure(result, channel=7, lang=lang),
        }

    english, chinese = build("en"), build("zh")
    assert "channel 5" in english["mean"].layout.title.text  # the channel the titles name
    assert "(channel 7)" in english["train_eval"].layout.title.text
    for name, fig in english.items():
        other = chinese[name]
        assert other.layout.title.text != fig.layout.title.text, name
        assert any("\u4e00" <= ch <= "\u9fff" for ch in other.layout.title.text), name
        assert other.layout.xaxis.title.text != fig.layout.xaxis.title.text, name
        for a, b in zip(fig.data, other.data, strict=True):  # same data, other words
            np.testing.assert_array_equal(np.asarray(a.x), np.asarray(b.x))
    assert "通道 5" in chinese["mean"].layout.title.text


def test_estimate_figures(population):
    estimates = sample_batch_estimates(population, (1, 2, 4, 8, 16), 16, num_batches=100)
    mean_fig, var_fig = estimate_figures(estimates, channel=3)
    check_readable(mean_fig, 4)  # box, theory ±, truth
    check_readable(var_fig, 2)
    box = mean_fig.data[0]
    assert list(box.x) == ["1", "2", "4", "8", "16"]
    np.testing.assert_allclose(box.median, np.median(estimates.mean[:, :, 3], axis=1))
    assert "H·W = 16" in mean_fig.layout.title.text


def test_estimate_box_figure_from_plain_numbers():
    summary = spread_summary(np.random.default_rng(0).normal(size=(3, 50)))
    fig = estimate_box_figure([2, 4, 8], summary, 0.0, quantity="var")
    check_readable(fig, 2)


def test_noise_grid_figures(population):
    grid = noise_by_feature_map(population, (1, 2, 4, 8), (1, 16, 64), num_batches=100)
    fig = noise_grid_figure(grid)
    check_readable(fig, 6)  # measured and theory for each H·W
    assert list(fig.data[0].x) == [2, 4, 8]  # N = 1 with H·W = 1 is undefined: left out
    assert fig.layout.xaxis.type == "log" and fig.layout.yaxis.type == "log"
    assert "H·W = 64: theory" in [t.name for t in fig.data]
    var_fig = noise_grid_figure(grid, "var")
    assert len(var_fig.data) == 3


def test_output_spread_figure(population, sample):
    result = sample_output_spread(
        population, sample, (0, 1, 1), (1, 2, 4, 8, 16), groups=2, num_batches=100
    )
    fig = output_spread_figure_of(result)
    check_readable(fig, 8)  # two bands (4 traces), median, LN, IN, GN, population
    names = [t.name for t in fig.data]
    for name in ("LN", "IN", "GN"):
        assert any(n and n.startswith(name) for n in names)
    plain = output_spread_figure([2, 4], spread_summary(np.ones((2, 10))), {"LN": 0.5})
    check_readable(plain, 6)


def test_gn_paper_figures_are_labelled_as_published():
    fig = gn_paper_figure()
    check_readable(fig, 2)
    assert "Published" in fig.layout.title.text and "Wu & He" in fig.layout.title.text
    assert list(fig.data[0].y) == [23.6, 23.7, 24.8, 27.3, 34.7]
    bars = gn_paper_at_32_figure()
    check_readable(bars, 1)
    assert list(bars.data[0].x) == ["BN", "LN", "IN", "GN"]
    assert "Published" in bars.layout.title.text


def test_batch_size_figures_speak_both_languages(population, sample, monkeypatch):
    monkeypatch.setenv("NORMVIZ_STRICT_I18N", "1")  # a missing text fails here
    estimates = sample_batch_estimates(population, (2, 4, 8), 16, num_batches=40)
    grid = noise_by_feature_map(population, (1, 2, 4), (1, 16), num_batches=40)
    spread = sample_output_spread(
        population, sample, (0, 1, 1), (2, 4, 8), groups=2, num_batches=40
    )

    def built(lang: str) -> dict[str, go.Figure]:
        mean_fig, var_fig = estimate_figures(estimates, channel=1, lang=lang)
        return {
            "estimate mean": mean_fig,
            "estimate var": var_fig,
            "noise mean": noise_grid_figure(grid, lang=lang),
            "noise var": noise_grid_figure(grid, "var", lang=lang),
            "output spread": output_spread_figure_of(spread, lang=lang),
            "paper": gn_paper_figure(lang=lang),
            "paper at 32": gn_paper_at_32_figure(lang=lang),
        }

    english, chinese = built("en"), built("zh")
    for name, fig in chinese.items():
        assert fig.layout.title.text != english[name].layout.title.text, name
        assert fig.layout.xaxis.title.text != english[name].layout.xaxis.title.text, name
        assert len(fig.data) == len(english[name].data), name
    assert "通道 1" in chinese["estimate mean"].layout.title.text
    assert "H·W = 16" in chinese["estimate mean"].layout.title.text
    assert "Wu & He" in chinese["paper"].layout.title.text  # the source stays citable
    names = [t.name for t in chinese["output spread"].data]
    for method in ("LN", "IN", "GN"):  # method abbreviations are the same in both languages
        assert any(n and n.startswith(method) for n in names)
