"""Texts of pages 1–4 (Reduction axes, Step by step, Sigmoid saturation, Train vs eval), their
figures (cube, steps, saturation, running), the refusals in normviz.summaries, and the method
names every page shares (method.long.*, method.short.*)."""

EN: dict[str, str | tuple[str, ...]] = {
    # --- method names, shared by every page ---
    "method.long.batch": "BatchNorm",
    "method.long.layer": "LayerNorm",
    "method.long.instance": "InstanceNorm",
    "method.long.group": "GroupNorm",
    "method.short.batch": "BN",
    "method.short.layer": "LN",
    "method.short.instance": "IN",
    "method.short.group": "GN",
    # --- why a method cannot normalize a tensor in training (normviz.summaries) ---
    "summary.refusal.batch": (
        "BatchNorm in training needs more than one value per channel, but this {shape} tensor "
        "has N·H·W = 1: the batch mean is the value itself and the variance is 0, so every "
        "output would be β. PyTorch raises 'Expected more than 1 value per channel when "
        "training'. Use a larger batch or feature map, or eval mode with running statistics."
    ),
    "summary.refusal.instance": (
        "InstanceNorm normalizes the H·W values of one sample and channel, but this tensor has "
        "only one such value (H·W = 1), so every output would be β. PyTorch raises 'Expected "
        "more than 1 spatial element when training'."
    ),
    # --- page 1: Reduction axes ---
    "p1.title": "Reduction axes",
    "p1.intro": (
        "The cube is the tensor: **N** samples deep, **C** channels wide, **H·W** positions high.",
        "The shaded block holds every element that shares one (μ, σ²) with the chosen element "
        "(amber).",
        "Click a cell on the front face (channel, position) or the top face (sample, channel) "
        "to choose another element, or use the sidebar.",
    ),
    "p1.small.heading": "**All four methods, same element**",
    "p1.numbers.heading": "In numbers",
    "p1.col.method": "method",
    "p1.col.axes": "reduced axes",
    "p1.col.m": "group size m",
    "p1.col.pairs": "(μ, σ²) pairs",
    "p1.col.params": "learnable γ, β",
    "p1.none": "(none)",
    "p1.caption": (
        "γ and β are per channel for all four methods, as in the GroupNorm paper. "
        "torch.nn.LayerNorm([C, H, W]) instead learns one γ and β per element (C·H·W each); "
        "the normalization itself is the same. GN with G=1 is LN; GN with G=C is IN."
    ),
    # --- figure: the cube ---
    "fig.cube.caption": (
        "{short}: averages over {axes}; m = {m:,} values per statistic; {pairs:,} (μ, σ²) "
        "pairs; {params:,} learnable γ, β"
    ),
    "fig.cube.group_channels": "C/G = {per} channels",
    "fig.cube.axis.none": "(none)",
    "fig.cube.hover.front": "channel c={c}, position {s}",
    "fig.cube.hover.top": "sample n={n}, channel c={c}",
    "fig.cube.hover.click": "click to choose",
    "fig.cube.trace.tensor": "tensor",
    "fig.cube.trace.group": "group",
    "fig.cube.trace.element": "element",
    "fig.cube.panel.batch": "BatchNorm",
    "fig.cube.panel.layer": "LayerNorm",
    "fig.cube.panel.instance": "InstanceNorm",
    "fig.cube.panel.group": "GroupNorm",
    # --- page 2: Step by step ---
    "p2.title": "Step by step",
    "p2.intro": (
        "**{name}** ({label}) on element **x[{index}]**: its group averages over the axes "
        "**{axes}**.",
        "So **m = {m:,}** values share one mean and variance (the tensor has {groups:,} such "
        "groups).",
    ),
    "p2.step1": "**1. Mean** of the group",
    "p2.step2": "**2. Variance** (biased: divided by m, as in the forward pass)",
    "p2.unbiased": (
        "The unbiased variance (× m/(m−1)) is {var:.4f}: PyTorch puts that one into "
        "running_var, but normalizes with the biased one."
    ),
    "p2.step3": "**3. Normalize** the chosen element x[{index}]",
    "p2.step4": "**4. Scale and shift** with channel {c}'s γ and β",
    "p2.torch_ok": (
        "Check against PyTorch on the whole tensor: max |y_normviz − y_torch| = {diff:.3g}"
    ),
    "p2.torch_refuses": (
        "PyTorch refuses this input in training mode (“{reason}”); normviz computes it by the "
        "formulas above, so there is nothing to compare with here."
    ),
    "p2.slice.heading": "This slice",
    "p2.groups.heading": "All {count:,} groups",
    "p2.col.samples": "samples n",
    "p2.col.channels": "channels c",
    "p2.groups.truncated": "The first {shown:,} of {total:,} groups. Every group's statistics: Export → CSV, at the bottom of the sidebar.",
    "p2.groups.export": "To download these statistics: Export → CSV, at the bottom of the sidebar.",
    # --- figure: step by step ---
    "fig.steps.panel.x": "x (input)",
    "fig.steps.slice.title": "One slice: sample n={n}, channel c={c}",
    "fig.steps.values": "values",
    "fig.steps.strip.title": "The group's values",
    "fig.steps.strip.title_first": "The group's values (first {shown} of {m:,})",
    # --- page 3: Sigmoid saturation ---
    "p3.title": "Sigmoid saturation",
    "p3.intro": (
        "A sigmoid σ(x) = 1/(1+e^−x) passes a gradient σ'(x) = σ(x)(1−σ(x)) ≤ 0.25.",
        "Where |x| is large (σ < 0.05 or > 0.95, i.e. |x| > 2.944) it is **saturated**: "
        "σ' ≈ 0 and almost no gradient flows back.",
        "Normalizing the inputs puts them where σ' is large; a large γ or |β| (sidebar) "
        "pushes them back out.",
    ),
    "p3.before.title": "Before: x",
    "p3.after.title": "After {label}: y = γ·x̂ + β",
    "p3.metric.saturated": "saturated",
    "p3.metric.mean_grad": "mean σ'",
    "p3.end_bins": "Values beyond ±{edge:g} are counted in the end bins.",
    "p3.resat.heading": "A large γ or |β| saturates again",
    "p3.resat.caption": (
        "γ and β are learned: the network can undo the normalization when that helps, and a "
        "badly initialized or exploding γ pushes the inputs back to where σ' ≈ 0."
    ),
    "p3.layers.heading": "Through L layers",
    "p3.layers.slider": "Layers L",
    "p3.layers.text": (
        "With the mean σ' as a typical factor, a gradient that crosses {layers} sigmoid layers "
        "is multiplied by about **{before:.2e}** before normalization and **{after:.2e}** after.",
        "Even the best case 0.25^{layers} = {best:.2e} shrinks it: shallow layers of a deep "
        "sigmoid network barely learn.",
    ),
    "p3.channel.heading": "Per channel",
    "p3.channel.caption": (
        "Normalize before the activation (after the conv or linear layer): its output is "
        "roughly symmetric and Gaussian; after a ReLU it is not."
    ),
    # --- figure: saturation ---
    "fig.saturation.share": "share of inputs",
    "fig.saturation.axis.input": "sigmoid input x (grey: saturated, σ' ≈ 0)",
    "fig.saturation.before": "before (x)",
    "fig.saturation.after": "after (y)",
    "fig.saturation.per_channel.title": "Saturated fraction per channel",
    "fig.saturation.saturated": "saturated",
    "fig.saturation.axis.channel": "channel c",
    "fig.saturation.decay.best": "best case 0.25^L",
    "fig.saturation.decay.before": "before: (mean σ')^L",
    "fig.saturation.decay.after": "after: (mean σ')^L",
    "fig.saturation.decay.title": "Gradient factor through L sigmoid layers",
    "fig.saturation.decay.factor": "factor (log scale)",
    "fig.saturation.decay.layers": "number of layers L",
    "fig.saturation.resat.now": "γ = {gamma:g} now",
    "fig.saturation.resat.title": "Saturated share of y = γ·x̂ + β, by γ (β as set)",
    # --- page 4: Train vs eval ---
    "p4.title": "Train vs eval",
    "p4.intro": (
        "In **training**, BatchNorm normalizes with the statistics of the current batch.",
        "At **inference** (`model.eval()`) it uses *running* estimates collected during "
        "training, so that one sample's output does not depend on the rest of its batch.",
        "Below, batches shaped like the sidebar tensor stream from a population whose true "
        "mean and variance are known (channel c = {c}, the chosen element's).",
    ),
    "p4.error": "**This is what PyTorch says about this tensor in training mode:** {error}",
    "p4.error.try": (
        "Try it: `nn.BatchNorm1d(C)(torch.randn(1, C))` raises *ValueError: Expected more "
        "than 1 value per channel when training*. In eval mode the same call works: it uses "
        "the running statistics. Increase N (or H·W) in the sidebar to continue."
    ),
    "p4.mode.label": "Running estimate",
    "p4.mode.pytorch": "PyTorch momentum",
    "p4.mode.cumulative": "cumulative (momentum=None)",
    "p4.slider.momentum": "PyTorch momentum (weight of the new batch)",
    "p4.slider.keras": "Keras momentum (weight of the old value)",
    "p4.slider.batches": "Batches in the stream",
    "p4.slider.step": "Step through the stream: batches seen",
    "p4.pytorch.info": (
        "**PyTorch** `nn.BatchNorm2d(momentum=m)`: running = (1 − m)·running + m·batch, "
        "m = 0.1 by default; running_var takes the **unbiased** batch variance (× m/(m−1)). "
        "{then}"
    ),
    "p4.pytorch.to_keras": "PyTorch's {pytorch:g} is Keras' {keras:g}.",
    "p4.pytorch.cumulative": (
        "With `momentum=None` it keeps the plain average of all batches so far (weight 1/k "
        "for batch k): Keras has no such option."
    ),
    "p4.keras.info": (
        "**Keras** `BatchNormalization(momentum=m)`: moving = m·moving + (1 − m)·batch, "
        "m = 0.99 by default: *m weighs the old value* (many blog posts write it this way "
        "too). Keras' {keras:g} is PyTorch's {pytorch:g}."
    ),
    "p4.after": (
        "After **{k}** batches: PyTorch running_mean = {mean:.4f}, running_var = {var:.4f}; "
        "true mean = {true_mean:.4f}, true variance = {true_var:.4f}. The BN paper's estimate "
        "(mean of batch means; m/(m−1) × mean of batch variances) = {paper_mean:.4f}, "
        "{paper_var:.4f}."
    ),
    "p4.weights.expander": "How much does each past batch count?",
    "p4.weights.caption": (
        "An exponential moving average forgets: with momentum 0.1 the last ~10 batches carry "
        "most of the weight; Keras' 0.99 averages ~100. The cumulative average weighs all "
        "equally."
    ),
    "p4.sample.heading": "One sample, many batches",
    "p4.sample.text": (
        "The element x{element} = {value:.4f} gets a **different output in every training "
        "batch** (std {std:.4f} over {count} batches of N = {n}): the batch noise that makes "
        "BN a mild regularizer. In **eval** mode it gets one value, {eval:.4f}, from the "
        "running statistics after {k} batches.",
        "With `track_running_stats=False`, eval mode keeps using batch statistics, so the "
        "output still depends on the batch.",
    ),
    # --- figure: running statistics ---
    "fig.running.title.mean": "Running mean of channel {channel}, batch after batch",
    "fig.running.title.var": "Running variance of channel {channel}, batch after batch",
    "fig.running.axis.batch": "training batch",
    "fig.running.axis.mean": "running mean estimate of μ",
    "fig.running.axis.var": "running variance estimate of σ²",
    "fig.running.batch.mean": "this batch's μ",
    "fig.running.batch.var": "this batch's σ² (biased)",
    "fig.running.hover.batch": "batch {x}: {y}",
    "fig.running.hover.after": "after batch {x}: {y}",
    "fig.running.estimate.pytorch": "PyTorch, momentum={momentum} (weight of the new batch)",
    "fig.running.estimate.pytorch_none": "PyTorch, momentum=None (cumulative)",
    "fig.running.estimate.keras": "Keras, momentum={momentum} (weight of the old value)",
    "fig.running.estimate.cumulative": "PyTorch, momentum=None (cumulative average)",
    "fig.running.estimate.bn_paper": "BN paper: mean of batch stats, Var × m/(m−1)",
    "fig.running.truth": "population {symbol} = {value:.4g} (the truth)",
    "fig.running.weights.hover": "{x} batches ago: weight {y}",
    "fig.running.weights.title": "How much each past batch counts in the running estimate",
    "fig.running.weights.axis.ago": "batches ago (0 = the latest batch)",
    "fig.running.weights.axis.weight": "weight in the estimate",
    "fig.running.row.train": "train mode<br>(batch statistics)",
    "fig.running.row.untracked": "eval mode,<br>track_running_stats=False",
    "fig.running.row.eval": "eval mode<br>(running statistics)",
    "fig.running.eval_point": "eval mode (running statistics): one value",
    "fig.running.population": "with the population's μ, σ²",
    "fig.running.train_eval.title": "The same sample's BN output",
    "fig.running.train_eval.channel": " (channel {channel})",
    "fig.running.train_eval.value": ", x = {x:.4g}",
    "fig.running.train_eval.axis": "BN output y of the chosen element",
}

ZH: dict[str, str | tuple[str, ...]] = {
    # --- method names, shared by every page ---
    "method.long.batch": "批归一化 BatchNorm",
    "method.long.layer": "层归一化 LayerNorm",
    "method.long.instance": "实例归一化 InstanceNorm",
    "method.long.group": "组归一化 GroupNorm",
    "method.short.batch": "BN",
    "method.short.layer": "LN",
    "method.short.instance": "IN",
    "method.short.group": "GN",
    # --- why a method cannot normalize a tensor in training (normviz.summaries) ---
    "summary.refusal.batch": (
        "批归一化 BatchNorm 在训练时每个通道需要不止一个值，但这个 {shape} 张量的 "
        "N·H·W = 1：批均值就是这个值本身，方差为 0，所以每个输出都等于 β。PyTorch 会报错 "
        "'Expected more than 1 value per channel when training'。请增大批大小或特征图，"
        "或改用基于运行统计量的推理模式。"
    ),
    "summary.refusal.instance": (
        "实例归一化 InstanceNorm 对同一样本、同一通道的 H·W 个值做归一化，但这个张量每组只有"
        "一个值（H·W = 1），所以每个输出都等于 β。PyTorch 会报错 'Expected more than 1 "
        "spatial element when training'。"
    ),
    # --- page 1: Reduction axes ---
    "p1.title": "归约轴",
    "p1.intro": (
        "这个立方体就是张量：纵深是 **N** 个样本，宽度是 **C** 个通道，高度是 **H·W** 个空间位置。",
        "阴影块包含与所选元素（琥珀色）共用同一对 (μ, σ²) 的全部元素。",
        "点击正面（通道, 位置）或顶面（样本, 通道）上的格子可以换一个元素，也可以在侧边栏中选择。",
    ),
    "p1.small.heading": "**四种方法，同一个元素**",
    "p1.numbers.heading": "具体数字",
    "p1.col.method": "方法",
    "p1.col.axes": "归约的轴",
    "p1.col.m": "组大小 m",
    "p1.col.pairs": "(μ, σ²) 的对数",
    "p1.col.params": "可学习的 γ、β 个数",
    "p1.none": "（无）",
    "p1.caption": (
        "与 GroupNorm 论文一致，四种方法的 γ 和 β 都是每个通道一个。"
        "torch.nn.LayerNorm([C, H, W]) 则为每个元素各学习一个 γ 和 β（各 C·H·W 个），"
        "但归一化本身是一样的。G=1 的 GN 就是 LN；G=C 的 GN 就是 IN。"
    ),
    # --- figure: the cube ---
    "fig.cube.caption": (
        "{short}：在 {axes} 上求平均；每个统计量由 m = {m:,} 个值算出；共 {pairs:,} 对 "
        "(μ, σ²)；{params:,} 个可学习的 γ、β"
    ),
    "fig.cube.group_channels": "C/G = {per} 个通道",
    "fig.cube.axis.none": "（无）",
    "fig.cube.hover.front": "通道 c={c}，位置 {s}",
    "fig.cube.hover.top": "样本 n={n}，通道 c={c}",
    "fig.cube.hover.click": "点击选择",
    "fig.cube.trace.tensor": "张量",
    "fig.cube.trace.group": "组",
    "fig.cube.trace.element": "元素",
    "fig.cube.panel.batch": "批归一化 BN",
    "fig.cube.panel.layer": "层归一化 LN",
    "fig.cube.panel.instance": "实例归一化 IN",
    "fig.cube.panel.group": "组归一化 GN",
    # --- page 2: Step by step ---
    "p2.title": "逐步计算",
    "p2.intro": (
        "**{name}**（{label}）作用于元素 **x[{index}]**：它所在的组在 **{axes}** 这些轴上求平均。",
        "因此 **m = {m:,}** 个值共用一个均值和一个方差（整个张量共有 {groups:,} 个这样的组）。",
    ),
    "p2.step1": "**1. 均值**：对整组求平均",
    "p2.step2": "**2. 方差**（有偏：除以 m，与前向传播一致）",
    "p2.unbiased": (
        "无偏方差（× m/(m−1)）为 {var:.4f}：PyTorch 把它计入 running_var，"
        "但归一化时用的是有偏方差。"
    ),
    "p2.step3": "**3. 归一化**所选元素 x[{index}]",
    "p2.step4": "**4. 缩放与平移**：使用通道 {c} 的 γ 和 β",
    "p2.torch_ok": "在整个张量上与 PyTorch 对比：max |y_normviz − y_torch| = {diff:.3g}",
    "p2.torch_refuses": (
        "PyTorch 在训练模式下拒绝这个输入（“{reason}”）；normviz 仍按上面的公式计算，"
        "所以这里没有可对比的结果。"
    ),
    "p2.slice.heading": "这个切片",
    "p2.groups.heading": "全部 {count:,} 个组",
    "p2.col.samples": "样本 n",
    "p2.col.channels": "通道 c",
    "p2.groups.truncated": "共 {total:,} 组，这里列出前 {shown:,} 组。所有组的统计量：侧边栏底部的“导出”→ CSV。",
    "p2.groups.export": "下载这些统计量：侧边栏底部的“导出”→ CSV。",
    # --- figure: step by step ---
    "fig.steps.panel.x": "x（输入）",
    "fig.steps.slice.title": "一个切片：样本 n={n}，通道 c={c}",
    "fig.steps.values": "数值",
    "fig.steps.strip.title": "该组的数值",
    "fig.steps.strip.title_first": "该组的数值（前 {shown} 个，共 {m:,} 个）",
    # --- page 3: Sigmoid saturation ---
    "p3.title": "Sigmoid 饱和",
    "p3.intro": (
        "sigmoid 函数 σ(x) = 1/(1+e^−x) 回传的梯度为 σ'(x) = σ(x)(1−σ(x)) ≤ 0.25。",
        "当 |x| 很大时（σ < 0.05 或 > 0.95，即 |x| > 2.944），它处于**饱和**状态：σ' ≈ 0，"
        "几乎没有梯度能反向传播回去。",
        "对输入做归一化，会把它们移到 σ' 较大的区域；而过大的 γ 或 |β|（见侧边栏）"
        "又会把它们推回饱和区。",
    ),
    "p3.before.title": "归一化前：x",
    "p3.after.title": "{label} 之后：y = γ·x̂ + β",
    "p3.metric.saturated": "饱和比例",
    "p3.metric.mean_grad": "σ' 的均值",
    "p3.end_bins": "超出 ±{edge:g} 的值计入两端的柱中。",
    "p3.resat.heading": "过大的 γ 或 |β| 会再次导致饱和",
    "p3.resat.caption": (
        "γ 和 β 是学习得到的：在有利时，网络可以撤销归一化；而初始化不当或数值爆炸的 γ "
        "会把输入推回 σ' ≈ 0 的区域。"
    ),
    "p3.layers.heading": "穿过 L 层",
    "p3.layers.slider": "层数 L",
    "p3.layers.text": (
        "把 σ' 的均值当作每层的典型因子：梯度穿过 {layers} 个 sigmoid 层后，归一化前约乘以 "
        "**{before:.2e}**，归一化后约乘以 **{after:.2e}**。",
        "即使在最好的情况下，0.25^{layers} = {best:.2e} 也会让梯度大幅缩小："
        "深层 sigmoid 网络的浅层几乎学不到东西。",
    ),
    "p3.channel.heading": "逐通道",
    "p3.channel.caption": (
        "归一化应放在激活函数之前（卷积层或全连接层之后）：那里的输出大致对称、接近高斯分布；"
        "经过 ReLU 之后就不是了。"
    ),
    # --- figure: saturation ---
    "fig.saturation.share": "输入占比",
    "fig.saturation.axis.input": "sigmoid 的输入 x（灰色：饱和区，σ' ≈ 0）",
    "fig.saturation.before": "归一化前 (x)",
    "fig.saturation.after": "归一化后 (y)",
    "fig.saturation.per_channel.title": "各通道的饱和比例",
    "fig.saturation.saturated": "饱和比例",
    "fig.saturation.axis.channel": "通道 c",
    "fig.saturation.decay.best": "最好情况 0.25^L",
    "fig.saturation.decay.before": "归一化前：(σ' 均值)^L",
    "fig.saturation.decay.after": "归一化后：(σ' 均值)^L",
    "fig.saturation.decay.title": "穿过 L 个 sigmoid 层后的梯度因子",
    "fig.saturation.decay.factor": "因子（对数坐标）",
    "fig.saturation.decay.layers": "层数 L",
    "fig.saturation.resat.now": "当前 γ = {gamma:g}",
    "fig.saturation.resat.title": "y = γ·x̂ + β 的饱和比例随 γ 的变化（β 取当前设置）",
    # --- page 4: Train vs eval ---
    "p4.title": "训练模式与推理模式",
    "p4.intro": (
        "**训练**时，批归一化 BatchNorm 用当前这一批的统计量做归一化。",
        "**推理**时（`model.eval()`），它改用训练中累积的*运行*估计（运行均值、运行方差），"
        "这样一个样本的输出就不依赖于同一批中的其他样本。",
        "下面，形状与侧边栏张量相同的批一个接一个地从一个总体中抽取，这个总体的真实均值和方差"
        "是已知的（通道 c = {c}，即所选元素所在的通道）。",
    ),
    "p4.error": "**PyTorch 在训练模式下对这个张量是这样说的：** {error}",
    "p4.error.try": (
        "试一试：`nn.BatchNorm1d(C)(torch.randn(1, C))` 会抛出 *ValueError: Expected more "
        "than 1 value per channel when training*。在推理模式下，同样的调用可以正常运行："
        "它使用运行统计量。请在侧边栏中增大 N（或 H·W）后继续。"
    ),
    "p4.mode.label": "运行估计",
    "p4.mode.pytorch": "PyTorch 动量",
    "p4.mode.cumulative": "累积平均（momentum=None）",
    "p4.slider.momentum": "PyTorch 动量 momentum（新批的权重）",
    "p4.slider.keras": "Keras 动量 momentum（旧值的权重）",
    "p4.slider.batches": "数据流中的批数",
    "p4.slider.step": "逐步播放数据流：已处理的批数",
    "p4.pytorch.info": (
        "**PyTorch** `nn.BatchNorm2d(momentum=m)`：running = (1 − m)·running + m·batch，"
        "默认 m = 0.1；running_var 记录的是批的**无偏**方差（× m/(m−1)）。{then}"
    ),
    "p4.pytorch.to_keras": "PyTorch 的 {pytorch:g} 相当于 Keras 的 {keras:g}。",
    "p4.pytorch.cumulative": (
        "设 `momentum=None` 时，它保存到目前为止所有批的简单平均（第 k 批的权重为 1/k）："
        "Keras 没有这个选项。"
    ),
    "p4.keras.info": (
        "**Keras** `BatchNormalization(momentum=m)`：moving = m·moving + (1 − m)·batch，"
        "默认 m = 0.99：*m 是旧值的权重*（很多博客文章也是这样写的）。"
        "Keras 的 {keras:g} 相当于 PyTorch 的 {pytorch:g}。"
    ),
    "p4.after": (
        "处理 **{k}** 批之后：PyTorch 的 running_mean = {mean:.4f}，running_var = {var:.4f}；"
        "真实均值 = {true_mean:.4f}，真实方差 = {true_var:.4f}。BN 论文的估计（各批均值的平均；"
        "m/(m−1) × 各批方差的平均）= {paper_mean:.4f}, {paper_var:.4f}。"
    ),
    "p4.weights.expander": "过去的每一批各占多少权重？",
    "p4.weights.caption": (
        "指数滑动平均会遗忘：动量为 0.1 时，最近约 10 批占了大部分权重；Keras 的 0.99 "
        "大约平均最近 100 批。累积平均则对所有批一视同仁。"
    ),
    "p4.sample.heading": "一个样本，许多批",
    "p4.sample.text": (
        "元素 x{element} = {value:.4f} 在**每个训练批中的输出都不同**（在 {count} 个批大小为 "
        "N = {n} 的批中，标准差为 {std:.4f}）：正是这种批噪声让 BN 起到轻微的正则化作用。"
        "在**推理**模式下，它只有一个输出 {eval:.4f}，来自 {k} 批之后的运行统计量。",
        "若设 `track_running_stats=False`，推理模式仍使用批统计量，输出依然取决于所在的批。",
    ),
    # --- figure: running statistics ---
    "fig.running.title.mean": "通道 {channel} 的运行均值，逐批变化",
    "fig.running.title.var": "通道 {channel} 的运行方差，逐批变化",
    "fig.running.axis.batch": "训练批次",
    "fig.running.axis.mean": "μ 的运行均值估计",
    "fig.running.axis.var": "σ² 的运行方差估计",
    "fig.running.batch.mean": "本批的 μ",
    "fig.running.batch.var": "本批的 σ²（有偏）",
    "fig.running.hover.batch": "第 {x} 批：{y}",
    "fig.running.hover.after": "第 {x} 批之后：{y}",
    "fig.running.estimate.pytorch": "PyTorch，momentum={momentum}（新批的权重）",
    "fig.running.estimate.pytorch_none": "PyTorch，momentum=None（累积）",
    "fig.running.estimate.keras": "Keras，momentum={momentum}（旧值的权重）",
    "fig.running.estimate.cumulative": "PyTorch，momentum=None（累积平均）",
    "fig.running.estimate.bn_paper": "BN 论文：各批统计量的平均，Var × m/(m−1)",
    "fig.running.truth": "总体 {symbol} = {value:.4g}（真实值）",
    "fig.running.weights.hover": "{x} 批之前：权重 {y}",
    "fig.running.weights.title": "过去每一批在运行估计中所占的权重",
    "fig.running.weights.axis.ago": "距今的批数（0 = 最新一批）",
    "fig.running.weights.axis.weight": "在估计中的权重",
    "fig.running.row.train": "训练模式<br>（批统计量）",
    "fig.running.row.untracked": "推理模式，<br>track_running_stats=False",
    "fig.running.row.eval": "推理模式<br>（运行统计量）",
    "fig.running.eval_point": "推理模式（运行统计量）：只有一个值",
    "fig.running.population": "使用总体的 μ、σ²",
    "fig.running.train_eval.title": "同一样本的 BN 输出",
    "fig.running.train_eval.channel": "（通道 {channel}）",
    "fig.running.train_eval.value": "，x = {x:.4g}",
    "fig.running.train_eval.axis": "所选元素的 BN 输出 y",
}
