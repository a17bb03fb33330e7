"""Texts of "bring your own tensor" (normviz.upload, ui.upload_panel) and of the export
(normviz.export): refusals of an uploaded file, notes about it, the sidebar panel."""

EN: dict[str, str | tuple[str, ...]] = {
    # --- refusals of a file (normviz.upload.load_tensor) ---
    "upload.empty_file": "The file {filename} is empty.",
    "upload.too_large_file": (
        "{filename} is {size} MB; this server accepts files up to {limit} MB "
        "(server.maxUploadSize). Save fewer samples, or a float32 copy."
    ),
    "upload.unknown_format": (
        "{filename} is neither a .npy nor a .npz file: it does not start like one (the name "
        "alone does not count). Save the array with numpy.save (.npy) or numpy.savez (.npz)."
    ),
    "upload.bad_header": (
        "The .npy header of {filename} cannot be read: the file is damaged or was not written "
        "by numpy.save."
    ),
    "upload.version": (
        "{filename} uses .npy format version {version}, which the app does not read "
        "(versions 1.0 and 2.0 are supported)."
    ),
    "upload.pickled": (
        "The array's type is {dtype}: pickled objects or structured arrays are not allowed "
        "(they could run code when loaded). Save a plain numeric array, e.g. "
        "x.astype(numpy.float32)."
    ),
    "upload.complex": (
        "The array holds complex numbers ({dtype}); normalization needs real values. Save "
        "x.real or abs(x) instead."
    ),
    "upload.not_numbers": (
        "The array holds {dtype} values, not numbers; the app needs booleans, integers or floats."
    ),
    "upload.ndim": (
        "The array has {ndim} dimension(s) (shape {shape}); the app needs 2 (N×C), 3 (N×C×L) "
        "or 4 (N×C×H×W)."
    ),
    "upload.empty_array": "The array of shape {shape} has no elements.",
    "upload.too_many_elements": (
        "The {shape} array has {size} elements; the app handles at most {limit} (the same cap "
        "as the tensor builder), so that every page stays responsive. Save fewer samples or "
        "a crop."
    ),
    "upload.dim_too_large": (
        "{axis} = {value} in the {shape} array is more than the {limit} the app allows along "
        "that axis. Save fewer values along {axis}."
    ),
    "upload.spatial_too_large": (
        "The {shape} array has {spatial} values per sample and channel (H·W, or L); the app "
        "draws each such slice as a heatmap and allows at most {limit}. Crop or downsample it."
    ),
    "upload.truncated": (
        "{filename} is truncated: its header announces {expected} bytes of data, but only "
        "{got} follow. Upload the complete file."
    ),
    "upload.non_finite": (
        "The array holds {nan} NaN and {inf} infinite value(s); the first is at index {index}. "
        "Normalization needs finite numbers: replace them first (e.g. numpy.nan_to_num)."
    ),
    "upload.huge_values": (
        "The array holds values up to {largest} in magnitude; above {limit} their squares "
        "overflow and the variance cannot be computed. Rescale the array first."
    ),
    "upload.bad_zip": (
        "{filename} is not a readable .npz archive: it is damaged, truncated or encrypted."
    ),
    "upload.too_many_members": (
        "{filename} holds {count} files; the app reads .npz archives of at most {limit}."
    ),
    "upload.npz_too_big": (
        "{filename} would expand to {size} MB when decompressed, more than the {limit} MB the "
        "app accepts. Save only the array you want to explore."
    ),
    "upload.no_arrays": "{filename} holds no .npy arrays (it is a zip, but not from numpy.savez).",
    "upload.unknown_array": "{filename} has no array named '{name}'; it holds: {names}.",
    "upload.in_array": "Array '{name}': {reason}",
    "upload.no_valid_array": (
        "None of the {count} arrays in {filename} can be shown. The first, '{name}': {reason}"
    ),
    "upload.missing": (
        "The uploaded tensor {source}… is no longer on this server. Upload the file again."
    ),
    # --- notes about an accepted file ---
    "upload.note.bool": "Booleans were converted to 0.0 and 1.0 (float32).",
    "upload.note.converted": "Converted from {dtype} to {target}.",
    "upload.note.int_precision": (
        "Integers up to {largest} in magnitude: above 2**53 float64 rounds them."
    ),
    "upload.note.fully_connected": (
        "A 2-D array: shown as the N×C tensor of a fully connected layer ({shape}), without "
        "H and W."
    ),
    "upload.note.three_d": (
        "A 3-D N×C×L array ({shape}) is shown as N×C×1×L ({view}): H = 1, W = L. Every method "
        "groups the same values as for N×C×L, so the statistics are those of the 3-D tensor."
    ),
    "upload.note.trailing": (
        "The file holds {extra} more bytes after the array; only the first array was read."
    ),
    "upload.note.skipped": "Skipped array '{name}': {reason}",
    "upload.note.chosen": "Showing array '{name}' (the file holds {count}).",
    # --- the sidebar panel (ui.upload_panel) ---
    "upload.panel.title": "Your own tensor",
    "upload.panel.uploader": "Upload a .npy or .npz file",
    "upload.panel.uploader.help": (
        "Activations saved with numpy.save or numpy.savez, as N×C, N×C×L or N×C×H×W "
        "(PyTorch's order): at most {limit} elements and {mb} MB. Read without pickle."
    ),
    "upload.panel.showing": "Showing **{label}**: {shape}, {dtype}.",
    "upload.panel.original": "The file holds a {shape} {dtype} array.",
    "upload.panel.choose": "Array in the file",
    "upload.panel.back": "Back to the generated tensor",
    "upload.panel.again": "Show {label} again",
    "upload.panel.privacy": (
        "Uploads stay in this server's memory only, while there is room, and are never "
        "written to disk. The page's link shows your tensor to anyone who opens it on this "
        "server while it is kept."
    ),
    "upload.unknown_src": (
        "The uploaded tensor this link shows (src={short}…) is not on this server any more: "
        "uploads live in memory and are dropped when the server restarts or needs room. "
        "Showing a generated {shape} tensor instead; upload the file again to see it."
    ),
    "upload.shape_fixed": (
        "The link's shape {link} does not match the uploaded tensor's {shape}; using the tensor's."
    ),
    # --- export (normviz.export, ui.upload_panel.export_controls) ---
    "export.title": "Export",
    "export.npz": "Download tensor and statistics (.npz)",
    "export.npz.help": (
        "x, y = γ·x̂ + β, the method, ε, G, γ, β, and each group's μ, σ² (biased), "
        "√(σ² + ε) and size m, as plain arrays: numpy.load(file) reads it without pickle. "
        "Built when you click."
    ),
    "export.csv": "Download the statistics (.csv)",
    "export.csv.help": (
        "One row per group: its samples and channels, m, μ, σ² (biased: the one used to "
        "normalize), σ and √(σ² + ε). Built when you click."
    ),
    "export.unavailable": (
        "Nothing to export: {method} cannot normalize this {shape} tensor in training mode "
        "(see the Step by step page)."
    ),
}

ZH: dict[str, str | tuple[str, ...]] = {
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
