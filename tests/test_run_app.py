"""Train vs eval and Dropout under AppTest, and the texts of both pages (issue 11, 13):
the worked example's one training step shown, a stream that keeps its step and its batches,
the corrected explanations present in both languages, and the standard Chinese terms."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
import torch
from helpers import chart, config, errors, ok, open_app, text

from normviz.i18n import section
from ui import compute

TRAIN = "app_pages/4_Train_vs_eval.py"
DROPOUT = "app_pages/7_Dropout.py"
SN = "Standard normal"
PYTORCH, CUMULATIVE = "PyTorch momentum", "cumulative (momentum=None)"
NUMBER = r"(-?\d+\.\d+)"
OWNED = ("p4.", "fig.running.", "p7.", "fig.dropout.")  # key sections, and one error key:
OWNED_KEYS = ("errors.bn_one_value",)


def vector_after(at, label: str) -> tuple[np.ndarray, np.ndarray]:
    """running_mean and running_var as the page's sentence `label` shows them."""
    (line,) = [m.value for m in at.markdown if m.value.startswith(label)]
    mean, var = re.findall(r"= \(([^)]*)\)", line)
    return tuple(np.array([float(v) for v in part.split(",")]) for part in (mean, var))


def table_of_y(at) -> dict[str, list[np.ndarray]]:
    """The y table: per row label, the matrices of its x, training-mode y and eval-mode y."""
    (table,) = [m.value for m in at.markdown if m.value.startswith("| slice")]
    rows = {}
    for line in table.splitlines()[2:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        matrices = []
        for cell in cells[1:]:
            body = re.search(r"\\begin\{bmatrix\}(.*)\\end\{bmatrix\}", cell).group(1)
            matrices.append(
                np.array([[float(v) for v in row.split("&")] for row in body.split(r"\\")])
            )
        rows[cells[0]] = matrices
    return rows


def torch_one_step(cfg, momentum):
    """nn.BatchNorm1d/2d on the page's tensor: training output, then eval-mode output."""
    x = torch.from_numpy(compute.tensor(cfg).astype(np.float64))
    layer = torch.nn.BatchNorm1d if cfg.fully_connected else torch.nn.BatchNorm2d
    bn = layer(cfg.c, eps=cfg.eps, momentum=momentum, dtype=torch.float64)
    with torch.no_grad():
        bn.weight.copy_(torch.tensor(cfg.gamma, dtype=torch.float64))
        bn.bias.copy_(torch.tensor(cfg.beta, dtype=torch.float64))
        y_train = bn.train()(x).numpy()
        y_eval = bn.eval()(x).numpy()
    return bn, x.numpy(), y_train, y_eval


def check_y_table(at, x, y_train, y_eval):
    cfg = config(at)
    rows = table_of_y(at)
    if cfg.fully_connected:
        expected = {f"x[{n}, :]": (x[n], y_train[n], y_eval[n]) for n in range(cfg.n)}
    else:
        expected = {
            f"[{n}, {c}]": (x[n, c], y_train[n, c], y_eval[n, c])
            for n in range(cfg.n)
            for c in range(cfg.c)
        }
    assert list(rows) == list(expected)  # every row, none cut
    for label, arrays in expected.items():
        for shown_matrix, want in zip(rows[label], arrays, strict=True):
            np.testing.assert_allclose(shown_matrix, np.atleast_2d(want), atol=0.5e-4 + 1e-9)


def test_worked_example_one_step_shows_the_lecture_notes_running_stats():
    at = ok(open_app(TRAIN))
    assert at.toggle(key="one_step").value is True
    mean, var = vector_after(at, "**After one training step:**")
    np.testing.assert_array_equal(mean, [0.45, 0.70])
    np.testing.assert_array_equal(var, [1.50, 3.30])
    assert "(0.4500, 0.7000)" in text(at) and "(1.5000, 3.3000)" in text(at)
    bn, x, y_train, y_eval = torch_one_step(config(at), 0.1)
    np.testing.assert_allclose(bn.running_mean.numpy(), mean)
    np.testing.assert_allclose(bn.running_var.numpy(), var)
    check_y_table(at, x, y_train, y_eval)
    # the domain's y[0, 0] of the worked example in training mode
    np.testing.assert_allclose(
        table_of_y(at)["[0, 0]"][1], [[-0.0550, 0.8178], [1.6907, 2.5636]], atol=1e-9
    )
    element = re.search(rf"y = \*\*{NUMBER}\*\* in training mode, \*\*{NUMBER}\*\*", text(at))
    assert float(element.group(1)) == -0.0550
    assert float(element.group(2)) == round(2 * 0.55 / np.sqrt(1.5 + 1e-5) + 3, 4)


def test_without_the_step_eval_mode_uses_zero_and_one():
    at = ok(open_app(TRAIN))
    ok(at.toggle(key="one_step").set_value(False).run())
    mean, var = vector_after(at, "**No training step yet:**")
    np.testing.assert_array_equal(mean, [0, 0])
    np.testing.assert_array_equal(var, [1, 1])
    cfg = config(at)
    x = compute.tensor(cfg).astype(np.float64)
    bn = torch.nn.BatchNorm2d(2, dtype=torch.float64)
    with torch.no_grad():
        bn.weight.copy_(torch.tensor(cfg.gamma, dtype=torch.float64))
        bn.bias.copy_(torch.tensor(cfg.beta, dtype=torch.float64))
        fresh_eval = bn.eval()(torch.from_numpy(x)).numpy()
        y_train = bn.train()(torch.from_numpy(x)).numpy()
    check_y_table(at, x, y_train, fresh_eval)


@pytest.mark.parametrize(
    ("query", "mode", "momentum"),
    [
        ({}, CUMULATIVE, None),
        ({"n": "3", "c": "2", "h": "2", "w": "3", "preset": SN, "cspread": "2"}, PYTORCH, 0.37),
        ({"fc": "1", "n": "5", "c": "3", "preset": SN, "cspread": "1"}, PYTORCH, 0.1),
        ({"n": "1", "c": "2", "h": "4", "w": "4", "preset": SN}, PYTORCH, 1.0),
    ],
)
def test_one_step_matches_torch(query, mode, momentum):
    at = ok(open_app(TRAIN, **query))
    ok(at.radio(key="momentum_mode").set_value(mode).run())
    if momentum is not None:
        ok(at.slider(key="momentum").set_value(momentum).run())
    bn, x, y_train, y_eval = torch_one_step(config(at), momentum)
    mean, var = vector_after(at, "**After one training step:**")
    np.testing.assert_allclose(mean, bn.running_mean.numpy(), atol=0.5e-4)
    np.testing.assert_allclose(var, bn.running_var.numpy(), atol=0.5e-4)
    check_y_table(at, x, y_train, y_eval)
    if momentum is None:  # the first batch's statistics, the variance unbiased
        np.testing.assert_allclose(mean, x.mean(axis=(0, 2, 3)), atol=0.5e-4)


def test_a_big_tensor_lists_no_table_but_its_element():
    at = ok(open_app(TRAIN, n="16", c="12", h="5", w="5", preset=SN, at="3,10,2,4"))
    assert not [m for m in at.markdown if m.value.startswith("| slice")]
    assert any("at most 8 slices" in c.value for c in at.caption)
    assert any("channel c = 10 only" in c.value for c in at.caption)
    cfg = config(at)
    _, x, y_train, y_eval = torch_one_step(cfg, 0.1)
    element = re.search(rf"y = \*\*{NUMBER}\*\* in training mode, \*\*{NUMBER}\*\*", text(at))
    assert float(element.group(1)) == pytest.approx(y_train[3, 10, 2, 4], abs=0.5e-4)
    assert float(element.group(2)) == pytest.approx(y_eval[3, 10, 2, 4], abs=0.5e-4)


def batch_means(at) -> np.ndarray:
    spec = json.loads(chart(at, "running_mean").proto.spec)
    (dots,) = [t for t in spec["data"] if t["name"] == "this batch's μ_B"]
    y = dots["y"]
    if isinstance(y, dict):  # plotly's typed array
        import base64

        return np.frombuffer(base64.b64decode(y["bdata"]), dtype=y["dtype"])
    return np.asarray(y, dtype=np.float64)


def test_stream_length_keeps_the_step_and_the_batches():
    at = ok(open_app(TRAIN, n="4", c="3", h="2", w="3", preset=SN, cspread="2"))
    ok(at.slider(key="step").set_value(7).run())
    first = batch_means(at)
    assert first.size == 7
    for length in (200, 500, 10, 100):
        ok(at.slider(key="batches").set_value(length).run())
        expected = min(7, length)
        assert at.slider(key="step").value == expected
        assert at.query_params.get("step", "100") == str(expected)
        np.testing.assert_array_equal(batch_means(at), first[:expected])
    ok(at.slider(key="step").set_value(80).run())
    ok(at.slider(key="batches").set_value(30).run())  # a shorter stream: clamped to its end
    assert at.slider(key="step").value == 30
    ok(at.slider(key="batches").set_value(300).run())
    assert at.slider(key="step").value == 30  # and it stays there


PAGE4_EN = [
    "Ioffe & Szegedy 2015, §3.1, Algorithm 2",
    "with the weights frozen",
    "**unbiased estimate of the population variance**",
    'it is *not* "the unbiased estimate of the batch variances"',
    "it does *not* reuse the statistics recorded during training",
    "It **forgets on purpose**",
    "cheap and online",
    "n = N·H·W",
    "**dataset shift**",
    "AdaBN",
]
PAGE4_ZH = [
    "Ioffe & Szegedy 2015，§3.1，算法 2",
    "冻结权重",
    "**总体方差 Var[x] 的无偏估计**",
    "它*不是*“各小批量方差的无偏估计”",
    "它也*不*沿用训练过程中记录的统计量",
    "**有意遗忘**",
    "**评估模式**（`model.eval()`）",
    "滑动均值",
    "**数据集偏移**",
]
PAGE7_EN = [
    "**p is the drop probability**",
    "`tf.nn.dropout(keep_prob=…)`",
    "Keep probability 1 − p = 0.5",
    'not* "fewer parameters"',
    "co-adaptation",
    "Hinton et al. 2012",
    "Srivastava et al., JMLR 2014",
    "BN-Inception (§4.2.1)",
    "Li et al. (CVPR 2019, *Understanding the Disharmony between Dropout and Batch "
    "Normalization by Variance Shift*)",
    "fully connected layers",
]
PAGE7_ZH = [
    "**p 是丢弃概率**",
    "保留概率 1 − p = 0.5",
    "**倒置 Dropout**",
    "随机失活（Dropout",
    "§4.2.1",
]


@pytest.mark.parametrize(
    ("page", "lang", "phrases"),
    [
        (TRAIN, "en", PAGE4_EN),
        (TRAIN, "zh", PAGE4_ZH),
        (DROPOUT, "en", PAGE7_EN),
        (DROPOUT, "zh", PAGE7_ZH),
    ],
)
def test_corrected_explanations_are_on_the_pages(page, lang, phrases):
    at = ok(open_app(page, lang=lang))
    shown = text(at) + "\n".join(t.value for t in at.title)
    for phrase in phrases:
        assert phrase in shown, phrase
    if lang == "zh":
        for wrong in ("推理模式", "运行均值", "运行方差", "运行统计", "批归一化", "批大小"):
            assert wrong not in shown, wrong
    assert not errors(at)


# Chinese terms the project's glossary forbids (issue 13, brief): the standard one instead
FORBIDDEN_ZH = {
    "批归一化": "批量归一化",
    "批大小": "批量大小",
    "运行均值": "滑动均值",
    "运行方差": "滑动方差",
    "运行统计": "滑动均值和滑动方差",
    "运行估计": "滑动估计",
    "推理模式": "评估模式（model.eval()）",
    "反向 dropout": "倒置 Dropout",
    "反向（inverted）": "倒置 Dropout",
}


def owned_texts(lang: str) -> dict[str, str]:
    texts = section(*OWNED, *OWNED_KEYS)[lang]
    texts = {k: v for k, v in texts.items() if k.startswith(OWNED) or k in OWNED_KEYS}
    return {k: "\n".join(v) if isinstance(v, tuple) else v for k, v in texts.items()}


def test_owned_chinese_texts_use_the_glossary():
    for key, value in owned_texts("zh").items():
        for wrong, right in FORBIDDEN_ZH.items():
            assert wrong not in value, f"{key}: {wrong} → {right}"
        if "eval" in key or "评估" in value:
            assert "推理" not in value, key


def test_momentum_and_the_count_have_distinct_symbols():
    """No "m" for the momentum (nor for N·H·W) in these texts: momentum is spelled out, the
    count is n; the BN paper's own m is named once, as such."""
    for lang in ("en", "zh"):
        for key, value in owned_texts(lang).items():
            bare_m = re.findall(r"(?<![\w`])m(?![\w`])", value)
            allowed = 1 if key == "p4.paper" else 0
            assert len(bare_m) <= allowed, (lang, key, value)
            assert "m/(m−1)" not in value and "momentum=m" not in value, (lang, key)


@pytest.mark.parametrize(
    ("page", "key", "needed"), [(TRAIN, "p4.intro", 3), (DROPOUT, "p7.intro", 2)]
)
def test_steps_mode_holds_the_demonstrations_until_their_paragraph(page, key, needed):
    at = ok(open_app(page, stepwise="1"))
    for _ in range(needed - 1):
        assert not at.get("plotly_chart")
        ok(at.button(key=f"_step_{key}_next").click().run())
    assert at.get("plotly_chart")
    if page == TRAIN:  # the one-step numbers come with it
        assert "(0.4500, 0.7000)" in text(at)
        # the y table waits for the one-step paragraph's second step
        assert not [m for m in at.markdown if m.value.startswith("| slice")]
        ok(at.button(key="_step_p4.one_step.text_next").click().run())
        assert [m for m in at.markdown if m.value.startswith("| slice")]
    else:  # the BN-clash chart waits for its own paragraph
        keys = [c.proto.id.rsplit("-", 1)[1] for c in at.get("plotly_chart")]
        assert "variance_shift" not in keys
        ok(at.button(key="_step_p7.bn_next").click().run())
        keys = [c.proto.id.rsplit("-", 1)[1] for c in at.get("plotly_chart")]
        assert "variance_shift" in keys
