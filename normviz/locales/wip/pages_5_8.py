"""Texts of pages 5–8 (Batch size, Gradients, Dropout, Training lab) and their figures.

Method names come from the keys method.long.<m> / method.short.<m> (pages 1–4's module).
Plotly hover templates (%{x}, %{y}) stay in code: only their words are here.
"""

EN: dict[str, str | tuple[str, ...]] = {
    # --- page 5: batch size ---------------------------------------------------------------
    "p5.title": "Batch size",
    "p5.intro": (
        "BatchNorm's μ and σ² are estimates from the N·H·W values of one channel in one batch.",
        "Their noise shrinks like **1/√(N·H·W)**: at small N they are noisy and BN degrades, "
        "unless the feature map H·W is large.",
        "LayerNorm, InstanceNorm and GroupNorm compute their statistics within one sample, so "
        "they do not depend on N at all.",
    ),
    "p5.slider.spatial": "Feature map size H·W",
    "p5.slider.batches": "Sampled batches per batch size",
    "p5.estimates.header": "Batch estimates of μ and σ² (channel {channel}, H·W = {spatial})",
    "p5.estimates.caption": "Boxes: the estimates over the sampled batches (5th–95th percentile "
    "whiskers); the band is the theory ± 1/√(N·H·W) σ around the true value.",
    "p5.feature_map.header": "A large feature map rescues small batches",
    "p5.feature_map.constant": "Channel {channel} is constant (σ = 0): its batch estimates have no noise to measure. Give the tensor some scale in the sidebar.",
    "p5.feature_map.caption": "Each point: the spread of BN's μ_B (left) or σ²_B (right) over "
    "{batches} sampled batches; dashed: the 1/√(N·H·W) law.",
    "p5.output.header": "One fixed sample's output, by batch size",
    "p5.output.caption": "The element x{element} normalized by BN in random batches of each size "
    "(band: its spread), and by LN, IN and GN (G = {groups}) which ignore the batch.",
    "p5.output.gn_degenerate": "C = {c} has no group count between 1 and C, so here GN equals "
    "LN or IN.",
    "p5.published.header": "Published results",
    "p5.published.caption": "Not computed here: {citation}. Our measured noise above shows why "
    "BN's error climbs as the batch shrinks while GN stays flat.",
    # --- figures: batch size ----------------------------------------------------------------
    "fig.batch_size.citation": "Wu & He, Group Normalization, ECCV 2018 (arXiv:1803.08494): "
    "ResNet-50, ImageNet validation error (%)",
    "fig.batch_size.box": "batch {symbol} (middle 50 %, whiskers 5–95 %)",
    "fig.batch_size.theory_band": "population μ ± σ/√(N·H·W) (theory)",
    "fig.batch_size.theory": "theory",
    "fig.batch_size.population": "population {symbol} = {value:.4g}",
    "fig.batch_size.channel": "channel {channel}",
    "fig.batch_size.channel_spatial": "channel {channel}, H·W = {spatial}",
    "fig.batch_size.word.mean": "mean μ",
    "fig.batch_size.word.var": "variance σ² (biased)",
    "fig.batch_size.estimate_title": "BN's batch {word} by batch size ({where})",
    "fig.batch_size.axis.batch": "batch size N",
    "fig.batch_size.axis.batch_log": "batch size N (log scale)",
    "fig.batch_size.axis.estimate": "batch {symbol}",
    "fig.batch_size.log_scale": "{title} (log scale)",
    "fig.batch_size.measured": "{label}: measured",
    "fig.batch_size.theory_of": "{label}: theory",
    "fig.batch_size.noise_mean_title": "Noise of BN's batch mean: σ/√(N·H·W)",
    "fig.batch_size.noise_mean_axis": "spread of batch μ (in units of σ)",
    "fig.batch_size.noise_var_title": "Noise of BN's batch variance, by batch size and "
    "feature-map size",
    "fig.batch_size.noise_var_axis": "spread of batch σ² (in units of σ²)",
    "fig.batch_size.band_90": "BN, 5–95 % of batches",
    "fig.batch_size.band_50": "BN, middle 50 %",
    "fig.batch_size.bn_median": "BN (train mode), median",
    "fig.batch_size.batch_free": "{name}: one value, whatever the batch",
    "fig.batch_size.bn_population": "BN with the population's μ, σ²",
    "fig.batch_size.output_title": "One sample's output: BN depends on its batch",
    "fig.batch_size.output_title_value": "One sample's output (x = {value:.4g}): BN depends on "
    "its batch",
    "fig.batch_size.axis.output": "output y of the chosen element",
    "fig.batch_size.paper_title": "Published results: error by batch size (Wu & He 2018)",
    "fig.batch_size.paper_32_title": "Published results: error at batch 32 (Wu & He 2018)",
    "fig.batch_size.paper_32_source": "{citation}, 32 images per GPU",
    "fig.batch_size.axis.images_per_gpu": "images per GPU (batch size)",
    "fig.batch_size.axis.imagenet_error": "ImageNet validation error (%)",
    "fig.batch_size.axis.normalization": "normalization",
    # --- page 6: gradients ------------------------------------------------------------------
    "p6.title": "Gradients",
    "p6.intro": (
        "The backward pass of **{method}** ({label}), by the formulas of the BatchNorm paper "
        "(§3) applied to each group.",
        "Every step is checked against PyTorch's autograd.",
        "Pick the loss whose gradient ∂L/∂y arrives from above:",
    ),
    "p6.upstream.label": "Upstream gradient",
    "p6.upstream.weighted_sum": "weighted sum",
    "p6.upstream.half_sum_of_squares": "half sum of squares",
    "p6.upstream.through_a_sigmoid": "through a sigmoid",
    "p6.upstream_formula.weighted_sum": "L = Σ wᵢ·yᵢ with random wᵢ ~ N(0, 1), so ∂L/∂yᵢ = wᵢ",
    "p6.upstream_formula.half_sum_of_squares": "L = ½ Σ yᵢ², so ∂L/∂yᵢ = yᵢ",
    "p6.upstream_formula.through_a_sigmoid": "L = Σ wᵢ·σ(yᵢ) with random wᵢ ~ N(0, 1), so "
    "∂L/∂yᵢ = wᵢ·σ'(yᵢ)",
    "p6.subset": "This tensor has {size:,} elements; the backward pass (in float64, checked "
    "against autograd) runs on the batch of its first {samples} samples ({elements:,} "
    "elements), so BN's statistics are that batch's.",
    "p6.subset_moved": "The chosen element x{element} is not among them: the steps follow "
    "x{followed}.",
    "p6.steps.header": "Step by step for x[{index}] (its group has m = {m:,} values)",
    "p6.steps.sum_centered": "Σ(xᵢ − μ) = {value:.2e}: zero up to rounding, so the second term "
    "of ∂L/∂μ vanishes.",
    "p6.check.whole": "Check against torch autograd on the whole tensor: max |difference| = "
    "{differences} (largest {worst:.1e}).",
    "p6.check.first": "Check against torch autograd on the first {samples} samples: max "
    "|difference| = {differences} (largest {worst:.1e}).",
    "p6.removed.header": "What BN removes from the gradient",
    "p6.removed": (
        "Over each group, **Σ ∂L/∂xᵢ = 0** (largest relative sum over all groups: {sum:.1e}) "
        "and **Σ ∂L/∂xᵢ·x̂ᵢ = 0** up to ε (largest: {dot:.1e}; after the exact ε term: "
        "{dot_eps:.1e}).",
        "BN subtracts from ∂L/∂x̂ its mean and its component along x̂.",
        "So a gradient step cannot change the group's mean or scale: the very things BN "
        "normalizes away.",
    ),
    "p6.scale.header": "Scale invariance",
    "p6.scale": (
        "A linear layer W before BN: scaling W by a changes nothing after BN, BN(aWu) = BN(Wu) "
        "(up to ε).",
        "But the gradient with respect to the scaled weights shrinks like 1/a: larger weights "
        "get smaller updates, which keeps training stable and allows larger learning rates.",
        "A bias b before BN is useless: the mean subtraction cancels it.",
    ),
    "p6.scale.slider": "Scale a",
    "p6.scale.caption": "Gradient of the bias b before BN: at most {grad:.1e} (zero up to "
    "rounding); adding b changes BN's output by {change:.1e}.",
    "p6.stories.header": "Why does BN help? Two stories",
    "p6.stories.original": "**The original story (Ioffe & Szegedy 2015): internal covariate "
    "shift.** As earlier layers learn, the distribution of each layer's inputs keeps moving; "
    "BN fixes its mean and variance so later layers need not chase it.",
    "p6.stories.correction": "**The correction (Santurkar et al. 2018):** BN's benefit is not "
    "explained by reduced covariate shift; it makes the loss landscape smoother — the loss and "
    "its gradient change less along the gradient direction — which allows larger learning "
    "rates.",
    "p6.landscape.caption": "A {depth}-layer ReLU network of width {width} at initialization, "
    "with and without BN, stepping θ − η·∇L along its own gradient. Loss range over η: "
    "{plain:.3g} without BN, {bn:.3g} with BN.",
    # --- figures: gradients -----------------------------------------------------------------
    "fig.gradients.arriving": "∂L/∂y (arriving)",
    "fig.gradients.leaving": "∂L/∂x (leaving)",
    "fig.gradients.element": "element",
    "fig.gradients.first_of": " (first {shown} of {total:,})",
    "fig.gradients.group_title": "{label}Gradients in the chosen group{note}: Σ ∂L/∂x = "
    "{total:.2e}",
    "fig.gradients.axis.element": "element of the group",
    "fig.gradients.axis.gradient": "gradient",
    "fig.gradients.removed": "removed: mean + part along x̂",
    "fig.gradients.passes": "passes on",
    "fig.gradients.panel.arriving": "arriving ∂L/∂x̂ and the line BN removes",
    "fig.gradients.panel.passes": "what passes: √(σ²+ε)·∂L/∂x",
    "fig.gradients.removed_title": "BN removes the gradient's mean and its component along x̂",
    "fig.gradients.axis.x_hat": "x̂ (normalized value)",
    "fig.gradients.panel.grad_w": "gradient w.r.t. the weights aW",
    "fig.gradients.panel.output_change": "change of the BN output",
    "fig.gradients.predicted": "(1/a)·‖∂L/∂W‖ at a = 1",
    "fig.gradients.autograd": "‖∂L/∂(aW)‖ by autograd",
    "fig.gradients.output_change": "max |BN(aWu) − BN(Wu)| (ε's effect)",
    "fig.gradients.axis.scale": "scale a of the weights",
    "fig.gradients.axis.largest_change": "largest change",
    "fig.gradients.scale_title": "Scale invariance: BN(aWu) = BN(Wu), gradient ∝ 1/a",
    "fig.gradients.panel.loss": "loss L(θ − η·g)",
    "fig.gradients.panel.grad_norm": "gradient norm ‖∇L(θ − η·g)‖",
    "fig.gradients.panel.grad_change": "gradient change ‖∇L(θ − η·g) − g‖",
    "fig.gradients.without_bn": "without BN",
    "fig.gradients.with_bn": "with BN",
    "fig.gradients.axis.step": "step size η along −g",
    "fig.gradients.landscape_title": "Along the gradient: BN keeps loss and gradient smooth",
    # --- page 7: dropout --------------------------------------------------------------------
    "p7.title": "Dropout",
    "p7.intro": (
        "In training, dropout zeroes each unit with probability **p**.",
        "**Inverted** dropout (what PyTorch and Keras do) scales the kept units by 1/(1−p), so "
        "the expected output equals the input and inference needs no change.",
        "The **classic** form keeps units unscaled in training and multiplies everything by "
        "(1−p) at test time.",
    ),
    "p7.slider.p": "Drop probability p",
    "p7.radio.mode": "Form",
    "p7.mode.inverted": "inverted",
    "p7.mode.classic": "classic",
    "p7.slider.masks": "Masks averaged",
    "p7.mask_title": "A mask over x[{n}, {c}]",
    "p7.average.caption": "Over {count:,} masks the mean output is within {error:.3f} of "
    "{target}: dropout preserves the expectation, and the error shrinks like 1/√k.",
    "p7.target.inverted": "the input",
    "p7.target.classic": "(1 − p)·input",
    "p7.bn.header": "Dropout right before BatchNorm",
    "p7.bn": (
        "BN learns its running variance in training, from inputs that went through dropout.",
        "At inference dropout is off, the input's variance is smaller, and BN divides by the "
        "wrong σ: its outputs shrink (Li et al. 2019, *Understanding the disharmony between "
        "dropout and batch normalization*).",
        "Put dropout after the last BN, or use it sparingly before one.",
    ),
    # --- figures: dropout -------------------------------------------------------------------
    "fig.dropout.input": "input x",
    "fig.dropout.train_output": "training output",
    "fig.dropout.test_output": "inference output",
    "fig.dropout.dropped": "dropped",
    "fig.dropout.first_units": " (first {shown} of {total:,} units)",
    "fig.dropout.vector_title": "One dropout mask, p = {p:g}: {dropped} dropped{note}",
    "fig.dropout.axis.unit": "unit",
    "fig.dropout.axis.value": "value",
    "fig.dropout.mask": "Dropout mask",
    "fig.dropout.row": "row",
    "fig.dropout.column": "column",
    "fig.dropout.kept_value": "1 = kept",
    "fig.dropout.mask_title": "{title}: {kept:.0%} kept (dark = dropped)",
    "fig.dropout.unit": "unit {unit}",
    "fig.dropout.running_title": "Mean over k masks → the expectation (dashed)",
    "fig.dropout.axis.masks": "number of masks k",
    "fig.dropout.axis.mean_output": "mean training output",
    "fig.dropout.largest_error": "largest error over the units",
    "fig.dropout.standard_error": "standard error ∝ 1/√k (largest unit)",
    "fig.dropout.error_title": "The error of the mean shrinks like 1/√k",
    "fig.dropout.axis.error": "error",
    "fig.dropout.panel.input_var": "variance of BN's input",
    "fig.dropout.panel.output_std": "std of BN's output at inference",
    "fig.dropout.training": "training (running_var)",
    "fig.dropout.inference": "inference",
    "fig.dropout.formula": "{name}, formula",
    "fig.dropout.simulated": "{name}, simulated",
    "fig.dropout.ratio": "√(inference var / running_var)",
    "fig.dropout.output_std": "output std, simulated",
    "fig.dropout.axis.p": "dropout probability p",
    "fig.dropout.axis.variance": "variance",
    "fig.dropout.axis.std": "std (1 = consistent)",
    "fig.dropout.shift_title": "Dropout before BN: running_var ≠ inference variance",
    # --- page 8: training lab ---------------------------------------------------------------
    "p8.title": "Training lab",
    "p8.intro": (
        "Train a real network on the 8×8 handwritten digits (1,797 images, 10 classes, shipped "
        "with the app) twice from the same weights on the same batches: **without "
        "normalization** and **with** the method you pick.",
        "The BatchNorm paper's claims — faster training, sigmoid inputs that stay out of "
        "saturation, larger usable learning rates — are checked here, not taken on faith.",
        "Runs are deterministic: the whole class sees the same curves.",
    ),
    "p8.model": "Model",
    "p8.model.mlp": "MLP",
    "p8.model.cnn": "CNN",
    "p8.activation": "Activation",
    "p8.activation.sigmoid": "sigmoid",
    "p8.activation.relu": "ReLU",
    "p8.norm": "Normalization",
    "p8.groups": "GN groups G",
    "p8.depth": "Depth (layers)",
    "p8.lr": "Learning rate",
    "p8.batch": "Batch size",
    "p8.steps": "Steps",
    "p8.seed": "Seed",
    "p8.starting": "starting…",
    "p8.stop": "Stop",
    "p8.stopped": "Training stopped.",
    "p8.train_again": "Train again",
    "p8.result": "Final test accuracy after {steps:,} steps: **{base} {base_accuracy:.1%}**, "
    "**{norm} {norm_accuracy:.1%}**.",
    "p8.percentiles.header": "One sigmoid input over training (BN paper, Fig. 1b/c)",
    "p8.layer": "Layer",
    "p8.unit": "Unit",
    "p8.percentiles.caption": "The 15th, 50th and 85th percentiles of the chosen unit's input "
    "over the test images: without normalization they drift (and, with sigmoids, into "
    "saturation); with it they stay put once γ and β have settled.",
    "p8.sweeps.header": "Sweeps",
    "p8.sweeps": (
        "Each sweep trains many networks (tens of seconds on two cores).",
        "Results are kept for everyone, so only the first click waits.",
    ),
    "p8.run_lr": "Run the learning-rate sweep",
    "p8.run_batch": "Run the batch-size sweep (BN vs GN)",
    "p8.batch_sweep.caption": "ReLU MLP, the same number of epochs at every batch size, "
    "learning rate scaled with the batch. Compare the GN paper's table on the Batch size page.",
    # --- normviz.training: run names and progress reports -----------------------------------
    "training.no_norm": "no norm",
    "training.separator": ", ",
    "training.param.lr": "learning rate",
    "training.param.batch_size": "batch size",
    "training.progress.run": "{label}: step {step} of {steps}",
    "training.progress.compare": "no norm and {label}: step {step} of {steps}",
    "training.progress.sweep": "{parameter} = {value:g} ({labels}): step {step} of {steps}",
    "training.progress.sweep_done": "{parameter} sweep finished",
    # --- figures: training lab --------------------------------------------------------------
    "fig.training.each_batch": "{label} (each batch)",
    "fig.training.axis.step": "training step",
    "fig.training.axis.loss": "cross-entropy loss",
    "fig.training.loss_title": "Training loss (mean of the last {smooth} batches)",
    "fig.training.guessing": "guessing (10 %)",
    "fig.training.axis.accuracy": "test accuracy",
    "fig.training.accuracy_title": "Test accuracy (445 held-out digits)",
    "fig.training.percentiles_empty": "Percentiles of one activation input",
    "fig.training.percentile": "{q}th percentile",
    "fig.training.percentile_short": "{q}th",
    "fig.training.axis.sigmoid_input": "sigmoid input x",
    "fig.training.percentiles_title": "Input to unit {unit} of layer {layer}: 15th, 50th, 85th "
    "percentiles (grey: saturated)",
    "fig.training.axis.saturated": "saturated inputs",
    "fig.training.saturation_title": "Saturated sigmoid inputs (σ < .05 or > .95)",
    "fig.training.grad_norm_title": "Gradient norm per layer (mean of the last {smooth} steps)",
    "fig.training.axis.lr": "learning rate",
    "fig.training.axis.final_accuracy": "final test accuracy",
    "fig.training.lr_title": "Learning-rate sweep: accuracy after {steps} steps",
    "fig.training.axis.batch": "batch size (images per step)",
    "fig.training.axis.error": "test error (lower is better)",
    "fig.training.batch_title": "Batch-size sweep: same epochs, learning rate ∝ batch size",
    "fig.training.diverged": "{label}: diverged (loss NaN)",
    "fig.training.layer": "layer {n}",
    "fig.training.output": "output",
}

ZH: dict[str, str | tuple[str, ...]] = {
    # --- 第 5 页：批大小 ---------------------------------------------------------------------
    "p5.title": "批大小",
    "p5.intro": (
        "BatchNorm 的 μ 和 σ² 是用一个批中某个通道的 N·H·W 个值估计出来的。",
        "估计的噪声按 **1/√(N·H·W)** 缩小：N 很小时统计量噪声很大，BN 的效果随之变差，"
        "除非特征图 H·W 足够大。",
        "LayerNorm、InstanceNorm 和 GroupNorm 在单个样本内部计算统计量，因此完全不依赖 N。",
    ),
    "p5.slider.spatial": "特征图大小 H·W",
    "p5.slider.batches": "每个批大小抽样的批数",
    "p5.estimates.header": "μ 和 σ² 的批估计（通道 {channel}，H·W = {spatial}）",
    "p5.estimates.caption": "箱形：各抽样批的估计值（须线为第 5–95 百分位数）；"
    "带状区域是理论值：真实值 ± 1/√(N·H·W) σ。",
    "p5.feature_map.header": "大的特征图能挽救小批",
    "p5.feature_map.constant": "通道 {channel} 是常数（σ = 0）：它的批估计没有噪声可以度量。请在侧边栏中给张量设置一个尺度。",
    "p5.feature_map.caption": "每个点：BN 的 μ_B（左）或 σ²_B（右）在 {batches} 个抽样批上的离散程度；"
    "虚线：1/√(N·H·W) 规律。",
    "p5.output.header": "同一个固定样本的输出随批大小的变化",
    "p5.output.caption": "元素 x{element} 在各种大小的随机批中经 BN 归一化的结果（带状区域：其离散范围），"
    "以及经 LN、IN 和 GN（G = {groups}）归一化的结果，后三者与批无关。",
    "p5.output.gn_degenerate": "C = {c} 在 1 与 C 之间没有可用的组数，因此这里的 GN 等同于 LN 或 IN。",
    "p5.published.header": "已发表的结果",
    "p5.published.caption": "以下数据并非在此计算：{citation}。上面实测的噪声说明了为什么批越小，"
    "BN 的误差越高，而 GN 保持平稳。",
    # --- 图：批大小 --------------------------------------------------------------------------
    "fig.batch_size.citation": "Wu & He，Group Normalization，ECCV 2018（arXiv:1803.08494）："
    "ResNet-50，ImageNet 验证集错误率（%）",
    "fig.batch_size.box": "批 {symbol}（中间 50 %，须线 5–95 %）",
    "fig.batch_size.theory_band": "总体 μ ± σ/√(N·H·W)（理论）",
    "fig.batch_size.theory": "理论",
    "fig.batch_size.population": "总体 {symbol} = {value:.4g}",
    "fig.batch_size.channel": "通道 {channel}",
    "fig.batch_size.channel_spatial": "通道 {channel}，H·W = {spatial}",
    "fig.batch_size.word.mean": "均值 μ",
    "fig.batch_size.word.var": "方差 σ²（有偏）",
    "fig.batch_size.estimate_title": "BN 的批{word}：随批大小的变化（{where}）",
    "fig.batch_size.axis.batch": "批大小 N",
    "fig.batch_size.axis.batch_log": "批大小 N（对数坐标）",
    "fig.batch_size.axis.estimate": "批 {symbol}",
    "fig.batch_size.log_scale": "{title}（对数坐标）",
    "fig.batch_size.measured": "{label}：实测",
    "fig.batch_size.theory_of": "{label}：理论",
    "fig.batch_size.noise_mean_title": "BN 批均值的噪声：σ/√(N·H·W)",
    "fig.batch_size.noise_mean_axis": "批 μ 的离散程度（以 σ 为单位）",
    "fig.batch_size.noise_var_title": "BN 批方差的噪声，随批大小和特征图大小的变化",
    "fig.batch_size.noise_var_axis": "批 σ² 的离散程度（以 σ² 为单位）",
    "fig.batch_size.band_90": "BN，5–95 % 的批",
    "fig.batch_size.band_50": "BN，中间 50 %",
    "fig.batch_size.bn_median": "BN（训练模式），中位数",
    "fig.batch_size.batch_free": "{name}：无论批如何，都是同一个值",
    "fig.batch_size.bn_population": "用总体 μ、σ² 的 BN",
    "fig.batch_size.output_title": "单个样本的输出：BN 取决于它所在的批",
    "fig.batch_size.output_title_value": "单个样本的输出（x = {value:.4g}）：BN 取决于它所在的批",
    "fig.batch_size.axis.output": "所选元素的输出 y",
    "fig.batch_size.paper_title": "已发表的结果：错误率随批大小的变化（Wu & He 2018）",
    "fig.batch_size.paper_32_title": "已发表的结果：批大小 32 时的错误率（Wu & He 2018）",
    "fig.batch_size.paper_32_source": "{citation}，每块 GPU 32 张图像",
    "fig.batch_size.axis.images_per_gpu": "每块 GPU 的图像数（批大小）",
    "fig.batch_size.axis.imagenet_error": "ImageNet 验证集错误率（%）",
    "fig.batch_size.axis.normalization": "归一化方法",
    # --- 第 6 页：梯度 -----------------------------------------------------------------------
    "p6.title": "梯度",
    "p6.intro": (
        "**{method}**（{label}）的反向传播：把 BatchNorm 论文（§3）中的公式应用到每一组上。",
        "每一步都与 PyTorch 的 autograd（自动求导）结果进行了核对。",
        "请选择从上层传来梯度 ∂L/∂y 的损失函数：",
    ),
    "p6.upstream.label": "上游梯度",
    "p6.upstream.weighted_sum": "加权和",
    "p6.upstream.half_sum_of_squares": "平方和的一半",
    "p6.upstream.through_a_sigmoid": "经过 sigmoid",
    "p6.upstream_formula.weighted_sum": "L = Σ wᵢ·yᵢ，其中 wᵢ ~ N(0, 1) 随机，因此 ∂L/∂yᵢ = wᵢ",
    "p6.upstream_formula.half_sum_of_squares": "L = ½ Σ yᵢ²，因此 ∂L/∂yᵢ = yᵢ",
    "p6.upstream_formula.through_a_sigmoid": "L = Σ wᵢ·σ(yᵢ)，其中 wᵢ ~ N(0, 1) 随机，"
    "因此 ∂L/∂yᵢ = wᵢ·σ'(yᵢ)",
    "p6.subset": "这个张量有 {size:,} 个元素；反向传播（使用 float64，并与 autograd 核对）"
    "只在前 {samples} 个样本组成的批上运行（{elements:,} 个元素），因此 BN 的统计量是这个批的统计量。",
    "p6.subset_moved": "所选元素 x{element} 不在其中：下面的步骤跟踪的是 x{followed}。",
    "p6.steps.header": "x[{index}] 的逐步计算（它所在的组有 m = {m:,} 个值）",
    "p6.steps.sum_centered": "Σ(xᵢ − μ) = {value:.2e}：在舍入误差范围内为零，所以 ∂L/∂μ 的第二项消失。",
    "p6.check.whole": "在整个张量上与 torch autograd 核对：最大 |差值| = {differences}"
    "（最大者 {worst:.1e}）。",
    "p6.check.first": "在前 {samples} 个样本上与 torch autograd 核对：最大 |差值| = {differences}"
    "（最大者 {worst:.1e}）。",
    "p6.removed.header": "BN 从梯度中去掉了什么",
    "p6.removed": (
        "在每一组上，**Σ ∂L/∂xᵢ = 0**（所有组中最大的相对和：{sum:.1e}），并且在 ε 的影响范围内"
        " **Σ ∂L/∂xᵢ·x̂ᵢ = 0**（最大值：{dot:.1e}；扣除精确的 ε 项后：{dot_eps:.1e}）。",
        "BN 从 ∂L/∂x̂ 中减去它的均值以及它沿 x̂ 方向的分量。",
        "因此一次梯度更新无法改变该组的均值或尺度：而这正是 BN 归一化掉的东西。",
    ),
    "p6.scale.header": "尺度不变性",
    "p6.scale": (
        "在 BN 之前有一个线性层 W：把 W 乘以 a，BN 之后的结果不变，BN(aWu) = BN(Wu)（在 ε 的影响范围内）。",
        "但对缩放后权重的梯度按 1/a 缩小：权重越大，更新越小，这使训练更稳定，也允许使用更大的学习率。",
        "BN 之前的偏置 b 毫无作用：减去均值时它被抵消了。",
    ),
    "p6.scale.slider": "缩放系数 a",
    "p6.scale.caption": "BN 之前偏置 b 的梯度：至多 {grad:.1e}（在舍入误差范围内为零）；"
    "加上 b 使 BN 的输出改变 {change:.1e}。",
    "p6.stories.header": "BN 为什么有效？两种解释",
    "p6.stories.original": "**最初的解释（Ioffe & Szegedy 2015）：内部协变量偏移。** "
    "随着前面的层不断学习，每一层输入的分布一直在变化；BN 固定了它的均值和方差，"
    "后面的层就不必追赶这种变化。",
    "p6.stories.correction": "**修正（Santurkar 等，2018）：** BN 的好处并不能用减少协变量偏移来解释；"
    "它让损失曲面更平滑——沿梯度方向，损失及其梯度的变化更小——从而允许使用更大的学习率。",
    "p6.landscape.caption": "一个 {depth} 层、宽度为 {width} 的 ReLU 网络（初始化状态），"
    "分别在有 BN 和没有 BN 时沿自身梯度走一步 θ − η·∇L。损失随 η 的变化范围："
    "没有 BN 时 {plain:.3g}，有 BN 时 {bn:.3g}。",
    # --- 图：梯度 ----------------------------------------------------------------------------
    "fig.gradients.arriving": "∂L/∂y（传入）",
    "fig.gradients.leaving": "∂L/∂x（传出）",
    "fig.gradients.element": "元素",
    "fig.gradients.first_of": "（{total:,} 个中的前 {shown} 个）",
    "fig.gradients.group_title": "{label}所选组中的梯度{note}：Σ ∂L/∂x = {total:.2e}",
    "fig.gradients.axis.element": "组内元素",
    "fig.gradients.axis.gradient": "梯度",
    "fig.gradients.removed": "被去掉的部分：均值 + 沿 x̂ 的分量",
    "fig.gradients.passes": "传下去的部分",
    "fig.gradients.panel.arriving": "传入的 ∂L/∂x̂ 与 BN 去掉的直线",
    "fig.gradients.panel.passes": "传下去的部分：√(σ²+ε)·∂L/∂x",
    "fig.gradients.removed_title": "BN 去掉了梯度的均值及其沿 x̂ 的分量",
    "fig.gradients.axis.x_hat": "x̂（归一化后的值）",
    "fig.gradients.panel.grad_w": "对权重 aW 的梯度",
    "fig.gradients.panel.output_change": "BN 输出的变化",
    "fig.gradients.predicted": "(1/a)·‖∂L/∂W‖（取 a = 1 时的值）",
    "fig.gradients.autograd": "‖∂L/∂(aW)‖（autograd 计算）",
    "fig.gradients.output_change": "max |BN(aWu) − BN(Wu)|（ε 的影响）",
    "fig.gradients.axis.scale": "权重的缩放系数 a",
    "fig.gradients.axis.largest_change": "最大变化",
    "fig.gradients.scale_title": "尺度不变性：BN(aWu) = BN(Wu)，梯度 ∝ 1/a",
    "fig.gradients.panel.loss": "损失 L(θ − η·g)",
    "fig.gradients.panel.grad_norm": "梯度范数 ‖∇L(θ − η·g)‖",
    "fig.gradients.panel.grad_change": "梯度变化 ‖∇L(θ − η·g) − g‖",
    "fig.gradients.without_bn": "没有 BN",
    "fig.gradients.with_bn": "有 BN",
    "fig.gradients.axis.step": "沿 −g 的步长 η",
    "fig.gradients.landscape_title": "沿梯度方向：BN 让损失和梯度保持平滑",
    # --- 第 7 页：Dropout --------------------------------------------------------------------
    "p7.title": "Dropout（随机失活）",
    "p7.intro": (
        "训练时，dropout 以概率 **p** 把每个单元置零。",
        "**反向（inverted）** dropout（PyTorch 和 Keras 的做法）把保留的单元乘以 1/(1−p)，"
        "于是输出的期望等于输入，推理时无需任何改动。",
        "**经典（classic）** 形式在训练时不缩放保留的单元，而在测试时把所有值乘以 (1−p)。",
    ),
    "p7.slider.p": "丢弃概率 p",
    "p7.radio.mode": "形式",
    "p7.mode.inverted": "反向（inverted）",
    "p7.mode.classic": "经典（classic）",
    "p7.slider.masks": "平均的掩码数",
    "p7.mask_title": "x[{n}, {c}] 上的一个掩码",
    "p7.average.caption": "在 {count:,} 个掩码上，平均输出与{target}的差距在 {error:.3f} 以内："
    "dropout 保持了期望，而误差按 1/√k 缩小。",
    "p7.target.inverted": "输入",
    "p7.target.classic": " (1 − p)·输入",
    "p7.bn.header": "紧接在 BatchNorm 之前的 Dropout",
    "p7.bn": (
        "BN 在训练时学习运行方差，而它的输入经过了 dropout。",
        "推理时 dropout 关闭，输入的方差变小，BN 却用错误的 σ 去除：它的输出随之缩小"
        "（Li 等，2019，*Understanding the disharmony between dropout and batch normalization*）。",
        "把 dropout 放在最后一个 BN 之后，或者在 BN 之前谨慎少用。",
    ),
    # --- 图：Dropout -------------------------------------------------------------------------
    "fig.dropout.input": "输入 x",
    "fig.dropout.train_output": "训练输出",
    "fig.dropout.test_output": "推理输出",
    "fig.dropout.dropped": "被丢弃",
    "fig.dropout.first_units": "（{total:,} 个单元中的前 {shown} 个）",
    "fig.dropout.vector_title": "一个 dropout 掩码，p = {p:g}：丢弃了 {dropped} 个{note}",
    "fig.dropout.axis.unit": "单元",
    "fig.dropout.axis.value": "值",
    "fig.dropout.mask": "Dropout 掩码",
    "fig.dropout.row": "行",
    "fig.dropout.column": "列",
    "fig.dropout.kept_value": "1 = 保留",
    "fig.dropout.mask_title": "{title}：保留 {kept:.0%}（深色 = 被丢弃）",
    "fig.dropout.unit": "单元 {unit}",
    "fig.dropout.running_title": "k 个掩码上的平均 → 期望（虚线）",
    "fig.dropout.axis.masks": "掩码数 k",
    "fig.dropout.axis.mean_output": "训练输出的平均值",
    "fig.dropout.largest_error": "各单元中的最大误差",
    "fig.dropout.standard_error": "标准误差 ∝ 1/√k（最大的单元）",
    "fig.dropout.error_title": "平均值的误差按 1/√k 缩小",
    "fig.dropout.axis.error": "误差",
    "fig.dropout.panel.input_var": "BN 输入的方差",
    "fig.dropout.panel.output_std": "推理时 BN 输出的标准差",
    "fig.dropout.training": "训练（running_var）",
    "fig.dropout.inference": "推理",
    "fig.dropout.formula": "{name}，公式",
    "fig.dropout.simulated": "{name}，模拟",
    "fig.dropout.ratio": "√(推理方差 / running_var)",
    "fig.dropout.output_std": "输出标准差，模拟",
    "fig.dropout.axis.p": "dropout 概率 p",
    "fig.dropout.axis.variance": "方差",
    "fig.dropout.axis.std": "标准差（1 = 一致）",
    "fig.dropout.shift_title": "BN 之前的 Dropout：running_var ≠ 推理时的方差",
    # --- 第 8 页：训练实验室 -----------------------------------------------------------------
    "p8.title": "训练实验室",
    "p8.intro": (
        "在 8×8 手写数字数据集（1,797 张图像，10 个类别，随应用提供）上真正训练一个网络，"
        "从相同的权重出发、使用相同的批训练两次：**不使用归一化**，以及**使用**你选择的方法。",
        "BatchNorm 论文的结论——训练更快、sigmoid 的输入远离饱和区、可用的学习率更大——"
        "都在这里亲自验证，而不是凭信任接受。",
        "每次运行都是确定性的：全班看到的是同样的曲线。",
    ),
    "p8.model": "模型",
    "p8.model.mlp": "MLP（全连接）",
    "p8.model.cnn": "CNN（卷积）",
    "p8.activation": "激活函数",
    "p8.activation.sigmoid": "sigmoid（S 型）",
    "p8.activation.relu": "ReLU",
    "p8.norm": "归一化",
    "p8.groups": "GN 组数 G",
    "p8.depth": "深度（层数）",
    "p8.lr": "学习率",
    "p8.batch": "批大小",
    "p8.steps": "步数",
    "p8.seed": "随机种子",
    "p8.starting": "正在启动…",
    "p8.stop": "停止",
    "p8.stopped": "训练已停止。",
    "p8.train_again": "重新训练",
    "p8.result": "训练 {steps:,} 步后的最终测试准确率：**{base} {base_accuracy:.1%}**，"
    "**{norm} {norm_accuracy:.1%}**。",
    "p8.percentiles.header": "训练过程中的一个 sigmoid 输入（BN 论文，图 1b/c）",
    "p8.layer": "层",
    "p8.unit": "单元",
    "p8.percentiles.caption": "所选单元的输入在测试图像上的第 15、50、85 百分位数：不使用归一化时，"
    "它们会漂移（对 sigmoid 而言会漂进饱和区）；使用归一化时，一旦 γ 和 β 稳定下来，它们就保持不动。",
    "p8.sweeps.header": "参数扫描",
    "p8.sweeps": (
        "每次扫描要训练许多网络（在两个 CPU 核上需要几十秒）。",
        "结果为所有人保留，所以只有第一次点击需要等待。",
    ),
    "p8.run_lr": "运行学习率扫描",
    "p8.run_batch": "运行批大小扫描（BN 对比 GN）",
    "p8.batch_sweep.caption": "ReLU MLP，每种批大小训练相同的轮数（epoch），学习率随批大小成比例缩放。"
    "可与“批大小”页面上 GN 论文的表格对比。",
    # --- normviz.training：运行名称和进度报告 ------------------------------------------------
    "training.no_norm": "无归一化",
    "training.separator": "、",
    "training.param.lr": "学习率",
    "training.param.batch_size": "批大小",
    "training.progress.run": "{label}：第 {step} 步，共 {steps} 步",
    "training.progress.compare": "无归一化与 {label}：第 {step} 步，共 {steps} 步",
    "training.progress.sweep": "{parameter} = {value:g}（{labels}）：第 {step} 步，共 {steps} 步",
    "training.progress.sweep_done": "{parameter}扫描完成",
    # --- 图：训练实验室 ----------------------------------------------------------------------
    "fig.training.each_batch": "{label}（每个批）",
    "fig.training.axis.step": "训练步数",
    "fig.training.axis.loss": "交叉熵损失",
    "fig.training.loss_title": "训练损失（最近 {smooth} 个批的平均）",
    "fig.training.guessing": "随机猜测（10 %）",
    "fig.training.axis.accuracy": "测试准确率",
    "fig.training.accuracy_title": "测试准确率（445 张留出的数字图像）",
    "fig.training.percentiles_empty": "一个激活输入的百分位数",
    "fig.training.percentile": "第 {q} 百分位数",
    "fig.training.percentile_short": "第 {q}",
    "fig.training.axis.sigmoid_input": "sigmoid 输入 x",
    "fig.training.percentiles_title": "第 {layer} 层单元 {unit} 的输入：第 15、50、85 百分位数"
    "（灰色：饱和区）",
    "fig.training.axis.saturated": "饱和的输入",
    "fig.training.saturation_title": "饱和的 sigmoid 输入（σ < .05 或 > .95）",
    "fig.training.grad_norm_title": "每层的梯度范数（最近 {smooth} 步的平均）",
    "fig.training.axis.lr": "学习率",
    "fig.training.axis.final_accuracy": "最终测试准确率",
    "fig.training.lr_title": "学习率扫描：{steps} 步后的准确率",
    "fig.training.axis.batch": "批大小（每步的图像数）",
    "fig.training.axis.error": "测试错误率（越低越好）",
    "fig.training.batch_title": "批大小扫描：相同的轮数，学习率 ∝ 批大小",
    "fig.training.diverged": "{label}：发散（损失为 NaN）",
    "fig.training.layer": "第 {n} 层",
    "fig.training.output": "输出层",
}
