"""The four later pages under Streamlit's AppTest: Train vs eval, Batch size, Gradients and
Dropout. Each test checks the numbers a page shows (markdown, captions, LaTeX, and the data
of its Plotly charts, decoded from the spec the browser would receive) against PyTorch or
against values written out here, not only that no exception is shown.

Train vs eval: the stream's batches come from the same normviz functions the page uses
(`ui.compute.population` → `normviz.streams.simulate_stream`), which sample each batch's
mean and biased variance rather than its values. BatchNorm's running statistics depend on a
batch only through those two numbers, so a torch `nn.BatchNorm2d`/`nn.BatchNorm1d` stepped
here on batches of the same shape built to have exactly those statistics holds the running
statistics PyTorch would hold after the same batches.
"""

from __future__ import annotations

import base64
import json
import math
import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from helpers import chart, config, errors, ok, open_app, text, warnings
from streamlit.testing.v1 import AppTest

from normviz.backward import UPSTREAM_KINDS, upstream_gradient
from normviz.figures.running import estimate_name
from normviz.streams import simulate_stream
from ui import compute

TRAIN = "app_pages/4_Train_vs_eval.py"
BATCH = "app_pages/5_Batch_size.py"
GRADS = "app_pages/6_Gradients.py"
DROPOUT = "app_pages/7_Dropout.py"
SN = "Standard normal"
PYTORCH, CUMULATIVE = "PyTorch momentum", "cumulative (momentum=None)"
# A small generated conv tensor with distinct channel means; the chosen element in channel 1
CONV = {"n": "4", "c": "3", "h": "2", "w": "3", "preset": SN, "cspread": "2", "at": "2,1,1,2"}
NUMBER = r"(-?\d+\.\d+)"


# ---------------------------------------------------------------------------------------
# Helpers: what a page shows


def figure(at: AppTest, key: str) -> dict:
    """The Plotly figure sent for the chart with this key, typed arrays decoded to numpy."""
    return _decode(json.loads(chart(at, key).proto.spec))


def _decode(value):
    if isinstance(value, dict):
        if set(value) >= {"dtype", "bdata"}:  # plotly's base64 typed array
            array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
            shape = value.get("shape")
            if shape:
                array = array.reshape([int(s) for s in str(shape).split(",")])
            return array
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def trace(fig: dict, name: str) -> dict:
    (found,) = [t for t in fig["data"] if t.get("name") == name]
    return found


def ys(fig: dict, name: str) -> np.ndarray:
    return np.asarray(trace(fig, name)["y"], dtype=np.float64)


def chart_keys(at: AppTest) -> list[str]:
    return [c.proto.id.rsplit("-", 1)[1] for c in at.get("plotly_chart")]


def shown(pattern: str, page_text: str) -> tuple[float, ...]:
    match = re.search(pattern, page_text)
    assert match, (pattern, page_text)
    return tuple(float(g.replace(",", "")) for g in match.groups())


def latex_number(raw: str) -> float:
    """A number as ui.latex.number writes it: 0.1234, (-0.1234) or 1.5 \\times 10^{-5}."""
    raw = raw.strip().strip("()")
    if r"\times" in raw:
        mantissa, exponent = re.fullmatch(r"(-?[\d.]+) \\times 10\^\{(-?\d+)\}", raw).groups()
        return float(mantissa) * 10.0 ** int(exponent)
    return float(raw)


def close4(value: float, expected: float) -> bool:
    """Shown with 4 decimals: equal up to that rounding (and float noise)."""
    return abs(value - expected) <= 0.5e-4 + 1e-9 * max(1.0, abs(expected))


def close_latex(value: float, expected: float, noise: float = 0.0) -> bool:
    """ui.latex.number: 4 decimals, or 5 significant digits below 1e-3; `noise` more."""
    if expected != 0 and abs(expected) < 1e-3:
        return abs(value - expected) <= 1e-4 * abs(expected) + 1e-12 + noise
    return abs(value - expected) <= 0.5e-4 + 1e-9 * max(1.0, abs(expected)) + noise


# ---------------------------------------------------------------------------------------
# Train vs eval: running statistics against torch


RUN = re.compile(
    rf"After \*\*(\d+)\*\* batches: PyTorch running_mean = {NUMBER}, running_var = {NUMBER}; "
    rf"true mean = {NUMBER}, true variance = {NUMBER}\. .*estimate .* = {NUMBER}, {NUMBER}\."
)
EVAL = re.compile(
    rf"x\[[\d, ]+\] = {NUMBER} gets .*over (\d+) batches of N = (\d+)\).* In \*\*eval\*\* mode "
    rf"it gets one value, {NUMBER}, from the running statistics after (\d+) batches"
)


def stream_of(cfg, batches: int, momentum, keras_momentum: float):
    """The page's stream: the same library calls as ui.compute.stream."""
    population = compute.population(cfg).select_channels([cfg.at[1]])
    shape = (cfg.shape[0], 1, *cfg.shape[2:])
    traj = simulate_stream(
        population, shape, batches, momentum=momentum, keras_momentum=keras_momentum, seed=cfg.seed
    )
    assert traj.batch.m == math.prod(shape)  # N·H·W values per channel
    return traj


def torch_bn(cfg, momentum) -> torch.nn.Module:
    """The layer the page describes, for the chosen channel alone (channels are independent)."""
    layer = torch.nn.BatchNorm1d if cfg.fully_connected else torch.nn.BatchNorm2d
    bn = layer(1, eps=cfg.eps, momentum=momentum, dtype=torch.float64)
    with torch.no_grad():
        bn.weight.fill_(cfg.gamma[cfg.at[1]])
        bn.bias.fill_(cfg.beta[cfg.at[1]])
    return bn


def step_torch(cfg, traj, momentum, k: int) -> tuple[torch.nn.Module, np.ndarray, np.ndarray]:
    """Train torch's BN on k batches having the stream's statistics; its running stats after
    each batch."""
    shape = (cfg.shape[0], 1, *cfg.shape[2:])
    z = np.arange(math.prod(shape), dtype=np.float64)
    z = torch.from_numpy(((z - z.mean()) / z.std()).reshape(shape))  # mean 0, biased var 1
    bn = torch_bn(cfg, momentum).train()
    means, variances = [], []
    for mean, var in zip(traj.batch.mean[:k, 0], traj.batch.var[:k, 0], strict=True):
        bn(mean + math.sqrt(var) * z)
        means.append(bn.running_mean.item())
        variances.append(bn.running_var.item())
    return bn, np.array(means), np.array(variances)


def keras_running(traj, keras_momentum: float, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Keras' moving = m·moving + (1 − m)·batch, biased variance, from 0 and 1."""
    mean, var, out_mean, out_var = 0.0, 1.0, [], []
    for batch_mean, batch_var in zip(traj.batch.mean[:k, 0], traj.batch.var[:k, 0], strict=True):
        mean = keras_momentum * mean + (1 - keras_momentum) * batch_mean
        var = keras_momentum * var + (1 - keras_momentum) * batch_var
        out_mean.append(mean)
        out_var.append(var)
    return np.array(out_mean), np.array(out_var)


def check_train_page(at: AppTest, true_mean: float | None = None, true_var: float | None = None):
    """Every number of the Train vs eval page against torch (and Keras' formula)."""
    ok(at)
    cfg = config(at)
    mode = at.radio(key="momentum_mode").value
    momentum = at.slider(key="momentum").value if mode == PYTORCH else None
    keras_momentum = at.slider(key="keras_momentum").value
    batches = at.slider(key="batches").value
    k = at.slider(key="step").value
    traj = stream_of(cfg, batches, momentum, keras_momentum)
    page = text(at)

    steps, run_mean, run_var, t_mean, t_var, paper_mean, paper_var = shown(RUN.pattern, page)
    assert steps == k
    bn, torch_means, torch_vars = step_torch(cfg, traj, momentum, k)
    assert close4(run_mean, torch_means[-1]) and close4(run_var, torch_vars[-1])
    _, cum_means, cum_vars = step_torch(cfg, traj, None, k)  # the BN paper's = cumulative
    assert close4(paper_mean, cum_means[-1]) and close4(paper_var, cum_vars[-1])
    m = traj.batch.m
    assert close4(paper_var, m / (m - 1) * traj.batch.var[:k, 0].mean())
    if true_mean is not None:
        assert (t_mean, t_var) == (true_mean, true_var)

    # the charts: every step of the PyTorch line is torch's, the Keras line Keras' formula
    mean_fig, var_fig = figure(at, "running_mean"), figure(at, "running_var")
    label = estimate_name("pytorch", momentum, keras_momentum)
    np.testing.assert_allclose(ys(mean_fig, label), torch_means, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ys(var_fig, label), torch_vars, rtol=1e-9, atol=1e-12)
    keras_mean, keras_var = keras_running(traj, keras_momentum, k)
    label = estimate_name("keras", momentum, keras_momentum)
    np.testing.assert_allclose(ys(mean_fig, label), keras_mean, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ys(var_fig, label), keras_var, rtol=1e-9, atol=1e-12)
    label = estimate_name("cumulative")
    np.testing.assert_allclose(ys(mean_fig, label), cum_means, rtol=1e-9, atol=1e-12)

    # eval mode: torch's output for the chosen element with those running statistics
    value, spread_batches, n, eval_value, eval_after = shown(EVAL.pattern, page)
    assert (spread_batches, n, eval_after) == (200, cfg.n, k)
    x = torch.from_numpy(compute.tensor(cfg).astype(np.float64))[cfg.at[0], [cfg.at[1]]]
    assert close4(value, x.reshape(-1)[0 if cfg.fully_connected else cfg.at[2] * cfg.w + cfg.at[3]])
    with torch.no_grad():  # momentum=None: bn already holds the cumulative average
        y = bn.eval()(x[None])[0, 0]
    expected = y.item() if cfg.fully_connected else y[cfg.at[2], cfg.at[3]].item()
    assert close4(eval_value, expected)
    return traj, torch_means, torch_vars


def test_train_vs_eval_default_matches_torch():
    at = ok(open_app(TRAIN))
    assert not errors(at) and not warnings(at)
    assert chart_keys(at) == [
        "running_mean",
        "running_var",
        "weights",
        "sample_in_batches",
    ]
    # the worked example's channel 0: μ = 4.5, σ² = 5.25 (domain.md §2)
    check_train_page(at, 4.5, 5.25)
    assert "Keras' 0.99 is PyTorch's 0.01" in text(at)
    assert "PyTorch's 0.1 is Keras' 0.9" in text(at)


@pytest.mark.parametrize(
    ("mode", "momentum", "keras_momentum"),
    [
        (PYTORCH, 0.3, 0.9),
        (CUMULATIVE, 0.1, 0.99),
        (PYTORCH, 0.0, 0.0),
        (PYTORCH, 1.0, 1.0),
    ],
)
def test_train_vs_eval_every_convention_and_extreme_momenta(mode, momentum, keras_momentum):
    at = ok(open_app(TRAIN, **CONV))
    ok(at.slider(key="momentum").set_value(momentum).run())
    ok(at.slider(key="keras_momentum").set_value(keras_momentum).run())
    ok(at.radio(key="momentum_mode").set_value(mode).run())
    assert at.slider(key="momentum").disabled == (mode == CUMULATIVE)
    traj, means, variances = check_train_page(at)
    mean_fig = figure(at, "running_mean")
    keras = ys(mean_fig, estimate_name("keras", None, keras_momentum))
    if mode == PYTORCH and momentum == 0.0:  # the running stats never move from 0 and 1
        assert "running_mean = 0.0000, running_var = 1.0000" in text(at)
    if mode == PYTORCH and momentum == 1.0:  # they are the last batch's (unbiased) stats
        m = traj.batch.m
        assert np.allclose(means, traj.batch.mean[:, 0])
        assert np.allclose(variances, traj.batch.var[:, 0] * m / (m - 1))
    if keras_momentum == 1.0:  # Keras' momentum weighs the old value: nothing is learned
        assert np.all(keras == 0.0)
    if keras_momentum == 0.0:  # only the new batch counts (biased variance)
        assert np.allclose(keras, traj.batch.mean[:, 0])
    if mode == PYTORCH:
        assert f"PyTorch's {momentum:g} is Keras' {1 - momentum:g}" in text(at)
    assert f"Keras' {keras_momentum:g} is PyTorch's {1 - keras_momentum:g}" in text(at)


def test_train_vs_eval_step_and_batches_sliders():
    at = ok(open_app(TRAIN, **CONV))
    ok(at.slider(key="step").set_value(7).run())
    assert "After **7** batches" in text(at)
    check_train_page(at)
    assert len(ys(figure(at, "running_mean"), "this batch's μ_B")) == 7
    ok(at.slider(key="step").set_value(100).run())
    ok(at.slider(key="batches").set_value(30).run())  # the step follows the shorter stream
    assert at.slider(key="step").value == 30
    assert at.slider(key="step").max == 30
    check_train_page(at)
    assert at.query_params["batches"] == "30"
    link = ok(open_app(TRAIN, **dict(at.query_params)))
    assert link.slider(key="step").value == 30
    assert [m.value for m in link.markdown] == [m.value for m in at.markdown]


def test_train_vs_eval_fully_connected_matches_batchnorm1d():
    at = ok(open_app(TRAIN, fc="1", n="8", c="3", preset=SN, cspread="3", at="5,2,0,0"))
    assert config(at).shape == (8, 3)
    check_train_page(at)


def test_train_vs_eval_one_sample_with_a_feature_map_is_defined():
    at = ok(open_app(TRAIN, n="1", c="2", h="4", w="4", preset=SN, at="0,1,2,3"))
    assert not errors(at)
    check_train_page(at)  # BatchNorm2d on batches of shape 1×1×4×4: m = 16


@pytest.mark.parametrize("query", [{"fc": "1", "n": "1"}, {"n": "1", "h": "1", "w": "1"}])
def test_train_vs_eval_one_value_per_channel_shows_pytorchs_sentence(query):
    at = ok(open_app(TRAIN, preset=SN, **query))
    (message,) = errors(at)
    assert "Expected more than 1 value per channel when training" in message
    assert "N·H·W = 1" in message
    assert not at.get("plotly_chart") and not at.main.slider  # the page stopped
    with pytest.raises(ValueError, match="Expected more than 1 value per channel"):
        torch.nn.BatchNorm1d(2)(torch.randn(1, 2))  # what the page quotes


# ---------------------------------------------------------------------------------------
# Batch size


GN_PAPER = {  # domain.md §5, Wu & He 2018
    "BN": [23.6, 23.7, 24.8, 27.3, 34.7],
    "GN": [24.1, 24.2, 24.0, 24.2, 24.1],
}
GN_PAPER_32 = {"BN": 23.6, "LN": 25.3, "IN": 28.4, "GN": 24.1}
BATCH_CHARTS = [
    "batch_means",
    "batch_vars",
    "noise_mean",
    "noise_var",
    "output_spread",
    "gn_paper",
    "gn_paper_32",
]


def batch_free_outputs(cfg, groups: int) -> dict[str, float]:
    """LN, IN and GN of the chosen sample alone, by torch's functional layers."""
    x = torch.from_numpy(compute.tensor(cfg).astype(np.float64))[cfg.at[0]][None]
    gamma = torch.tensor(cfg.gamma, dtype=torch.float64)
    beta = torch.tensor(cfg.beta, dtype=torch.float64)
    index = (0, *cfg.element[1:])
    return {
        "LN": F.group_norm(x, 1, gamma, beta, cfg.eps)[index].item(),
        "IN": F.instance_norm(x, weight=gamma, bias=beta, eps=cfg.eps)[index].item(),
        "GN": F.group_norm(x, groups, gamma, beta, cfg.eps)[index].item(),
    }


def batch_free_name(fig: dict, method: str) -> str:
    """The legend name of LN's, IN's or GN's flat line ("GN (G = 2): one value, …")."""
    (name,) = [
        t["name"]
        for t in fig["data"]
        if (t.get("name") or "").startswith(method)
        and t["name"].endswith(": one value, whatever the batch")
    ]
    return name


def check_batch_page(at: AppTest, spatial: int, groups: int, true_mean: float, true_var: float):
    ok(at)
    cfg = config(at)
    assert chart_keys(at) == BATCH_CHARTS
    assert f"(channel {cfg.at[1]}, H·W = {spatial})" in [s.value for s in at.subheader][0]
    sizes = np.array([1, 2, 4, 8, 16, 32, 64], dtype=np.float64)

    # μ_B by batch size: the band is the theory μ ± σ/√(N·H·W) (independent values here),
    # the boxes sit around μ
    fig = figure(at, "batch_means")
    theory = np.sqrt(true_var / (sizes * spatial))
    band = ys(fig, "μ ± √((σ² + (H·W − 1)·cov)/(N·H·W)) (theory)")
    np.testing.assert_allclose(band, true_mean + theory, rtol=1e-9)
    assert trace(fig, f"population μ = {true_mean:.4g}")["y"] == [true_mean, true_mean]
    (box,) = [t for t in fig["data"] if t["type"] == "box"]
    assert np.all(np.abs(np.asarray(box["median"]) - true_mean) < theory)

    # the noise by H·W at the sidebar's N: independent values follow 1/√(N·H·W)
    grid = figure(at, "noise_mean")
    hws = np.array(sorted({1, 4, 16, 64, 256, 1024, 4096, spatial}), dtype=np.float64)
    hws = hws[cfg.n * hws >= 2]
    law = 1 / np.sqrt(cfg.n * hws)
    np.testing.assert_allclose(
        ys(grid, "independent values (ρ = 0): theory σ/√(N·H·W)"), law, rtol=1e-9
    )
    measured = ys(grid, "independent values (ρ = 0): measured")
    assert np.all(np.abs(measured / law - 1) < 0.3), measured / law

    # one sample's output: LN, IN, GN as torch computes them, BN with the population's stats
    caption = [c.value for c in at.caption if "normalized by BN in training mode" in c.value]
    assert f"GN (G = {groups})" in caption[0]
    fig = figure(at, "output_spread")
    for name, value in batch_free_outputs(cfg, groups).items():
        line = ys(fig, batch_free_name(fig, name))
        np.testing.assert_allclose(line, [value, value], rtol=1e-9, atol=1e-12)
    x = compute.tensor(cfg)[(cfg.at[0], *cfg.element[1:])]
    c = cfg.at[1]
    ideal = cfg.gamma[c] * (x - true_mean) / math.sqrt(true_var + cfg.eps) + cfg.beta[c]
    assert np.allclose(ys(fig, "BN with the population's μ, σ²"), ideal, rtol=1e-6)

    # the published results, as in the GN paper (domain.md §5)
    fig = figure(at, "gn_paper")
    for name, values in GN_PAPER.items():
        assert ys(fig, name).tolist() == values
        assert trace(fig, name)["x"] == ["32", "16", "8", "4", "2"]
    (bars,) = figure(at, "gn_paper_32")["data"]
    assert dict(zip(bars["x"], np.asarray(bars["y"]).tolist(), strict=True)) == GN_PAPER_32
    assert any("Not computed here. Left: Wu & He" in c.value for c in at.caption)


def test_batch_size_default():
    at = ok(open_app(BATCH))
    assert not errors(at) and not warnings(at)
    # worked example, channel 0: μ = 4.5, σ² = 5.25; C = 2 has no G between 1 and C: G = 1
    check_batch_page(at, spatial=4, groups=1, true_mean=4.5, true_var=5.25)


def test_batch_size_feature_map_and_sampled_batches():
    at = ok(open_app(BATCH))
    ok(at.select_slider(key="spatial").set_value(64).run())
    ok(at.slider(key="sampled_batches").set_value(400).run())
    assert (at.query_params["spatial"], at.query_params["sampled_batches"]) == ("64", "400")
    check_batch_page(at, spatial=64, groups=1, true_mean=4.5, true_var=5.25)


def test_batch_size_one_sample_tensor():
    at = ok(open_app(BATCH, n="1", c="4", h="4", w="4", preset=SN, shift="1", at="0,3,2,1"))
    assert not errors(at)
    check_batch_page(at, spatial=16, groups=2, true_mean=1.0, true_var=1.0)  # C = 4: G = 2


def test_batch_size_groupnorm_uses_the_sidebar_groups():
    query = {"n": "4", "c": "8", "h": "3", "w": "3", "preset": SN, "at": "1,5,2,0"}
    at = ok(open_app(BATCH, method="GN", G="2", **query))
    assert config(at).groups == 2
    check_batch_page(at, spatial=9, groups=2, true_mean=0.0, true_var=1.0)
    ok(at.sidebar.select_slider(key="_w_groups").set_value(4).run())
    check_batch_page(at, spatial=9, groups=4, true_mean=0.0, true_var=1.0)


# ---------------------------------------------------------------------------------------
# Gradients


GRAD_TENSOR = {
    "n": "4",
    "c": "4",
    "h": "3",
    "w": "3",
    "preset": SN,
    "gamma": "1.5",
    "beta": "-0.5",
    "at": "1,2,1,0",
}
GROUP_SIZE = {"BN": 4 * 9, "LN": 4 * 9, "IN": 9, "GN": 2 * 9}  # GN: C = 4, default G = 2


def autograd(cfg, upstream: str) -> dict[str, float]:
    """∂L/∂x̂, ∂L/∂x, ∂L/∂γ, ∂L/∂β at the chosen element by torch's layers and autograd."""
    x = torch.from_numpy(compute.tensor(cfg).astype(np.float64)).requires_grad_()
    gamma = torch.tensor(cfg.gamma, dtype=torch.float64, requires_grad=True)
    beta = torch.tensor(cfg.beta, dtype=torch.float64, requires_grad=True)
    layer = {
        "batch": lambda: F.batch_norm(x, None, None, gamma, beta, training=True, eps=cfg.eps),
        "layer": lambda: F.group_norm(x, 1, gamma, beta, cfg.eps),
        "instance": lambda: F.instance_norm(x, weight=gamma, bias=beta, eps=cfg.eps),
        "group": lambda: F.group_norm(x, cfg.groups, gamma, beta, cfg.eps),
    }[cfg.method]
    y = layer()
    grad_y = torch.from_numpy(upstream_gradient(upstream, y.detach().numpy(), seed=cfg.seed))
    y.backward(grad_y)
    c = cfg.at[1]
    return {
        "grad_x_hat": grad_y[cfg.at].item() * cfg.gamma[c],
        "grad_x": x.grad[cfg.at].item(),
        "grad_gamma": gamma.grad[c].item(),
        "grad_beta": beta.grad[c].item(),
    }


def max_differences(at: AppTest) -> dict[str, float]:
    (line,) = [s.value for s in at.success]
    assert line.startswith("Check against torch autograd")
    found = dict(re.findall(r"(grad_\w+|largest) (\d\.\d+e[+-]\d+)", line))
    assert set(found) == {
        "grad_x",
        "grad_gamma",
        "grad_beta",
        "grad_x_hat",
        "grad_var",
        "grad_mean",
        "largest",
    }
    return {k: float(v) for k, v in found.items()}


def check_gradients_page(at: AppTest, label: str, upstream: str) -> None:
    ok(at)
    cfg = config(at)
    assert not errors(at)
    assert at.radio(key="upstream").value == upstream
    assert UPSTREAM_KINDS[upstream] in text(at)
    assert all(v < 1e-9 for v in max_differences(at).values()), max_differences(at)
    (title,) = [s.value for s in at.subheader if s.value.startswith("Step by step")]
    assert title.startswith(f"Step by step for x[{', '.join(map(str, cfg.at))}]")
    assert f"m = {GROUP_SIZE[label]:,} values" in title
    blocks = [b.value.strip("$\n ") for b in at.latex]
    expected = autograd(cfg, upstream)
    last = re.compile(r"= ([^=]+)$")
    assert close_latex(latex_number(last.findall(blocks[0])[0]), expected["grad_x_hat"])
    # the page's ∂L/∂y comes from its float32 forward output: ~1e-7 noise on a sum of
    # terms of order 1 (see test_bug_gradients_half_sum_of_squares_uses_float32_y)
    shown_grad_x = latex_number(last.findall(blocks[3])[0])
    assert close_latex(shown_grad_x, expected["grad_x"], noise=1e-6)
    d_gamma, d_beta = re.findall(r"= ([^=,]+?)(?:, \\qquad|$)", blocks[4])
    assert close_latex(latex_number(d_gamma), expected["grad_gamma"])
    assert close_latex(latex_number(d_beta), expected["grad_beta"])


@pytest.mark.parametrize("label", ["BN", "LN", "IN", "GN"])
def test_gradients_every_method_and_upstream_match_autograd(label):
    groups = {"G": "2"} if label == "GN" else {}
    at = ok(open_app(GRADS, method=label, **groups, **GRAD_TENSOR))
    assert config(at).label == ("GN (G=2)" if label == "GN" else label)
    for upstream in UPSTREAM_KINDS:
        ok(at.radio(key="upstream").set_value(upstream).run())
        check_gradients_page(at, label, upstream)
    assert at.query_params["upstream"] == list(UPSTREAM_KINDS)[-1]


def test_gradients_scale_slider():
    at = ok(open_app(GRADS))
    ok(at.select_slider(key="scale_a").set_value(2.0).run())
    assert at.query_params["scale_a"] == "2.0"
    fig = figure(at, "scale_invariance")
    assert [s["x0"] for s in fig["layout"]["shapes"]] == [2.0, 2.0]  # the marker at a = 2
    predicted = ys(fig, "(1/a)·‖∂L/∂W‖ at a = 1")
    measured = ys(fig, "‖∂L/∂(aW)‖ by autograd")
    np.testing.assert_allclose(measured, predicted, rtol=2e-3)  # ∂/∂(aW) = (1/a)·∂/∂W, up to ε
    (bias,) = [m.value for m in at.markdown if m.value.startswith("**Both cancel.**")]
    assert "BN subtracts each channel's mean" in bias  # the bias before BN: see test_app_sat


def test_gradients_tensor_over_a_million_elements_runs_on_the_first_samples():
    at = ok(open_app(GRADS, n="32", c="64", h="28", w="28", preset=SN))
    (note,) = warnings(at)
    per_sample = 64 * 28 * 28
    samples = 1_000_000 // per_sample  # 19
    assert f"This tensor has {32 * per_sample:,} elements" in note
    assert f"first {samples} samples ({samples * per_sample:,} elements)" in note
    assert all(v < 1e-9 for v in max_differences(at).values())
    (title,) = [s.value for s in at.subheader if s.value.startswith("Step by step")]
    assert f"m = {samples * 28 * 28:,} values" in title  # BN over that batch


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ({"fc": "1", "method": "IN"}, ("InstanceNorm", "H·W = 1")),
        ({"fc": "1", "n": "1"}, ("BatchNorm", "more than one value per channel", "N·H·W = 1")),
        ({"n": "1", "h": "1", "w": "1"}, ("BatchNorm", "N·H·W = 1")),
    ],
)
def test_gradients_undefined_tensors_show_an_error(query, words):
    at = ok(open_app(GRADS, preset=SN, **query))
    (message,) = errors(at)
    for word in words:
        assert word in message
    assert not at.latex and not at.success and not at.get("plotly_chart")


# ---------------------------------------------------------------------------------------
# Dropout


def check_dropout_page(at: AppTest, p: float, mode: str, masks: int) -> None:
    ok(at)
    cfg = config(at)
    assert not errors(at)
    fig = figure(at, "vector")
    x = compute.tensor(cfg)[cfg.at[0]].reshape(-1)[:32].astype(np.float64)
    np.testing.assert_allclose(ys(fig, "input x"), x)
    train, test = ys(fig, "training output"), ys(fig, "eval-mode output")
    kept = train != 0
    scale = 1 / (1 - p) if mode == "inverted" else 1.0
    np.testing.assert_allclose(train[kept], scale * x[kept], rtol=1e-12)
    np.testing.assert_allclose(test, x if mode == "inverted" else (1 - p) * x, rtol=1e-12)
    dropped = int(np.sum(~kept & (x != 0)))
    assert fig["layout"]["title"]["text"] == f"One dropout mask, p = {p:g}: {dropped} dropped"
    target = "the input" if mode == "inverted" else "(1 − p)·input"
    (caption,) = [c.value for c in at.caption if c.value.startswith("Over ")]
    (count, error) = shown(
        rf"Over k = ([\d,]+) masks .* within (\d+\.\d+) of its expectation, "
        rf"{re.escape(target)};",
        caption,
    )
    assert count == masks
    error_fig = figure(at, "error")
    assert error == round(float(np.asarray(error_fig["data"][0]["y"])[-1]), 3)
    if p == 0:
        assert np.all(kept == (x != 0)) and error == 0.0

    # Dropout before BN (x ~ N(0, 1)): inverted trains on variance 1/(1 − p) and meets 1 at
    # inference; classic trains on (1 − p) and meets (1 − p)²; BN's output std is √(1 − p)
    fig = figure(at, "variance_shift")

    def expected(q: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return (1 / (1 - q), np.ones_like(q)) if mode == "inverted" else (1 - q, (1 - q) ** 2)

    curve = np.asarray(trace(fig, "eval mode, formula")["x"], dtype=np.float64)
    train_var, test_var = expected(curve)
    np.testing.assert_allclose(ys(fig, "training (running_var), formula"), train_var, rtol=1e-12)
    np.testing.assert_allclose(ys(fig, "eval mode, formula"), test_var, rtol=1e-12)
    q = np.asarray(trace(fig, "eval mode, simulated")["x"], dtype=np.float64)
    train_var, test_var = expected(q)
    np.testing.assert_allclose(ys(fig, "training (running_var), simulated"), train_var, rtol=0.05)
    np.testing.assert_allclose(ys(fig, "eval mode, simulated"), test_var, rtol=0.05)
    np.testing.assert_allclose(ys(fig, "output std, simulated"), np.sqrt(1 - q), rtol=0.05)
    # the curves run to the end of the p axis, and the chosen p is marked in both panels
    assert curve[0] == 0 and curve[-1] == fig["layout"]["xaxis"]["range"][1] == q[-1]
    marks = [s for s in fig["layout"]["shapes"] if s["x0"] == s["x1"] == p]
    assert sorted(s["xref"] for s in marks) == ["x", "x2"]


def test_dropout_default():
    at = ok(open_app(DROPOUT))
    assert not warnings(at)
    check_dropout_page(at, 0.5, "inverted", 1000)
    assert chart_keys(at) == ["vector", "mask", "mean", "error", "variance_shift"]


@pytest.mark.parametrize("mode", ["inverted", "classic"])
@pytest.mark.parametrize("p", [0.0, 0.95])
def test_dropout_extreme_p_and_both_forms(p, mode):
    at = ok(open_app(DROPOUT, n="4", c="4", h="4", w="4", preset=SN))
    ok(at.radio(key="dropout_mode").set_value(mode).run())
    ok(at.slider(key="p").set_value(p).run())
    check_dropout_page(at, p, mode, 1000)
    # links carry only what differs from the page's defaults (p = 0.5, inverted)
    expected = {"p": str(p)} | ({"dropout_mode": mode} if mode != "inverted" else {})
    assert {k: at.query_params.get(k) for k in ("p", "dropout_mode") if k in at.query_params} == (
        expected
    )


def test_dropout_masks_slider_shrinks_the_error():
    at = ok(open_app(DROPOUT, n="4", c="4", h="4", w="4", preset=SN))
    ok(at.select_slider(key="masks").set_value(10).run())
    check_dropout_page(at, 0.5, "inverted", 10)
    few = ys(figure(at, "error"), figure(at, "error")["data"][0]["name"])[-1]
    ok(at.select_slider(key="masks").set_value(5000).run())
    check_dropout_page(at, 0.5, "inverted", 5000)
    many = ys(figure(at, "error"), figure(at, "error")["data"][0]["name"])[-1]
    assert many < few / 5  # error ~ 1/√k: 22× fewer at 5000 than at 10 masks
    assert at.query_params["masks"] == "5000"


@pytest.mark.parametrize("raw", ["1.5", "abc", "nan", "-0.1", "1", "0.97", "inf"])
def test_dropout_bad_p_in_the_link_warns_and_falls_back(raw):
    at = ok(open_app(DROPOUT, p=raw))
    (note,) = warnings(at)
    assert f"Ignored the link's p={raw!r}: not a valid value (valid: 0–0.95); using 0.5." == note
    assert at.slider(key="p").value == 0.5
    assert "p" not in at.query_params  # the default is not written: the bad value is gone
    check_dropout_page(at, 0.5, "inverted", 1000)
    ok(at.run())
    assert not warnings(at)


# ---------------------------------------------------------------------------------------
# Page settings live in the URL, and a link reproduces the page


def page_state(at: AppTest) -> tuple:
    """What a visitor sees: the texts and numbers, and every page widget's value."""
    shown_text = [m.value for m in at.markdown] + [c.value for c in at.caption]
    shown_text += [b.value for b in at.latex] + [s.value for s in at.success]
    shown_text += [w.value for w in at.warning] + [e.value for e in at.error]
    widgets = {
        w.key: w.value for kind in ("slider", "select_slider", "radio") for w in at.get(kind)
    }
    return shown_text, widgets, config(at)


@pytest.mark.parametrize(
    ("page", "changes"),
    [
        (
            TRAIN,
            [("radio", "momentum_mode", CUMULATIVE), ("slider", "keras_momentum", 0.5)]
            + [("slider", "batches", 200), ("slider", "step", 42)],
        ),
        (BATCH, [("select_slider", "spatial", 256), ("slider", "sampled_batches", 100)]),
        (GRADS, [("radio", "upstream", "half sum of squares"), ("select_slider", "scale_a", 50.0)]),
        (
            DROPOUT,
            [("slider", "p", 0.25), ("radio", "dropout_mode", "classic")]
            + [("select_slider", "masks", 100)],
        ),
    ],
)
def test_page_settings_are_in_the_url_and_a_link_reproduces_the_page(page, changes):
    at = ok(open_app(page, **CONV))
    ok(at.sidebar.radio(key="_w_method").set_value("LN").run())
    for kind, key, value in changes:
        ok(getattr(at, kind)(key=key).set_value(value).run())
        assert at.query_params[key] == str(value)
    link = dict(at.query_params)
    assert link["method"] == "layer" and link["preset"] == SN
    fresh = ok(open_app(page, **link))
    assert not warnings(fresh)
    assert page_state(fresh) == page_state(at)
    assert dict(fresh.query_params) == link


# ---------------------------------------------------------------------------------------
# Bugs found while writing these tests, fixed since: kept as regression tests


@pytest.mark.parametrize(
    "how", ["fully connected tensor", "H·W = 1 on the slider", "link spatial=1"]
)
def test_batch_size_page_works_when_the_feature_map_is_one_value(how):
    if how == "fully connected tensor":
        at = open_app(BATCH, fc="1", n="8", c="4", preset=SN)
    elif how == "link spatial=1":
        at = open_app(BATCH, spatial="1")
    else:
        at = open_app(BATCH)
        at.select_slider(key="spatial").set_value(1).run()
    assert not at.exception, [e.value for e in at.exception]


def test_batch_size_groupnorm_line_differs_from_instancenorm():
    at = ok(open_app(BATCH, n="4", c="8", h="3", w="3", preset=SN))
    fig = figure(at, "output_spread")
    gn = ys(fig, batch_free_name(fig, "GN"))
    instance = ys(fig, "IN: one value, whatever the batch")
    assert not np.allclose(gn, instance)


def test_dropout_masks_link_off_the_options_warns():
    at = ok(open_app(DROPOUT, masks="50"))
    assert at.select_slider(key="masks").value == 50 or warnings(at)


def test_gradients_scale_link_off_the_options_warns():
    at = ok(open_app(GRADS, scale_a="3"))
    assert at.select_slider(key="scale_a").value in (3.0, 10.0)
    assert at.select_slider(key="scale_a").value == 3.0 or warnings(at)


def test_gradients_check_names_the_samples_on_a_large_tensor():
    at = ok(open_app(GRADS, n="32", c="64", h="28", w="28", preset=SN))
    assert warnings(at)
    assert "whole tensor" not in at.success[0].value


def test_gradients_large_tensor_says_which_element_it_follows():
    at = ok(open_app(GRADS, n="32", c="64", h="28", w="28", preset=SN, at="31,5,3,3"))
    assert config(at).at == (31, 5, 3, 3)
    (title,) = [s.value for s in at.subheader if s.value.startswith("Step by step")]
    assert title.startswith("Step by step for x[31, 5, 3, 3]") or "x[31, 5, 3, 3]" in "".join(
        warnings(at)
    )


def test_gradients_half_sum_of_squares_is_float64():
    at = ok(open_app(GRADS, method="IN", upstream="half sum of squares", **GRAD_TENSOR))
    expected = autograd(config(at), "half sum of squares")["grad_x"]  # float64 throughout
    shown_grad_x = latex_number(re.findall(r"= ([^=]+)$", at.latex[3].value.strip("$\n "))[0])
    assert abs(shown_grad_x - expected) <= 1e-3 * abs(expected)
