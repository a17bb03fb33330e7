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
    "errors.bn_one_value_per_channel": (
        "BatchNorm in training needs more than one value per channel (N·H·W ≥ 2): with one "
        "value the biased variance σ² is 0 and the unbiased one is undefined (0/0). PyTorch "
        "raises 'Expected more than 1 value per channel when training'. Use a larger batch (or "
        "feature map), or eval mode with running statistics."
    ),
    "errors.unknown_method": (
        "Unknown normalization method {method!r}: choose one of batch (BN), layer (LN), "
        "instance (IN) or group (GN)."
    ),
    "errors.groups_missing": (
        "GroupNorm needs a number of groups G; with C={c} channels the valid choices are {valid}."
    ),
    "errors.groups_divide": (
        "GroupNorm with G={groups} groups does not split C={c} channels evenly: G must divide C. "
        "Valid choices: {valid}."
    ),
    "errors.shape_dims": (
        "The tensor has {ndim} dimension(s) ({shape}); normviz needs 2 (N, C), 3 (N, C, L) or "
        "4 (N, C, H, W)."
    ),
    "errors.shape_empty": (
        "The tensor of shape {shape} has an empty dimension (of size 0); every dimension must "
        "be at least 1."
    ),
    # --- errors of bad inputs, by module (normviz.i18n.InputError) ---
    "errors.backward.grad_shape": (
        "The upstream gradient ∂L/∂y has shape {grad_shape} but the tensor has shape {shape}: "
        "there is one ∂L/∂yᵢ per output yᵢ."
    ),
    "errors.backward.grad_nonfinite": "The upstream gradient ∂L/∂y holds NaN or infinite values.",
    "errors.backward.unknown_upstream": "Unknown upstream gradient {kind!r}: choose one of {choices}.",
    "errors.batch_noise.sample_channels": (
        "The sample has shape {shape}; its first axis must be C = {c} (one sample is C×…)."
    ),
    "errors.batch_noise.element_outside": "The element {element} is not inside a sample of shape {shape}.",
    "errors.batch_noise.batch_size_whole": "The batch size must be a whole number ≥ 1, got {value}.",
    "errors.batch_noise.spatial_whole": (
        "The feature-map size H·W must be a whole number ≥ 1, got {value}."
    ),
    "errors.batch_noise.no_batch_sizes": "Give at least one batch size.",
    "errors.batch_noise.bn_one_value": (
        "A batch of N = {n} with H·W = {spatial} gives BatchNorm one value per channel: training "
        "is undefined (PyTorch raises 'Expected more than 1 value per channel when training'). "
        "Start the batch sizes at 2."
    ),
    "errors.dropout.p_not_number": "The dropout probability p = {p!r} must be a number.",
    "errors.dropout.p_range": (
        "The dropout probability p = {p} is not allowed: p must satisfy 0 ≤ p < 1. p is the "
        "chance of dropping a unit; p = 1 would drop every unit (and inverted dropout would "
        "divide by 1 − p = 0)."
    ),
    "errors.dropout.unknown_mode": "Unknown dropout form {mode!r}: use 'inverted' or 'classic'.",
    "errors.dropout.num_masks": "Average over at least one mask.",
    "errors.dropout.delta": "δ = {delta} is a probability: it must lie strictly between 0 and 1.",
    "errors.dropout.variance_sizes": (
        "Use batches of at least 2 samples, ≥ 1 batch and ≥ 1 feature (got batch size "
        "{batch_size}, {num_batches} batches, {num_features} features)."
    ),
    "errors.dropout.input_moments": (
        "The input's mean must be finite and its std finite and positive (got mean {mean}, std "
        "{std})."
    ),
    "errors.landscape.step_sizes": (
        "Step sizes η: give at least one, each a finite number ≥ 0 (e.g. 0.01 to 3)."
    ),
    "errors.landscape.model_size": (
        "Use 1 to 20 hidden layers of 2 to 256 units: a small, fast model (got {depth} layers "
        "of {width} units)."
    ),
    "errors.landscape.training": (
        "train_steps must be ≥ 0 and the learning rate positive (got train_steps = "
        "{train_steps}, learning rate {learning_rate})."
    ),
    "errors.masks.element_outside": "Element {element} is not inside a tensor of shape {shape}.",
    "errors.models.instance_mlp": (
        "InstanceNorm needs spatial positions: in an MLP each (sample, unit) group holds one "
        "value, whose normalized value is always 0. Choose the CNN for IN."
    ),
    "errors.models.unknown_norm": "Unknown normalization {norm!r}: choose one of {choices}.",
    "errors.models.group_count": (
        "GroupNorm with G={groups} does not split {channels} channels evenly. "
        "Valid choices: {valid}."
    ),
    "errors.models.unknown_model": "Unknown model {model!r}: choose one of {choices}.",
    "errors.models.unknown_activation": "Unknown activation {activation!r}: choose one of {choices}.",
    "errors.running.unknown_convention": (
        "Unknown convention {convention!r}: use 'pytorch' or 'keras'."
    ),
    "errors.running.momentum_none_keras": (
        "momentum=None (cumulative average) is PyTorch's option only."
    ),
    "errors.running.momentum_range": (
        "momentum = {momentum} must lie between 0 and 1, both included: [0, 1]."
    ),
    "errors.running.num_features": "num_features must be at least 1, got {num_features}.",
    "errors.running.batch_channels": (
        "The batch has shape {shape}; it needs C = {c} channels on axis 1."
    ),
    "errors.running.batch_nonfinite": "The batch holds NaN or infinite values.",
    "errors.saturation.threshold": (
        "The saturation threshold {threshold} must lie strictly between 0 and 0.5 (saturated "
        "means σ(x) < threshold or > 1 − threshold)."
    ),
    "errors.saturation.empty": "Saturation statistics need at least one value.",
    "errors.saturation.edges": (
        "Histogram edges must be a strictly increasing list of at least two numbers."
    ),
    "errors.scale_invariance.batch": (
        "BatchNorm in training needs a batch of at least 2 samples (got {batch})."
    ),
    "errors.scale_invariance.linear_size": (
        "The linear layer needs at least one input and one output (got {inputs} inputs, "
        "{outputs} outputs)."
    ),
    "errors.scale_invariance.scales": (
        "Give at least one scale a; each must be a positive finite number (e.g. 0.1 to 100)."
    ),
    "errors.streams.population_sizes": (
        "A population needs one center and one noise scale per channel (got {centers} and "
        "{scales})."
    ),
    "errors.streams.population_finite": "The population's parameters must be finite numbers.",
    "errors.streams.population_negative": (
        "Noise scales, spreads and outlier sizes cannot be negative."
    ),
    "errors.streams.channels_not_among": "Channels {channels} are not among 0…{last}.",
    "errors.streams.shape_channels": (
        "The shape {shape} has C = {c} channels but the population has {channels}: they must match."
    ),
    "errors.streams.batches_ndim": (
        "Batches must be stacked as (K, N, C, ...), got shape {shape}."
    ),
    "errors.streams.sample_mismatch": (
        "The sample has {c} channels × {m} values, the other samples {other_c} × {other_m}."
    ),
    "errors.streams.batch_size_range": "batch_size {n} is not between 1 and {largest}.",
    "errors.streams.unknown_estimate": "Unknown estimate {key!r}; choose one of {choices}.",
    "errors.streams.momentum_range": (
        "{name} = {momentum} is outside [0, 1]: it is the weight given to the new batch "
        "(PyTorch) or to the old value (Keras), so it must lie between 0 and 1."
    ),
    "errors.streams.num_batches_whole": (
        "The number of batches must be a whole number ≥ 1, got {value}."
    ),
    "errors.streams.batch_size_whole": "The batch size must be a whole number ≥ 1, got {value}.",
    "errors.streams.population_channels": (
        "The population has C = {population} channels, the tensor {c}."
    ),
    "errors.streams.element_outside": (
        "The element {element} is not an index into one sample of shape {shape}."
    ),
    "errors.tensors.outlier_fraction": (
        "The outlier fraction {fraction} must lie between 0 and 1."
    ),
    "errors.tensors.negative_spread": (
        "Scale and spreads are standard deviations: they cannot be negative."
    ),
    "errors.tensors.unknown_preset": "Unknown preset {name!r}; choose one of {choices}.",
    "errors.training.whole_number": "{name} = {value} must be a whole number from {low} to {high}.",
    "errors.training.lr": "The learning rate {lr} must be a number in (0, 100].",
    "errors.training.batch_exceeds": (
        "The batch size {batch_size} exceeds the {size} training images."
    ),
    "errors.training.compare_none": "Choose a normalization to compare with no normalization.",
    "errors.validation.not_numbers": "The tensor must hold numbers, not {dtype} values.",
    "errors.validation.eps": (
        "ε = {eps} is not allowed: ε must be a finite number ≥ 0. A positive ε keeps √(σ² + ε) "
        "away from zero; ε = 0 works only if no group is constant (PyTorch's default is 1e-5)."
    ),
    "errors.validation.affine_size": (
        "{name} has {size} value(s) but the tensor has C = {c} channels: γ and β hold one "
        "value per channel."
    ),
    "errors.validation.affine_nonfinite": "{name} holds NaN or infinite values.",
    "errors.figures.layer": "Layer {layer} does not exist: the network has layers 1 to {depth}.",
    "errors.figures.unit": "Unit {unit} does not exist: each layer has units 0 to {last}.",
    "errors.figures.quantity": "quantity must be 'mean' or 'var', got {quantity!r}.",
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
    # --- pages_1_4 ---
    # --- method names, shared by every page ---
    "method.long.batch": "BatchNorm",
    "method.long.layer": "LayerNorm",
    "method.long.instance": "InstanceNorm",
    "method.long.group": "GroupNorm",
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
    # --- pages_5_8 ---
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
        "with the app) twice, from the same initial weights on the same mini-batches: "
        "**without normalization** and **with** the method you pick (it follows the sidebar's "
        "method). Choose the settings, then press **Train**.",
        "The BatchNorm paper (Ioffe & Szegedy 2015, §4.1, Fig. 1) reports faster training and "
        "more stable sigmoid-input distributions with BN; its authors attribute this to reduced "
        "internal covariate shift. Santurkar et al. (NeurIPS 2018, “How Does Batch "
        "Normalization Help Optimization?”) found that BN's benefit does not come from reduced "
        "internal covariate shift: BN makes the loss landscape smoother (loss and gradients "
        "change more slowly), which allows larger learning rates. Each claim is measured here "
        "for the network you choose; it does not hold for every choice.",
        "Runs are deterministic (same settings, same curves) and shared: once anyone has "
        "trained a setting, everyone sees its result at once.",
    ),
    "p8.model": "Model",
    "p8.model.mlp": "MLP",
    "p8.model.cnn": "CNN",
    "p8.width.mlp": "units per hidden layer",
    "p8.width.cnn": "channels per conv layer",
    "p8.activation": "Activation",
    "p8.activation.sigmoid": "sigmoid",
    "p8.activation.relu": "ReLU",
    "p8.norm": "Normalization",
    "p8.groups": "GN groups G",
    "p8.groups.help": "G must divide the network's width: {units} units per layer (MLP) or "
    "{channels} channels (CNN).",
    "p8.groups.sidebar": "GN's G here divides the network's {width} {unit}; the sidebar's G "
    "divides the tensor's C = {c} channels, so the lab keeps its own G.",
    "p8.sidebar_in_mlp": "The sidebar's method is IN, which the MLP cannot use (each "
    "(sample, unit) group holds one value, so IN would output 0): the lab trains {norm}. "
    "Choose the CNN to train IN.",
    "p8.depth": "Depth (layers)",
    "p8.lr": "Learning rate",
    "p8.lr.help": "Plain SGD. The default for this model and activation is {lr:g}, a rate at "
    "which the network without normalization also learns; it follows the model and "
    "activation until you move this slider.",
    "p8.batch": "Batch size",
    "p8.steps": "Steps",
    "p8.seed": "Seed",
    "p8.train": "Train",
    "p8.starting": "starting…",
    "p8.stop": "Stop",
    "p8.progress": "{text} · {seconds:.0f} s",
    "p8.not_started": "before the first step",
    "p8.stopped": "**Stopped** ({where}, after {seconds:.1f} s). Press the button again to "
    "start over.",
    "p8.failed": "The run failed: {error}",
    "p8.queued": "Waiting for a free worker: {ahead} job(s) ahead (two runs at a time on "
    "this server).",
    "p8.press_train": "No finished run with these settings yet: press **Train**.",
    "p8.changed": "Settings changed: press **Train** to train with them.",
    "p8.result": "Final test accuracy after {steps:,} steps: **{base} {base_accuracy:.1%}**, "
    "**{norm} {norm_accuracy:.1%}**.",
    "p8.percentiles.header": "One sigmoid input over training (as in the BN paper's Fig. 1b, c)",
    "p8.percentiles.header_relu": "One ReLU input over training",
    "p8.layer": "Layer",
    "p8.unit": "Unit",
    "p8.percentiles.caption": "The BN paper's Fig. 1(b, c) (Ioffe & Szegedy 2015, §4.1: "
    "MNIST, 3 fully connected hidden layers of 100 sigmoid units, mini-batches of 60, "
    "50,000 steps) plots the 15th, 50th and 85th percentiles of one sigmoid input over "
    "training: without BN they drift, with BN they are more stable. Here the data are the 8×8 "
    "digits, the steps fewer, and the percentiles are over the 445 test images (BN with "
    "their own statistics). Whether they drift or saturate in your run is measured below.",
    "p8.percentiles.caption_relu": "The 15th, 50th and 85th percentiles of the chosen unit's "
    "input over the 445 test images. ReLU does not saturate for x > 0; the grey bands only "
    "mark where a sigmoid would (|x| > 2.944), for comparison.",
    "p8.measured.median": "Measured in this run, unit {unit} of layer {layer}: the median "
    "input went from {base_start:.2f} to {base_end:.2f} ({base}) and from {norm_start:.2f} "
    "to {norm_end:.2f} ({norm}).",
    "p8.measured.saturation": "Saturated inputs of layer {layer} (|x| > 2.944, i.e. σ < 0.05 "
    "or σ > 0.95), first evaluation → last: {base} {sat_base_start:.0%} → {sat_base_end:.0%}, "
    "{norm} {sat_norm_start:.0%} → {sat_norm_end:.0%}.",
    "p8.measured.saturation_relu": "Inputs of layer {layer} with |x| > 2.944 (where a sigmoid "
    "would saturate; a ReLU does not for x > 0), first evaluation → last: {base} "
    "{sat_base_start:.0%} → {sat_base_end:.0%}, {norm} {sat_norm_start:.0%} → "
    "{sat_norm_end:.0%}.",
    "p8.grad_norm.caption": "Each layer keeps its colour in both charts; the output layer is "
    "dotted grey. ‖∂L/∂W‖ is the norm of a weight layer's gradient on each training batch. "
    "The error signal δ reaching a layer has been multiplied by every later layer's factor "
    "Wᵀ·diag(σ′); with sigmoids σ′ ≤ 0.25, so δ shrinks layer by layer unless the weights are "
    "large (vanishing gradients), and large weights can make it grow instead (exploding "
    "gradients). ‖∂L/∂W‖ = ‖δ·xᵀ‖ also depends on the layer's input x, so the layers' norms "
    "need not be in depth order.",
    "p8.measured.grad": "Measured in this run (mean of the last {window} steps): layer 1's "
    "gradient norm is {base_ratio:.3g} × the output layer's ({base}) and {norm_ratio:.3g} × "
    "({norm}).",
    "p8.sweeps.header": "Sweeps",
    "p8.sweeps": (
        "Both sweeps train the page's network ({model}, {activation}, depth, seed) and report "
        "the **final test accuracy** (higher is better). Each trains many networks: from tens "
        "of seconds to a few minutes.",
        "Results are kept for everyone, so only the first click waits.",
    ),
    "p8.run_lr": "Run the learning-rate sweep",
    "p8.run_batch": "Run the batch-size sweep (BN vs GN)",
    "p8.lr_sweep.caption": "{steps:,} steps at batch size {batch} at each learning rate; ✕ "
    "marks a run whose loss became NaN or infinite.",
    "p8.batch_sweep.caption": "10 epochs at every batch size (smaller batches take more "
    "steps), learning rate scaled linearly with the batch ({lr:g} at {batch}), the linear "
    "scaling rule the GN paper also uses. Compare the GN paper's BN-vs-GN results (Wu & He "
    "2018, Fig. 1: ResNet-50 on ImageNet, error against images per GPU) on the Batch size "
    "page; the paper reports error, this chart accuracy.",
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
    "fig.training.axis.relu_input": "ReLU input x",
    "fig.training.percentiles_title": "Input to unit {unit} of layer {layer}: 15th, 50th, 85th "
    "percentiles (grey: saturated)",
    "fig.training.percentiles_title_relu": "Input to unit {unit} of layer {layer}: 15th, "
    "50th, 85th percentiles (grey: where a sigmoid would saturate)",
    "fig.training.axis.saturated": "saturated inputs",
    "fig.training.axis.saturated_relu": "share with |x| > 2.944",
    "fig.training.saturation_title": "Saturated sigmoid inputs (σ < 0.05 or > 0.95)",
    "fig.training.saturation_title_relu": "Inputs with |x| > 2.944 (a sigmoid would saturate)",
    "fig.training.grad_norm_title": "Gradient norm per layer (mean of the last {smooth} steps)",
    "fig.training.axis.lr": "learning rate",
    "fig.training.axis.final_accuracy": "final test accuracy",
    "fig.training.lr_title": "Learning-rate sweep: accuracy after {steps} steps",
    "fig.training.axis.batch": "batch size (images per step)",
    "fig.training.axis.error": "test error (lower is better)",
    "fig.training.batch_title": "Batch-size sweep: same epochs, learning rate ∝ batch size",
    "fig.training.stopped_suffix": " (stopped)",
    "fig.training.diverged": "{label}: diverged (loss NaN or infinite)",
    "fig.training.layer": "layer {n}",
    "fig.training.output": "output",
    # --- upload ---
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
    "upload.header_too_long": (
        "The .npy header of {filename} says it is {size} bytes long; the app reads headers of "
        "at most {limit} bytes (numpy.save writes about a hundred). The file is damaged or "
        "was not written by numpy.save."
    ),
    "upload.bad_shape": (
        "The .npy header of {filename} declares the shape {shape}: every dimension must be a "
        "whole number from 0 to 2⁶³ − 1. The file is damaged or was not written by numpy.save."
    ),
    "upload.bad_fortran_order": (
        "The .npy header of {filename} sets fortran_order to {value}; it must be True or "
        "False. The file is damaged or was not written by numpy.save."
    ),
    "upload.bad_dtype": (
        "The .npy header of {filename} names the type {descr}, which is not a numpy type. The "
        "file is damaged or was not written by numpy.save."
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
    "upload.npz_method": (
        "it is compressed with a method numpy.savez never uses; the app reads stored and "
        "deflated (zip) members only."
    ),
    "upload.npz_size_mismatch": (
        "the zip directory says the member holds {declared} bytes, but its .npy header "
        "accounts for {expected}. The archive is damaged or forged."
    ),
    "upload.npz_ratio": (
        "it is compressed {ratio}× ({packed} kB that expand to {size} MB); the app refuses "
        "arrays compressed more than {limit}×. Such an array is almost all one repeated value: "
        "check what was saved."
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
