"""English texts. Keys are dotted: area.name. Tuples are explanations shown step by step."""

TEXTS: dict[str, str | tuple[str, ...]] = {
    # --- display: language, presenter mode, steps ---
    "lang.label": "Language",
    "display.presenter": "Presenter",
    "display.presenter.help": "Larger text and charts, for a projector.",
    "display.steps": "Steps",
    "display.steps.help": "Reveal each explanation one step per click of Next.",
    "steps.back": "◀ Back",
    "steps.next": "Next ▶",
    "steps.all": "Show all",
    "steps.where": "Step {shown} of {total}",
    "note.bad_param": "Ignored the link's {key}={value!r}: not a valid value.",
    "note.bad_page_param": "Ignored the link's {key}={value}: not a valid value; using {default}.",
    # --- the view configuration (normviz/config.py) ---
    "config.too_big": (
        "A {shape} tensor has {size:,} elements, more than the {cap:,} this app allows; "
        "the default shape is used instead."
    ),
    "config.groups_divide": (
        "G = {groups} does not divide C = {c}; using G = {nearest} (valid: {valid})."
    ),
    "config.bad_param": (
        "Ignored the link's {key}={value}: not a valid value; using the default {default}."
    ),
    "config.bad_param_no_default": "Ignored the link's {key}={value}: not a valid value.",
    "config.element_outside": (
        "The link's element at={wanted} is outside the {shape} tensor; showing x{element} instead."
    ),
    # --- errors the library raises (normviz.i18n.InputError) ---
    "errors.nonfinite": (
        "The tensor holds NaN or infinite values (or values so large that their square "
        "overflows); normalization needs finite numbers."
    ),
    "errors.eps_zero_constant": (
        "ε = 0 but a group's values are all equal (σ² = 0), so x̂ = 0/0 is undefined: use ε > 0 "
        "(PyTorch's default is 1e-5)."
    ),
    "errors.bn_one_value": (
        "BatchNorm in training needs more than one value per channel, but this {shape} tensor "
        "has N·H·W = 1: the batch mean is the value itself and the variance is 0, so every "
        "output would be β. PyTorch raises 'Expected more than 1 value per channel when "
        "training'. Use a larger batch or feature map, or eval mode with running statistics."
    ),
    "errors.in_one_value": (
        "InstanceNorm normalizes the H·W values of one sample and channel, but this tensor has "
        "only one such value (H·W = 1), so every output would be β. PyTorch raises 'Expected "
        "more than 1 spatial element when training'."
    ),
    # --- navigation ---
    "nav.app": "Home",
    "nav.1_Reduction_axes": "Reduction axes",
    "nav.2_Step_by_step": "Step by step",
    "nav.3_Sigmoid_saturation": "Sigmoid saturation",
    "nav.4_Train_vs_eval": "Train vs eval",
    "nav.5_Batch_size": "Batch size",
    "nav.6_Gradients": "Gradients",
    "nav.7_Dropout": "Dropout",
    "nav.8_Training_lab": "Training lab",
    # --- sidebar ---
    "sidebar.tensor": "Tensor",
    "sidebar.preset": "Preset",
    "sidebar.preset.help": (
        "Named starting points; the worked example is the 2×2×2×2 tensor of the lecture notes."
    ),
    "sidebar.fully_connected": "Fully connected (N×C, no H, W)",
    "sidebar.elements": "{shape} = {size:,} elements (at most {cap:,}).",
    "sidebar.too_big": (
        "{shape} would be {size:,} elements, over the cap of {cap:,} that keeps every page "
        "responsive; kept {field} = {kept}."
    ),
    "sidebar.worked_left": (
        "The worked example exists only as a 2×2×2×2 tensor: this one holds generated values "
        "(γ = 1, β = 0 unless you had changed them). Pick it again under Preset."
    ),
    "sidebar.generator": "Generator",
    "sidebar.generator.worked": (
        "The worked example is a fixed tensor: changing a control here replaces it by "
        "generated values."
    ),
    "sidebar.seed": "Seed",
    "sidebar.scale": "Scale (std)",
    "sidebar.shift": "Shift (mean)",
    "sidebar.channel_spread": "Per-channel offset spread",
    "sidebar.sample_spread": "Per-sample offset spread",
    "sidebar.outliers": "Outlier fraction",
    "sidebar.relu_like": "ReLU-like (skewed, ≥ 0)",
    "sidebar.method": "Method",
    "sidebar.normalization": "Normalization",
    "sidebar.normalization.help": "BN: BatchNorm, LN: LayerNorm, IN: InstanceNorm, GN: GroupNorm",
    "sidebar.groups": "Groups G (divisors of C)",
    "sidebar.eps.help": "Added to σ² before the square root: PyTorch 1e-5, Keras 1e-3.",
    "sidebar.gamma_all": "γ (all channels)",
    "sidebar.beta_all": "β (all channels)",
    "sidebar.affine_differ": "γ and β differ by channel; the sliders above show channel 0 and set all.",
    "sidebar.affine_table": "γ and β per channel",
    "sidebar.element": "Chosen element",
    "sidebar.at.n": "n (sample)",
    "sidebar.at.c": "c (channel)",
    # --- presets (the English names stay the URL values) ---
    "preset.custom": "Custom",
    "preset.worked_example": "Worked example",
    "preset.worked_example.description": (
        "The 2×2×2×2 tensor of the lecture notes, with γ = (2, 5) and β = (3, 8)."
    ),
    "preset.standard_normal": "Standard normal",
    "preset.standard_normal.description": "Values drawn from N(0, 1): already normalized.",
    "preset.badly_scaled_saturating": "Badly scaled, saturating",
    "preset.badly_scaled_saturating.description": (
        "Scale 6 around 3: most values sit where a sigmoid is flat."
    ),
    "preset.per_channel_offsets": "Per-channel offsets",
    "preset.per_channel_offsets.description": (
        "Each channel has its own offset: BatchNorm removes it."
    ),
    "preset.per_sample_offsets": "Per-sample offsets",
    "preset.per_sample_offsets.description": (
        "Each sample has its own offset (like image brightness): LayerNorm and InstanceNorm "
        "remove it."
    ),
    "preset.relu_like_skewed": "ReLU-like (skewed)",
    "preset.relu_like_skewed.description": (
        "Non-negative, skewed values as after a ReLU: normalize before the activation."
    ),
    "preset.outliers": "Outliers",
    "preset.outliers.description": (
        "1% of the values are ±10σ outliers: they inflate the variance of their group."
    ),
    # --- home page ---
    "home.title": "normviz: normalization layers, one number at a time",
    "home.intro": (
        "A normalization layer takes the activations of a layer, a tensor **x** of shape "
        "N×C×H×W (batch, channels, height, width), and splits it into groups.",
        "It gives every group mean 0 and variance 1, then scales and shifts each channel by "
        "learned γ and β:",
    ),
    "home.methods_lead": (
        "The four methods differ only in **which elements share one mean μ and variance σ²**:"
    ),
    "home.methods_table": (
        "| method | shares (μ, σ²) across | good for |\n"
        "|---|---|---|\n"
        "| **BatchNorm (BN)** | all N·H·W values of one channel | CNNs with large batches |\n"
        "| **LayerNorm (LN)** | all C·H·W values of one sample | transformers, RNNs, any batch size |\n"
        "| **InstanceNorm (IN)** | the H·W values of one sample and channel | style transfer |\n"
        "| **GroupNorm (GN)** | one sample's values in a group of C/G channels | detection, "
        "small batches |"
    ),
    "home.current": "The current tensor",
    "home.metric.shape": "shape",
    "home.metric.elements": "elements",
    "home.metric.mean": "mean",
    "home.metric.std": "std",
    "home.metric.min": "min",
    "home.metric.max": "max",
    "home.caption": (
        "Tensor: {preset}. Method: {method} ({label}), ε = {eps}. Change them in the sidebar; "
        "the address bar is always a link to exactly this view."
    ),
    "home.pages": "Pages",
    "home.link.1_Reduction_axes": "Reduction axes: who shares one (μ, σ²)",
    "home.link.2_Step_by_step": "Step by step: every number",
    "home.link.3_Sigmoid_saturation": "Sigmoid saturation: why normalize",
    "home.link.4_Train_vs_eval": "Train vs eval: running statistics",
    "home.link.5_Batch_size": "Batch size: why small batches hurt BN",
    "home.link.6_Gradients": "Gradients: the backward pass",
    "home.link.7_Dropout": "Dropout, and Dropout before BN",
    "home.link.8_Training_lab": "Training lab: a real network, with and without",
}

from normviz.locales.wip import collect  # noqa: E402  (merged into this file before release)

TEXTS.update(collect("EN"))
