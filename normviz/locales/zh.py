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
        "训练模式下的批归一化要求每个通道有不止一个值，但这个 {shape} 张量的 N·H·W = 1："
        "批均值就是这个值本身，方差为 0，所以每个输出都等于 β。PyTorch 会报错 "
        "'Expected more than 1 value per channel when training'。请使用更大的批或特征图，"
        "或在推理模式下使用运行统计量。"
    ),
    "errors.in_one_value": (
        "实例归一化对一个样本、一个通道的 H·W 个值做归一化，但这个张量中每组只有一个值"
        "（H·W = 1），所以每个输出都等于 β。PyTorch 会报错 "
        "'Expected more than 1 spatial element when training'。"
    ),
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
        "BN：批归一化 BatchNorm，LN：层归一化 LayerNorm，IN：实例归一化 InstanceNorm，"
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
    "preset.per_channel_offsets.description": "每个通道有自己的偏移：批归一化能去掉它。",
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
        "| **批归一化 BatchNorm (BN)** | 一个通道的全部 N·H·W 个值 | 大批量训练的 CNN |\n"
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
}

from normviz.locales.wip import collect  # noqa: E402  (merged into this file before release)

TEXTS.update(collect("ZH"))
