"""简体中文文本。键与 en.py 相同；元组是可逐步展示的讲解。"""

TEXTS: dict[str, str | tuple[str, ...]] = {
    # --- 显示：语言、演示模式、分步 ---
    "lang.label": "语言",
    "display.presenter": "演示模式",
    "display.presenter.help": "放大文字和图表，适合投影。",
    "display.steps": "分步讲解",
    "display.steps.help": "每点一次“下一步”，多显示一段讲解。",
    "steps.back": "◀ 上一步",
    "steps.next": "下一步 ▶",
    "steps.all": "全部显示",
    "steps.where": "第 {shown} 步，共 {total} 步",
    "note.bad_param": "已忽略链接中的 {key}={value!r}：不是有效的值。",
    "note.bad_page_param": "已忽略链接中的 {key}={value}：不是有效的值；改用 {default}。",
    # --- 视图配置 ---
    "config.too_big": (
        "{shape} 的张量有 {size:,} 个元素，超过本应用允许的 {cap:,} 个；已改用默认形状。"
    ),
    "config.groups_divide": (
        "G = {groups} 不能整除 C = {c}；改用 G = {nearest}（可选：{valid}）。"
    ),
    "config.bad_param": "已忽略链接中的 {key}={value}：不是有效的值；改用默认值 {default}。",
    "config.bad_param_no_default": "已忽略链接中的 {key}={value}：不是有效的值。",
    "config.element_outside": (
        "链接中的元素 at={wanted} 超出了 {shape} 张量的范围；改为显示 x{element}。"
    ),
    # --- 库抛出的错误 ---
    "errors.nonfinite": (
        "张量中含有 NaN 或无穷大的值（或数值大到平方会溢出）；归一化需要有限的数值。"
    ),
    "errors.eps_zero_constant": (
        "ε = 0，但某一组的值全都相等（σ² = 0），x̂ = 0/0 没有定义：请使用 ε > 0"
        "（PyTorch 的默认值是 1e-5）。"
    ),
    "errors.bn_one_value": (
        "训练模式下的批量归一化要求每个通道有不止一个值，但这个 {shape} 张量的 N·H·W = 1："
        "批均值就是这个值本身，方差为 0，所以每个输出都等于 β。PyTorch 会报错 "
        "'Expected more than 1 value per channel when training'。请使用更大的批或特征图，"
        "或在推理模式下使用运行统计量。"
    ),
    "errors.in_one_value": (
        "实例归一化对一个样本、一个通道的 H·W 个值做归一化，但这个张量中每组只有一个值"
        "（H·W = 1），所以每个输出都等于 β。PyTorch 会报错 "
        "'Expected more than 1 spatial element when training'。"
    ),
    "errors.bn_one_value_per_channel": (
        "训练模式下的批量归一化要求每个通道有不止一个值（N·H·W ≥ 2）：只有一个值时有偏方差 σ² 为 0，无偏方差没有定义（0/0）。PyTorch 会报错 "
        "'Expected more than 1 value per channel when training'。请增大批大小（或特征图），或改用评估模式下的运行统计量。"
    ),
    "errors.unknown_method": (
        "未知的归一化方法 {method!r}：请从 batch (BN)、layer (LN)、instance (IN) 和 "
        "group (GN) 中选择。"
    ),
    "errors.groups_missing": ("组归一化需要指定组数 G；C={c} 个通道时可选的值为 {valid}。"),
    "errors.groups_divide": "组数 G={groups} 无法均分 C={c} 个通道：C 必须能被 G 整除。可选的值：{valid}。",
    "errors.shape_dims": (
        "这个张量有 {ndim} 个维度（{shape}）；normviz 需要 2 维 (N, C)、3 维 (N, C, L) 或 "
        "4 维 (N, C, H, W)。"
    ),
    "errors.shape_empty": "形状为 {shape} 的张量有一个维度的大小为 0；每个维度都必须至少为 1。",
    # --- 输入有误时库抛出的错误，按模块分组 ---
    "errors.backward.grad_shape": (
        "上游梯度 ∂L/∂y 的形状是 {grad_shape}，但张量的形状是 {shape}：每个输出 yᵢ "
        "都对应一个 ∂L/∂yᵢ。"
    ),
    "errors.backward.grad_nonfinite": "上游梯度 ∂L/∂y 中含有 NaN 或无穷大的值。",
    "errors.backward.unknown_upstream": "未知的上游梯度 {kind!r}：请从 {choices} 中选择。",
    "errors.batch_noise.sample_channels": "样本的形状是 {shape}；它的第一维必须是 C = {c}。",
    "errors.batch_noise.element_outside": "元素 {element} 不在形状为 {shape} 的样本之内。",
    "errors.batch_noise.batch_size_whole": "批大小必须是 ≥ 1 的整数，实际得到 {value}。",
    "errors.batch_noise.spatial_whole": "特征图大小 H·W 必须是 ≥ 1 的整数，实际得到 {value}。",
    "errors.batch_noise.no_batch_sizes": "请至少给出一个批大小。",
    "errors.batch_noise.bn_one_value": (
        "批大小 N = {n}、H·W = {spatial} 时，批量归一化在每个通道上只有一个值：训练模式下的"
        "结果没有定义（PyTorch 会报错 'Expected more than 1 value per channel when training'）。"
        "请让批大小从 2 开始。"
    ),
    "errors.dropout.p_not_number": "dropout 的丢弃概率 p = {p!r} 必须是一个数。",
    "errors.dropout.p_range": (
        "dropout 的丢弃概率 p = {p} 不可用：p 必须满足 0 ≤ p < 1。p 是丢弃一个单元的概率；"
        "p = 1 会丢弃所有单元（而且反向 dropout 会除以 1 − p = 0）。"
    ),
    "errors.dropout.unknown_mode": "未知的 dropout 形式 {mode!r}：请使用 'inverted'（反向）或 'classic'（经典）。",
    "errors.dropout.num_masks": "至少要对一个掩码求平均。",
    "errors.dropout.delta": "δ = {delta} 是一个概率：它必须严格介于 0 和 1 之间。",
    "errors.dropout.variance_sizes": (
        "每批至少要有 2 个样本，且至少要有 1 个批、1 个特征（实际得到：批大小 {batch_size}、"
        "{num_batches} 个批、{num_features} 个特征）。"
    ),
    "errors.dropout.input_moments": "输入的均值必须是有限的数，标准差必须是有限的正数（实际得到：均值 {mean}，标准差 {std}）。",
    "errors.landscape.step_sizes": "请至少给出一个步长 η；每个都必须是 ≥ 0 的有限数（例如 0.01 到 3）。",
    "errors.landscape.model_size": (
        "请使用 1 到 20 个隐藏层、每层 2 到 256 个单元：一个小而快的模型"
        "（实际得到：{depth} 层，每层 {width} 个单元）。"
    ),
    "errors.landscape.training": (
        "train_steps 必须 ≥ 0，学习率必须为正（实际得到：train_steps = {train_steps}，"
        "学习率 {learning_rate}）。"
    ),
    "errors.masks.element_outside": "元素 {element} 不在形状为 {shape} 的张量之内。",
    "errors.models.instance_mlp": (
        "实例归一化需要空间位置：在 MLP 中，每个（样本，单元）组只有一个值，归一化后恒为 0。"
        "要使用实例归一化，请选择 CNN。"
    ),
    "errors.models.unknown_norm": "未知的归一化方法 {norm!r}：请从 {choices} 中选择。",
    "errors.models.group_count": (
        "组归一化的组数 G={groups} 不能把 {channels} 个通道平均分组。可选的 G：{valid}。"
    ),
    "errors.models.unknown_model": "未知的模型 {model!r}：请从 {choices} 中选择。",
    "errors.models.unknown_activation": "未知的激活函数 {activation!r}：请从 {choices} 中选择。",
    "errors.running.unknown_convention": (
        "未知的约定 {convention!r}：请使用 'pytorch' 或 'keras'。"
    ),
    "errors.running.momentum_none_keras": ("momentum=None（累积平均）只有 PyTorch 的约定才支持。"),
    "errors.running.momentum_range": "动量 momentum = {momentum} 必须在 [0, 1] 内。",
    "errors.running.num_features": "num_features 至少为 1，实际得到 {num_features}。",
    "errors.running.batch_channels": "这批数据的形状是 {shape}；它的轴 1（即第二维）必须有 C = {c} 个通道。",
    "errors.running.batch_nonfinite": "这批数据中含有 NaN 或无穷大的值。",
    "errors.saturation.threshold": "饱和阈值 {threshold} 必须严格介于 0 和 0.5 之间（σ(x) < 阈值或 > 1 − 阈值即为饱和）。",
    "errors.saturation.empty": "计算饱和统计量至少需要一个值。",
    "errors.saturation.edges": "直方图的边界必须是至少含两个数的严格递增序列。",
    "errors.scale_invariance.batch": (
        "训练模式下的批量归一化需要每批至少 2 个样本（实际得到 {batch} 个）。"
    ),
    "errors.scale_invariance.linear_size": (
        "线性层至少需要一个输入和一个输出（实际得到 {inputs} 个输入、{outputs} 个输出）。"
    ),
    "errors.scale_invariance.scales": "请至少给出一个缩放系数 a；每个都必须是正的有限数（例如 0.1 到 100）。",
    "errors.streams.population_sizes": (
        "总体的每个通道都需要一个中心和一个噪声尺度（实际得到 {centers} 个和 {scales} 个）。"
    ),
    "errors.streams.population_finite": "总体的参数必须是有限的数。",
    "errors.streams.population_negative": "噪声尺度、离散程度和离群值大小都不能为负。",
    "errors.streams.channels_not_among": "通道 {channels} 不在 0…{last} 之中。",
    "errors.streams.shape_channels": "形状 {shape} 有 C = {c} 个通道，而总体有 {channels} 个：两者必须相同。",
    "errors.streams.batches_ndim": "多个批必须堆叠成 (K, N, C, ...) 的形状，实际得到 {shape}。",
    "errors.streams.sample_mismatch": (
        "该样本有 {c} 个通道 × {m} 个值，而其他样本是 {other_c} × {other_m}。"
    ),
    "errors.streams.batch_size_range": "batch_size {n} 不在 1 到 {largest} 之间。",
    "errors.streams.unknown_estimate": "未知的估计方式 {key!r}；请从 {choices} 中选择。",
    "errors.streams.momentum_range": (
        "{name} = {momentum} 不在 [0, 1] 内：它是赋给新批（PyTorch）或旧值（Keras）的权重，所以必须介于 0 和 1 之间。"
    ),
    "errors.streams.num_batches_whole": "批的个数必须是 ≥ 1 的整数，实际得到 {value}。",
    "errors.streams.batch_size_whole": "批大小必须是 ≥ 1 的整数，实际得到 {value}。",
    "errors.streams.population_channels": "总体有 C = {population} 个通道，而张量有 {c} 个。",
    "errors.streams.element_outside": (
        "元素 {element} 不是形状为 {shape} 的单个样本中的有效索引。"
    ),
    "errors.tensors.outlier_fraction": "离群值比例 {fraction} 必须介于 0 和 1 之间。",
    "errors.tensors.negative_spread": "尺度和离散程度都是标准差：它们不能为负。",
    "errors.tensors.unknown_preset": "未知的预设 {name!r}；请从 {choices} 中选择。",
    "errors.training.whole_number": "{name} = {value} 必须是 {low} 到 {high} 之间的整数。",
    "errors.training.lr": "学习率 {lr} 必须是区间 (0, 100] 内的数。",
    "errors.training.batch_exceeds": "批大小 {batch_size} 超过了 {size} 张训练图像的数量。",
    "errors.training.compare_none": "请选择一种归一化方法，才能与不做归一化进行比较。",
    "errors.validation.not_numbers": "张量必须由数值组成，而不是 {dtype} 类型的值。",
    "errors.validation.eps": (
        "ε = {eps} 不可用：ε 必须是 ≥ 0 的有限数。正的 ε 使 √(σ² + ε) 不会为零；ε = 0 只在没有任何一组的值全部相等时可用（PyTorch "
        "的默认值是 1e-5）。"
    ),
    "errors.validation.affine_size": (
        "{name} 有 {size} 个值，但张量有 C = {c} 个通道：γ 和 β 每个通道各有一个值。"
    ),
    "errors.validation.affine_nonfinite": "{name} 中含有 NaN 或无穷大的值。",
    "errors.figures.layer": "第 {layer} 层不存在：网络只有第 1 到第 {depth} 层。",
    "errors.figures.unit": "单元 {unit} 不存在：每层的单元编号是 0 到 {last}。",
    "errors.figures.quantity": "quantity 必须是 'mean'（均值）或 'var'（方差），实际得到 {quantity!r}。",
    # --- 导航 ---
    "nav.app": "首页",
    "nav.1_Reduction_axes": "归约轴",
    "nav.2_Step_by_step": "逐步计算",
    "nav.3_Sigmoid_saturation": "Sigmoid 饱和",
    "nav.4_Train_vs_eval": "训练与推理",
    "nav.5_Batch_size": "批大小",
    "nav.6_Gradients": "梯度",
    "nav.7_Dropout": "Dropout",
    "nav.8_Training_lab": "训练实验室",
    # --- 侧边栏 ---
    "sidebar.tensor": "张量",
    "sidebar.preset": "预设",
    "sidebar.preset.help": "预设的起点；“讲义示例”是讲义中的 2×2×2×2 张量。",
    "sidebar.fully_connected": "全连接（N×C，没有 H、W）",
    "sidebar.elements": "{shape} = {size:,} 个元素（最多 {cap:,} 个）。",
    "sidebar.too_big": (
        "{shape} 将有 {size:,} 个元素，超过保证各页面流畅的上限 {cap:,}；{field} 保持为 {kept}。"
    ),
    "sidebar.worked_left": (
        "讲义示例只有 2×2×2×2 这一种形状：现在的张量是生成的数值"
        "（γ = 1、β = 0，除非你改过它们）。可在“预设”中重新选择它。"
    ),
    "sidebar.generator": "生成器",
    "sidebar.generator.worked": "讲义示例是固定的张量：修改这里的任何控件都会换成生成的数值。",
    "sidebar.seed": "随机种子",
    "sidebar.scale": "尺度（标准差）",
    "sidebar.shift": "平移（均值）",
    "sidebar.channel_spread": "各通道偏移的离散度",
    "sidebar.sample_spread": "各样本偏移的离散度",
    "sidebar.outliers": "离群值比例",
    "sidebar.relu_like": "类 ReLU（偏斜，≥ 0）",
    "sidebar.method": "方法",
    "sidebar.normalization": "归一化",
    "sidebar.normalization.help": (
        "BN：批量归一化 BatchNorm，LN：层归一化 LayerNorm，IN：实例归一化 InstanceNorm，"
        "GN：组归一化 GroupNorm"
    ),
    "sidebar.groups": "组数 G（C 的约数）",
    "sidebar.eps.help": "开平方前加到 σ² 上：PyTorch 用 1e-5，Keras 用 1e-3。",
    "sidebar.gamma_all": "γ（所有通道）",
    "sidebar.beta_all": "β（所有通道）",
    "sidebar.affine_differ": "各通道的 γ、β 不同；上面的滑块显示通道 0，拖动会统一设置所有通道。",
    "sidebar.affine_table": "逐通道的 γ 和 β",
    "sidebar.element": "选中的元素",
    "sidebar.at.n": "n（样本）",
    "sidebar.at.c": "c（通道）",
    # --- 预设 ---
    "preset.custom": "自定义",
    "preset.worked_example": "讲义示例",
    "preset.worked_example.description": "讲义中的 2×2×2×2 张量，γ = (2, 5)，β = (3, 8)。",
    "preset.standard_normal": "标准正态",
    "preset.standard_normal.description": "取自 N(0, 1) 的数值：本来就已归一化。",
    "preset.badly_scaled_saturating": "尺度失当、饱和",
    "preset.badly_scaled_saturating.description": (
        "以 3 为中心、尺度为 6：大多数数值落在 sigmoid 平坦的区域。"
    ),
    "preset.per_channel_offsets": "逐通道偏移",
    "preset.per_channel_offsets.description": "每个通道有自己的偏移：批量归一化能去掉它。",
    "preset.per_sample_offsets": "逐样本偏移",
    "preset.per_sample_offsets.description": (
        "每个样本有自己的偏移（像图像的亮度）：层归一化和实例归一化能去掉它。"
    ),
    "preset.relu_like_skewed": "类 ReLU（偏斜）",
    "preset.relu_like_skewed.description": (
        "非负、偏斜的数值，如同经过 ReLU 之后：应在激活函数之前做归一化。"
    ),
    "preset.outliers": "离群值",
    "preset.outliers.description": "1% 的数值是 ±10σ 的离群值：它们会放大所在组的方差。",
    # --- 首页 ---
    "home.title": "normviz：归一化层，一个数一个数地看",
    "home.intro": (
        "归一化层接收某一层的激活值，即形状为 N×C×H×W（批、通道、高、宽）的张量 **x**，"
        "并把它分成若干组。",
        "它让每一组的均值为 0、方差为 1，然后用学到的 γ 和 β 对每个通道做缩放和平移：",
    ),
    "home.methods_lead": "四种方法唯一的区别在于：**哪些元素共用同一个均值 μ 和方差 σ²**：",
    "home.methods_table": (
        "| 方法 | 共用 (μ, σ²) 的范围 | 适用场景 |\n"
        "|---|---|---|\n"
        "| **批量归一化 BatchNorm (BN)** | 一个通道的全部 N·H·W 个值 | 大批量训练的 CNN |\n"
        "| **层归一化 LayerNorm (LN)** | 一个样本的全部 C·H·W 个值 | Transformer、RNN，任意批大小 |\n"
        "| **实例归一化 InstanceNorm (IN)** | 一个样本、一个通道的 H·W 个值 | 风格迁移 |\n"
        "| **组归一化 GroupNorm (GN)** | 一个样本中一组 C/G 个通道的值 | 目标检测、小批量 |"
    ),
    "home.current": "当前的张量",
    "home.metric.shape": "形状",
    "home.metric.elements": "元素个数",
    "home.metric.mean": "均值",
    "home.metric.std": "标准差",
    "home.metric.min": "最小值",
    "home.metric.max": "最大值",
    "home.caption": (
        "张量：{preset}。方法：{method}（{label}），ε = {eps}。可在侧边栏中修改；"
        "地址栏始终是指向当前视图的链接。"
    ),
    "home.pages": "页面",
    "home.link.1_Reduction_axes": "归约轴：谁共用同一组 (μ, σ²)",
    "home.link.2_Step_by_step": "逐步计算：每一个数",
    "home.link.3_Sigmoid_saturation": "Sigmoid 饱和：为什么要归一化",
    "home.link.4_Train_vs_eval": "训练与推理：运行统计量",
    "home.link.5_Batch_size": "批大小：为什么小批量会伤害 BN",
    "home.link.6_Gradients": "梯度：反向传播",
    "home.link.7_Dropout": "Dropout，以及 BN 之前的 Dropout",
    "home.link.8_Training_lab": "训练实验室：真实的网络，有无归一化对比",
    # --- pages_1_4 ---
    # --- method names, shared by every page ---
    "method.long.batch": "批量归一化 BatchNorm",
    "method.long.layer": "层归一化 LayerNorm",
    "method.long.instance": "实例归一化 InstanceNorm",
    "method.long.group": "组归一化 GroupNorm",
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
    "fig.cube.panel.batch": "批量归一化 BN",
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
        "**训练**时，批量归一化 BatchNorm 用当前这一批的统计量做归一化。",
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
    # --- pages_5_8 ---
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
        "从相同的初始权重出发、在相同的小批量上训练两次：**不使用归一化**，以及**使用**你选择的"
        "方法（默认跟随侧边栏所选的方法）。先选好设置，再点击**训练**。",
        "批量归一化论文（Ioffe & Szegedy 2015，§4.1，图 1）报告：使用 BN 后训练更快，sigmoid "
        "输入的分布也更稳定；作者将其归因于内部协变量偏移的减小。Santurkar 等人（NeurIPS 2018，"
        "“How Does Batch Normalization Help Optimization?”）发现，BN 的好处并非来自内部协变量"
        "偏移的减小：BN 使损失曲面更平滑（损失和梯度变化得更平缓），因而可以使用更大的学习率。"
        "这里针对你选择的网络逐一测量这些结论；并非每种设置下都成立。",
        "每次运行都是确定性的（相同设置得到相同曲线），并且结果共享：某个设置只要有人训练过，"
        "所有人都能立即看到结果。",
    ),
    "p8.model": "模型",
    "p8.model.mlp": "MLP（全连接）",
    "p8.model.cnn": "CNN（卷积）",
    "p8.width.mlp": "个隐藏单元（每层）",
    "p8.width.cnn": "个通道（每个卷积层）",
    "p8.activation": "激活函数",
    "p8.activation.sigmoid": "sigmoid（S 型）",
    "p8.activation.relu": "ReLU",
    "p8.norm": "归一化",
    "p8.groups": "GN 组数 G",
    "p8.groups.help": "G 必须整除网络的宽度：每层 {units} 个单元（MLP）或 {channels} 个通道（CNN）。",
    "p8.groups.sidebar": "这里 GN 的 G 必须整除网络的 {width} {unit}；侧边栏的 G 整除的是张量的 "
    "C = {c} 个通道，因此实验室使用自己的 G。",
    "p8.sidebar_in_mlp": "侧边栏选择的方法是 IN，而 MLP 无法使用它（每个（样本，单元）组只有一个值，"
    "IN 的输出恒为 0）：实验室改为训练 {norm}。选择 CNN 即可训练 IN。",
    "p8.depth": "深度（层数）",
    "p8.lr": "学习率",
    "p8.lr.help": "普通 SGD。该模型与激活函数的默认学习率为 {lr:g}，在这个学习率下不使用归一化的"
    "网络也能学会；在你移动此滑块之前，它会随模型和激活函数的切换而改变。",
    "p8.batch": "批量大小",
    "p8.steps": "步数",
    "p8.seed": "随机种子",
    "p8.train": "训练",
    "p8.starting": "正在启动…",
    "p8.stop": "停止",
    "p8.progress": "{text} · {seconds:.0f} 秒",
    "p8.not_started": "尚未开始第一步",
    "p8.stopped": "**已停止**（{where}，用时 {seconds:.1f} 秒）。再次点击按钮可重新开始。",
    "p8.failed": "运行失败：{error}",
    "p8.queued": "正在等待空闲的工作线程：前面还有 {ahead} 个任务（本服务器同时最多运行两个）。",
    "p8.press_train": "这些设置还没有训练完成的结果：请点击**训练**。",
    "p8.changed": "设置已更改：请点击**训练**，按新设置训练。",
    "p8.result": "训练 {steps:,} 步后的最终测试准确率：**{base} {base_accuracy:.1%}**，"
    "**{norm} {norm_accuracy:.1%}**。",
    "p8.percentiles.header": "训练过程中的一个 sigmoid 输入（参照 BN 论文图 1b、1c）",
    "p8.percentiles.header_relu": "训练过程中的一个 ReLU 输入",
    "p8.layer": "层",
    "p8.unit": "单元",
    "p8.percentiles.caption": "BN 论文图 1(b, c)（Ioffe & Szegedy 2015，§4.1：MNIST，3 个全连接"
    "隐藏层、每层 100 个 sigmoid 单元，小批量大小 60，训练 50,000 步）画出了一个 sigmoid 输入在"
    "训练过程中的第 15、50、85 百分位数：不使用 BN 时它们会漂移，使用 BN 时更稳定。这里的数据是 "
    "8×8 数字，步数更少，百分位数在 445 张测试图像上计算（BN 使用这些图像自身的统计量）。"
    "在你的这次运行中它们是否漂移、是否饱和，见下方的测量结果。",
    "p8.percentiles.caption_relu": "所选单元的输入在 445 张测试图像上的第 15、50、85 百分位数。"
    "ReLU 在 x > 0 时不会饱和；灰色带只标出 sigmoid 会饱和的区域（|x| > 2.944），供对比。",
    "p8.measured.median": "本次运行的测量结果，第 {layer} 层单元 {unit}：输入的中位数从 "
    "{base_start:.2f} 变为 {base_end:.2f}（{base}），从 {norm_start:.2f} 变为 {norm_end:.2f}"
    "（{norm}）。",
    "p8.measured.saturation": "第 {layer} 层饱和输入的比例（|x| > 2.944，即 σ < 0.05 或 "
    "σ > 0.95），从第一次评估到最后一次：{base} {sat_base_start:.0%} → {sat_base_end:.0%}，"
    "{norm} {sat_norm_start:.0%} → {sat_norm_end:.0%}。",
    "p8.measured.saturation_relu": "第 {layer} 层中 |x| > 2.944 的输入比例（sigmoid 在此会饱和；"
    "ReLU 在 x > 0 时不会），从第一次评估到最后一次：{base} {sat_base_start:.0%} → "
    "{sat_base_end:.0%}，{norm} {sat_norm_start:.0%} → {sat_norm_end:.0%}。",
    "p8.grad_norm.caption": "每一层在两张图中颜色相同；输出层为灰色虚线。‖∂L/∂W‖ 是每个训练"
    "批量上某个权重层梯度的范数。传到某一层的误差信号 δ 已经乘过其后每一层的因子 Wᵀ·diag(σ′)："
    "对 sigmoid 而言 σ′ ≤ 0.25，因此除非权重很大，δ 会逐层缩小（梯度消失）；权重很大时它反而可能"
    "逐层增大（梯度爆炸）。‖∂L/∂W‖ = ‖δ·xᵀ‖ 还取决于该层的输入 x，所以各层的范数不一定按深度排序。",
    "p8.measured.grad": "本次运行的测量结果（最近 {window} 步的平均）：第 1 层的梯度范数是输出层的 "
    "{base_ratio:.3g} 倍（{base}），{norm_ratio:.3g} 倍（{norm}）。",
    "p8.sweeps.header": "参数扫描",
    "p8.sweeps": (
        "两种扫描都训练本页的网络（{model}，{activation}，以及深度和随机种子），并报告"
        "**最终测试准确率**（越高越好）。每次扫描要训练许多网络：需要几十秒到几分钟。",
        "结果为所有人保留，所以只有第一次点击需要等待。",
    ),
    "p8.run_lr": "运行学习率扫描",
    "p8.run_batch": "运行批量大小扫描（BN 对比 GN）",
    "p8.lr_sweep.caption": "每个学习率都以批量大小 {batch} 训练 {steps:,} 步；✕ 表示该次运行的损失"
    "变为 NaN 或无穷大。",
    "p8.batch_sweep.caption": "每种批量大小都训练 10 个轮次（epoch）（批量越小，步数越多），学习率"
    "随批量大小线性缩放（批量大小 {batch} 时为 {lr:g}），GN 论文同样采用这一线性缩放规则。可与“批量"
    "大小”页面上 GN 论文中 BN 与 GN 的对比结果（Wu & He 2018，图 1：ImageNet 上的 ResNet-50，"
    "错误率随每块 GPU 图像数的变化）对照；论文报告的是错误率，本图显示的是准确率。",
    # --- normviz.training：运行名称和进度报告 ------------------------------------------------
    "training.no_norm": "无归一化",
    "training.separator": "、",
    "training.param.lr": "学习率",
    "training.param.batch_size": "批量大小",
    "training.progress.run": "{label}：第 {step} 步，共 {steps} 步",
    "training.progress.compare": "无归一化与 {label}：第 {step} 步，共 {steps} 步",
    "training.progress.sweep": "{parameter} = {value:g}（{labels}）：第 {step} 步，共 {steps} 步",
    "training.progress.sweep_done": "{parameter}扫描完成",
    # --- 图：训练实验室 ----------------------------------------------------------------------
    "fig.training.each_batch": "{label}（每个小批量）",
    "fig.training.axis.step": "训练步数",
    "fig.training.axis.loss": "交叉熵损失",
    "fig.training.loss_title": "训练损失（最近 {smooth} 个小批量的平均）",
    "fig.training.guessing": "随机猜测（10%）",
    "fig.training.axis.accuracy": "测试准确率",
    "fig.training.accuracy_title": "测试准确率（445 张留出的数字图像）",
    "fig.training.percentiles_empty": "一个激活输入的百分位数",
    "fig.training.percentile": "第 {q} 百分位数",
    "fig.training.percentile_short": "第 {q}",
    "fig.training.axis.sigmoid_input": "sigmoid 输入 x",
    "fig.training.axis.relu_input": "ReLU 输入 x",
    "fig.training.percentiles_title": "第 {layer} 层单元 {unit} 的输入：第 15、50、85 百分位数"
    "（灰色：饱和区）",
    "fig.training.percentiles_title_relu": "第 {layer} 层单元 {unit} 的输入：第 15、50、85 "
    "百分位数（灰色：sigmoid 会饱和的区域）",
    "fig.training.axis.saturated": "饱和输入的比例",
    "fig.training.axis.saturated_relu": "|x| > 2.944 的比例",
    "fig.training.saturation_title": "饱和的 sigmoid 输入（σ < 0.05 或 > 0.95）",
    "fig.training.saturation_title_relu": "|x| > 2.944 的输入（sigmoid 在此会饱和）",
    "fig.training.grad_norm_title": "每层的梯度范数（最近 {smooth} 步的平均）",
    "fig.training.axis.lr": "学习率",
    "fig.training.axis.final_accuracy": "最终测试准确率",
    "fig.training.lr_title": "学习率扫描：{steps} 步后的准确率",
    "fig.training.axis.batch": "批量大小（每步的图像数）",
    "fig.training.axis.error": "测试错误率（越低越好）",
    "fig.training.batch_title": "批量大小扫描：轮数相同，学习率 ∝ 批量大小",
    "fig.training.stopped_suffix": "（已停止）",
    "fig.training.diverged": "{label}：发散（损失为 NaN 或无穷大）",
    "fig.training.layer": "第 {n} 层",
    "fig.training.output": "输出层",
    # --- upload ---
    # --- 文件被拒绝的原因 ---
    "upload.empty_file": "文件 {filename} 是空的。",
    "upload.too_large_file": (
        "{filename} 大小为 {size} MB，本服务器只接受不超过 {limit} MB 的文件"
        "（server.maxUploadSize）。请少存一些样本，或改存 float32 副本。"
    ),
    "upload.unknown_format": (
        "{filename} 既不是 .npy 也不是 .npz 文件：文件开头的字节不符合这两种格式"
        "（只看扩展名不算数）。请用 numpy.save（.npy）或 numpy.savez（.npz）保存数组。"
    ),
    "upload.bad_header": (
        "无法读取 {filename} 的 .npy 文件头：文件已损坏，或不是由 numpy.save 写出的。"
    ),
    "upload.header_too_long": (
        "{filename} 的 .npy 文件头声明自身长 {size} 字节；本应用只读取不超过 {limit} 字节的文件头"
        "（numpy.save 写出的文件头约一百字节）。文件已损坏，或不是由 numpy.save 写出的。"
    ),
    "upload.bad_shape": (
        "{filename} 的 .npy 文件头声明的形状是 {shape}：每个维度都必须是 0 到 2⁶³ − 1 之间的整数。"
        "文件已损坏，或不是由 numpy.save 写出的。"
    ),
    "upload.bad_fortran_order": (
        "{filename} 的 .npy 文件头把 fortran_order 设为 {value}；它只能是 True 或 False。"
        "文件已损坏，或不是由 numpy.save 写出的。"
    ),
    "upload.bad_dtype": (
        "{filename} 的 .npy 文件头写的类型是 {descr}，这不是 numpy 的数据类型。"
        "文件已损坏，或不是由 numpy.save 写出的。"
    ),
    "upload.version": (
        "{filename} 使用 .npy 格式版本 {version}，本应用无法读取（支持 1.0 和 2.0 版）。"
    ),
    "upload.pickled": (
        "数组的类型是 {dtype}：不允许上传 pickle 序列化的对象或结构化数组"
        "（加载它们可能执行任意代码）。请保存普通的数值数组，例如 x.astype(numpy.float32)。"
    ),
    "upload.complex": ("数组中是复数（{dtype}）；归一化需要实数。请改存 x.real 或 abs(x)。"),
    "upload.not_numbers": ("数组中是 {dtype} 类型的值，不是数值；本应用需要布尔值、整数或浮点数。"),
    "upload.ndim": (
        "数组有 {ndim} 个维度（形状 {shape}）；本应用需要 2 维（N×C）、3 维（N×C×L）"
        "或 4 维（N×C×H×W）。"
    ),
    "upload.empty_array": "形状为 {shape} 的数组没有任何元素。",
    "upload.too_many_elements": (
        "这个 {shape} 的数组有 {size} 个元素；本应用最多处理 {limit} 个（与张量生成器的上限相同），"
        "以保证每个页面都能流畅响应。请少存一些样本，或只保存一部分。"
    ),
    "upload.dim_too_large": (
        "{shape} 数组中 {axis} = {value}，超过了本应用在该轴上允许的 {limit}。"
        "请沿 {axis} 轴少存一些数值。"
    ),
    "upload.spatial_too_large": (
        "这个 {shape} 的数组每个样本、每个通道有 {spatial} 个值（H·W 或 L）；本应用把每个这样的切片"
        "画成热力图，最多允许 {limit} 个。请裁剪或降采样。"
    ),
    "upload.truncated": (
        "{filename} 不完整：文件头声明有 {expected} 字节数据，但后面只有 {got} 字节。"
        "请上传完整的文件。"
    ),
    "upload.non_finite": (
        "数组中有 {nan} 个 NaN 和 {inf} 个无穷值；第一个位于索引 {index}。"
        "归一化需要有限的数值：请先替换它们（例如用 numpy.nan_to_num）。"
    ),
    "upload.huge_values": (
        "数组中数值的绝对值最大达到 {largest}；超过 {limit} 时其平方会溢出，无法计算方差。"
        "请先缩放数组。"
    ),
    "upload.bad_zip": "{filename} 不是可读取的 .npz 压缩包：文件已损坏、不完整或已加密。",
    "upload.too_many_members": (
        "{filename} 中有 {count} 个文件；本应用只读取不超过 {limit} 个文件的 .npz 压缩包。"
    ),
    "upload.npz_too_big": (
        "{filename} 解压后将达到 {size} MB，超过本应用接受的 {limit} MB。"
        "请只保存你想查看的那个数组。"
    ),
    "upload.npz_method": (
        "它使用了 numpy.savez 从不使用的压缩方式；本应用只读取未压缩或 deflate（zip）压缩的成员文件。"
    ),
    "upload.npz_size_mismatch": (
        "zip 目录声明该成员文件有 {declared} 字节，但它的 .npy 文件头只对应 {expected} 字节。"
        "压缩包已损坏或被伪造。"
    ),
    "upload.npz_ratio": (
        "它的压缩比为 {ratio} 倍（{packed} kB 解压后达 {size} MB）；本应用拒绝压缩比超过 {limit} 倍的数组。"
        "这样的数组几乎全是同一个重复的值，请检查保存的内容。"
    ),
    "upload.no_arrays": "{filename} 中没有 .npy 数组（它是 zip 文件，但不是由 numpy.savez 写出的）。",
    "upload.unknown_array": "{filename} 中没有名为“{name}”的数组；其中的数组有：{names}。",
    "upload.in_array": "数组“{name}”：{reason}",
    "upload.no_valid_array": (
        "{filename} 中的 {count} 个数组都无法显示。第一个数组“{name}”：{reason}"
    ),
    "upload.missing": "上传的张量 {source}… 已不在本服务器上。请重新上传文件。",
    # --- 关于已接受文件的说明 ---
    "upload.note.bool": "布尔值已转换为 0.0 和 1.0（float32）。",
    "upload.note.converted": "已从 {dtype} 转换为 {target}。",
    "upload.note.int_precision": (
        "整数的绝对值最大达到 {largest}：超过 2**53 的整数在 float64 中会被舍入。"
    ),
    "upload.note.fully_connected": (
        "二维数组：按全连接层的 N×C 张量显示（{shape}），没有 H 和 W。"
    ),
    "upload.note.three_d": (
        "三维 N×C×L 数组（{shape}）显示为 N×C×1×L（{view}）：H = 1，W = L。"
        "每种方法分组的数值与 N×C×L 完全相同，因此统计量就是这个三维张量的统计量。"
    ),
    "upload.note.trailing": "文件在数组之后还有 {extra} 字节；只读取了第一个数组。",
    "upload.note.skipped": "已跳过数组“{name}”：{reason}",
    "upload.note.chosen": "正在显示数组“{name}”（文件中共有 {count} 个）。",
    # --- 侧边栏面板 ---
    "upload.panel.title": "你自己的张量",
    "upload.panel.uploader": "上传 .npy 或 .npz 文件",
    "upload.panel.uploader.help": (
        "用 numpy.save 或 numpy.savez 保存的激活值，形状为 N×C、N×C×L 或 N×C×H×W"
        "（PyTorch 的轴顺序）：最多 {limit} 个元素、{mb} MB。读取时不使用 pickle。"
    ),
    "upload.panel.showing": "正在显示 **{label}**：{shape}，{dtype}。",
    "upload.panel.original": "文件中是一个 {shape} 的 {dtype} 数组。",
    "upload.panel.choose": "文件中的数组",
    "upload.panel.back": "返回生成的张量",
    "upload.panel.again": "重新显示 {label}",
    "upload.panel.privacy": (
        "上传的文件只保存在本服务器的内存中（空间不足时会被清除），从不写入磁盘。"
        "在它被保留期间，任何人在本服务器上打开本页面的链接都能看到你的张量。"
    ),
    "upload.unknown_src": (
        "此链接所指的上传张量（src={short}…）已不在本服务器上：上传的数据只保存在内存中，"
        "服务器重启或空间不足时会被清除。现改为显示一个生成的 {shape} 张量；"
        "请重新上传文件以查看它。"
    ),
    "upload.shape_fixed": (
        "链接中的形状 {link} 与上传张量的形状 {shape} 不一致；已改用张量的形状。"
    ),
    # --- 导出 ---
    "export.title": "导出",
    "export.npz": "下载张量及其统计量（.npz）",
    "export.npz.help": (
        "包含 x、y = γ·x̂ + β、方法、ε、G、γ、β，以及每组的 μ、σ²（有偏）、√(σ² + ε) "
        "和组大小 m，均为普通数组：numpy.load(file) 无需 pickle 即可读取。点击时才生成。"
    ),
    "export.csv": "下载统计量（.csv）",
    "export.csv.help": (
        "每组一行：该组的样本和通道、m、均值 μ、方差 σ²（有偏，即归一化时使用的那个）、"
        "σ 和 √(σ² + ε)。点击时才生成。"
    ),
    "export.unavailable": (
        "没有可导出的内容：{method} 在训练模式下无法归一化这个 {shape} 张量（见“逐步计算”页面）。"
    ),
}
