"""normviz.prepost: the two LayerNorm placements are what they claim (against hand-written
torch and torch.nn.TransformerEncoderLayer), the gradients at initialization behave as the
page says, and the training runs are deterministic and show what the page reports."""

from __future__ import annotations

import math
import re
import threading

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from torch import nn

from normviz import prepost as pp
from normviz.figures.palette import PLACEMENT_COLORS
from normviz.figures.prepost import accuracy_curves, layer_gradients, loss_curves
from normviz.i18n import InputError, t

D, HEADS = pp.D_MODEL, pp.HEADS


def block(placement: str, seed: int = 0) -> pp.Block:
    """A block with random (not default) weights everywhere, LN's γ and β included."""
    torch.manual_seed(seed)
    b = pp.Block(placement, D, HEADS).double()
    with torch.no_grad():
        for p in b.parameters():
            p.copy_(torch.randn_like(p) * 0.3 + (1.0 if p.dim() == 1 and p.shape[0] == D else 0))
    return b


def by_hand(b: pp.Block, x: torch.Tensor, placement: str) -> torch.Tensor:
    """The block written out: per-head softmax(QKᵀ/√d_h)V, LN as (x − μ)/√(σ² + ε)·γ + β."""

    def ln(v, norm):
        mean = v.mean(-1, keepdim=True)
        var = ((v - mean) ** 2).mean(-1, keepdim=True)  # biased, over the d features
        return (v - mean) / torch.sqrt(var + norm.eps) * norm.weight + norm.bias

    def attention(v):
        n, tokens, d = v.shape
        dh = d // HEADS
        qkv = v @ b.qkv.weight.T + b.qkv.bias
        q, k, w = qkv[..., :d], qkv[..., d : 2 * d], qkv[..., 2 * d :]
        heads = []
        for h in range(HEADS):
            part = slice(h * dh, (h + 1) * dh)
            scores = q[..., part] @ k[..., part].transpose(1, 2) / math.sqrt(dh)
            heads.append(torch.softmax(scores, dim=-1) @ w[..., part])
        return torch.cat(heads, dim=-1) @ b.out.weight.T + b.out.bias

    def ffn(v):
        hidden = torch.clamp(v @ b.ffn1.weight.T + b.ffn1.bias, min=0)
        return hidden @ b.ffn2.weight.T + b.ffn2.bias

    if placement == "post":
        x = ln(x + attention(x), b.ln1)
        return ln(x + ffn(x), b.ln2)
    x = x + attention(ln(x, b.ln1))
    return x + ffn(ln(x, b.ln2))


@pytest.mark.parametrize("placement", pp.PLACEMENTS)
def test_a_block_matches_the_formulas_written_out(placement):
    b = block(placement)
    x = torch.randn(5, pp.TOKENS, D, dtype=torch.float64) * 2 + 0.5
    torch.testing.assert_close(b(x), by_hand(b, x, placement), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("placement", pp.PLACEMENTS)
def test_a_block_matches_torchs_transformer_encoder_layer(placement):
    """norm_first=False is post-LN, norm_first=True is pre-LN (torch's own layer)."""
    b = block(placement, seed=1)
    layer = nn.TransformerEncoderLayer(
        D,
        HEADS,
        dim_feedforward=pp.FFN_FACTOR * D,
        dropout=0.0,
        activation="relu",
        batch_first=True,
        norm_first=placement == "pre",
        dtype=torch.float64,
    )
    with torch.no_grad():
        layer.self_attn.in_proj_weight.copy_(b.qkv.weight)
        layer.self_attn.in_proj_bias.copy_(b.qkv.bias)
        layer.self_attn.out_proj.weight.copy_(b.out.weight)
        layer.self_attn.out_proj.bias.copy_(b.out.bias)
        for mine, theirs in ((b.ffn1, layer.linear1), (b.ffn2, layer.linear2)):
            theirs.weight.copy_(mine.weight)
            theirs.bias.copy_(mine.bias)
        for mine, theirs in ((b.ln1, layer.norm1), (b.ln2, layer.norm2)):
            theirs.weight.copy_(mine.weight)
            theirs.bias.copy_(mine.bias)
    x = torch.randn(3, pp.TOKENS, D, dtype=torch.float64)
    layer.train()  # the plain path (eval mode may take the fused fast path)
    torch.testing.assert_close(b(x), layer(x), rtol=1e-9, atol=1e-9)


def test_post_ln_output_is_normalized_per_token_and_pre_ln_adds_a_final_ln():
    images = torch.from_numpy(np.array(pp.load_digits().test_x[:4]))
    post, pre = pp.build_model("post", 2, 0), pp.build_model("pre", 2, 0)
    assert isinstance(post.final_ln, nn.Identity) and isinstance(pre.final_ln, nn.LayerNorm)
    x = post.embed(pp.as_tokens(images)) + post.position
    for layer in post.blocks:
        x = layer(x)
    # γ = 1, β = 0 at initialization: each token has mean 0 and biased variance 1 over d
    torch.testing.assert_close(x.mean(-1), torch.zeros(4, pp.TOKENS), atol=1e-5, rtol=0)
    torch.testing.assert_close(
        x.var(-1, unbiased=False), torch.ones(4, pp.TOKENS), atol=1e-3, rtol=0
    )
    # both placements draw the same weights for one seed
    shared = {k: v for k, v in pre.state_dict().items() if not k.startswith("final_ln")}
    for name, value in post.state_dict().items():
        torch.testing.assert_close(value, shared[name])


def test_tokens_are_the_image_rows():
    images = torch.arange(2 * 64, dtype=torch.float32).reshape(2, 1, 8, 8)
    tokens = pp.as_tokens(images)
    assert tokens.shape == (2, 8, 8)
    torch.testing.assert_close(tokens[1, 3], images[1, 0, 3])


def test_gradient_norms_match_autograd_on_the_same_model():
    norms = pp.init_gradient_norms("post", 3, seed=2, parameter="all", batch=32)
    model = pp.build_model("post", 3, 2)
    data = pp.load_digits()
    x = torch.from_numpy(np.array(data.train_x[:32]))
    y = torch.from_numpy(np.array(data.train_y[:32]))
    grads = torch.autograd.grad(F.cross_entropy(model(x), y), list(model.blocks.parameters()))
    per_layer = len(list(model.blocks[0].parameters()))
    expected = [
        math.sqrt(sum(float((g**2).sum()) for g in grads[i * per_layer : (i + 1) * per_layer]))
        for i in range(3)
    ]
    np.testing.assert_allclose(norms, expected, rtol=1e-5)


def test_one_backward_gives_each_parameters_gradients_as_its_own_pass():
    each = pp.init_gradients_each(3, pp.PARAMETERS, seeds=(0, 1))
    assert set(each) == set(pp.PARAMETERS)
    for parameter in pp.PARAMETERS:
        alone = pp.init_gradients(3, parameter, seeds=(0, 1))
        np.testing.assert_array_equal(each[parameter].post, alone.post)
        np.testing.assert_array_equal(each[parameter].pre, alone.pre)
        assert (each[parameter].layers, each[parameter].parameter) == (3, parameter)


@pytest.fixture(scope="module")
def six_layers() -> pp.InitGradients:
    return pp.init_gradients(6, "ffn2")


def test_gradients_at_initialization_are_finite_and_positive(six_layers):
    for placement in pp.PLACEMENTS:
        rows = getattr(six_layers, placement)
        assert rows.shape == (len(pp.GRAD_SEEDS), 6)
        assert np.all(np.isfinite(rows)) and np.all(rows > 0)


def test_pre_ln_gradients_shrink_toward_the_output_and_post_ln_ones_do_not(six_layers):
    """What the page reports (Fig. 3a, b of Xiong et al. does not reproduce here): post-LN's
    last/first ratio is near 1, pre-LN's well below it and below post-LN's."""
    post, pre = six_layers.ratio("post"), six_layers.ratio("pre")
    assert pp.trend(post) == "flat" and pp.trend(pre) == "down", (post, pre)
    assert pre < 0.7 and pre < post
    assert np.all(np.diff(six_layers.mean("pre")[:4]) < 0)  # falls layer after layer


def test_the_pages_stated_ratios_are_what_the_library_measures(six_layers):
    text = t("p10.grad.reproduces", "en")
    post = re.search(r"last ÷ first (\d\.\d\d) at L = 6", text).group(1)
    pre = re.search(r"toward the output \((\d\.\d\d)\)", text).group(1)
    assert f"{six_layers.ratio('post'):.2f}" == post
    assert f"{six_layers.ratio('pre'):.2f}" == pre
    zh = t("p10.grad.reproduces", "zh")
    assert post in zh and pre in zh


def test_theorem_1_pre_ln_last_layer_falls_with_depth_and_post_ln_does_not():
    """Xiong et al.'s Theorem 1: pre-LN's last-layer W₂ gradient shrinks as depth grows
    (bound ∝ 1/√L); post-LN's bound does not depend on L."""
    one, deep = pp.init_gradients(1, "ffn2"), pp.init_gradients(8, "ffn2")
    assert deep.mean("pre")[-1] < 0.6 * one.mean("pre")[-1]
    assert deep.mean("post")[-1] > 0.8 * one.mean("post")[-1]
    assert deep.mean("post")[-1] > deep.mean("pre")[-1]


def test_warmup_schedule_is_linear_then_flat():
    config = pp.RunConfig(lr=0.01, warmup=4, steps=10)
    assert [config.lr_at(s) for s in (1, 2, 4, 5, 10)] == pytest.approx(
        [0.0025, 0.005, 0.01, 0.01, 0.01]
    )
    assert pp.RunConfig(lr=0.01).lr_at(1) == 0.01


def test_training_is_deterministic_and_records_the_schedule():
    config = pp.RunConfig(placement="pre", layers=1, lr=0.003, warmup=5, steps=20, eval_every=10)
    first, second = pp.train(config), pp.train(config)
    np.testing.assert_array_equal(first.train_loss, second.train_loss)
    np.testing.assert_array_equal(first.test_accuracy, second.test_accuracy)
    assert first.eval_step.tolist() == [0, 10, 20] and first.status == "finished"
    assert first.lr[:5].tolist() == pytest.approx([0.0006, 0.0012, 0.0018, 0.0024, 0.003])


def test_stop_ends_a_comparison_before_its_first_step():
    result = pp.compare(pp.CompareConfig(layers=1, steps=20, warmup=5), stop=lambda: True)
    assert result.status == "cancelled" and result.runs[0].step.size == 0


def test_progress_reports_every_run_and_can_stop():
    seen = []

    def progress(report):
        seen.append(report)
        return len(seen) < 2

    result = pp.compare(pp.CompareConfig(layers=1, steps=20, warmup=5), progress)
    assert result.status == "cancelled" and len(seen) == 2
    assert seen[0].text("en") == "Post-LN: step 20 of 20"  # one report per 25 steps, and the last
    assert seen[1].text("en") == "Post-LN + warm-up (5 steps): step 20 of 20"
    assert seen[1].text("zh") == "Post-LN + 预热（5 步）：第 20 步，共 20 步"
    assert [r.fraction for r in seen] == pytest.approx([1 / 3, 2 / 3])


def test_at_lr_001_post_ln_needs_the_warmup_and_pre_ln_does_not():
    """The page's measured statement at its default settings (6 layers, seed 0)."""
    result = pp.compare(pp.CompareConfig(layers=6, lr=0.01, warmup=50, steps=300, seed=0))
    post, post_warmup, pre = (run.final_accuracy for run in result.runs)
    assert result.status == "finished"
    assert post < 0.2 < 0.7 < post_warmup and pre > 0.9, (post, post_warmup, pre)


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"placement": "middle"}, "errors.prepost.placement"),
        ({"lr": 0.0}, "errors.prepost.lr"),
        ({"lr": float("nan")}, "errors.prepost.lr"),
        ({"layers": 0}, "errors.training.whole_number"),
        ({"steps": 2.5}, "errors.training.whole_number"),
    ],
)
def test_bad_settings_are_translated_errors(kwargs, key):
    with pytest.raises(InputError) as caught:
        pp.RunConfig(**kwargs)
    assert caught.value.key == key


def test_a_warmup_longer_than_the_run_is_refused():
    with pytest.raises(InputError):
        pp.CompareConfig(warmup=400, steps=300)
    with pytest.raises(InputError):
        pp.layer_parameters(pp.Block("pre"), "bias")


# --- figures ----------------------------------------------------------------------------------


def test_gradient_figure_draws_both_placements_in_their_colours_on_a_log_axis():
    grads = pp.InitGradients(
        3, "ffn2", (0, 1), post=np.array([[1.0, 2, 3], [1, 2, 3]]), pre=np.ones((2, 3))
    )
    fig = layer_gradients(grads, lang="zh")
    assert fig.layout.yaxis.type == "log"
    means = [tr for tr in fig.data if tr.mode == "lines+markers"]
    assert [tr.line.color for tr in means] == [PLACEMENT_COLORS["post"], PLACEMENT_COLORS["pre"]]
    np.testing.assert_allclose(means[0].y, [1, 2, 3])
    assert "Post-LN" in means[0].name and "W₂" in fig.layout.title.text


def fake_run(placement: str, warmup: int, losses: list[float]) -> pp.Run:
    config = pp.RunConfig(placement=placement, warmup=warmup, steps=len(losses), eval_every=2)
    steps = np.arange(1, len(losses) + 1)
    return pp.Run(
        config,
        steps,
        np.array(losses),
        np.full(len(losses), 0.01),
        np.array([0, 2]),
        np.array([0.1, 0.5]),
        np.array([2.3, 1.0]),
        "finished",
        0.1,
    )


def test_training_figures_skip_a_diverged_loss_and_mark_the_warmup():
    runs = [
        fake_run("post", 0, [2.3, 5.0, float("nan")]),
        fake_run("post", 2, [2.3, 1.0, 0.5]),
        fake_run("pre", 0, [2.3, 1.2, 0.7]),
    ]
    loss = loss_curves(runs, smooth=2)
    assert all(np.all(np.isfinite(np.asarray(tr.y, dtype=float))) for tr in loss.data)
    assert loss.data[1].x.tolist() == [1, 2]  # the NaN step is left out
    assert [tr.line.dash for tr in loss.data[1::2]] == ["solid", "dash", "solid"]
    for fig in (loss, accuracy_curves(runs)):
        band = fig.layout.shapes[0]
        assert (band.x0, band.x1) == (0, 2)
    assert accuracy_curves(runs, lang="zh").data[1].name == "Post-LN + 预热（2 步）"


def test_models_built_in_several_threads_at_once_get_their_seeds_weights():
    """torch's global generator is shared by threads: seeded builds take turns
    (normviz.seeded), or a build would get draws that belong to no seed."""
    expected = {seed: pp.build_model("pre", 4, seed).blocks[0].ffn2.weight for seed in range(6)}
    built: dict[int, list[torch.Tensor]] = {seed: [] for seed in range(6)}

    def build(seed: int) -> None:
        for _ in range(5):
            built[seed].append(pp.build_model("pre", 4, seed).blocks[0].ffn2.weight)

    threads = [threading.Thread(target=build, args=(seed,)) for seed in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for seed, weights in built.items():
        for weight in weights:
            torch.testing.assert_close(weight, expected[seed], rtol=0, atol=0)
