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
    "note.bad_param": "已忽略链接中的 {key}={value!r}：不是有效的值（有效值：{valid}）。",
    "note.bad_page_param": "已忽略链接中的 {key}={value}：不是有效的值（有效值：{valid}）；改用 {default}。",
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
        "张量中含有 NaN 或无穷大的值（或数值大到平方会溢出）；归一化需要有限的数值。请替换这些值（例如用 numpy.nan_to_num）或先缩放张量。"
    ),
    "errors.eps_zero_constant": (
        "ε = 0，但某一组的值全都相等（σ² = 0），x̂ = 0/0 没有定义：请使用 ε > 0"
        "（PyTorch 的默认值是 1e-5）。"
    ),
    "errors.bn_one_value": (
        "训练模式下的批量归一化要求每个通道有不止一个值，但这个 {shape} 张量的 N·H·W = 1："
        "小批量均值就是这个值本身，方差为 0，所以每个输出都等于 β。PyTorch 会报错 "
        "'Expected more than 1 value per channel when training'。请使用更大的批量或特征图，"
        "或者切换到评估模式（model.eval()），使用滑动均值和滑动方差。"
    ),
    "errors.in_one_value": (
        "实例归一化对一个样本、一个通道的 H·W 个值做归一化，但这个张量中每组只有一个值（H·W = 1），所以每个输出都等于 β。PyTorch 会报错 'Expected "
        "more than 1 spatial element when training'。请使用 H·W ≥ 2 的特征图，或改用层归一化，或每组至少 2 个通道的组归一化。"
    ),
    "errors.bn_one_value_per_channel": (
        "训练模式下的批量归一化要求每个通道有不止一个值（N·H·W ≥ 2）：只有一个值时有偏方差 σ² 为 0，无偏方差没有定义（0/0）。PyTorch 会报错 "
        "'Expected more than 1 value per channel when training'。请增大批量大小（或特征图），或改用评估模式（model.eval()）下的滑动统计量。"
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
    # --- 课堂即时测验（normviz.classroom）---
    "classroom.no_room": "没有房间 {code}：请核对老师屏幕上的房间码。",
    "classroom.expired": "房间 {code} 已关闭：房间在三小时无人使用后自动关闭。请向老师要新的房间码。",
    "classroom.too_many_attempts": "输错房间码的次数太多（这个浏览器，或本服务器上所有人合计）：请在 {minutes} 分钟后再试。",
    "classroom.too_many_rooms": "服务器上已有 {limit} 个房间：请关闭一个，或等待无人使用的房间自动关闭。",
    "classroom.too_many_questions": "一个房间最多容纳 {limit} 道题：请新开一个房间。",
    "classroom.room_full": "这道题已收到 {limit} 份回答，已达到一道题的上限。",
    "classroom.not_teacher": "只有开设这个房间的老师才能这样做。",
    "classroom.no_question": "老师还没有提问。",
    "classroom.closed": "答案已经公布：这道题不再接受回答。",
    "classroom.bad_answer": "请选择一个选项，或输入一个数。",
    "classroom.bad_question": "一道题需要题目文字（最多 {limit} 个字符），以及 2 到 8 个选项并标出正确选项，"
    "或者一个正确数值和一个 ≥ 0 的容差。",
    "errors.backward.grad_shape": (
        "上游梯度 ∂L/∂y 的形状是 {grad_shape}，但张量的形状是 {shape}：每个输出 yᵢ "
        "都对应一个 ∂L/∂yᵢ。"
    ),
    "errors.backward.grad_nonfinite": "上游梯度 ∂L/∂y 中含有 NaN 或无穷大的值。",
    "errors.backward.tiny_var": "ε = 0 时，某一组的 σ² + ε 只有 {var:.1e}：∂L/∂σ² 中的 (σ² + ε)^(−3/2) 会溢出。"
    "请在侧边栏中把 ε 设为大于 0。",
    "errors.backward.unknown_upstream": "未知的上游梯度 {kind!r}：请从 {choices} 中选择。",
    "errors.batch_noise.sample_channels": "样本的形状是 {shape}；它的第一维必须是 C = {c}（一个样本的形状为 C×…）。",
    "errors.batch_noise.element_outside": "元素 {element} 不在形状为 {shape} 的样本之内。",
    "errors.batch_noise.batch_size_whole": "批量大小必须是 ≥ 1 的整数，实际得到 {value}。",
    "errors.batch_noise.spatial_whole": "特征图大小 H·W 必须是 ≥ 1 的整数，实际得到 {value}。",
    "errors.batch_noise.no_batch_sizes": "请至少给出一个批量大小。",
    "errors.batch_noise.one_varying_channel": (
        "总体 {name!r} 必须只有一个通道且 σ > 0，才能以 σ 为单位度量它的噪声。"
    ),
    "errors.batch_noise.bn_one_value": (
        "批量大小 N = {n}、H·W = {spatial} 时，批量归一化在每个通道上只有一个值：训练模式下的"
        "结果没有定义（PyTorch 会报错 'Expected more than 1 value per channel when training'）。"
        "请让批量大小从 2 开始。"
    ),
    "errors.dropout.p_not_number": "Dropout 的丢弃概率 p = {p!r} 必须是一个数。",
    "errors.dropout.p_range": (
        "Dropout 的丢弃概率 p = {p} 无效：p 必须满足 0 ≤ p < 1。p 是丢弃一个单元的概率；p = 1 会丢弃所有单元（而且倒置 Dropout 会除以 1 "
        "− p = 0）。"
    ),
    "errors.dropout.unknown_mode": "未知的 Dropout 形式 {mode!r}：请使用 'inverted'（倒置）或 'classic'（经典）。",
    "errors.dropout.num_masks": "至少要对一个掩码求平均。",
    "errors.dropout.delta": "δ = {delta} 是一个概率：它必须严格介于 0 和 1 之间。",
    "errors.dropout.variance_sizes": (
        "每个小批量至少要有 2 个样本，且至少要有 1 个小批量、1 个特征（实际得到：批量大小 {batch_size}、"
        "{num_batches} 个小批量、{num_features} 个特征）。"
    ),
    "errors.dropout.input_moments": "输入的均值必须是有限的数，标准差必须是有限的正数（实际得到：均值 {mean}，标准差 {std}）。",
    "errors.landscape.step_sizes": "请至少给出一个步长 η；每个都必须是 ≥ 0 的有限数（例如 0.01 到 3）。",
    "errors.landscape.model_size": (
        "请使用 1 到 20 个隐藏层、每层 2 到 256 个单元（模型要小，页面才能快速计算；实际得到：{depth} 层，每层 {width} 个单元）。"
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
    "errors.running.momentum_none_keras": (
        "momentum=None（累积平均）只有 PyTorch 的约定才支持。请改用 PyTorch 约定，或给出 [0, 1] 内的 momentum（Keras 默认 "
        "0.99）。"
    ),
    "errors.running.momentum_range": "动量 momentum = {momentum} 必须在 [0, 1] 内。",
    "errors.running.num_features": "num_features 至少为 1，实际得到 {num_features}。",
    "errors.running.batch_channels": "这批数据的形状是 {shape}；它的轴 1（即第二维）必须有 C = {c} 个通道。",
    "errors.running.batch_nonfinite": "这批数据中含有 NaN 或无穷大的值。",
    "errors.saturation.threshold": "饱和阈值 {threshold} 必须严格介于 0 和 0.5 之间（σ(x) < 阈值或 > 1 − 阈值即为饱和）。",
    "errors.saturation.empty": "计算饱和统计量至少需要一个值。",
    "errors.saturation.edges": "直方图的边界必须是至少含两个数的严格递增序列。",
    "errors.scale_invariance.batch": "此演示要求每批至少 2 个样本（实际得到 {batch} 个）。",
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
    "errors.streams.batches_ndim": "多个小批量必须堆叠成 (K, N, C, ...) 的形状，实际得到 {shape}。",
    "errors.streams.sample_mismatch": (
        "该样本有 {c} 个通道 × {m} 个值，而其他样本是 {other_c} × {other_m}。"
    ),
    "errors.streams.batch_size_range": "batch_size {n} 不在 1 到 {largest} 之间。",
    "errors.streams.unknown_estimate": "未知的估计方式 {key!r}；请从 {choices} 中选择。",
    "errors.streams.momentum_range": (
        "{name} = {momentum} 不在 [0, 1] 内：它是赋给新的小批量（PyTorch）或旧值（Keras）的权重，所以必须介于 0 和 1 之间。"
    ),
    "errors.streams.num_batches_whole": "批的个数必须是 ≥ 1 的整数，实际得到 {value}。",
    "errors.streams.batch_size_whole": "批量大小必须是 ≥ 1 的整数，实际得到 {value}。",
    "errors.streams.population_channels": "总体有 C = {population} 个通道，而张量有 {c} 个。",
    "errors.streams.element_outside": (
        "元素 {element} 不是形状为 {shape} 的单个样本中的有效索引。"
    ),
    "errors.tensors.outlier_fraction": "离群值比例 {fraction} 必须介于 0 和 1 之间。",
    "errors.tensors.negative_spread": "尺度和各项偏移的离散度都是标准差，不能为负。",
    "errors.tensors.unknown_preset": "未知的预设 {name!r}；请从 {choices} 中选择。",
    "errors.training.whole_number": "{name} = {value} 必须是 {low} 到 {high} 之间的整数。",
    "errors.training.lr": "学习率 {lr} 必须是区间 (0, 100] 内的数。",
    "errors.training.batch_exceeds": "批量大小 {batch_size} 超过了 {size} 张训练图像的数量。",
    "errors.training.compare_none": "请选择一种归一化方法，才能与不做归一化进行比较。",
    "errors.validation.not_numbers": "张量必须由数值组成，而不是 {dtype} 类型的值。",
    "errors.validation.eps": (
        "ε = {eps} 无效：ε 必须是 ≥ 0 的有限数。正的 ε 使 √(σ² + ε) 不会为零；ε = 0 只在没有任何一组的值全部相等时可用（PyTorch 的默认值是 "
        "1e-5）。"
    ),
    "errors.validation.affine_size": (
        "{name} 有 {size} 个值，但张量有 C = {c} 个通道：γ 和 β 每个通道各有一个值。"
    ),
    "errors.validation.affine_nonfinite": "{name} 中含有 NaN 或无穷大的值。",
    "errors.figures.layer": "第 {layer} 层不存在：网络只有第 1 到第 {depth} 层。",
    "errors.figures.unit": "单元 {unit} 不存在：每层的单元编号是 0 到 {last}。",
    "errors.figures.quantity": "quantity 必须是 'mean'（均值）或 'var'（方差），实际得到 {quantity!r}。",
    # --- 导航 ---
    "nav.0_Home": "首页",
    "nav.1_Reduction_axes": "归约轴",
    "nav.2_Step_by_step": "逐步计算",
    "nav.3_Sigmoid_saturation": "Sigmoid 饱和",
    "nav.4_Train_vs_eval": "训练模式与评估模式",
    "nav.5_Batch_size": "批量大小",
    "nav.6_Gradients": "梯度",
    "nav.7_Dropout": "随机失活（Dropout）",
    "nav.8_Training_lab": "训练实验室",
    "nav.12_Class_check": "课堂测验",
    "nav.11_BN_deployed": "部署时的 BN",
    "nav.10_Pre_LN_vs_post_LN": "Pre-LN 与 Post-LN",
    "nav.9_Transformer_norms": "Transformer",
    # --- 侧边栏 ---
    "sidebar.preset": "张量",
    "sidebar.preset.help": (
        "预设会给出张量及其自带的形状、γ 和 β（随机种子为 0）。方法和 ε 保持不变；G 若"
        "仍能整除新的 C 则保持不变（否则 GN 改用最接近的约数）；选中的元素如超出新形状，会"
        "移到形状之内。“讲义示例”是讲义中的 2×2×2×2 张量。"
    ),
    "sidebar.preset.changed": "与预设不同：{what}。",
    "sidebar.preset.changed.shape": "形状 {now}（预设为 {was}）",
    "sidebar.preset.changed.gamma": "γ = {now}（预设为 {was}）",
    "sidebar.preset.changed.beta": "β = {now}（预设为 {was}）",
    "sidebar.preset.changed.join": "；",
    "sidebar.preset.back": "恢复“{preset}”",
    "sidebar.builder": "形状与生成器",
    "sidebar.fully_connected": "全连接（N×C，没有 H、W）",
    "sidebar.elements": "{shape} = {size:,} 个元素（最多 {cap:,} 个）。",
    "sidebar.elements.sequence": "{shape}（N×T×D）= {size:,} 个元素（最多 {cap:,} 个）。",
    "sidebar.layout": "张量布局",
    "sidebar.layout.image": "图像（N×C×H×W）",
    "sidebar.layout.sequence": "序列（N×T×D：批量、词元、特征）",
    "sidebar.layout.help": (
        "序列：N 个序列，每个序列有 T 个词元（token），每个词元有 D 个特征，"
        "即 Transformer 中激活值的布局。本应用把它存为 N×D×1×T："
        "D 个特征放在图像 C 个通道的位置上，T 个词元作为位置。"
        "这样每种方法分组的数值都与在 N×T×D 上相同：逐词元层归一化就是 nn.LayerNorm(D)，"
        "批量归一化则对每个特征在整个批量和全部词元上归一化。"
    ),
    "sidebar.tokens": "T（词元数）",
    "sidebar.features": "D（特征数）",
    "sidebar.too_big": (
        "{shape} 将有 {size:,} 个元素，超过保证各页面流畅的上限 {cap:,}"
        "；{field} 保持为 {kept}。如需增大 {field}，请先减小其他维度。"
    ),
    "sidebar.worked_left": (
        "讲义示例只有 2×2×2×2 这一种形状；当前张量已换成随机生成的数值（γ = 1、β "
        "= 0，除非你改过）。可在“张量”中重新选择讲义示例。"
    ),
    "sidebar.generator": "生成器",
    "sidebar.generator.worked": "讲义示例是固定的张量：修改它的形状或这里的任何控件，都会把它换成随机生成的数值。",
    "sidebar.seed": "随机种子",
    "sidebar.scale": "尺度（标准差）",
    "sidebar.shift": "平移（均值）",
    "sidebar.channel_spread": "逐通道偏移（标准差）",
    "sidebar.sample_spread": "逐样本偏移（标准差）",
    "sidebar.channel_spread.sequence": "逐特征偏移（标准差）",
    "sidebar.sample_spread.sequence": "逐序列偏移（标准差）",
    "sidebar.outliers": "离群值比例",
    "sidebar.relu_like": "类 ReLU（偏斜，≥ 0）",
    "sidebar.method": "归一化方法",
    "sidebar.normalization.help": (
        "BN：批量归一化（BatchNorm），LN：层归一化（LayerNorm），IN：实例归一化（InstanceNorm），"
        "GN：组归一化（GroupNorm）"
    ),
    "sidebar.groups": "组数 G（C 的约数）",
    "sidebar.rms_no_beta": "RMSNorm 没有 β（torch.nn.RMSNorm 只学习 γ）：这里不加 β。",
    "sidebar.groups.same_layer": "G = 1：所有 C 个通道同为一组，与层归一化相同。",
    "sidebar.groups.same_instance": "G = C = {c}：每组只有一个通道，与实例归一化相同。",
    "sidebar.eps.help": (
        "开平方前加到 σ²（RMSNorm：加到均方值）上。默认值：PyTorch 为 1e-5（nn.RMSNorm 为 "
        "torch.finfo(dtype).eps，float32 下约 1.2e-7），Keras 为 1e-3。"
    ),
    "sidebar.gamma_all": "γ（所有通道）",
    "sidebar.beta_all": "β（所有通道）",
    "sidebar.gamma_every": "γ：所有通道取同一个值",
    "sidebar.beta_every": "β：所有通道取同一个值",
    "sidebar.affine_every.help": "初始值为各通道的平均值。拖动后，所有通道都取这一个值，表格中逐通道的值会被替换。",
    "sidebar.affine_differ": "逐通道取值：{values}。可在下方表格中逐个通道修改。",
    "sidebar.affine_one": "所有通道 γ = 1、β = 0",
    "sidebar.affine_table": "逐通道的 γ 和 β",
    "sidebar.element": "**选中的元素** {element}",
    "sidebar.element.help": "它在 {shape} 张量中的索引，均从 0 开始计数：样本 n、通道 c，以及（仅卷积张量才有的）特征图的行 h 和列 w。",
    "sidebar.element.help.sequence": (
        "它在 {shape}（N×T×D）张量中的索引，均从 0 开始计数：序列 n、词元 t 和特征 d。"
    ),
    # --- 预设 ---
    "preset.custom": "自定义",
    "preset.modified": "{name}（已改动）",
    "preset.worked_example": "讲义示例",
    "preset.worked_example.description": (
        "讲义中的 2×2×2×2 张量，γ = (2, 5)，β = (3, 8)：每个数都可以手算核对。"
    ),
    "preset.standard_normal": "标准正态",
    "preset.standard_normal.description": (
        "取自 N(0, 1) 的数值：每组的均值本来就接近 0、方差接近 1，归一化几乎不改变它们。"
    ),
    "preset.badly_scaled_saturating": "尺度失当、饱和",
    "preset.badly_scaled_saturating.description": (
        "取自 N(3, 6²) 的数值：约三分之二落在 sigmoid 平坦的区域"
        "（σ(x) < 0.05 或 > 0.95，即 |x| > 2.94）。"
    ),
    "preset.per_channel_offsets": "逐通道偏移",
    "preset.per_channel_offsets.description": (
        "每个通道加上各自的随机偏移（标准差为 4）：批量归一化和实例归一化能去掉它；"
        "层归一化，以及每组含多个通道的组归一化，会保留通道之间的差异。"
    ),
    "preset.per_sample_offsets": "逐样本偏移",
    "preset.per_sample_offsets.description": (
        "每个样本加上各自的随机偏移（标准差为 4），就像照片的亮度各不相同；本预设的 N = 2"
        "。层归一化、实例归一化和组归一化能去掉这一偏移。批量归一化不能：它对每个通道只减去两个样"
        "本共用的一个均值，各样本相对于彼此的偏移仍然保留；而且这个批量均值只是两个偏移的平均，无"
        "论 H·W 多大都带着同样大的噪声。"
    ),
    "preset.relu_like_skewed": "类 ReLU（偏斜）",
    "preset.relu_like_skewed.description": (
        "z 取自 N(0, 1)，数值为 max(0, z + 0.5)：非负、偏斜，约 31% 恰好为 0，如同经过 ReLU 之后。"
        "BN 论文在非线性激活之前做归一化（Ioffe & Szegedy 2015，§3.2）。"
    ),
    "preset.outliers": "离群值",
    "preset.outliers.description": (
        "1% 的数值被替换为 ±10，即其余数值标准差的 10 倍：它们会放大所在组的方差，"
        "把组内其余数值压向 0。"
    ),
    # --- 首页 ---
    "home.title": "normviz：归一化层，一个数一个数地看",
    "home.intro": (
        "归一化层接收某一层的激活值，即形状为 N×C×H×W（批量、通道、高、宽）的张量 **x**，"
        "并把它分成若干组。",
        "它对每一组做标准化（即 z-score：减去该组的均值 μ，再除以 √(σ² + ε)，"
        "即加上一个保证数值稳定的小常数 ε 后的标准差），使该组的均值为 0、方差为 "
        "σ²/(σ² + ε)，只要 σ² 远大于 ε 就略小于 1；然后用可学习的参数 γ 和 β "
        "对每个通道做缩放和平移（下表第四行的 RMSNorm 不减均值、也没有 β：只除以均方根，再做缩放）：",
    ),
    "home.methods_lead": (
        "这些方法的区别在于：**哪些元素共用同一个均值 μ 和方差 σ²**（RMSNorm：共用一个均方值，"
        "不求均值）："
    ),
    "home.methods_table": (
        "| 方法 | 共用 (μ, σ²) 的范围 | 典型用途 |\n"
        "|---|---|---|\n"
        "| **批量归一化 BatchNorm (BN)**（Ioffe & Szegedy 2015） | 一个通道的全部 N·H·W 个值 "
        "| 批量较大的 CNN |\n"
        "| **层归一化 LayerNorm (LN)**（Ba 等 2016）作用于整个卷积层，即 GroupNorm 论文"
        "图 2 的画法（Wu & He 2018）：*本应用计算的就是这种 LN* | 一个样本的全部 C·H·W 个值 "
        "| 适用于任意批量大小，但很少用于 CNN：ImageNet 上的 ResNet-50（每块 GPU 32 张图像）"
        "错误率为 25.3%，BN 为 23.6%（Wu & He 2018，表 1） |\n"
        "| **逐词元层归一化 token LayerNorm (token LN)**：Transformer 与 RNN 中的层归一化"
        "（Ba 等 2016） | 一个词元（token）或一个时间步的 "
        "D 个特征：对 N×T×D 张量使用 `nn.LayerNorm(D)`（ConvNeXt 在 channels-last 布局下"
        "使用的 LN 同理：一个像素的 C 个通道） | Transformer、RNN：绝不在整个序列的 T·D 个值上归一化，"
        "那样会把不同词元混在一起，在因果（自回归）模型中还会让后面位置的信息泄漏到前面的位置 |\n"
        "| **均方根归一化 RMSNorm**（Zhang & Sennrich 2019） | 同样是一个词元的 D 个特征，但不减均值："
        "x/√(mean(x²) + ε)·γ，没有 β（`nn.RMSNorm(D)`） | 大语言模型，例如 LLaMA"
        "（Touvron 等 2023，§2.2） |\n"
        "| **实例归一化 InstanceNorm (IN)**（Ulyanov 等 2016） | 一个样本、一个通道的 H·W 个值 "
        "| 风格迁移 |\n"
        "| **组归一化 GroupNorm (GN)**（Wu & He 2018） | 一个样本中由 C/G 个通道组成的一组，"
        "共 (C/G)·H·W 个值 | 目标检测与分割，每块 GPU 上批量很小的情形 |"
    ),
    "home.current": "当前的张量",
    "home.metric.shape": "形状",
    "home.metric.elements": "元素个数",
    "home.metric.mean": "均值",
    "home.metric.std": "标准差",
    "home.metric.min": "最小值",
    "home.metric.max": "最大值",
    "home.caption": (
        "张量：{preset}。方法：{method}，ε = {eps}。可在侧边栏中修改；"
        "地址栏始终是指向当前视图的链接。"
    ),
    "home.pages": "页面",
    "home.link.1_Reduction_axes": "归约轴：哪些元素共用同一组 (μ, σ²)",
    "home.link.2_Step_by_step": "逐步计算：每一个数",
    "home.link.3_Sigmoid_saturation": "Sigmoid 饱和：为什么要归一化",
    "home.link.4_Train_vs_eval": "训练模式与评估模式：滑动平均统计量",
    "home.link.5_Batch_size": "批量大小：小批量为什么会损害 BN",
    "home.link.6_Gradients": "梯度：反向传播",
    "home.link.7_Dropout": "随机失活（Dropout），以及 BN 之前的 Dropout",
    "home.link.8_Training_lab": "训练实验室：真实的网络，有无归一化对比",
    "home.link.12_Class_check": "课堂测验：全班作答，老师实时看到统计",
    "home.link.11_BN_deployed": "部署时的 BN：折叠进前一层，以及四个常见陷阱",
    "home.link.10_Pre_LN_vs_post_LN": "Pre-LN 与 Post-LN：层归一化在 Transformer 中的位置",
    "home.link.9_Transformer_norms": "Transformer：逐词元 LN、RMSNorm，以及为什么不用批量归一化",
    # --- pages_1_4 ---
    # --- method names, shared by every page ---
    "method.long.batch": "批量归一化 BatchNorm",
    "method.long.layer": "层归一化 LayerNorm",
    "method.long.instance": "实例归一化 InstanceNorm",
    "method.long.group": "组归一化 GroupNorm",
    "method.long.token": "逐词元层归一化 token LayerNorm",
    "method.long.rms": "均方根归一化 RMSNorm",
    # --- page 1: Reduction axes ---
    "p1.title": "归约轴",
    "p1.intro": (
        "这个立方体就是张量：纵深是 **N** 个样本，宽度是 **C** 个通道，高度是 **H·W** 个空间位置。"
        "位置 0 在最上面，各位置逐行排列（序号 h·W + w），与图像的行以及“逐步计算”页热力图的行一致。",
        "阴影块包含与所选元素（琥珀色）共用同一对 (μ, σ²) 的全部元素。",
        "点击正面（通道, 位置）或顶面（样本, 通道）上的格子可以换一个元素，也可以在侧边栏中选择。",
    ),
    "p1.small.heading": "**六种方法，同一个元素**",
    "p1.gn_equals.layer": (
        "G = 1 的 GN 把一个样本的全部 C = {c} 个通道放进同一组：它就是 LN，分组和数值都完全相同。"
    ),
    "p1.gn_equals.instance": (
        "G = C = {c} 的 GN 让每个通道自成一组：它就是 IN，分组和数值都完全相同。"
    ),
    "p1.gn_only_two": (
        "G 必须整除 C，而 C = {c} 除了 1 和它本身没有别的因数，所以只能取 G = 1（即 LN）"
        "或 G = C（即 IN）。要看到介于 LN 与 IN 之间的 GN，请在侧边栏中选一个因数更多的 C，"
        "例如 4、6 或 8。"
    ),
    "p1.gn_only_one": (
        "C = 1 时 G 只能取 1：GN、LN 和 IN 三者相同，都只对一个样本唯一的通道单独做归一化。"
        "要看到介于 LN 与 IN 之间的 GN，请在侧边栏中选一个因数更多的 C，例如 4、6 或 8。"
    ),
    "p1.numbers.heading": "具体数字",
    "p1.col.method": "方法",
    "p1.col.axes": "归约的轴",
    "p1.col.m": "组大小 m",
    "p1.col.pairs": "(μ, σ²) 对的个数（RMSNorm：RMS²）",
    "p1.col.params": "可学习的 γ、β",
    "p1.none": "（无）",
    "p1.sequence": (
        "这个张量是一个序列 N×T×D（{shape}）：立方体的深度是 {n} 个序列；**D** = {d} 个特征"
        "相当于图像的 C 个通道，**T** = {t} 个词元相当于图像的 H·W 个空间位置，词元 0 在最上方。"
        "正面的一个格子对应（特征，词元），顶面的一个格子对应（序列，特征）。"
    ),
    "p1.caption": (
        "与 GroupNorm 论文（Wu & He 2018，§3.1）一致，γ 和 β 都是每个通道一个（RMSNorm 只有 γ）。"
        "PyTorch 的模块有所不同：torch.nn.LayerNorm([C, H, W]) 为每个元素各学习一个 γ 和 β"
        "（各 C·H·W 个），torch.nn.InstanceNorm2d 默认没有 γ 和 β（affine=False）；"
        "但归一化本身是一样的。G = 1 的 GN 就是 LN；G = C 的 GN 就是 IN。"
        "逐词元层归一化就是在通道在后（channels-last）的张量的每个位置上应用 "
        "torch.nn.LayerNorm(C)（C = D，即一个词元的特征数）；RMSNorm 即 "
        "torch.nn.RMSNorm(C, eps=ε)：每个通道一个 γ，没有 β（它的 ε 默认为 "
        "torch.finfo(dtype).eps，而不是 1e-5）。对 N×C 张量（只有一个位置），"
        "逐词元层归一化与层归一化相同。"
    ),
    # --- figure: the cube ---
    "fig.cube.caption": (
        "{short}：在 {axes} 上求平均；每个统计量由 m = {m:,} 个值算出；共 {pairs:,} 对 "
        "(μ, σ²)；{params:,} 个可学习的 γ 和 β"
    ),
    "fig.cube.caption.rms": (
        "{short}：在 {axes} 上求 x² 的平均（不减均值）；每个统计量由 m = {m:,} 个值算出；"
        "共 {pairs:,} 个均方值；{params:,} 个可学习的 γ，没有 β"
    ),
    "fig.cube.group_channels": "C/G = {per} 个通道",
    "fig.cube.axis.none": "（无）",
    "fig.cube.hover.front": "通道 c={c}，位置 {s}",
    "fig.cube.hover.top": "样本 n={n}，通道 c={c}",
    "fig.cube.hover.front.sequence": "特征 d={c}，词元 t={s}",
    "fig.cube.hover.top.sequence": "序列 n={n}，特征 d={c}",
    "fig.cube.group_features": "D/G = {per} 个特征",
    "fig.cube.hover.click": "点击选择",
    "fig.cube.trace.tensor": "张量",
    "fig.cube.trace.group": "组",
    "fig.cube.trace.element": "元素",
    "fig.cube.panel.batch": "批量归一化 BN",
    "fig.cube.panel.layer": "层归一化 LN",
    "fig.cube.panel.instance": "实例归一化 IN",
    "fig.cube.panel.group": "组归一化 GN",
    "fig.cube.panel.token": "逐词元层归一化",
    "fig.cube.panel.rms": "均方根归一化 RMSNorm",
    # --- page 2: Step by step ---
    "p2.title": "逐步计算",
    "p2.intro": (
        "**{name}** 作用于元素 **x[{index}]**：它所在的组沿 **{axes}** 轴求平均。",
        "因此 **m = {m:,}** 个值共用一个均值和一个方差（整个张量共有 {groups:,} 个这样的组）。",
    ),
    "p2.steps": (
        "**1. 均值**：对整组求平均\n\n$$\n{mean_tex}\n$$",
        "**2. 方差**：有偏估计（除以 m），与 BN 论文的算法 1 和 PyTorch 的前向传播一致"
        "\n\n$$\n{var_tex}\n$$",
        "**3. 归一化**：所选元素 x[{index}]\n\n$$\n{normalize_tex}\n$$",
        "**4. 缩放与平移**：使用{channel} 的 γ 和 β\n\n$$\n{affine_tex}\n$$",
    ),
    "p2.unbiased": (
        "无偏方差（× m/(m−1)）为 {var:.4f}：PyTorch 的批量归一化用它更新 running_var（滑动方差），"
        "但归一化时用的是有偏方差。"
    ),
    "p2.unbiased.rms": (
        "RMSNorm 没有需要校正的方差：它除以由该组自己的均方值算出的 √(RMS² + ε)，也不保存滑动统计量，"
        "所以训练模式和评估模式的计算完全相同。"
    ),
    "p2.unbiased.other": (
        "无偏方差（× m/(m−1)）为 {var:.4f}，但这里用不到它：LN、GN 和逐词元 LN 都不保存滑动统计量"
        "（torch.nn.InstanceNorm2d 也不保存，除非 track_running_stats=True），"
        "无论训练模式还是评估模式，都用每个输入自己的有偏 σ² 做归一化。"
    ),
    "p2.standardize": (
        "第 3 步是**标准化**（z-score：减去均值，再除以标准差），而不是把数值线性缩放到 [0, 1] "
        "的最小–最大归一化：低于均值的值得到负的 x̂，m 个值中若只有一个离群值，它的 x̂ 可以接近 √(m − 1)。"
        "它也是**逐组归一化，而非白化**：完整的白化需要特征的协方差矩阵及其逆平方根，"
        "计算代价高，而且并非处处可微，因此 BN 论文（Ioffe & Szegedy 2015，§2–3）"
        "改为对每个通道单独归一化。它只控制前两阶矩（均值和方差）：特征之间仍然相关"
        "（这些方法都不做去相关），每组数值分布的形状（偏斜、离群值）也保持不变。"
    ),
    "p2.torch_ok": "在整个张量上与 PyTorch 对比：max |y_normviz − y_torch| = {diff:.3g}",
    "p2.torch_refuses": (
        "PyTorch 在训练模式下拒绝这个输入（“{reason}”）；normviz 仍按上面的公式计算，"
        "所以这里没有可对比的结果。"
    ),
    "p2.slice.heading": "这个切片",
    "p2.channel": "通道 {c}",
    "p2.feature": "特征 d = {d}",
    "p2.slice.heading.sequence": "这个切片：特征 d = {d} 在 T = {tokens} 个词元上的值",
    "p2.slice.sequence": (
        "序列以 N×D×1×T 的形式存放，所以热力图中的通道 c 就是特征 d，"
        "唯一的一行 h = 0 存放各个词元，列 w 就是词元 t。"
    ),
    "p2.groups.heading": "全部 {count:,} 个组",
    "p2.col.samples": "样本 n",
    "p2.col.channels": "通道 c",
    "p2.col.positions": "位置",
    "p2.col.sequences": "序列 n",
    "p2.col.features": "特征 d",
    "p2.col.tokens": "词元 t",
    "p2.steps.rms": (
        "**1. 不求均值**：RMSNorm 不减均值；下面各步就是 μ = 0 时的层归一化\n\n$$\n{mean_tex}\n$$",
        "**2. 均方值**：对整组的 x² 求平均（RMS 是它的平方根）\n\n$$\n{var_tex}\n$$",
        "**3. 相除**：所选元素 x[{index}] 除以均方根\n\n$$\n{normalize_tex}\n$$",
        "**4. 缩放**：乘以{channel} 的 γ（torch.nn.RMSNorm 没有 β）\n\n$$\n{affine_tex}\n$$",
    ),
    "p2.rms_note": (
        "RMSNorm 不是标准化：x / RMS 保留了组内共同的偏移。它的 x̂ 的均值是 μ/√(RMS² + ε)，"
        "只有当组的均值 μ 为 0 时才为 0；此时 RMS² = σ²，RMSNorm 与同一组上（β = 0 的）层归一化完全相同"
        "（Zhang & Sennrich，NeurIPS 2019，§4）。"
    ),
    "p2.groups.truncated": (
        "共 {total:,} 组，这里列出前 {shown:,} 组。所有组的统计量：侧边栏底部的“导出”→ CSV。"
    ),
    "p2.groups.export": "下载这些统计量：侧边栏底部的“导出”→ CSV。",
    # --- figure: step by step ---
    "fig.steps.panel.x": "x（输入）",
    "fig.steps.slice.title": "一个切片：样本 n={n}，通道 c={c}",
    "fig.steps.colorbar": "数值",
    "fig.steps.values": "数值",
    "fig.steps.chosen": "所选元素",
    "fig.steps.strip.title": "该组的数值（相等的数值上下堆叠）",
    "fig.steps.strip.title_first": "该组的数值（{m:,} 个中均匀抽取 {shown} 个；相等的数值上下堆叠）",
    # --- page 3: Sigmoid saturation ---
    "p3.title": "Sigmoid 饱和",
    "p3.intro": (
        "sigmoid 函数 σ(x) = 1/(1 + e⁻ˣ) 会把反向传过它的梯度乘以导数 "
        "σ′(x) = σ(x)(1 − σ(x)) ≤ 0.25，在 x = 0 处取最大值。",
        "|x| 越大，σ′ 越接近 0，几乎没有梯度能传回去：该单元处于**饱和**状态。"
        "本应用把 σ(x) < 0.05 或 σ(x) > 0.95（即 |x| > 2.944）的输入计为饱和，"
        "此时 σ′ < 0.048，不到最大值的五分之一。",
        "归一化对输入做标准化（每组内 x̂ 的均值为 0、方差略小于 1），从而把大部分输入移到 σ′ "
        "较大的区域。随后，可学习的 γ 和 β 对 x̂ 进行缩放和平移：过大的 γ 或 |β| "
        "又会把输入推回饱和区（见下文）。",
    ),
    "p3.rms_note": (
        "RMSNorm 不做标准化：它把每一组除以该组的均方根，所以 x̂ 的均方值略小于 1，但保留了该组的"
        "均值偏移（x̂ 的均值是 μ/√(RMS² + ε)）。远离 0 的一组仍会偏在 sigmoid 的一侧。"
    ),
    "p3.affine.toggle": "应用侧边栏中的 γ、β（{values}）",
    "p3.affine.help": "关闭：右图显示 x̂ 本身（γ = 1，β = 0），即归一化本身的效果。"
    "打开：显示 y = γ·x̂ + β，γ、β 取侧边栏中的值。",
    "p3.before.title": "归一化前：x",
    "p3.after.title": "{label} 之后：y = γ·x̂ + β",
    "p3.after.title_standardized": "{label} 之后：x̂（γ = 1，β = 0）",
    "p3.metric.saturated": "饱和比例",
    "p3.metric.mean_grad": "σ′ 的均值",
    "p3.end_bins": "超出 ±{edge:g} 的值计入两端的柱中。金色竖线标出所选元素 x{element}。",
    "p3.resat.heading": "过大的 γ 或 |β| 会再次导致饱和",
    "p3.resat.metric": "按侧边栏的 γ、β 计算的饱和比例（{values}）",
    "p3.resat.text": "下图把侧边栏中的 γ 乘以系数 k（每个通道保留各自的 γ 和 β），"
    "在整个张量上计算 y = k·γ·x̂ + β。k = 1（金色点）就是当前设置，饱和比例为 {share}，"
    "即上面的数值。虚线去掉了 β，只看 γ 的作用。",
    "p3.resat.caption": (
        "γ 和 β 是可学习的，因此网络可在需要时部分抵消归一化的效果：对 BN，取 "
        "γ = √(Var[x] + ε)、β = E[x]（总体统计量），在评估模式下可精确恢复 x；"
        "训练时只能近似恢复，因为 μ_B 和 σ²_B 随小批量变化（Ioffe & Szegedy 2015，§3）。"
        "对 LN、IN 和 GN，统计量随样本而变，任何固定的 γ、β 都无法抵消。"
        "初始化不当或数值爆炸的 γ 会把输入推回饱和区，那里 sigmoid 的斜率几乎为 0。"
    ),
    "p3.layers.heading": "经过 L 层：梯度消失与梯度爆炸",
    "p3.layers.slider": "层数 L",
    "p3.layers.text": (
        "反向传播每经过一个 sigmoid 层 h = σ(z)（z = W·u + b），梯度都要乘以 diag(σ′(z)) "
        "和 Wᵀ：前者来自激活函数，后者来自权重。经过 L 层，梯度就是 L 个这样的因子的乘积。",
        "仅激活函数这一部分每层至多为 0.25，L 层至多为 0.25ᴸ：L = {layers} 时为 {best}。"
        "若以这些输入的 σ′ 均值作为典型值，这一部分在归一化前约为 **{before}**，"
        "归一化后约为 **{after}**（见下图）。",
        "权重这一部分既可能让梯度变小，也可能让它变大：每层因子的范数至多为 ‖W‖·0.25"
        "（‖W‖ 为 W 的最大奇异值）。以讲义中每层只有一个单元的链为例：若 |w| < 4，"
        "每层因子都小于 1，乘积趋于零，这就是**梯度消失**，深层 sigmoid 网络的前几层"
        "几乎学不到东西。在同一条链中若 w = 100，在 σ′ 取最大值处，一层就能把梯度放大到 "
        "100 × 0.25 = 25 倍，{layers} 层最多放大 25ᴸ = {explode} 倍，这就是**梯度爆炸**。"
        "权重过大也会把输入推入饱和区，使 σ′ 重新变小：哪种效应占上风取决于输入。",
        "归一化作用于激活函数这一部分（让 σ′ 保持较大），并且使该层的输出与 W 的尺度无关"
        "（见“梯度”页：对任意 a > 0，忽略 ε 时有 Norm(aW·u) = Norm(W·u)），"
        "因此训练对权重的初始化不那么敏感。",
    ),
    "p3.channel.heading": "逐通道",
    "p3.channel.caption": (
        "阴影为所选通道。这里与 BN 论文（Ioffe & Szegedy 2015，§3.2）一样，"
        "把归一化放在卷积层或全连接层之后、激活函数之前：那里的输出更可能对称、"
        "“更接近高斯分布”，而 ReLU 之后的输出是单侧且稀疏的。这是论文的选择，而不是定律："
        "实践中也有把 BN 放在激活函数之后的做法。"
    ),
    # --- figure: saturation ---
    "fig.saturation.share": "输入占比",
    "fig.saturation.axis.input": "sigmoid 的输入（灰色：饱和区，σ′ < 0.048）",
    "fig.saturation.before": "归一化前（x）",
    "fig.saturation.after": "归一化后（y）",
    "fig.saturation.after_standardized": "归一化后（x̂）",
    "fig.saturation.per_channel.title": "各通道的饱和比例",
    "fig.saturation.saturated": "饱和比例",
    "fig.saturation.axis.channel": "通道 c",
    "fig.saturation.chosen": "所选元素：{value:.2f}",
    "fig.saturation.decay.best": "σ′ 部分的上界：0.25ᴸ",
    "fig.saturation.decay.before": "归一化前的 σ′ 部分：(σ′ 均值)ᴸ",
    "fig.saturation.decay.after": "归一化后的 σ′ 部分：(σ′ 均值)ᴸ",
    "fig.saturation.decay.title": "经过 L 层后梯度因子中的 σ′ 部分（不含权重）",
    "fig.saturation.decay.factor": "因子（对数坐标）",
    "fig.saturation.decay.layers": "层数 L",
    "fig.saturation.resat.now": "侧边栏的 {values}：{share}",
    "fig.saturation.resat.title": "y = k·γ·x̂ + β 的饱和比例随 γ 的系数 k 的变化",
    "fig.saturation.resat.axis": "侧边栏 γ 的系数 k（k = 1：当前设置）",
    "fig.saturation.resat.both": "y = k·γ·x̂ + β（β 取当前设置）",
    "fig.saturation.resat.gamma_only": "y = k·γ·x̂（β = 0）",
    # --- page 4: Train vs eval ---
    "p4.title": "训练模式与评估模式",
    "p4.intro": (
        "在**训练模式**（`model.train()`）下，批量归一化用当前小批量的均值和有偏方差做归一化。",
        "在**评估模式**（`model.eval()`）下，它改用训练过程中累积的*滑动均值*和*滑动方差*，"
        "这样一个样本的输出只取决于它自己，而与同一小批量中的其他样本无关。"
        "（`torch.no_grad()` 和 `torch.inference_mode()` 只是关闭梯度记录，并不会把 BN "
        "切换到评估模式。）",
        "下面先对屏幕上的这个张量训练一步，再看一串形状与它相同的小批量；这些小批量取自一个"
        "真实均值和方差已知的总体（通道 c = {c}，即所选元素所在的通道）。",
    ),
    "p4.error": "**PyTorch 在训练模式下对这个张量的报错：** {error}",
    "p4.error.try": (
        "试一试：设 `bn = nn.BatchNorm1d(C)`，`bn(torch.randn(1, C))` 会抛出 *ValueError: "
        "Expected more than 1 value per channel when training*。调用 `bn.eval()` 之后，"
        "同样的调用可以正常运行：它使用滑动均值和滑动方差。请在侧边栏中增大 N（或 H·W）后继续。"
    ),
    "p4.mode.label": "滑动估计",
    "p4.mode.pytorch": "PyTorch 动量",
    "p4.mode.cumulative": "累积平均（momentum=None）",
    "p4.slider.momentum": "PyTorch 动量 momentum（新小批量的权重）",
    "p4.slider.keras": "Keras 动量 momentum（旧值的权重）",
    "p4.slider.batches": "数据流中的小批量个数",
    "p4.slider.step": "逐步查看数据流：已处理的小批量个数",
    "p4.pytorch.info": (
        "**PyTorch** `nn.BatchNorm2d(momentum=0.1)`：running = (1 − momentum)·running + "
        "momentum·batch，即 momentum 是*新*小批量的权重。小批量本身用有偏方差 σ²_B 归一化"
        "（除以 n，n 为每个通道参与统计的值的个数：卷积层为 N·H·W，全连接层为 N），"
        "而 running_var 记录的是**无偏**的 "
        "n/(n−1)·σ²_B。{then}"
    ),
    "p4.pytorch.to_keras": "PyTorch 的 {pytorch:g} 相当于 Keras 的 {keras:g}。",
    "p4.pytorch.cumulative": (
        "设 `momentum=None` 时，它保存迄今所有小批量的简单平均（k 个小批量各占 1/k 的权重）："
        "Keras 没有这个选项。"
    ),
    "p4.keras.info": (
        "**Keras** `BatchNormalization(momentum=0.99)`：moving = momentum·moving + "
        "(1 − momentum)·batch，即 momentum 是*旧*值的权重（很多博客文章以及讲义引用的 `MyBN` "
        "类也采用这种写法）。Keras 3 用有偏的小批量方差 σ²_B 更新滑动方差。"
        "Keras 的 {keras:g} 相当于 PyTorch 的 {pytorch:g}。"
    ),
    "p4.one_step.heading": "在这个张量上训练一步，再切换到评估模式",
    "p4.one_step.toggle": "执行一步训练：`bn.train(); bn(x)`",
    "p4.one_step.text": (
        "新建的 `nn.{layer}({c})` 中 running_mean = 0，running_var = 1。在训练模式下做一次"
        "前向传播：用 x 自身的小批量统计量（每个通道 n = {count} 个值的 μ_B 和有偏方差 σ²_B："
        "卷积层为 N·H·W，全连接层为 N）对 x 做归一化，并按 running = (1 − momentum)·running + momentum·batch 更新，"
        "其中 momentum = {momentum}，running_var 使用无偏的 n/(n−1)·σ²_B。",
        "然后调用 `bn.eval()`：同一个 x 改用滑动均值和滑动方差归一化，y 随之改变。"
        "关掉这一步训练，可以看到未经训练的层在评估模式下的输出（它使用 0 和 1）。",
    ),
    "p4.one_step.none": "None（即第一个小批量的统计量）",
    "p4.one_step.col.channel": "通道",
    "p4.one_step.col.var_biased": "σ²_B（有偏，除以 n）",
    "p4.one_step.col.var_unbiased": "n/(n−1)·σ²_B（无偏）",
    "p4.one_step.fresh": (
        "**尚未训练：** 新建的 `{layer}` 中 running_mean = {mean}，running_var = {var}。"
    ),
    "p4.one_step.after": (
        "**训练一步之后：** `bn.running_mean` = {mean}，`bn.running_var` = {var}。"
    ),
    "p4.one_step.one_channel": "通道太多，无法全部列出：只列出通道 c = {c}。",
    "p4.one_step.col.slice": "切片 [n, c]",
    "p4.one_step.col.x": "x（输入）",
    "p4.one_step.col.train": "y，训练模式（小批量统计量）",
    "p4.one_step.col.eval": "y，评估模式（滑动均值和滑动方差）",
    "p4.one_step.element": (
        "所选元素 x{element} = {value:.4f}：训练模式下 y = **{train:.4f}**，"
        "评估模式下 y = **{eval:.4f}**。"
    ),
    "p4.one_step.too_big": "只有当张量至多有 8 个切片 [n, c]、每个切片至多 16 个值时，才列出整个张量。",
    "p4.stream.heading": "小批量数据流中滑动估计的变化",
    "p4.stream.text": (
        "每个灰点是一个小批量的统计量；各条线是每处理一个小批量之后的滑动估计。"
        "PyTorch（设有 momentum 时）和 Keras 的估计在第一个小批量之前从滑动均值 0、"
        "滑动方差 1 出发；累积平均（momentum=None）和 BN 论文的估计与初始值无关。"
        "数据流只抽取一次：把它加长只会在末尾添加小批量，屏幕上已有的小批量保持不变。"
    ),
    "p4.after": (
        "处理 **{k}** 个小批量之后：PyTorch 的 running_mean = {mean:.4f}，"
        "running_var = {var:.4f}；真实均值 = {true_mean:.4f}，真实方差 = {true_var:.4f}。"
        "BN 论文在同样这些小批量上的估计（E[x] = 各小批量均值的平均，Var[x] = n/(n−1) × "
        "各小批量有偏方差 σ²_B 的平均）= {paper_mean:.4f}, {paper_var:.4f}。"
    ),
    "p4.paper": (
        "**BN 论文的估计**（Ioffe & Szegedy 2015，§3.1，算法 2）是在训练*结束之后*计算的："
        "冻结权重，让若干个含 n 个值的小批量通过网络，取 E[x] = E_B[μ_B]，"
        "Var[x] = n/(n−1)·E_B[σ²_B]（论文中把 n 记作 m）。对相互独立的值，有偏的 σ²_B 的期望是 "
        "(n−1)/n·Var[x]，所以 n/(n−1)·E_B[σ²_B] 是**总体方差 Var[x] 的无偏估计**。讲义中有两个常见误解："
        "它*不是*“各小批量方差的无偏估计”；它也*不*沿用训练过程中记录的统计量：算法 2 "
        "在权重冻结之后，把训练数据的小批量重新送入网络，因此每个小批量经过的都是最终的权重。"
        "这里的总体固定不变，相当于权重已冻结，"
        "所以论文的估计就是迄今各小批量的平均。",
        "**为什么框架改用指数滑动平均**（BN 论文 §3.1 本身也提出可改用滑动平均，"
        "以便在训练过程中跟踪模型的准确率）：它代价低、可在线计算：在训练的前向传播中顺带更新，"
        "训练结束后无需再遍历一遍数据。它是**有意遗忘**的：权重在变化，某一层接收到的激活值"
        "的分布也随之漂移，很久以前的小批量描述的是一个已经不存在的网络。",
    ),
    "p4.weights.expander": "过去的每个小批量各占多少权重？",
    "p4.weights.caption": (
        "指数滑动平均按几何级数遗忘：按 PyTorch 的约定，j 步之前的小批量权重为 "
        "momentum·(1 − momentum)^j。momentum 为 0.1 时，最近 22 个小批量占 90% 的权重；"
        "Keras 的 0.99 则把权重分摊到大约最近 100 个小批量上（最近 230 个占 90%）。"
        "累积平均（momentum=None）与 BN 论文的算法 2 一样，对所有小批量一视同仁；"
        "这只适用于来自同一个固定网络的小批量：算法 2 正是在训练之后、冻结权重时抽取它们的。"
    ),
    "p4.sample.heading": "一个样本，许多小批量",
    "p4.sample.text": (
        "元素 x{element} = {value:.4f} 在**每个训练小批量中的输出都不同**（在 {count} 个大小为 "
        "N = {n} 的小批量中，标准差为 {std:.4f}）：正是这种小批量噪声使 BN 具有轻微的正则化"
        "作用（Ioffe & Szegedy 2015，§3.4），这也是 BN 与 Dropout 作用重叠的原因。在**评估模式**下，"
        "它只有一个输出 {eval:.4f}，来自处理 {k} 个小批量之后的滑动均值和滑动方差。",
        "若设 `track_running_stats=False`，评估模式下仍使用小批量统计量，输出依然取决于所在的"
        "小批量。",
    ),
    "p4.transfer.heading": "微调与迁移：滑动统计量随权重一起迁移",
    "p4.transfer": (
        "预训练网络的 running_mean 和 running_var 描述的是**源**数据（例如 ImageNet）的激活值。"
        "在新的领域上，激活值的统计量不同，评估模式却仍用源数据的 μ 和 σ² 做归一化。"
        "在目标数据上重新估计滑动统计量（重置滑动统计量，设 momentum=None，在训练模式下做"
        "前向传播、不做梯度更新）是一种代价很低的补救办法：AdaBN（Li 等，2016，arXiv:1603.04779）。",
        "用小批量微调时（目标检测、语义分割：每块 GPU 只有一两张图像），小批量统计量噪声很大，"
        "所以常把 BN 层**冻结**：保持评估模式，沿用预训练的滑动统计量（γ、β 也常固定），"
        "或者用组归一化代替 BN（Wu & He 2018）。注意 `model.train()` 会把所有 BN 重新切换到"
        "训练模式：需要在它之后对 BN 层调用 `.eval()`。",
        "讲义中的玫瑰例子（训练图像与测试图像来自不同的分布）是训练数据与测试数据之间的"
        "**数据集偏移**，而不是 BN 论文所说的*内部*协变量偏移（训练中由于前面各层权重的变化，"
        "某一层输入分布的变化）。BN 并不能消除数据集偏移：它的滑动统计量是在训练数据上收集的。"
        "（BN 是否真的靠减少内部协变量偏移起作用，本身也有争议：见 Santurkar 等，NeurIPS 2018，"
        "以及“梯度”页。）",
    ),
    # --- figure: running statistics ---
    "fig.running.title.mean": "通道 {channel} 的滑动均值随小批量的变化",
    "fig.running.title.var": "通道 {channel} 的滑动方差随小批量的变化",
    "fig.running.axis.batch": "小批量序号",
    "fig.running.axis.mean": "μ 的估计",
    "fig.running.axis.var": "σ² 的估计",
    "fig.running.batch.mean": "本小批量的 μ_B",
    "fig.running.batch.var": "本小批量的 σ²_B（有偏）",
    "fig.running.hover.batch": "第 {x} 个小批量：{y}",
    "fig.running.hover.after": "第 {x} 个小批量之后：{y}",
    "fig.running.estimate.pytorch": "PyTorch，momentum={momentum}（新小批量的权重）",
    "fig.running.estimate.pytorch_none": "PyTorch，momentum=None（累积）",
    "fig.running.estimate.keras": "Keras，momentum={momentum}（旧值的权重）",
    "fig.running.estimate.cumulative": "PyTorch，momentum=None（累积平均）",
    "fig.running.estimate.bn_paper": "BN 论文算法 2：E_B[μ_B]，n/(n−1)·E_B[σ²_B]",
    "fig.running.truth": "总体 {symbol} = {value:.4g}（真实值）",
    "fig.running.weights.hover": "{x} 个小批量之前：权重 {y}",
    "fig.running.weights.title": "过去每个小批量在滑动估计中所占的权重",
    "fig.running.weights.axis.ago": "距今的小批量个数（0 = 最新的小批量）",
    "fig.running.weights.axis.weight": "在估计中的权重",
    "fig.running.row.train": "训练模式<br>（小批量统计量）",
    "fig.running.row.untracked": "评估模式，<br>track_running_stats=False",
    "fig.running.row.eval": "评估模式<br>（滑动均值和滑动方差）",
    "fig.running.eval_point": "评估模式（滑动均值和滑动方差）：只有一个值",
    "fig.running.population": "使用总体的 μ、σ²",
    "fig.running.train_eval.title": "同一样本的 BN 输出",
    "fig.running.train_eval.channel": "（通道 {channel}）",
    "fig.running.train_eval.value": "，x = {x:.4g}",
    "fig.running.train_eval.axis": "所选元素的 BN 输出 y",
    # --- pages_5_8 ---
    # --- 第 5 页：批大小 ---------------------------------------------------------------------
    "p5.title": "批量大小",
    "p5.intro": (
        "批量归一化（BN）的 μ_B 和 σ²_B 是由一个小批量中某个通道的 m = N·H·W 个值估计出来的（N 个样本，每个样本 H·W 个位置）。",
        "小批量均值偏离总体均值的程度由其方差衡量：**Var(μ_B) = (σ² + (H·W − 1)·cov) / (N·H·W) = cov/N + (σ² − "
        "cov)/(N·H·W)**，其中 σ² 是单个值的方差，cov 是同一样本、同一通道中两个不同值的协方差（对所有位置对取平均）。只有这些值互不相关（cov = "
        "0）时，噪声才按 σ/√(N·H·W) 缩小。真实特征图中的各个位置是相关的（相邻像素、整幅图像的亮度），所以 H·W 增大时，噪声只会降到下限 "
        "√(cov/N)，而这个下限只有增加样本数 N 才能降低：特征图再大，也弥补不了批量太小。",
        "这正是 GN 论文中 BN 在每块 GPU 只有 2 张图像时 ImageNet 错误率升到 34.7 % 的原因之一，尽管 ResNet-50 的每个 BN "
        "层在每张图像上都对 7×7 到 112×112 个位置取平均（Wu & He，ECCV 2018，表 2）。批量较小时，训练与测试的不一致也会加剧：训练时用每个小批量自己的 "
        "μ_B 和 σ²_B 归一化，评估模式（model.eval()）下则用滑动平均，网络评估时所用的归一化方式，是它在训练中从未用过的（Ioffe，NIPS "
        "2017，*Batch Renormalization*）。",
        "层归一化、实例归一化和组归一化在单个样本内部计算统计量：它们不依赖 N，在训练模式和评估模式下的计算也完全相同（此为 PyTorch "
        "的默认设置；nn.InstanceNorm2d(track_running_stats=True) 在评估模式下会像 BN 一样改用滑动均值和滑动方差）。",
    ),
    "p5.slider.spatial": "特征图大小 H·W",
    "p5.slider.batches": "每种批量大小抽样的小批量数",
    "p5.estimates.header": "μ 和 σ² 的小批量估计（通道 {channel}，H·W = {spatial}）",
    "p5.estimates.caption": (
        "箱线图：BN 在每种批量大小 N 下对 {batches} 个抽样小批量的估计（须线为第 5–95 百分位数）；灰色竖带：侧边栏的 N。左图虚线：μ ± √((σ² + "
        "(H·W − 1)·cov)/(N·H·W))，即 μ_B 的一个理论标准差（对高斯值约覆盖 68 % 的小批量；须线覆盖 90 %）。右图虚线：E[σ²_B] = σ² − "
        "Var(μ_B)，即有偏小批量方差的期望，它恰好比 σ² 小 Var(μ_B)。通道 {channel}：σ² = {var:.4g}，cov = {cov:.4g}，ρ = "
        "cov/σ² = {rho:.2f}。"
    ),
    "p5.estimates.fixed": "固定的或上传的张量在这里被看作相互独立的高斯值，"
    "各通道的均值和方差取自张量本身（cov = 0）。",
    "p5.feature_map.header": "大的特征图能弥补小批量吗？只有各个值相互独立时才能",
    "p5.feature_map.constant": "这个张量的通道 {channel} 是常数（σ = 0）：它的小批量估计没有噪声可以度量，因此只画出两种参照情形。",
    "p5.feature_map.caption": (
        "在侧边栏的 N = {n} 下，H·W 从 1 到 4,096 时 BN 的 μ_B（左图，以 σ 为单位）和 σ²_B（右图，以 σ² 为单位）的噪声：圆点是在 "
        "{batches} 个抽样小批量上实测的值，实线（仅左图）是上面的公式。相互独立的值（ρ = 0）一直按 σ/√(N·H·W) "
        "下降。同一样本内共享一个偏移量的值，如预设“{preset}”（ρ = {rho:.2f}），降到 √(cov/N) = {floor:.2f} σ（点线）就不再下降，而按 "
        "σ/√(N·H·W) 计算，H·W = 1,024 时应为 {promise:.3f} σ。只有增大 N 才能降低这个下限。"
    ),
    "p5.feature_map.tensor_independent": "这个张量的通道 {channel} 中各个值相互独立（ρ = 0）："
    "它沿第一条曲线变化。",
    "p5.feature_map.tensor_offsets": "这个张量的通道 {channel} 的 ρ = {rho:.2f}：它沿“逐样本偏移”那条曲线变化。",
    "p5.feature_map.tensor_own": "这个张量的通道 {channel} 的 ρ = {rho:.2f}：它自己的圆点和"
    "曲线以“这个张量”画出。",
    "p5.output.header": "同一个固定样本的输出随批量大小的变化：训练模式与评估模式",
    "p5.output.caption": "元素 x{element} 在各种大小的随机小批量中由训练模式的 BN 归一化的结果"
    "（带状区域：它在各小批量间的离散范围）、用总体 μ 和 σ² 的 BN 的结果（点线），"
    "以及由与小批量无关的 LN、IN 和 GN（G = {groups}）归一化的结果。灰色竖带：侧边栏的 N。",
    "p5.output.mismatch": "N = {n}、H·W = {spatial} 时训练与测试不一致：训练时每个小批量的"
    "输出方差都是 1（γ = 1，忽略 ε）；PyTorch 的 running_var 平均而言趋于 "
    "E[σ²_B]·m/(m − 1) = {running:.4g}，"
    "而不是 σ² = {var:.4g}，因此评估模式下输出的离散程度是训练时的 {ratio:.2f} 倍。",
    "p5.output.no_mismatch": (
        "N = {n}、H·W = {spatial} 时，PyTorch 的 running_var 平均而言与 σ² = {var:.4g} 相差不到 1 "
        "%：各个值相互独立时，无偏修正 m/(m − 1) 抵消了小批量方差的偏差；各个值之间即使相关，也弱到可以忽略，或者 N "
        "已足够大。因此评估模式与训练模式的差别只是上面所示的小批量噪声。"
    ),
    "p5.output.gn_is": "G = 1 的 GN 就是 LN，G = C 的 GN 就是 IN：这里 G = {groups}，"
    "所以 GN 的虚线与 {other} 的线重合。",
    "p5.output.gn_only": "C = {c} 在 1 与 C 之间没有约数，G 只能取 1 或 C；"
    "把 C 设为 4、6 或 8 这样的数，才能看到不同于 LN 和 IN 的 GN。",
    "p5.published.header": "已发表的结果（ImageNet 上的 ResNet-50）",
    "p5.published.caption": (
        "上面两幅图的数据取自论文，并非本应用计算。左图：Wu & He，“Group Normalization”，ECCV 2018（arXiv:1803.08494），表 "
        "2（即该文图 1 所画的数据）：ResNet-50 在 ImageNet 上训练，每块 GPU 的图像数从 32 降到 2，验证集错误率（%）。右图：同一论文的表 1，每块 "
        "GPU 32 张图像。前面的图给出了 BN 错误率上升的一个原因：N 小时它的统计量噪声大，而图像内部相关的各个位置弥补不了这一点。"
    ),
    # --- 图：批量大小 ------------------------------------------------------------------------
    "fig.batch_size.box": "小批量 {symbol}（中间 50 %，须线 5–95 %）",
    "fig.batch_size.theory_band": "μ ± √((σ² + (H·W − 1)·cov)/(N·H·W))（理论）",
    "fig.batch_size.expected_var": "E[σ²_B] = σ² − Var(μ_B)（理论）",
    "fig.batch_size.theory": "理论",
    "fig.batch_size.population": "总体 {symbol} = {value:.4g}",
    "fig.batch_size.your_n": "侧边栏 N = {n}",
    "fig.batch_size.channel": "通道 {channel}",
    "fig.batch_size.channel_spatial": "通道 {channel}，H·W = {spatial}",
    "fig.batch_size.word.mean": "均值 μ",
    "fig.batch_size.word.var": "方差 σ²（有偏）",
    "fig.batch_size.estimate_title": "小批量{word}随批量大小的变化（{where}）",
    "fig.batch_size.axis.batch": "批量大小 N",
    "fig.batch_size.axis.batch_log": "批量大小 N（对数坐标）",
    "fig.batch_size.axis.spatial_log": "特征图大小 H·W（对数坐标）",
    "fig.batch_size.axis.estimate": "小批量 {symbol}",
    "fig.batch_size.log_scale": "{title}（对数坐标）",
    "fig.batch_size.measured": "{label}：实测",
    "fig.batch_size.theory_of": "{label}：理论",
    "fig.batch_size.noise_mean_title": "BN 小批量均值的噪声，随批量大小和特征图大小的变化",
    "fig.batch_size.noise_mean_axis": "小批量 μ 的离散程度（以 σ 为单位）",
    "fig.batch_size.noise_var_title": "BN 小批量方差的噪声，随批量大小和特征图大小的变化",
    "fig.batch_size.noise_var_axis": "小批量 σ² 的离散程度（以 σ² 为单位）",
    "fig.batch_size.kind.independent": "相互独立的值（ρ = 0）",
    "fig.batch_size.kind.offsets": "逐样本偏移（ρ = {rho:.2f}）",
    "fig.batch_size.kind.tensor": "这个张量（ρ = {rho:.2f}）",
    "fig.batch_size.curve": "{label}：理论 {law}",
    "fig.batch_size.floor": "下限 √(cov/N) = {floor:.2f} σ（N = {n}）",
    "fig.batch_size.spatial_now": "H·W = {spatial}（滑块）",
    "fig.batch_size.fm_mean_title": "BN 小批量均值的噪声随特征图大小的变化（N = {n}）",
    "fig.batch_size.fm_var_title": "BN 小批量方差的噪声随特征图大小的变化（N = {n}）",
    "fig.batch_size.band_90": "BN，5–95 % 的小批量",
    "fig.batch_size.band_50": "BN，中间 50 %",
    "fig.batch_size.bn_median": "BN（训练模式），中位数",
    "fig.batch_size.batch_free": "{name}：与小批量无关，始终是同一个值",
    "fig.batch_size.equals": "{name}，与 {other} 相同",
    "fig.batch_size.bn_population": "用总体 μ、σ² 的 BN",
    "fig.batch_size.output_title": "单个样本的输出：BN 取决于它所在的小批量",
    "fig.batch_size.output_title_value": "单个样本的输出（x = {value:.4g}）：BN 取决于它所在的小批量",
    "fig.batch_size.axis.output": "所选元素的输出 y",
    "fig.batch_size.paper_title": "已发表的结果：错误率随批量大小的变化（Wu & He 2018）",
    "fig.batch_size.paper_32_title": "已发表的结果：批量大小 32 时的错误率（Wu & He 2018）",
    "fig.batch_size.axis.images_per_gpu": "每块 GPU 的图像数（批量大小）",
    "fig.batch_size.axis.imagenet_error": "ImageNet 验证集错误率（%）",
    "fig.batch_size.axis.normalization": "归一化方法",
    # --- 第 6 页：梯度 -----------------------------------------------------------------------
    "p6.title": "梯度",
    "p6.intro": (
        "**{method}** 的反向传播。BN 论文（Ioffe & Szegedy 2015，§3）中的公式"
        "对六种方法的每一组都成立：不同方法的区别只在于哪些值共用一对 (μ, σ²)"
        "（RMSNorm：μ = 0，并用均方值 RMS² 代替 σ²，因此经过 μ 的那一步不存在）。",
        "每一步都与 PyTorch 的 autograd（自动求导）结果进行了核对。",
        "请选择从上层传来梯度 ∂L/∂y 的损失函数：",
    ),
    "p6.upstream.label": "上游梯度",
    "p6.upstream.weighted_sum": "加权和",
    "p6.upstream.half_sum_of_squares": "平方和的一半",
    "p6.upstream.through_a_sigmoid": "经过 sigmoid",
    "p6.upstream_formula.weighted_sum": "L = Σ wᵢ·yᵢ，其中 wᵢ ~ N(0, 1) 随机，因此 ∂L/∂yᵢ = wᵢ",
    "p6.upstream_formula.half_sum_of_squares": "L = ½ Σ yᵢ²，因此 ∂L/∂yᵢ = yᵢ",
    "p6.upstream_formula.through_a_sigmoid": (
        "L = Σ wᵢ·sigmoid(yᵢ)，其中 wᵢ ~ N(0, 1) 随机，因此 ∂L/∂yᵢ = wᵢ·sigmoid(yᵢ)(1 − sigmoid(yᵢ))"
    ),
    "p6.subset": "这个张量有 {size:,} 个元素；反向传播（使用 float64，并与 autograd 核对）"
    "只在前 {samples} 个样本组成的小批量上运行（{elements:,} 个元素）。此时 BN 的统计量"
    "来自这个较小的小批量；LN、IN 和 GN 对每个样本单独归一化，统计量不受影响。",
    "p6.subset_moved": "所选元素 x{element} 不在其中：下面的步骤跟踪的是 x{followed}。",
    "p6.steps.header": "x[{index}] 的逐步计算（它所在的组有 m = {m:,} 个值）",
    "p6.steps.sum_centered": "Σ(xᵢ − μ) = {value:.2e}：在舍入误差范围内为零，所以 ∂L/∂μ 的第二项消失。",
    "p6.check.whole": "在整个张量上与 torch autograd 核对：最大 |差值| = {differences}"
    "（最大者 {worst:.1e}）。",
    "p6.check.first": "在前 {samples} 个样本上与 torch autograd 核对：最大 |差值| = {differences}"
    "（最大者 {worst:.1e}）。",
    "p6.removed.header": "{label} 从梯度中去掉了什么",
    "p6.removed": (
        "在每一组上，**Σ ∂L/∂xᵢ = 0**（所有组中最大的相对和：{sum:.1e}），并且（忽略 ε 时）**Σ ∂L/∂xᵢ·x̂ᵢ = "
        "0**（最大值：{dot:.1e}；扣除精确的 ε 项后：{dot_eps:.1e}）。",
        "{label} 在每一组内从 ∂L/∂x̂ 中减去它的均值和（忽略 ε 时）它沿 x̂ 方向的分量，再除以 √(σ² + ε)，结果就是 ∂L/∂x。",
        "因此 ∂L/∂x 在两个方向上没有分量：整体平移一组（x + c），以及以均值为中心缩放一组（μ + s·(x − μ)）。沿这两个方向损失不变（忽略 ε "
        "时），所以梯度与它们正交。这只是一阶结论：一步更新 x − η·∂L/∂x 严格保持该组的均值，但会使 Σ(xᵢ − μ)² 增大 η²‖∂L/∂x‖²（忽略 ε "
        "时）。该层之前的权重 W 也是如此（∂L/∂W ⟂ W，见下文）：不带动量、不带权重衰减的 SGD 每走一步都会使 ‖W‖ 增大，有效学习率 η/‖W‖² "
        "随之下降。使用归一化后，权重衰减不再限制网络的输出（归一化后的输出与 ‖W‖ 无关），而是让 ‖W‖ 保持较小，从而防止有效学习率不断下降（van Laarhoven "
        '2017，"L2 Regularization versus Batch and Weight Normalization"，arXiv:1706.05350）。',
    ),
    "p6.removed.rms": (
        "在每一组上，（忽略 ε 时）**Σ ∂L/∂xᵢ·x̂ᵢ = 0**（最大值：{dot:.1e}；扣除精确的 ε 项后："
        "{dot_eps:.1e}），但 **Σ ∂L/∂xᵢ 不为 0**（所有组中最大的相对和：{sum:.1e}）。",
        "{label} 在每一组内从 ∂L/∂x̂ 中只减去（忽略 ε 时）它沿 x̂ 方向的分量，再除以 √(RMS² + ε)："
        "∂L/∂x = (g − x̂·mean(g·x̂))/√(RMS² + ε)，其中 g = ∂L/∂x̂。没有均值可减：RMSNorm 在前向传播中"
        "就不减均值。",
        "因此 ∂L/∂x 在缩放一组（s·x）的方向上没有分量：沿这个方向损失不变（忽略 ε 时）。整体平移一组"
        "（x + c）会改变 RMS² 和输出，所以梯度保留了沿这个方向的分量：RMSNorm 保留了层归一化对缩放的"
        "不变性，放弃了对平移（重新中心化）的不变性（Zhang & Sennrich，NeurIPS 2019，§4.1，表 1）。",
    ),
    "p6.steps.rms_mean": "∂L/∂μ = 0：RMSNorm 的 μ 是常数 0，不是 x 的函数。",
    "p6.scale.header": "尺度不变性，以及对初始化不那么敏感",
    "p6.scale": (
        "在 {label} 之前有一层 z = W·u（不带偏置）：这里是一个 1×1 卷积，{batch} 个样本、{channels} 个通道、{positions} 个位置。把 "
        "W 乘以任意 a > 0，z 也乘以 a，而 {label} 又把 a 除掉：{fn}(aW·u) = {fn}(W·u)（忽略 ε 时；Ioffe & Szegedy "
        "2015，§3.3；六种方法都是如此，包括 RMSNorm）；a < 0 时 x̂ 会变号。",
        "因此，W 初始化时的尺度不影响前向传播：a 从 0.1 变到 100，输出至多改变 {change}（ε 的影响）。传回 u 的梯度也不变：∂{fn}(aW·u)/∂u = "
        "∂{fn}(W·u)/∂u（忽略 ε 时），所以尺度不当的权重既不会放大也不会缩小反向传播的梯度。训练对初始化不那么敏感，但并非完全不敏感：对权重的梯度仍按 1/a "
        "变化（见下）。",
        "对缩放后权重的梯度按 1/a 缩小：∂L/∂(aW) = (1/a)·∂L/∂W。权重越大，更新越小，这抑制了权重的增长，也允许使用更大的学习率（§3.3）。",
        "并且 ∂L/∂W ⟂ W：这里 ⟨W, ∂L/∂W⟩/(‖W‖·‖∂L/∂W‖) = {cosine}。取 η = {eta:g} 做一步 SGD，‖W‖² 从 "
        "{before:.4f} 增大到 {after:.4f} = {before:.4f} + η²‖∂L/∂W‖²（η²‖∂L/∂W‖² = {growth:.4f}）。",
    ),
    "p6.scale.slider": "缩放系数 a",
    "p6.bias.header": "{label} 之前的偏置",
    "p6.bias.intro": "同一层加上偏置，z = W·u + b：左图在每个通道上都加 b = {value:g}，"
    "右图只在通道 0 上加。空心圆：没有偏置时的输出；实心点：加上偏置后的输出"
    "（样本 0，已与 PyTorch 核对）。",
    "p6.bias.batch": "**两种偏置都被抵消。** BN 对每个通道减去它在整个小批量和所有位置上的均值，"
    "而逐通道的偏置在这个范围内是常数。因此 b 的梯度为零（max |∂L/∂b| = {grad}），"
    "它的作用由 β 承担：BN 之前的卷积层或全连接层不需要偏置（PyTorch 中设 bias=False）。",
    "p6.bias.instance": "**两种偏置都被抵消。** IN 对每个通道减去它在单个样本所有位置上的均值，"
    "而逐通道的偏置在这个范围内是常数。因此 b 的梯度为零（max |∂L/∂b| = {grad}），"
    "它的作用由 β 承担。",
    "p6.bias.layer": "**只有所有通道相同的偏置被抵消。** LN 的均值取自一个样本的所有通道，"
    "逐通道的偏置会让各通道彼此错开，并改变方差：输出最多改变 {change}。它的梯度不为零"
    "（max |∂L/∂b| = {grad}），只是它对所有通道求和为零。LN 之前的偏置并非无用。",
    "p6.bias.group": "**只有在一组内所有通道都相同的偏置被抵消。** 这里 GN 有 {groups} 组："
    "组内各通道不同的偏置会使输出最多改变 {change}，∂L/∂b 也不为零（最大 {grad}），"
    "只是它在每一组上的和为零。",
    "p6.bias.token": "**只有所有通道相同的偏置被抵消。** 逐词元层归一化的均值取自一个位置上的 "
    "C 个通道，逐通道的偏置会让各通道彼此错开，并改变方差：输出最多改变 {change}。它的梯度不为零"
    "（max |∂L/∂b| = {grad}），只是它对所有通道求和为零。",
    "p6.bias.rms": "**两种偏置都不会被抵消。** RMSNorm 不减均值，所以即使所有通道相同的偏置也会"
    "改变输出（这里最多改变 {every}；只加在通道 0 上的偏置最多改变 {change}），并且有梯度"
    "（max |∂L/∂b| = {grad}）。RMSNorm 保留了层归一化对缩放的不变性，但放弃了对平移（重新中心化）"
    "的不变性（Zhang & Sennrich，NeurIPS 2019，§4.1，表 1）。",
    "p6.stories.header": "BN 为什么有效？两种解释",
    "p6.stories.original": (
        "**最初的解释（Ioffe & Szegedy 2015，§1–2）：内部协变量偏移。** 随着前面的层不断学习，每一层输入的分布一直在变化；BN "
        "对每个特征做归一化，再赋予它可学习的均值 β 和方差 γ²，后面的层就不必追赶这种变化。"
    ),
    "p6.stories.correction": (
        '**修正（Santurkar 等，NeurIPS 2018，"How Does Batch Normalization Help Optimization?"）：** 即使在 '
        "BN 之后注入噪声、重新造成分布偏移，BN 依然有效（§2）；按他们的度量，BN 甚至并未减少内部协变量偏移（§2.2）。所以内部协变量偏移的减少解释不了它的好处。BN "
        "使损失曲面更平滑：沿梯度方向，损失及其梯度的变化更小（§3.1），因此可以放心使用更大的学习率。"
    ),
    "p6.landscape.caption": (
        "在一个全连接 ReLU 网络（初始化状态，{depth} 个宽度为 {width} 的隐藏层）上重复 Santurkar 等人的测量（§3.1），分别在每个隐藏线性层与其 "
        "ReLU 之间加与不加 {label}（不含 γ、β）：沿自身梯度 g = ∇L(θ) 走到 θ − η·g。损失随 η 的变化范围：不加归一化时 {plain:.3g}，加 "
        "{label} 时 {bn:.3g}。"
    ),
    "p6.landscape.instance": (
        "IN 在这个全连接网络上没有意义：每个（样本，单元）组只有一个值，x̂ = 0，无论输入如何，输出都是常数 β。因此这里显示的是 BN 的损失曲面。"
    ),
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
    "fig.gradients.panel.arriving": "传入的 ∂L/∂x̂ 与 {label} 去掉的直线",
    "fig.gradients.panel.passes": "传下去的部分：√(σ²+ε)·∂L/∂x",
    "fig.gradients.removed_title": "{label} 去掉了梯度的均值及其沿 x̂ 的分量",
    "fig.gradients.axis.x_hat": "x̂（归一化后的值）",
    "fig.gradients.panel.grad_w": "对权重 aW 的梯度",
    "fig.gradients.panel.output_change": "{label} 输出的变化",
    "fig.gradients.predicted": "(1/a)·‖∂L/∂W‖（取 a = 1 时的值）",
    "fig.gradients.autograd": "‖∂L/∂(aW)‖（autograd 计算）",
    "fig.gradients.output_change": "max |{fn}(aW·u) − {fn}(W·u)|（ε 的影响）",
    "fig.gradients.axis.scale": "权重的缩放系数 a",
    "fig.gradients.axis.largest_change": "最大变化",
    "fig.gradients.scale_title": "尺度不变性：{fn}(aW·u) = {fn}(W·u)，梯度 ∝ 1/a",
    "fig.gradients.panel.loss": "损失 L(θ − η·g)",
    "fig.gradients.panel.grad_norm": "梯度范数 ‖∇L(θ − η·g)‖",
    "fig.gradients.panel.grad_change": "梯度变化 ‖∇L(θ − η·g) − g‖",
    "fig.gradients.without_bn": "不加归一化",
    "fig.gradients.with_bn": "加 {label}",
    "fig.gradients.axis.step": "沿 −g 的步长 η",
    "fig.gradients.landscape_title": "沿梯度方向：有 {label} 时更平滑",
    "fig.gradients.bias.without": "没有偏置",
    "fig.gradients.bias.with_every": "每个通道 b = {value:g}",
    "fig.gradients.bias.with_one": "仅通道 0 上 b = {value:g}",
    "fig.gradients.bias.panel_every": "每个通道都加 b：max |Δy| = {change}",
    "fig.gradients.bias.panel_one": "只在通道 0 上加 b：max |Δy| = {change}",
    "fig.gradients.bias.axis": "样本 0：每个通道 c 的各个位置",
    "fig.gradients.bias.output": "{label} 的输出 y",
    "fig.gradients.bias.title": "{label} 之前的偏置 b 会改变输出吗？",
    # --- 第 7 页：Dropout --------------------------------------------------------------------
    "p7.title": "随机失活（Dropout）",
    "p7.intro": (
        "训练时，随机失活（Dropout；Hinton 等，2012；Srivastava 等，JMLR 2014）以概率 **p** "
        "独立地把每个单元置零，每个样本、每一步都使用新的随机掩码。本页中 **p 是丢弃概率**，与 PyTorch 的 `nn.Dropout(p)` 和 Keras 的 "
        "`Dropout(rate)` 一致。Srivastava 等（2014）和 TensorFlow 1 的 `tf.nn.dropout(keep_prob=…)` "
        "用的则是*保留*概率，即这里的 1 − p：看公式时要先弄清 p 指的是哪一个（讲义中两种用法都有）。",
        "**倒置 Dropout**（inverted dropout，PyTorch 和 Keras 的做法）在训练时把保留的单元乘以 1/(1 − "
        "p)，于是输出的期望等于输入，评估模式下 Dropout 就是恒等映射。",
        "**经典**形式（Srivastava 等，2014）在训练时不缩放保留的单元，测试时把出边权重乘以保留概率 1 − "
        "p（这里等价地乘在输出上）。两种形式下，测试时的输出都等于训练时输出的期望：倒置 Dropout 为输入 x，经典形式为 (1 − p)·x。",
    ),
    "p7.why.header": "Dropout 为什么有效，用在哪里",
    "p7.why": (
        "**为什么有效。** 在含 n 个单元的网络中，每个掩码选出 2ⁿ 个共享权重的“稀疏子网络”之一，"
        "所以训练相当于拟合一个庞大的集成模型，而测试时的缩放近似于对这些子网络的预测取平均"
        "（对于一个隐藏层接 softmax 输出层的网络，它恰好给出这些预测的归一化几何平均；"
        "Hinton 等，2012）。一个单元不能依赖某些特定单元的存在，"
        "从而减少了单元之间的共适应。原因*不是*“参数变少了”：没有任何权重被删除，测试时所有权重"
        "都参与计算。",
        "**用在哪里：** 主要用在全连接层，原始论文对隐藏单元取 p = 0.5（对输入取 0.2），"
        "如今常用 0.1–0.5；卷积层很少使用，因为特征图上相邻的激活值高度相关"
        "（SpatialDropout，Tompson 等，CVPR 2015，改为丢弃整个通道）。带批量归一化的网络往往"
        "只需要较少的 Dropout，甚至不需要：见下一节。",
    ),
    "p7.slider.p": "丢弃概率 p（PyTorch 的 p，Keras 的 rate）",
    "p7.keep": "保留概率 1 − p = {keep:g}：即 Srivastava 等论文中的 p 和 TF1 的 keep_prob。",
    "p7.radio.mode": "形式",
    "p7.mode.inverted": "倒置 Dropout",
    "p7.mode.classic": "经典 Dropout",
    "p7.slider.masks": "参与平均的掩码个数",
    "p7.mask_title": "x[{n}, {c}] 上的一个掩码",
    "p7.average.caption": (
        "在 k = {count:,} 个掩码上，训练输出的平均值与其期望（{target}）之差在 {error:.3f} 以内；误差按 1/√k 减小。"
    ),
    "p7.target.inverted": "输入",
    "p7.target.classic": "(1 − p)·输入",
    "p7.bn.header": "紧接在批量归一化之前的 Dropout",
    "p7.bn": (
        "BN 在训练时收集滑动方差，而它的输入经过了 Dropout。",
        "在评估模式下 Dropout 不再丢弃单元（倒置形式为恒等映射，经典形式乘以 1 − p），BN 输入的方差因此小于它收集到的 running_var，BN 却除以偏大的 "
        "σ：输出随之缩小。这就是 Li 等（CVPR 2019，*Understanding the Disharmony between Dropout and Batch "
        "Normalization by Variance Shift*）所说的**方差偏移**。对均值为零的输入，两种形式下两个方差之比都是 1 − p，所以评估模式下 BN "
        "输出的标准差是 √(1 − p) 而不是 1（右图虚线，对照 1 处的水平点线；竖直点线标出所选的 p）。",
        "Li 等给出的补救办法：只在最后一个 BN 层之后使用 Dropout，或者改用方差稳定的噪声（他们的 *Uout*）。BN 本身也通过小批量噪声起正则化作用：Ioffe & "
        "Szegedy（2015，§3.4）发现在带 BN 的网络中可以去掉 Dropout 或减弱其强度，并在 BN-Inception 中去掉了 "
        "Dropout（§4.2.1）：训练更快，过拟合也没有加重。",
    ),
    # --- 图：Dropout -------------------------------------------------------------------------
    "fig.dropout.input": "输入 x",
    "fig.dropout.train_output": "训练输出",
    "fig.dropout.test_output": "评估模式输出",
    "fig.dropout.dropped": "被丢弃",
    "fig.dropout.first_units": "（{total:,} 个单元中的前 {shown} 个）",
    "fig.dropout.vector_title": "一个 Dropout 掩码，p = {p:g}：丢弃了 {dropped} 个{note}",
    "fig.dropout.axis.unit": "单元",
    "fig.dropout.axis.value": "值",
    "fig.dropout.mask": "Dropout 掩码",
    "fig.dropout.row": "行",
    "fig.dropout.column": "列",
    "fig.dropout.kept_value": "1 = 保留",
    "fig.dropout.mask_title": "{title}：保留 {kept:.0%}（深色 = 被丢弃）",
    "fig.dropout.unit": "单元 {unit}",
    "fig.dropout.running_title": "k 个掩码上的平均 → 期望（虚线）",
    "fig.dropout.axis.masks": "掩码个数 k",
    "fig.dropout.axis.mean_output": "训练输出的平均值",
    "fig.dropout.largest_error": "各单元中的最大误差",
    "fig.dropout.standard_error": "标准误差 ∝ 1/√k（最大的单元）",
    "fig.dropout.error_title": "平均值的误差按 1/√k 减小",
    "fig.dropout.axis.error": "误差",
    "fig.dropout.panel.input_var": "BN 输入的方差",
    "fig.dropout.panel.output_std": "评估模式下 BN 输出的标准差",
    "fig.dropout.training": "训练（running_var）",
    "fig.dropout.inference": "评估模式",
    "fig.dropout.formula": "{name}，公式",
    "fig.dropout.simulated": "{name}，模拟",
    "fig.dropout.ratio": "√(评估模式下的方差 / running_var)",
    "fig.dropout.output_std": "输出标准差，模拟",
    "fig.dropout.axis.p": "丢弃概率 p",
    "fig.dropout.axis.variance": "方差",
    "fig.dropout.axis.std": "标准差（1 = 一致）",
    "fig.dropout.chosen_p": "所选 p = {p:g}",
    "fig.dropout.shift_title": "BN 之前的 Dropout：running_var ≠ 评估模式下的方差",
    # --- 第 8 页：训练实验室 -----------------------------------------------------------------
    "p8.title": "训练实验室",
    "p8.intro": (
        "在 8×8 手写数字数据集（1,797 张图像，10 个类别，随应用提供）上真正训练一个"
        "网络，从相同的初始权重出发、在相同的小批量上训练两次：**不使用归一化**，以及**使用"
        "**你选择的方法（默认跟随侧边栏所选的方法；MLP 不能使用 IN）。先选好设置，再点击"
        "**训练**。",
        "批量归一化论文（Ioffe & Szegedy 2015，§4.1，图 1）报告：使用 "
        "BN 后训练更快，sigmoid 输入的分布也更稳定；作者将其归因于内部协变量偏移的减小"
        "。Santurkar 等人（NeurIPS 2018，“How Does Batch N"
        "ormalization Help Optimization?”）发现，BN 的好处并非"
        "来自内部协变量偏移的减小：BN 使损失曲面更平滑（损失和梯度变化得更平缓），因而可以使用"
        "更大的学习率。本页在你所选的网络上逐一检验这些结论；它们并非在每种设置下都成立。",
        "每次运行都是确定性的（相同设置得到相同曲线），并且结果共享：某个设置只要有人训练过，所有人都能立即看到结果。",
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
    "p8.sidebar_in_mlp": (
        "侧边栏选择的方法是 IN，而 MLP 无法使用它（每个（样本，单元）组只有一个值，IN "
        "会把每个值都归一化为 0，无论输入是什么，输出都只是 β）：实验室改为训练 {norm}"
        "。选择 CNN 即可训练 IN。"
    ),
    "p8.depth": "深度（层数）",
    "p8.lr": "学习率",
    "p8.lr.help": (
        "普通 SGD。该模型与激活函数的默认学习率为 {lr:g}：在默认设置（深度 3、批量大"
        "小 60、1,500 步）下，不使用归一化的网络用这个学习率也能正常学习；换成其他设置则"
        "未必（例如不使用归一化的 sigmoid MLP 在深度 5 或 6 时只有随机猜测的水"
        "平）。在你移动此滑块之前，默认值会随模型和激活函数的切换而改变。"
    ),
    "p8.batch": "批量大小",
    "p8.steps": "步数",
    "p8.seed": "随机种子",
    "p8.train": "训练",
    "p8.starting": "正在启动…",
    "p8.stop": "停止",
    "p8.progress": "{text} · {seconds:.0f} 秒",
    "p8.not_started": "尚未开始第一步",
    "p8.stopped": "**已停止**（{where}，用时 {seconds:.1f} 秒）。再次点击按钮可重新开始。",
    "p8.failed": "运行失败：{error}。请再次点击按钮重试；若仍失败，请修改设置（例如减小学习率）。",
    "p8.busy": "服务器上等待的任务过多；请等其中一个完成后再试。",
    "p8.queued": "正在等待空闲的工作进程：前面还有 {ahead} 个任务（本服务器同时最多运行两个任务）。",
    "p8.press_train": "这些设置还没有训练完成的结果：请点击**训练**。",
    "p8.changed": "设置已更改：请点击**训练**，按新设置训练。",
    "p8.result": "训练 {steps:,} 步后的最终测试准确率：**{base} {base_accuracy:.1%}**，"
    "**{norm} {norm_accuracy:.1%}**。",
    "p8.percentiles.header": "训练过程中的一个 sigmoid 输入（参照 BN 论文图 1b、1c）",
    "p8.percentiles.header_relu": "训练过程中的一个 ReLU 输入",
    "p8.layer": "层",
    "p8.unit": "单元（CNN 为通道）",
    "p8.percentiles.caption": (
        "BN 论文图 1(b, c)（Ioffe & Szegedy 2015，§4.1：MNI"
        "ST，3 个全连接隐藏层、每层 100 个 sigmoid 单元，小批量大小 60，训练"
        " 50,000 步）画出了一个 sigmoid 输入在训练过程中的第 15、50、85 "
        "百分位数：不使用 BN 时它们会漂移，使用 BN 时更稳定。这里的数据是 8×8 数字，"
        "步数更少，百分位数在 445 张测试图像上计算（BN 使用这些图像自身的统计量）。在你的"
        "这次运行中它们是否漂移、是否饱和，见下方的测量结果。对 CNN 而言，单元即通道，其百分"
        "位数在 445 张测试图像的全部 8×8 个位置上统计。"
    ),
    "p8.percentiles.caption_relu": (
        "所选单元的输入在 445 张测试图像上的第 15、50、85 百分位数。ReLU 在 x"
        " > 0 时不会饱和；灰色带只标出 sigmoid 会饱和的区域（|x| > 2.944"
        "），供对比。对 CNN 而言，单元即通道，其百分位数在 445 张测试图像的全部 8×8"
        " 个位置上统计。"
    ),
    "p8.measured.median": "本次运行的测量结果，第 {layer} 层单元 {unit}：输入的中位数从 "
    "{base_start:.2f} 变为 {base_end:.2f}（{base}），从 {norm_start:.2f} 变为 {norm_end:.2f}"
    "（{norm}）。",
    "p8.measured.saturation": (
        "第 {layer} 层饱和输入的比例（|x| > 2.944，即 σ(x) < 0.05"
        " 或 σ(x) > 0.95），从第一次评估到最后一次：{base} {sat_base"
        "_start:.0%} → {sat_base_end:.0%}，{norm} {sat"
        "_norm_start:.0%} → {sat_norm_end:.0%}。"
    ),
    "p8.measured.saturation_relu": "第 {layer} 层中 |x| > 2.944 的输入比例（sigmoid 在此会饱和；"
    "ReLU 在 x > 0 时不会），从第一次评估到最后一次：{base} {sat_base_start:.0%} → "
    "{sat_base_end:.0%}，{norm} {sat_norm_start:.0%} → {sat_norm_end:.0%}。",
    "p8.grad_norm.caption": (
        "每一层在两张图中颜色相同；输出层为灰色虚线。‖∂L/∂W‖ 是每个训练批量上某个权重层梯"
        "度的范数。设 δ 为某层激活前输入处的梯度、f 为激活函数：每向前回传一层，δ 都要乘以"
        " diag(f′)·Wᵀ（在使用归一化的网络中还要乘以归一化层的雅可比矩阵）。sigmo"
        "id 的 f′ ≤ 0.25，因此在不使用归一化的网络中，除非权重很大，δ 会逐层缩小（"
        "梯度消失）；权重很大时它反而可能逐层增大（梯度爆炸）。∂L/∂W = Σₙ δₙxₙᵀ（"
        "对小批量求和）还取决于该层的输入 x，所以各层的范数不一定按深度排序。"
    ),
    "p8.measured.grad": (
        "本次运行的测量结果（最近 {window} 步的平均），第 1 层与输出层梯度范数之比："
        "{base} 为 {base_ratio:.3g}，{norm} 为 {norm_rat"
        "io:.3g}。"
    ),
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
    "p8.batch_sweep.caption": (
        "每种批量大小都训练 10 轮（epoch），批量越小，步数越多；学习率随批量大小线性缩放"
        "（批量大小为 {batch} 时为 {lr:g}），这也是 GN 论文采用的线性缩放规则"
        "。可与“批量大小”页面上 GN 论文中 BN 与 GN 的对比结果（Wu & He 20"
        "18，图 1：ImageNet 上的 ResNet-50，错误率随每块 GPU 图像数的"
        "变化）对照；论文报告的是错误率，本图显示的是准确率。"
    ),
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
    "fig.training.percentile_short": "第 {q} 百分位",
    "fig.training.axis.sigmoid_input": "sigmoid 输入 x",
    "fig.training.axis.relu_input": "ReLU 输入 x",
    "fig.training.percentiles_title": "第 {layer} 层单元 {unit} 的输入：第 15、50、85 百分位数"
    "（灰色：饱和区）",
    "fig.training.percentiles_title_relu": "第 {layer} 层单元 {unit} 的输入：第 15、50、85 "
    "百分位数（灰色：sigmoid 会饱和的区域）",
    "fig.training.axis.saturated": "饱和输入的比例",
    "fig.training.axis.saturated_relu": "|x| > 2.944 的比例",
    "fig.training.saturation_title": "饱和的 sigmoid 输入（σ(x) < 0.05 或 > 0.95）",
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
    # --- p11: BatchNorm as deployed ---------------------------------------------------------
    "p11.title": "训练之后：部署时的批量归一化",
    "p11.intro": (
        "训练结束后，带批量归一化（BN）的网络在**评估模式（model.eval()）**下运行：每个 BN 层不再用当前批量的统计量，"
        "而是用训练中累积的**滑动统计量**——滑动均值 `running_mean`（μ）和滑动方差 `running_var`（σ²）——做归一化"
        "（见“训练与评估”页）。输出不再依赖批量中的其他样本，BN 于是成为每个通道上一个固定的仿射变换："
        "y = γ·(z − μ)/√(σ² + ε) + β = s·z + (β − s·μ)，其中 s = γ/√(σ² + ε)，z 为该层的输入。",
        "本页先展示这带来的好处——把 BN **折叠**进它前面的层；再展示训练之后 BN 出错的四种常见情形，每一种都在这里用 "
        "PyTorch 实际运行：忘记调用 `model.eval()`、对 BN 层设 `requires_grad=False`、"
        "`track_running_stats=False`，以及多 GPU 训练中每张卡上的小批量。",
    ),
    "p11.fold.header": "把 BN 折叠进前一层",
    "p11.fold": (
        "评估模式下，对每个输出通道 k 有 BN(z) = s·(z − μ) + β。设 z = W∗x + b 是前一层的输出"
        "（∗ 表示卷积，对线性层则是矩阵乘法），则 BN(W∗x + b) = (s·W)∗x + β + s·(b − μ)。因此，取\n\n"
        "$$\n\\rule[-1.05em]{{0pt}}{{1.8em}} W'_k = \\frac{{\\gamma_k}}{{\\sqrt{{\\sigma_k^2+"
        "\\varepsilon}}}}\\, W_k, \\qquad b'_k = \\beta_k + \\frac{{\\gamma_k\\,(b_k-\\mu_k)}}"
        "{{\\sqrt{{\\sigma_k^2+\\varepsilon}}}}\n$$\n\n"
        "的单个层与原来两层的计算结果相同：输出通道 k 的所有权重（所有输入通道、所有卷积核位置）都乘以同一个数 sₖ，"
        "而 μₖ、σ²ₖ 是**滑动**统计量。没有偏置的层取 b = 0。",
        "**本页的设置：** `{layer}`，采用 PyTorch 的默认初始化（种子 0），输入、输出都是 C = {c} 个通道，"
        "作用在侧边栏的张量上；其后接 `{bn}`，γ、β 和 ε 取侧边栏中的值。它的滑动统计量来自在该张量上以 "
        "`momentum=None` 做的一次训练模式前向传播（累积平均，这里只有一个批量，即该批量的均值和方差的无偏估计）；"
        "训练好的网络中，滑动统计量概括的是整个训练过程。下面的数字对应所选元素的通道 k 和样本。",
    ),
    "p11.fold.bias": "BN 前面的层带偏置 b（bias=True）",
    "p11.fold.no_stats": "{reason} 因此滑动统计量保持初始值 μ = 0、σ² = 1。",
    "p11.fold.part": "为保证页面响应速度，这两层只作用在张量的前一部分上：{shape}。",
    "p11.fold.channel": (
        "**通道 k = {k}：** γ = {gamma:.4f}，β = {beta:.4f}，滑动均值 μ = {mean:.4f}，"
        "滑动方差 σ² = {var:.4f}，ε = {eps:g}，于是 s = γ/√(σ² + ε) = **{s:.4f}**；"
        "偏置 b = {b:.4f} → b′ = β + s·(b − μ) = **{b_folded:.4f}**。"
    ),
    "p11.fold.w": "折叠前的权重 W[{k}{part}]",
    "p11.fold.w_folded": "折叠后的 W′[{k}{part}] = s·W[{k}{part}]",
    "p11.fold.unfolded": "未折叠：评估模式下的 BN(layer(x)){where}",
    "p11.fold.folded": "折叠后：用 W′、b′ 的单个层，输出{where}",
    "p11.fold.corner": "这里只写出了 {total} 个输出中的前 {shown} 个；下面的差值是对全部输出计算的。",
    "p11.fold.metric": "max |折叠 − 未折叠|，{dtype}",
    "p11.fold.largest": "最大 |输出|",
    "p11.fold.result": (
        "在全部输出上，折叠后的单个层与未折叠的两层之差在 float32 下至多为 **{f32:.1e}**，在 float64 下至多为 "
        "**{f64:.1e}**，而输出的绝对值最大可达 {largest:.3g}：差异只来自舍入误差（float32 约有 7 位有效数字，"
        "float64 约有 16 位）。PyTorch 自带的折叠函数 `torch.nn.utils.fusion.{fuse}` 与未折叠的两层相差 "
        "{torch32:.1e}（float32）和 {torch64:.1e}（float64）。"
    ),
    "p11.fold.use": (
        "**实际用途。** 折叠把 BN 从部署的计算图中去掉：少遍历一次激活值，输出在舍入误差范围内不变。"
        "`torch.ao.quantization.fuse_modules`（作用于评估模式下的模型）和 ONNX Runtime 的基本图优化"
        "（Conv + BatchNormalization 融合）做的正是这件事。折叠**只在评估模式下成立**：训练时 μ 和 σ² "
        "是当前批量的统计量，每个批量都不同。BN 前一层的偏置在训练中是多余的（BN 减去均值时把它消掉了，"
        "β 取代了它的作用），所以这类层通常设 `bias=False`；折叠后的层反正会从 β 和 μ 得到偏置 b′。"
    ),
    "p11.eval.header": "陷阱一：忘记调用 model.eval()",
    "p11.eval": (
        "在**训练模式**下，BN 用当前批量的统计量做归一化，所以一个样本的输出取决于同一批量中的其他样本。"
        "评估或部署时如果没有调用 `model.eval()`，网络仍处于训练模式：预测会随批量而变，"
        "而且每次前向传播还会改动滑动统计量。",
        "**本页的设置：** 一个处理 8×8 手写数字的多层感知机，64 → `Linear(64, 32)` → `BatchNorm1d(32)` → "
        "ReLU → `Linear(32, 10)`，在 1,352 张训练图像上训练 150 步（SGD，学习率 0.1，动量 0.9，"
        "批量大小 64）。把同一张测试图像分别放进两个大小为 16 的批量：一个配上 15 张随机的测试图像，"
        "另一个配上 15 张**同一数字**的其他测试图像。",
    ),
    "p11.image": "测试图像（0–444）",
    "p11.eval.numbers": (
        "测试图像 {index} 是数字 {label}。**训练模式：** 与随机图像同批时被判为 {mixed}（概率 {p_mixed:.3f}），"
        "与另外 15 张 {label} 同批时被判为 **{one}**（{p_one:.3f}）；两组概率最多相差 {train_diff:.3f}。"
        "**评估模式：** 在两个批量中都判为 {evaluated}（{p_eval:.3f}），两组概率之差至多为 {eval_diff:.2g}。"
    ),
    "p11.eval.chart": "测试图像 {index}（数字 {label}）的各类别概率",
    "p11.eval.accuracy": (
        "把全部 445 张测试图像按每批 16 张送入网络：**训练模式**下，打乱顺序的批量正确率为 {mixed}，"
        "按数字排序的批量却只有 **{sorted}**（这时几乎每个批量只含一个数字，BN 恰好减去了这个数字自身的平均特征）；"
        "**评估模式**下，打乱顺序为 {evaluated}，按数字排序为 {evaluated_sorted}。"
    ),
    "p11.eval.one": (
        "**批量大小为 1** 时的训练模式：`BatchNorm1d` 的每个特征只有一个值，批量方差为 0，所有输出都会等于 β，"
        "因此 PyTorch 直接报错。这里在训练模式下单独输入这张测试图像，得到如下错误"
        "（`BatchNorm2d` 在只有一张图像、H·W > 1 时可以运行：它在这张图像的像素上求统计量，"
        "但这仍然不是评估模式的计算）："
    ),
    "p11.eval.fix": (
        "**解决办法：** 评估或部署前调用 `model.eval()`，重新训练前调用 `model.train()`。"
        "`torch.no_grad()` 和 `torch.inference_mode()` 只是关闭梯度记录，**不会**把 BN（或 Dropout）"
        "切换到评估模式。"
    ),
    "p11.freeze.header": "陷阱二：requires_grad=False 冻结不了滑动统计量",
    "p11.freeze": (
        "γ（`weight`）和 β（`bias`）是参数；`running_mean` 和 `running_var` 则是**缓冲区**（buffer）。"
        "优化器不会碰它们，更新它们的是训练模式下 BN 的前向传播："
        "running ← (1 − momentum)·running + momentum·（批量统计量），默认 momentum = 0.1"
        "（PyTorch `BatchNorm1d`/`BatchNorm2d` 文档；running_var 用的是批量方差的无偏估计）。"
        "`requires_grad=False` 只阻止梯度，所以一个本想冻结的 BN 层只要处于训练模式，它的统计量就会继续变化。",
        "**本页的设置：** 把陷阱一中训练好的多层感知机在一个新领域上微调 20 步：同样的数字，但画得更淡，"
        "像素变为 0.5 + 0.5·x（取值 0.5 到 1）；只训练输出层 `Linear(32, 10)`（SGD，学习率 0.1，动量 0.9，"
        "批量大小 64）。其余所有参数，包括 BN 的 γ 和 β，都设为 `requires_grad=False`，"
        "模型照常处于训练模式（`model.train()`）。",
    ),
    "p11.freeze.mode.grad": "requires_grad=False（PyTorch；BN 处于训练模式）",
    "p11.freeze.mode.eval": "BN 处于评估模式（模拟 Keras 的 trainable=False）",
    "p11.freeze.numbers": (
        "{steps} 步之后 γ 和 β 没有变化（最大变化 {affine:g}），但滑动均值最多变化了 **{mean:.3f}**"
        "（预训练时的值最大为 {mean_range:.3f}），滑动方差最多变化了 **{var:.3f}**："
        "预训练的统计量只剩下 {power} = {keep:.2f} 的权重。评估模式下在原始测试图像上的正确率："
        "微调前 {before}，微调后 {after}。"
    ),
    "p11.freeze.keras": (
        "**Keras 的做法不同。** 在 TensorFlow 2.0 起的 `tf.keras` 以及 Keras 3 中，对 `BatchNormalization` "
        "层设 `trainable = False`，该层就会以 Keras 所说的 inference mode 运行：用滑动均值和滑动方差做归一化，"
        "并且不再更新它们（keras.io 的 BatchNormalization 文档，“About setting `layer.trainable = False` on a "
        "BatchNormalization layer”一节）。TensorFlow 2.0 之前，被冻结的层在训练时仍用批量统计量做归一化"
        "（这正是 keras-team/keras 的拉取请求 #9965（2018）所指出的问题）。本应用中无法运行 Keras："
        "我们用同样的微调、但把 BN 模块置于评估模式（`bn.eval()`）来**模拟**它的行为。"
    ),
    "p11.freeze.keras_numbers": (
        "模拟的 Keras：滑动均值变化 {mean:g}，滑动方差变化 {var:g}；微调后在原始测试图像上的正确率：{after}。"
    ),
    "p11.freeze.fix": (
        "**PyTorch 中的解决办法：** 用 `bn.eval()` 冻结 BN 层（保留并使用它的统计量）；如果 γ 和 β 也不应学习，"
        "再对它们调用 `requires_grad_(False)`。`model.train()` 会把所有子模块重新设为训练模式，"
        "所以每次调用之后都要再执行一次 `bn.eval()`（例如在模型中重写 `train()`）。"
        "torchvision 的检测模型使用 `FrozenBatchNorm2d`（`torchvision.ops.misc`），"
        "它的统计量和仿射参数都是固定的缓冲区。"
    ),
    "p11.freeze.reset": "本页实测：先 `bn.eval()` 再 `model.train()` 之后，`bn.training` 为 {training}。",
    "p11.untracked.header": "陷阱三：track_running_stats=False",
    "p11.untracked": (
        "`nn.BatchNorm1d/2d(C, track_running_stats=False)` 不保存滑动统计量（`running_mean` 和 "
        "`running_var` 为 `None`），在训练模式**和评估模式**下都用批量统计量做归一化（PyTorch 文档："
        "“batch statistics are instead used during evaluation time as well”）。对这样的层，"
        "`model.eval()` 什么也不改变。",
        "**本页的设置：** 陷阱一中的多层感知机，换成 `BatchNorm1d(32, track_running_stats=False)`，"
        "用相同的种子和步数训练；滑动统计量不参与训练，所以得到的权重完全相同。然后调用 `model.eval()`，"
        "再用同样的两个批量。",
    ),
    "p11.untracked.numbers": (
        "`running_mean is None`：{none}。评估模式下，测试图像 {index}（数字 {label}）与随机图像同批时被判为 "
        "{mixed}（{p_mixed:.3f}），与另外 15 张 {label} 同批时被判为 **{one}**（{p_one:.3f}），"
        "概率最多相差 {diff:.3f}：正是陷阱一中训练模式的数字（两者之差为 {same:.2g}）。评估模式下的测试正确率："
        "打乱顺序的批量为 {mixed_accuracy}，按数字排序的批量为 **{sorted}**。"
    ),
    "p11.untracked.chart": "track_running_stats=False，评估模式：测试图像 {index}（数字 {label}）",
    "p11.untracked.bar.mixed": "评估模式，与 15 张随机图像同批",
    "p11.untracked.bar.one": "评估模式，与 15 张同一数字的图像同批",
    "p11.untracked.fix": (
        "**什么时候合适，以及解决办法。** `nn.InstanceNorm1d/2d` 默认 `track_running_stats=False`，"
        "这对它们是合适的：每个样本用自己的统计量归一化，样本之间互不依赖。对 BN 而言，只有推断时总能拿到"
        "足够大且混合均匀的批量时才合适。否则请保留默认的 `track_running_stats=True`。"
        "没有滑动统计量训练出来的网络可以事后补上：换上 `track_running_stats=True`、`momentum=None`"
        "（累积平均）的 BN 层，把训练好的 γ 和 β 复制进去，再让训练数据在训练模式下通过网络，但不做梯度更新。"
    ),
    "p11.devices.header": "陷阱四：每张卡上的小批量，以及 SyncBatchNorm",
    "p11.devices": (
        "在数据并行训练（`DistributedDataParallel`，DDP）中，每个 GPU 拿到全局批量的一部分，"
        "普通的 `nn.BatchNorm2d` 只在自己这一部分上计算统计量。每卡 2 张图像时，这些统计量的噪声很大："
        "GN 论文中，ResNet-50 在 ImageNet 上用 BN、每卡 2 张图像时验证误差为 34.7 %，每卡 32 张时为 23.6 %"
        "（Wu & He，ECCV 2018，表 2；见“批量大小”页）。此外，DDP 在每次前向传播前会广播 0 号进程（rank 0）"
        "的缓冲区（默认 `broadcast_buffers=True`），所以每个进程最终保存的都是 0 号进程那部分数据上的滑动统计量。",
        "**SyncBatchNorm**（`nn.SyncBatchNorm`；可用 `nn.SyncBatchNorm.convert_sync_batchnorm` 转换整个模型）"
        "用**全局**批量的统计量做归一化：每个 BN 层前向传播时，各进程通过一次 `all_gather` 交换各自每个通道的均值、"
        "1/√(σ² + ε) 和数值个数（torch/nn/modules/_functions.py），再合并成整个全局批量的 μ 和 σ²"
        "（在各卡之间对 Σx 和 Σx² 求和也会得到同样的结果）。MegDet（Peng 等，CVPR 2018）正是借助这种"
        "跨 GPU 的 BN，用大批量训练目标检测模型。它需要进程组（`torch.distributed`），因此无法在这里运行："
        "下面把它的统计量按全局批量的 BN 统计量来计算，这正是它计算的内容。",
    ),
    "p11.devices.count": "设备数（GPU）",
    "p11.devices.per": "每个设备上的样本数",
    "p11.devices.numbers": (
        "从侧边栏张量所属的总体中抽取 {n} = {devices} × {per} 个样本组成全局批量，取通道 {c}："
        "每个设备 {m} 个值，共 {total} 个。**全局批量（SyncBatchNorm）：** μ = {mean:.4f}，σ² = {var:.4f}。"
        "**各设备（普通 BN）：** 各设备的 μ 与全局 μ 最多相差 **{deviation:.2f}·σ**（σ = 全局批量的 √σ²），"
        "各设备的 σ² 在全局 σ² 的 **{low:.2f}** 到 **{high:.2f}** 倍之间。"
    ),
    "p11.devices.refused": "单个设备上的普通 BN：{reason} SyncBatchNorm 仍然可以工作：它的统计量用到了所有设备上的值。",
    "p11.devices.element": (
        "设备 0 的第一个值归一化后（γ = 1，β = 0）：用本设备的统计量为 {own:.4f}，用全局批量的统计量为 {whole:.4f}。"
    ),
    "p11.devices.fix": (
        "**解决办法：** 使用 `nn.SyncBatchNorm`（每个 BN 层在前向和反向传播中各需一次集合通信）、"
        "增大每张卡上的批量，或者改用不依赖批量的归一化方法，例如组归一化（Wu & He 2018；见“批量大小”页）。"
        "每卡只有 1–2 张图像地微调检测模型时，通常改为冻结 BN（见陷阱二）。"
    ),
    "p11.error.fold_size": (
        "BN 有 {size} 个值，而该层有 {out} 个输出通道：γ、β、μ、σ² 和偏置都需要每个输出通道一个值。"
    ),
    "p11.error.fold_variance": (
        "折叠要求每个通道的 σ² + ε > 0：滑动方差为 0 且 ε = 0 时会除以零。请在侧边栏中把 ε 设为大于 0。"
    ),
    "p11.error.eps_zero": "PyTorch 的批量归一化在训练模式下不接受 ε = 0，因此无法收集要折叠的滑动统计量。请在侧边栏中把 ε 设为大于 0。",
    "p11.error.dtype": "未知的数据类型 {dtype}；可选：{valid}。",
    "p11.error.image": "没有编号为 {index} 的测试图像：测试图像的编号为 0 到 {last}。",
    "p11.error.devices": "由 {n} 个样本组成的全局批量无法平均分给 {devices} 个设备（且须为单通道）。",
    "p11.error.constant": "该通道在全局批量中是常数（σ² = 0）：请换一个通道或张量。",
    "fig.p11.mixed": "训练模式，与 15 张随机图像同批",
    "fig.p11.one_class": "训练模式，与 15 张同一数字的图像同批",
    "fig.p11.eval": "评估模式（两个批量中相同）",
    "fig.p11.digit": "数字",
    "fig.p11.probability": "概率",
    "fig.p11.drift.title": "微调过程中滑动均值偏离预训练值的幅度",
    "fig.p11.drift.step": "微调步数",
    "fig.p11.drift.axis": "最大 |Δ running_mean|",
    "fig.p11.devices.mean": "各设备的均值 μ",
    "fig.p11.devices.var": "各设备的方差 σ²（有偏）",
    "fig.p11.devices.device": "设备",
    "fig.p11.devices.own": "单个设备（普通 BN）",
    "fig.p11.devices.global": "全局批量（SyncBatchNorm）",
    # --- p10: pre-LN vs post-LN -----------------------------------------------------------
    "p10.title": "Pre-LN 与 Post-LN：层归一化在 Transformer 块中的位置",
    "p10.intro": (
        "一个 Transformer 块有两个子层：自注意力和前馈网络（FFN），每个子层都带一个残差连接。"
        "**Post-LN** 是原始 Transformer 的放法（Vaswani et al. 2017，§3.1："
        "LayerNorm(x + Sublayer(x))），在残差相加之后做归一化：x ← LN(x + F(x))。"
        "**Pre-LN** 把归一化放进残差分支、放在子层之前：x ← x + F(LN(x))，并在最后一个块之后"
        "再加一个 LN（Xiong et al.，ICML 2020，《On Layer Normalization in the Transformer "
        "Architecture》，图 1）。两者用的是同一种 LN，即 nn.LayerNorm(d)：每个词元在自己的 d "
        "个特征上求一组 (μ, σ²)。",
        "这里的模型很小，直接在本服务器上运行：每张 8×8 数字图像看作 8 个词元（图像的各行），"
        "每个词元 8 个像素，线性投影到 d = 32 个特征，再加上一个可学习的位置向量；然后是 L 个块，"
        "每块含 4 头自注意力和宽度为 128 的 ReLU 前馈网络；8 个词元取平均后送入线性分类器，"
        "输出 10 个数字类别。权重矩阵按 torch.nn.Transformer 的方式初始化（Glorot/Xavier "
        "均匀分布），偏置为 0，γ = 1，β = 0，不用随机失活（Dropout）。两种放法从同一组权重出发。",
        "看什么：一是初始化时各层权重的梯度，Xiong et al. 发现 Post-LN 在靠近输出的层梯度很大；"
        "二是同一学习率下的三次短训练（不预热的 Post-LN、带预热的 Post-LN、不预热的 Pre-LN），"
        "看 Post-LN 是否需要学习率预热，而 Pre-LN 是否不需要。",
    ),
    "p10.grad.header": "初始化时各层的梯度范数",
    "p10.layers": "层数 L",
    "p10.weight": "每层测量的权重",
    "p10.param.ffn2": "FFN 的 W₂（定理 1）",
    "p10.param.ffn1": "FFN 的 W₁",
    "p10.param.attn_in": "注意力的 Q、K、V 投影",
    "p10.param.attn_out": "注意力的输出投影",
    "p10.param.all": "整个块的全部权重",
    "p10.grad": (
        "Xiong et al.（§3.3，定理 1）给出了初始化时最后一个块中 FFN 第二个权重矩阵 W₂ 的梯度（Frobenius 范数）上界："
        "Post-LN 为 ‖∂ℒ/∂W₂‖ ≤ O(d·√(ln d))，与层数 L 无关；Pre-LN 为 "
        "≤ O(d·√(ln d / L))。原因是：Pre-LN 最后那个 LN 的输入随深度增大（其引理 2），"
        "而 LN 会把反向经过它的梯度除以其输入的尺度（引理 3）。对其余各层，他们的初步分析以及在一个 "
        "6 层编码器、6 层解码器的翻译模型上的测量（§3.4，图 3a、3b）表明：Post-LN 的梯度随层序号"
        "增大（靠近输出处大），Pre-LN 的梯度在各层大致相同。",
        "图中是初始化时每层所选权重的 Frobenius 范数 ‖∂ℒ/∂W‖，其中 ℒ 是前 {batch} 张训练图像上"
        "交叉熵的平均（可看作 Xiong et al. 所测期望梯度的估计）。共 5 次初始化（种子 0–4）："
        "每次为一个浅色点，均值连成线。第 1 层紧挨输入；纵轴为对数刻度。",
    ),
    "p10.trend.up": "越靠近输出越大",
    "p10.trend.down": "越靠近输出越小",
    "p10.trend.flat": "大致持平",
    "p10.grad.measured": (
        "本页测量结果，L = {layers}：最后一层的范数除以第一层的范数，Post-LN 为 "
        "**{post_ratio:.2f}**（{post_trend}），Pre-LN 为 **{pre_ratio:.2f}**（{pre_trend}）。"
    ),
    "p10.grad.theorem": (
        "最后一层的范数，从 1 层到 {layers} 层（定理 1 针对 W₂ 给出其上界）："
        "Post-LN {post_one:.2f} → {post_last:.2f}，Pre-LN {pre_one:.2f} → {pre_last:.2f}；"
        "上界中的因子 1/√L 为 {bound:.2f}。"
    ),
    "p10.grad.reproduces": (
        "**在这个模型上复现了什么**（W₂，种子 0–4，编写本页时测量）：定理 1 所说的差别复现了。"
        "从 1 层到 12 层，Pre-LN 最后一层的范数从 1.9 降到 0.6，大致按 1/√L 减小（乘以 √L 后"
        "保持在 1.6 到 2.3 之间）；Post-LN 的则没有减小，反而从 1.0 升到 2.2（Xiong et al. 的"
        "图 3c 中它大致不变）。图 3a、3b 中各层之间的趋势没有复现：Post-LN 各层的范数大致持平"
        "（L = 6 时最后一层与第一层之比为 1.10），Pre-LN 的则越靠近输出越小（0.44）。这正是 "
        "NormFormer（Shleifer et al. 2021）在预训练 Pre-LN 语言模型时报告的“梯度幅度失配”："
        "前面几层的梯度比后面几层大。Xiong et al. 测量的是带解码器的翻译模型；这里是几层编码器"
        "加一个分类器。"
    ),
    "p10.train.header": "训练：Post-LN 需要学习率预热吗？",
    "p10.train": (
        "Vaswani et al.（2017，§5.3）用 Adam（β₁ = 0.9，β₂ = 0.98）训练 Post-LN Transformer，"
        "学习率在前 4,000 步线性上升（即预热），之后按步数平方根的倒数衰减。Xiong et al.（§3.2，图 2；"
        "IWSLT14 德译英）发现预热对 Post-LN 必不可少：用 Adam 而不预热时，BLEU 只有 8.45，"
        "预热后约为 34；而不预热的 Pre-LN 达到了与预热的 Post-LN 相当的 BLEU（§4.2，图 4）。",
        "本页设置：上面的模型，层数 {layers}（即上方滑块），Adam 采用 PyTorch 默认值（β₁ = 0.9，"
        "β₂ = 0.999），小批量为 64 张训练图像，"
        "训练 {steps} 步（约 14 轮），三次运行的初始权重和小批量完全相同。带预热的 Post-LN 在第 "
        "t ≤ T 步使用 lr·t/T（Xiong et al. §3.2 的做法），之后保持 lr，不再衰减。请点击**训练**"
        "（6 层时每次运行只需几秒，层数越多越久）。",
        "**编写本页时的测量结果**（预热 50 步；依次为 Post-LN、Post-LN + 预热、Pre-LN 在 445 张"
        "留出测试图像上的最终测试准确率；6 层时为种子 0–2 的平均）：\n"
        "- lr = 0.001：没有差别（98.7 %、99.1 %、98.1 %）。\n"
        "- lr = 0.003：不预热的 Post-LN 学得更慢（100 步后为 85.5 %，另两者为 96.2 % 和 "
        "93.0 %），但最终相近（95.6 %、96.4 %、96.7 %）。\n"
        "- lr = 0.01：不预热的 Post-LN 停留在随机猜测水平（10.0 %，每个种子都如此）；预热后"
        "达到 85.1 %，Pre-LN 为 95.4 %。\n"
        "- lr = 0.03：50 步预热不够（10.0 %、9.9 %）；Pre-LN 达到 89.7 %。\n"
        "- 深度有影响：3 层、lr = 0.01 时，不预热的 Post-LN 也能训练（92.6 %、95.4 %、"
        "95.4 %）；12 层（种子 0）时，它在 lr = 0.003 就已停留在随机猜测水平（9.9 %、93.5 %、"
        "97.3 %）。",
    ),
    "p10.lr": "学习率（Adam）",
    "p10.warmup": "预热步数 T（Post-LN）",
    "p10.seed": "随机种子",
    "p10.train_button": "训练",
    "p10.press_train": "这组设置还没有训练完成的结果：请点击**训练**。",
    "p10.progress": "{name}：第 {step} 步，共 {steps} 步",
    "p10.run.post": "Post-LN",
    "p10.run.post_warmup": "Post-LN + 预热（{warmup} 步）",
    "p10.run.pre": "Pre-LN",
    "p10.result": (
        "训练 {steps} 步（lr = {lr:g}）后的最终测试准确率：{name0} **{acc0:.1%}**，"
        "{name1} **{acc1:.1%}**，{name2} **{acc2:.1%}**（训练共用时 {seconds:.1f} 秒）。"
    ),
    "p10.why.header": "这说明了什么，又没说明什么",
    "p10.why": (
        "“靠近输出的梯度过大”是 Xiong et al. 的解释，但不是唯一的解释。Liu et al.（EMNLP 2020，"
        "《Understanding the Difficulty of Training Transformers》）发现，梯度不平衡并不是训练"
        "不稳定的根本原因：每一层若过度依赖其残差分支，就会把参数的微小更新放大为输出的剧烈变化"
        "（他们称之为“放大效应”）；他们还观察到，依赖过轻又会限制模型能力，训练出的模型更差。"
        "另外，Adam 的自适应步长在最初几步方差很大，RAdam（Liu et al.，ICLR 2020）对此做了修正；"
        "而 Xiong et al.（§3.2）发现预热对普通 SGD 同样有帮助。",
        "一种常见误解是“Pre-LN 就是更好”。在 Xiong et al. 的实验中，Pre-LN 省去了预热，"
        "层数更多时也能稳定训练；GPT-2（Radford et al. 2019，§2.3）同样把 LN 移到了每个子块的"
        "输入处，并在最后一个自注意力块之后再加一个 LN。但 Post-LN 一旦收敛，最终效果可能与 "
        "Pre-LN 相当甚至更好：Liu et al.（EMNLP 2020）报告了这样的情形，并把 Pre-LN 对残差分支"
        "依赖较轻与训练出的模型较差联系起来。本页的运行只是一个很小的模型在 8×8 数字上"
        "训练几百步：它展示的是这一规模下的现象，而不是定律。",
    ),
    "errors.prepost.placement": "未知的层归一化位置 {placement!r}：请选择 post 或 pre。",
    "errors.prepost.parameter": "未知的权重 {which!r}：请从 {valid} 中选择。",
    "errors.prepost.lr": "学习率必须是 (0, 1] 中的数；得到的是 {lr}。",
    # --- figures: pre-LN vs post-LN ---------------------------------------------------------
    "fig.p10.post": "Post-LN",
    "fig.p10.pre": "Pre-LN",
    "fig.p10.post_warmup": "Post-LN + 预热（{warmup} 步）",
    "fig.p10.pre_warmup": "Pre-LN + 预热（{warmup} 步）",
    "fig.p10.each_seed": "{name}，每次初始化",
    "fig.p10.mean_of": "{name}，{seeds} 次的均值",
    "fig.p10.grad_title": "初始化时各层的 ‖∂ℒ/∂W‖：{weight}",
    "fig.p10.axis.layer": "层（1 = 紧挨输入）",
    "fig.p10.axis.grad": "梯度范数 ‖∂ℒ/∂W‖",
    "fig.p10.warmup_band": "预热",
    "fig.p10.guess_loss": "随机猜测：ln 10 ≈ 2.30",
    "fig.p10.guess_accuracy": "随机猜测（10 %）",
    "fig.p10.loss_title": "训练损失（最近 {smooth} 个批量的平均）",
    "fig.p10.accuracy_title": "测试准确率（445 张留出的数字图像）",
    "fig.p10.axis.step": "训练步数",
    "fig.p10.axis.loss": "交叉熵损失",
    "fig.p10.axis.accuracy": "测试准确率",
    # --- p12: 课堂测验 ---
    "selftest.header": "自测",
    "selftest.check": "核对",
    "selftest.right": "正确。",
    "selftest.wrong": "还不对。",
    "selftest.why.gn_pairs": "组归一化对每个样本的每组通道计算一对 (μ, σ²)：共 N·G 对，与 H、W 无关。",
    "selftest.why.rms_params": "nn.RMSNorm 每个特征学习一个 γ，没有 β：每个特征一个参数（逐词元层归一化每个特征有 γ 和 β 两个）。",
    "selftest.why.bn_fc_two": "只有两个值 a、b 时，μ = (a + b)/2，有偏标准差 σ = |a − b|/2，所以 "
    "(a − μ)/σ = ±1：N = 2 时，每个单元的 x̂ 只表明哪个样本更大。",
    "selftest.why.running_var": "running_var = (1 − momentum)·1 + momentum·n/(n − 1)·σ²_B，其中 PyTorch 的 "
    "momentum = 0.1，n = N·H·W 是每个通道的数值个数：更新滑动方差用的是无偏的批量方差，"
    "尽管批量本身是用有偏方差归一化的。",
    "selftest.why.momentum": "Keras 的 momentum 是旧值的权重：0.99 保留滑动统计量的 99%。PyTorch 的 "
    "momentum 是新批量的权重：Keras 的 0.99 相当于 PyTorch 的 0.01。",
    "p12.title": "课堂测验",
    "p12.intro": (
        "老师开一个房间，把房间码投到屏幕上。学生在自己的电脑上打开本页，选择*学生*，输入房间码并作答。"
        "老师的屏幕随答案到达实时计数（每秒刷新）；老师公布正确答案后，学生能看到全班的结果。"
        "谁答了什么，任何人都看不到；不需要账号；再次作答会替换前一次的答案。",
        "数值题在提问时由老师的张量（侧边栏）算出，所以正确答案总是与老师屏幕上显示的一致。",
    ),
    "p12.role": "我是",
    "p12.role.teacher": "老师",
    "p12.role.student": "学生",
    "p12.open": "开一个房间",
    "p12.code.caption": "房间码（学生：课堂测验 → 学生 → 输入此码）",
    "p12.code.link": "也可以分享链接：本页地址加上 `{link}`。",
    "p12.question": "题目",
    "p12.ask": "向全班提问",
    "p12.no_question_yet": "还没有提问：选一道题，然后点“向全班提问”。",
    "p12.answered": "已收到的回答",
    "p12.reveal": "公布答案",
    "p12.revealed": "正确答案：**{answer}**。{right} 人答对。",
    "p12.col.answer": "答案",
    "p12.col.count": "人数",
    "p12.enter_code": "房间码",
    "p12.join": "加入",
    "p12.joined": "已进入房间 {code}。老师提问后，题目会显示在这里。",
    "p12.wait": "等待老师提问……",
    "p12.your_answer": "你的答案",
    "p12.send": "提交",
    "p12.recorded": "已记录：{mine}。在老师公布答案之前，你可以修改。",
    "p12.result": "正确答案：**{answer}**。{n} 人中有 {right} 人答对。",
    "p12.you_right": "你的答案 {mine} 是对的。",
    "p12.you_wrong": "你的答案是 {mine}。",
    "p12.q.gn_pairs.short": "组归一化：有多少对 (μ, σ²)？",
    "p12.q.gn_pairs": "对 {shape} 的张量使用 G = {g} 的组归一化：它一共计算多少对 (μ, σ²)？",
    "p12.q.running_var.short": "批量归一化训练一步之后的 running_var",
    "p12.q.running_var": "一个新建的批量归一化层（nn.BatchNorm2d；N×C 的张量则是 nn.BatchNorm1d；running_var = 1，momentum = 0.1）在 {shape} 的张量上"
    "做一步训练。之后通道 {c} 的 running_var（滑动方差）是多少（误差 ±0.005 以内）？",
    "p12.q.momentum.short": "momentum = 0.99 是哪种约定？",
    "p12.q.momentum": "一个批量归一化层的 momentum = 0.99。running = momentum·running + (1 − momentum)·batch"
    "是谁的约定？",
    "p12.q.momentum.pytorch": "PyTorch 的（momentum 是新批量的权重）",
    "p12.q.momentum.keras": "Keras 的（momentum 是旧值的权重）",
    "p12.q.rms_params.short": "RMSNorm：有多少参数？",
    "p12.q.rms_params": "在 {axis} = {c} 个特征上的 nn.RMSNorm（elementwise_affine=True）：有多少可学习参数？",
    "p12.q.bn_fc_two.short": "批量为 2 时，为什么 BN 的 x̂ 是 ±1？",
    "p12.q.bn_fc_two": "在全连接层上、N = 2 时，批量归一化对每个单元都给出 x̂ = ±1（忽略 ε）。为什么？",
    "p12.q.bn_fc_two.a": "批量归一化把输出截断到 [−1, 1]",
    "p12.q.bn_fc_two.b": "只有两个值时，每个值与它们的均值恰好相差一个（有偏）标准差",
    "p12.q.bn_fc_two.c": "因为默认 γ = 1、β = 0",
    # --- p9: transformers ----------------------------------------------------------------------
    "p9.title": "Transformer 中的归一化",
    "p9.intro": (
        "在 Transformer 中，一层的激活值是一个 N×T×D 的张量：N 个序列（或图像），每个序列 T 个"
        "词元（token），每个词元是 D 维特征向量。这里用的是层归一化，对每个词元自己的 D 个特征单独"
        "归一化（`nn.LayerNorm(D)`）：原始 Transformer（Vaswani 等，2017，§3.1）在每个子层之后计算 "
        "LayerNorm(x + Sublayer(x))。提出层归一化的 Ba 等（2016）对一个训练样本在一层上的全部加权"
        "输入求统计量，在循环神经网络中则在每个时间步分别计算：分组方式与此相同。如今许多模型改用 "
        "RMSNorm（Zhang & Sennrich，NeurIPS 2019），并把它放在每个子层的输入处（前置归一化，"
        "pre-normalization），例如 LLaMA（Touvron 等，2023，§2.2）。\n\n"
        "**同一个名字，两种分组。** 在组归一化论文（Wu & He 2018，图 2）和本应用的其他页面中，LN "
        "对一个样本的*全部*通道和位置求统计量；Transformer 里的 `nn.LayerNorm(D)` 只对*一个*词元的 "
        "D 个特征求统计量。本页把前者称为 **LN（GN 论文）**，后者称为 **逐词元 LN（token LN）**。"
    ),
    "p9.method.batch": "BN",
    "p9.method.layer": "LN（GN 论文）",
    "p9.method.token": "逐词元 LN",
    "p9.method.rms": "RMSNorm",
    "p9.share.header": "哪些元素共用一组统计量",
    "p9.share": (
        "上面每个网格是侧边栏张量的一个样本，按序列来读：行是词元（张量的位置），列是特征（张量的通道）。"
        "着色的格子与带框的元素（侧边栏中选中的元素）共用同一组统计量：均值和方差，RMSNorm 则是一个均方值。**BN**：一个特征的全部"
        "词元，还包括批量中其他样本的同一特征，单个网格画不出这一部分。**LN（GN 论文）**：该样本的"
        "全部词元和特征。**逐词元 LN** 和 **RMSNorm**：只有带框词元的 D 个特征。",
        "下表列出各方法对选中元素的数值。m 是算出一个统计量所用的数值个数；*统计量个数* 是整个张量中 "
        "(μ, σ²) 的组数。RMSNorm 不减均值（μ 记为 0）：其他方法给出有偏方差 σ² 的地方，它给出均方值 (1/m)Σxᵢ²。参数："
        "逐词元 LN 每个特征一个 γ 和一个 β，共 2D（`nn.LayerNorm(D)`）；RMSNorm 只有 γ，共 D"
        "（`nn.RMSNorm(D)`）；BN 有 2D 个参数，另有 2D 个滑动统计量作为缓冲区保存，即 running_mean "
        "和 running_var（PyTorch 还保存计数器 num_batches_tracked）。LN（GN 论文）在 normviz 中每个"
        "通道一个 γ 和一个 β，同 `nn.GroupNorm(1, C)`，共 2C；PyTorch 的 `nn.LayerNorm([C, H, W])`"
        "（对序列即 `nn.LayerNorm([T, D])`）每个元素各一个，共 2·C·H·W（对序列则为 2·T·D）。",
    ),
    "p9.share.reading.sequence": (
        "侧边栏的 {shape} 张量（N×T×D）：T = {t} 个词元，每个词元 D = {d} 个特征。"
        "选中：序列 {n}、词元 {token}、特征 {feature}。"
    ),
    "p9.share.reading": (
        "侧边栏的 {shape} 张量按序列来读：T = {t} 个词元（它的位置：H·W、L，N×C 张量则为 1），"
        "每个词元 D = {d} 个特征（它的 C 个通道）。选中：样本 {n}、词元 {token}、特征 {feature}。"
    ),
    "p9.share.window": (
        "网格只画出词元 {t0}–{t1} 和特征 {f0}–{f1}，即选中元素周围的一个窗口；表中的数值按整个"
        "张量计算。"
    ),
    "p9.errors.one_feature": (
        "这个张量只有 C = {c} 个通道，每个词元只有一个特征：逐词元 LN 处处输出 β"
        "（x − μ = 0），RMSNorm 输出 x/√(x² + ε)·γ，只要 |x| 不小到 √ε 的量级，就是 ±γ。请在侧边栏中选择 C ≥ 2 来比较四种方法；下面的"
        "测量不使用侧边栏的张量。"
    ),
    "p9.table.method": "方法",
    "p9.table.m": "m",
    "p9.table.count": "统计量个数",
    "p9.table.mean": "μ",
    "p9.table.var": "σ²（RMSNorm：均方值）",
    "p9.table.params": "γ, β",
    "p9.table.buffers": "缓冲区",
    "p9.table.params_ln": "{ours}（逐元素：{torch}）",
    "p9.table.no_mean": "0（不减）",
    "p9.table.caption": (
        "这里 D = {d}，T = {t}。作为对照，按 ViT-B/16 的宽度（D = 768），每个归一化层：逐词元 LN "
        "有 1,536 个参数，RMSNorm 有 768 个。"
    ),
    "p9.bn.header": "Transformer 为什么不用批量归一化：实测",
    "p9.slider.seq_offset": "每个序列的偏移：a 的标准差",
    "p9.bn": (
        "Shen 等（ICML 2020，*PowerNorm: Rethinking Batch Normalization in Transformers*）发现，"
        "在 NLP 的 Transformer 中，批量统计量在整个训练过程中波动很大，并把批量归一化在这里效果差"
        "归因于此。下面在构成已知的合成序列上测量三种效应：N 个序列，每个 T = 32 个词元 × D = 16 "
        "个特征，x = （每个特征一个固定均值）+ a（每个序列一个偏移，标准差由滑块设定）+ b（每个"
        "词元一个偏移，标准差 1）+ 噪声（标准差 1）。较短的序列用零填充到 T，和一个批量的句子一样。"
        "这里的 BN 是对 N·T 个词元的 `nn.BatchNorm1d(D)`：每个特征一个 μ 和 σ²。",
        "**批量之间。** 在 200 个随机批量（序列均为完整长度）上取 BN 每个特征的 μ_B 和 σ²_B：μ_B "
        "的离散程度（它在批量之间的标准差，以该特征的 σ 为单位）和 σ²_B 的离散程度（标准差除以均值），"
        "对特征取平均。两者都只按 1/√(批量大小) 减小，并随每个序列的偏移增大，因为一个批量的 μ_B "
        "带着它所含少数几个序列的平均偏移。逐词元 LN 的统计量来自一个词元自己的 D 个特征：同一个序列"
        "放进 20 个不同的批量，得到的 μ、σ² 和输出完全相同。",
    ),
    "p9.padding": (
        "**填充。** 把填充后的 (N·T, D) 词元交给 `nn.BatchNorm1d`，它会把零也当作数据。若位置中有"
        "比例 p 是填充，真实词元的均值为 μ、方差为 σ²，它算出的是 μ′ = (1 − p)·μ 和 σ′² = "
        "(1 − p)·σ² + p(1 − p)·μ²（左图：|μ′ − μ| 以 σ 为单位，取各特征的最大值；σ′²/σ²，取平均）。"
        "而且统计量是共用的，只要批量中*另一个*序列变短，序列 0 的输出就会改变（右图：在批量大小为 8 "
        "的批量中，序列 1 从 1 个词元变到 T 个时，序列 0 输出的最大变化）。逐词元 LN 对每个词元单独"
        "归一化：填充和其他序列都不参与。"
    ),
    "p9.mode": (
        "**训练模式与评估模式。** 训练时 BN 用该批量的 μ_B 和 σ²_B 归一化；在评估模式（model.eval()）"
        "下用 running_mean 和 running_var，这里是 100 个训练批量之后的滑动均值和滑动方差（PyTorch 的"
        "动量 0.1；running_var 用批量方差的无偏估计更新）。图中是 50 个新批量上的 |y_train − y_eval|"
        "（γ = 1，β = 0）：同一个输入在两种模式下得到不同的输出，批量越小差得越多。逐词元 LN 不保存"
        "滑动统计量，训练和测试时的计算完全相同（Ba 等，2016）：每个序列像推断时那样单独归一化，"
        "得到的结果与它在训练批量中得到的完全相同。"
    ),
    "p9.spread.caption": (
        "批量大小为 {small} 时，μ_B 在批量之间变动 {mean_small:.2f}σ，σ²_B 变动其均值的 "
        "{var_small:.0%}；批量大小为 {large} 时，分别为 {mean_large:.2f}σ 和 {var_large:.0%}。"
        "逐词元 LN：一个序列的 μ、σ² 或输出在 20 个批量之间的最大变化为 {token:g}。"
    ),
    "p9.padding.caption": (
        "当 {fraction:.0f}% 的位置是填充时，把零计入的 BN 均值最多偏离 {gap:.2f}σ，方差平均是真实词元"
        "方差的 {ratio:.2f} 倍。只改变序列 1 的长度，序列 0 的 BN 输出最多变化 {change:.3f}；"
        "它的逐词元 LN 输出变化 {token:g}。"
    ),
    "p9.mode.caption": (
        "BN 的平均 |y_train − y_eval|：批量大小为 {small} 时 {mean_small:.3f}，为 {large} 时 "
        "{mean_large:.3f}（批量大小为 {small} 时单个元素的最大差值为 {max_small:.2f}）。逐词元 LN，"
        "一个序列单独归一化与在批量中归一化之差：{token:g}。"
    ),
    "p9.rms.header": "RMSNorm 去掉了什么",
    "p9.rms": (
        "RMSNorm（Zhang & Sennrich，NeurIPS 2019）把每个词元除以它的均方根，不减均值："
        "ā = a/RMS(a)·g（论文式 (4)，不含 ε）。PyTorch 的 `nn.RMSNorm(D)` 和 `F.rms_norm` 计算 "
        "y = x / √((1/D)Σxᵢ² + ε) · γ，没有 β；论文中的层保留了偏置 b（式 (5)），作者的代码把它设为"
        "可选、默认关闭。"
        "它的均方值 (1/D)Σxᵢ² = σ² + μ²，其中 μ 和 σ² 是该词元的均值和有偏方差：当词元的均值为 0 "
        "时，RMSNorm 与（不带 β 的）逐词元 LN 完全相同；|μ| 相对 σ 越大，两者差得越多。作者的假设是："
        "LN 的重新中心化不变性可有可无，起作用的是重新缩放。",
        "下面是 8 个词元、每个 16 个特征，x = z + b，其中 z ~ N(0, 1)，每个特征都加上同一个偏移 b"
        "（滑块），所以每个词元的均值约为 b。左：所有词元上的最大 |y_LN − y_RMS|（γ = 1，β = 0）。"
        "右：同样的词元减去各自的均值后，两者只差 float64 的舍入误差。b = 0 时两者仍有差别：16 个"
        "随机特征的均值并不恰好为 0。图中（词元 0）LN 的输出与 b 完全无关；随着 b 增大，RMSNorm "
        "的输出在每个特征上都趋于 1，特征之间的差别按 σ/√(σ² + b²) 缩小。",
    ),
    "p9.speed.header": "速度：去掉均值省下了多少",
    "p9.speed": (
        "RMSNorm 省掉一次归约（求均值）和每个元素一次减法。Zhang & Sennrich（摘要）报告"
        "它在不同模型上使运行时间减少 7%–64%：这是*整个模型*在其任务上的时间，而不是归一化层本身的"
        "时间。反过来，归一化变快，模型的时间最多只能缩短归一化在其中所占的那一部分。normviz 并没有"
        "省下这一步：为了数值精度，它用与逐词元 LN 相同的两遍计算 RMSNorm（先求均值和方差，再取 "
        "RMS² = σ² + μ²），所以它的比值按构造就接近 1；只有 PyTorch 的两个函数反映了库的实现能从"
        "公式中省下多少。在本服务器上的测量（取 7 次中最快的一次，每次启动服务器只测一次；共享机器的"
        "负载会让结果每次不同）："
    ),
    "p9.slider.rms_offset": "加到每个特征上的偏移 b",
    "p9.metric.offset": "最大 |y_LN − y_RMS|，带偏移 b 的词元",
    "p9.metric.centered": "最大 |y_LN − y_RMS|，减去均值的词元",
    "p9.timing.caption": (
        "在 {shape} 的 float32 张量（N×T×D）上：normviz 逐词元 LN {token:.1f} ms，RMSNorm "
        "{rms:.1f} ms（RMSNorm/LN = {ratio:.2f}；两者走的是同样的两遍计算）；PyTorch F.layer_norm {torch_token:.2f} ms，"
        "F.rms_norm {torch_rms:.2f} ms（{torch_ratio:.2f}）。小于 1 表示 RMSNorm 更快。"
        "`bench/bench_normalize.py` 在 32×197×768 上测量两者，并与复制一次张量的时间比较。"
    ),
    "fig.p9.grid.hover": "词元 %{y}，特征 %{x}<br>x = %{customdata}",
    "fig.p9.grid.tokens": "词元",
    "fig.p9.grid.features": "特征",
    "fig.p9.grid.title.batch": "BN",
    "fig.p9.grid.title.layer": "LN（GN 论文）",
    "fig.p9.grid.title.token": "逐词元 LN",
    "fig.p9.grid.title.rms": "RMSNorm",
    "fig.p9.batch_size": "批量大小",
    "fig.p9.spread.title": "BN 统计量在批量之间的变动",
    "fig.p9.spread.mean": "BN：μ_B 的离散程度（以 σ 为单位）",
    "fig.p9.spread.var": "BN：σ²_B 的离散程度（相对值）",
    "fig.p9.spread.token": "逐词元 LN：在批量之间的变化",
    "fig.p9.spread.y": "批量之间的离散程度",
    "fig.p9.padding.title": "BN：计入填充的零与排除填充",
    "fig.p9.padding.x": "填充位置所占比例",
    "fig.p9.padding.mean": "|μ′ − μ| / σ（最大值）",
    "fig.p9.padding.var": "σ′² / σ²（平均值）",
    "fig.p9.neighbour.title": "序列 1 的长度变化时序列 0 的输出",
    "fig.p9.neighbour.x": "序列 1 的长度（词元数）",
    "fig.p9.neighbour.y": "序列 0 的最大 |Δy|",
    "fig.p9.mode.title": "同一个输入：训练模式与评估模式",
    "fig.p9.mode.mean": "BN：平均 |y_train − y_eval|",
    "fig.p9.mode.max": "BN：最大 |y_train − y_eval|",
    "fig.p9.mode.token": "逐词元 LN：单独与在批量中",
    "fig.p9.mode.y": "|y_train − y_eval|",
    "fig.p9.token.title": "词元 {token}：输入、逐词元 LN 与 RMSNorm",
    "fig.p9.token.input": "输入 x",
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
        "{filename} 使用 .npy 格式版本 {version}，本应用无法读取（支持 1.0 和 2.0 版）。请用 numpy.save 重新保存。"
    ),
    "upload.pickled": (
        "数组的类型是 {dtype}：不接受对象数组（以 pickle 存储，加载时可能执行任意代码）和结构化数组。请保存普通的数值数组，例如 "
        "x.astype(numpy.float32)。"
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
    "upload.bad_zip": "{filename} 不是可读取的 .npz 压缩包：文件已损坏、不完整或已加密。请用 numpy.savez 重新保存并上传完整文件。",
    "upload.too_many_members": (
        "{filename} 中有 {count} 个文件；本应用只读取不超过 {limit} 个文件的 .npz 压缩包。"
    ),
    "upload.npz_too_big": (
        "{filename} 解压后将达到 {size} MB，超过本应用接受的 {limit} MB。"
        "请只保存你想查看的那个数组。"
    ),
    "upload.npz_method": (
        "它使用的压缩方式既不是 numpy.savez 的（不压缩），也不是 numpy.savez_compressed 的（deflate）；本应用只读取未压缩或 deflate "
        "压缩的成员文件。"
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
        "三维数组（{shape}）有两种读法，得到的统计量不同。N×C×L（批量、通道、长度）是 "
        "torch.nn.BatchNorm1d、InstanceNorm1d 和 GroupNorm 读取三维输入的方式，例如 Conv1d "
        "的输出；它显示为 N×C×1×L。N×T×D（批量、词元、特征）是 Transformer 的激活值："
        "此时逐词元层归一化就是 nn.LayerNorm(D)，每个词元在它的 D 个特征上求一组 (μ, σ²)。"
        "若按 N×C×L 读取，T 个词元就会被当作通道。请按数组的实际来源选择读法。"
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
    "upload.panel.showing_3d": (
        "正在显示 **{label}**：{shape}，按 **{reading}** 读取，{dtype}（存为 {view}）。"
    ),
    "upload.panel.reading": "三维数组的读法",
    "upload.panel.reading.ntd": "N×T×D（批量、词元、特征）",
    "upload.panel.reading.ncl": "N×C×L（批量、通道、长度）",
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
    "lesson.where": "课程 · {lesson} · 第 {k} 站，共 {n} 站",
    "lesson.away": "这不是课程当前所在的页面。课程停在 **{stop}**。",
    "lesson.predict": "先预测：",
    "lesson.your_prediction": "你的预测",
    "lesson.commit": "锁定我的预测",
    "lesson.commit_first": "请先选一个答案（或输入一个数）。",
    "lesson.right": "预测正确：{answer}。",
    "lesson.values": "张量的数值：每行是样本 n 的通道 c，位置 (h, w) 按行优先顺序排列。",
    "lesson.wrong": "这次没有猜中。你的预测：{mine}。答案：{answer}。",
    "lesson.back": "◀ 上一站",
    "lesson.next": "下一站 ▶",
    "lesson.restore": "恢复本站的设置",
    "lesson.back_to_lesson": "回到课程",
    "lesson.end": "结束课程",
    "lesson.start": "开始课程",
    "lesson.bad_link": "链接中的课程或站点不存在（{link}）：页面不带课程打开。",
    "p12.q.group_mean.short": "选中元素所在组的均值 μ",
    "p12.q.group_mean": "对 {shape} 的张量使用 {method}：包含元素 {at} 的那一组的均值 μ 是多少（误差 ±0.005 以内）？",
    "selftest.why.group_mean": "把这一组的 m 个数值（RMSNorm 的均方则是它们的平方）相加，再除以 m。哪些数值组成一组取决于方法：“归约轴”页面给它们着色，"
    "“逐步计算”页面把它们列出来。",
    "p12.q.group_ms": "对 {shape} 的张量使用 RMSNorm：包含元素 {at} 的那一组数值的均方 (1/m)Σxᵢ² 是多少（误差 ±0.005 以内）？",
    "p8.too_costly": "这次训练大约要占用服务器的一个核 {seconds} 秒，超过单次运行的上限（{limit} 秒）："
    "请减少步数、减小批量、减少层数，或改用 MLP。",
    "p8.session_budget": "你在最近 {window} 分钟内已启动了约 {used} 秒的训练，每位同学的上限是 {limit} 秒："
    "全班共用两个核。请约 {minutes} 分钟后再试，或打开别人已经训练过的设置（设置相同则无需等待）。",
    "throttle.slow_down": "最近几秒内本页面重绘得过于频繁，这次重绘等待了 {seconds} 秒，把服务器让给其他同学。"
    "请放慢调节控件的速度。",
    "memory.waiting": "服务器正在处理其他大张量计算；为避免内存耗尽，本页面正在排队（前面还有 {ahead} 个请求）。",
    "memory.busy": "服务器正忙于计算大张量，本页面等了 {seconds} 秒仍未轮到。请稍后再试，或在侧边栏减小张量尺寸。",
}
