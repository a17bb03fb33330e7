"""English texts. Keys are dotted: area.name. Tuples are explanations shown step by step."""

TEXTS: dict[str, str | tuple[str, ...]] = {
    # --- display: language, presenter mode, steps ---
    "lang.label": "Language",
    "display.presenter": "Presenter mode",
    "display.presenter.help": "Larger text and charts, for a projector.",
    "display.steps": "Explanations in steps",
    "display.steps.help": "Reveal each explanation one step per click of Next.",
    "steps.back": "◀ Back",
    "steps.next": "Next ▶",
    "steps.all": "Show all",
    "steps.where": "Step {shown} of {total}",
    "note.bad_param": "Ignored the link's {key}={value!r}: not a valid value (valid: {valid}).",
    "note.bad_page_param": "Ignored the link's {key}={value}: not a valid value (valid: {valid}); using {default}.",
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
        "overflows); normalization needs finite numbers. Replace those values (e.g. "
        "numpy.nan_to_num) or rescale the tensor."
    ),
    "errors.eps_zero_constant": (
        "ε = 0 but a group's values are all equal (σ² = 0), so x̂ = 0/0 is undefined: use ε > 0 "
        "(PyTorch's default is 1e-5)."
    ),
    "errors.bn_one_value": (
        "BatchNorm in training needs more than one value per channel, but this {shape} tensor "
        "has N·H·W = 1: the batch mean is the value itself and the variance is 0, so every "
        "output would be β. PyTorch raises 'Expected more than 1 value per channel when "
        "training'. Use a larger batch or feature map, or eval mode (model.eval()) with the "
        "running mean and variance."
    ),
    "errors.in_one_value": (
        "InstanceNorm normalizes the H·W values of one sample and channel, but this tensor has "
        "only one such value (H·W = 1), so every output would be β. PyTorch raises 'Expected "
        "more than 1 spatial element when training'. Use a feature map with H·W ≥ 2, or LN, or "
        "GN with at least 2 channels per group."
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
    # --- the live class check (normviz.classroom) ---
    "classroom.no_room": "There is no room {code}: check the code on the teacher's screen.",
    "classroom.expired": "Room {code} has closed: rooms close after three hours without use. "
    "Ask the teacher for the new code.",
    "classroom.too_many_attempts": "Too many wrong room codes (from this browser, or from everyone "
    "on this server together): try again in {minutes} min.",
    "classroom.too_many_rooms": "The server already holds {limit} rooms: close one, or wait "
    "until an unused one closes.",
    "classroom.too_many_questions": "A room holds at most {limit} questions: open a new room.",
    "classroom.room_full": "This question already has {limit} answers, the most one question "
    "takes.",
    "classroom.not_teacher": "Only the teacher who opened this room can do that.",
    "classroom.no_question": "The teacher has not asked a question yet.",
    "classroom.closed": "The answer has been revealed: this question takes no more answers.",
    "classroom.bad_answer": "Choose one of the options, or enter a number.",
    "classroom.bad_question": "A question needs a text (at most {limit} characters) and either "
    "2 to 8 options with the right one marked, or a right number and a tolerance ≥ 0.",
    "errors.backward.grad_shape": (
        "The upstream gradient ∂L/∂y has shape {grad_shape} but the tensor has shape {shape}: "
        "there is one ∂L/∂yᵢ per output yᵢ."
    ),
    "errors.backward.grad_nonfinite": "The upstream gradient ∂L/∂y holds NaN or infinite values.",
    "errors.backward.tiny_var": (
        "With ε = 0 a group's σ² + ε is {var:.1e}: (σ² + ε)^(−3/2) in ∂L/∂σ² overflows. Set ε > 0 "
        "in the sidebar."
    ),
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
    "errors.batch_noise.one_varying_channel": (
        "The population {name!r} must have exactly one channel, with σ > 0, to measure its noise "
        "in units of σ."
    ),
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
        "momentum=None (cumulative average) is PyTorch's option only. Choose the PyTorch "
        "convention, or give a momentum in [0, 1] (Keras' default is 0.99)."
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
        "This demonstration needs a batch of at least 2 samples (got {batch})."
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
    "nav.0_Home": "Home",
    "nav.1_Reduction_axes": "Reduction axes",
    "nav.2_Step_by_step": "Step by step",
    "nav.3_Sigmoid_saturation": "Sigmoid saturation",
    "nav.4_Train_vs_eval": "Train vs eval",
    "nav.5_Batch_size": "Batch size",
    "nav.6_Gradients": "Gradients",
    "nav.7_Dropout": "Dropout",
    "nav.8_Training_lab": "Training lab",
    "nav.11_BN_deployed": "BN deployed",
    "nav.12_Class_check": "Class check",
    "nav.10_Pre_LN_vs_post_LN": "Pre-LN vs Post-LN",
    "nav.9_Transformer_norms": "Transformers",
    # --- sidebar ---
    "sidebar.preset": "Tensor",
    "sidebar.preset.help": (
        "A preset sets the tensor with its own shape, γ and β (and seed 0). The method and ε "
        "stay; G stays if it divides the new C (else GN uses the nearest divisor); the chosen "
        "element is moved inside the new shape if needed. The worked example is the 2×2×2×2 "
        "tensor of the lecture notes."
    ),
    "sidebar.preset.changed": "Changed from the preset: {what}.",
    "sidebar.preset.changed.shape": "shape {now} (the preset's is {was})",
    "sidebar.preset.changed.gamma": "γ = {now} (the preset's is {was})",
    "sidebar.preset.changed.beta": "β = {now} (the preset's is {was})",
    "sidebar.preset.changed.join": "; ",
    "sidebar.preset.back": "Back to “{preset}”",
    "sidebar.builder": "Shape and generator",
    "sidebar.fully_connected": "Fully connected (N×C, no H, W)",
    "sidebar.elements": "{shape} = {size:,} elements (at most {cap:,}).",
    "sidebar.elements.sequence": "{shape} (N×T×D) = {size:,} elements (at most {cap:,}).",
    "sidebar.layout": "Layout",
    "sidebar.layout.image": "Image (N×C×H×W)",
    "sidebar.layout.sequence": "Sequence (N×T×D: batch, tokens, features)",
    "sidebar.layout.help": (
        "Sequence: N sequences of T tokens with D features each, as a transformer's "
        "activations. The app holds it as N×D×1×T: the D features where an image has its C "
        "channels, the T tokens as the positions. Every method then groups the same values as "
        "on N×T×D: token LN is nn.LayerNorm(D), BN normalizes each feature over the batch and "
        "the tokens."
    ),
    "sidebar.tokens": "T (tokens)",
    "sidebar.features": "D (features)",
    "sidebar.too_big": (
        "{shape} would be {size:,} elements, over the cap of {cap:,} that keeps every page "
        "responsive; kept {field} = {kept}. To enlarge {field}, first make another dimension "
        "smaller."
    ),
    "sidebar.worked_left": (
        "The worked example exists only as a 2×2×2×2 tensor: this one holds generated values "
        "(γ = 1, β = 0 unless you had changed them). Choose it again under Tensor."
    ),
    "sidebar.generator": "Generator",
    "sidebar.generator.worked": (
        "The worked example is a fixed tensor: changing its shape or a control here replaces it "
        "by generated values."
    ),
    "sidebar.seed": "Seed",
    "sidebar.scale": "Scale (std)",
    "sidebar.shift": "Shift (mean)",
    "sidebar.channel_spread": "Per-channel offsets (std)",
    "sidebar.sample_spread": "Per-sample offsets (std)",
    "sidebar.channel_spread.sequence": "Per-feature offsets (std)",
    "sidebar.sample_spread.sequence": "Per-sequence offsets (std)",
    "sidebar.outliers": "Outlier fraction",
    "sidebar.relu_like": "ReLU-like (skewed, ≥ 0)",
    "sidebar.method": "Normalization",
    "sidebar.normalization.help": "BN: BatchNorm, LN: LayerNorm, IN: InstanceNorm, GN: GroupNorm",
    "sidebar.groups": "Groups G (divisors of C)",
    "sidebar.rms_no_beta": "RMSNorm has no β (torch.nn.RMSNorm learns γ only): β is not added.",
    "sidebar.groups.same_layer": "G = 1: one group of all C channels, the same as LayerNorm.",
    "sidebar.groups.same_instance": (
        "G = C = {c}: one channel per group, the same as InstanceNorm."
    ),
    "sidebar.eps.help": (
        "Added to σ² (RMSNorm: to the mean square) before the square root. Defaults: PyTorch "
        "1e-5 (nn.RMSNorm: torch.finfo(dtype).eps, about 1.2e-7 in float32), Keras 1e-3."
    ),
    "sidebar.gamma_all": "γ (all channels)",
    "sidebar.beta_all": "β (all channels)",
    "sidebar.gamma_every": "γ: one value for every channel",
    "sidebar.beta_every": "β: one value for every channel",
    "sidebar.affine_every.help": (
        "Starts at the channels' mean. Moving it gives every channel this one value and "
        "replaces the per-channel values in the table."
    ),
    "sidebar.affine_differ": "Per channel: {values}. Edit each channel in the table below.",
    "sidebar.affine_one": "γ = 1, β = 0 on every channel",
    "sidebar.affine_table": "γ and β per channel",
    "sidebar.element": "**Chosen element** {element}",
    "sidebar.element.help": (
        "Its index in the {shape} tensor, counted from 0: sample n, channel c and, for a conv "
        "tensor, row h and column w of the feature map."
    ),
    "sidebar.element.help.sequence": (
        "Its index in the {shape} (N×T×D) tensor, counted from 0: sequence n, token t and "
        "feature d."
    ),
    # --- presets (the English names stay the URL values) ---
    "preset.custom": "Custom",
    "preset.modified": "{name} (changed)",
    "preset.worked_example": "Worked example",
    "preset.worked_example.description": (
        "The 2×2×2×2 tensor of the lecture notes, with γ = (2, 5) and β = (3, 8): every "
        "number can be checked by hand."
    ),
    "preset.standard_normal": "Standard normal",
    "preset.standard_normal.description": (
        "Values drawn from N(0, 1): every group already has a mean near 0 and a variance near "
        "1, so normalization changes little."
    ),
    "preset.badly_scaled_saturating": "Badly scaled, saturating",
    "preset.badly_scaled_saturating.description": (
        "Values drawn from N(3, 6²): about two thirds of them lie where the sigmoid is flat "
        "(σ(x) < 0.05 or > 0.95, i.e. |x| > 2.94)."
    ),
    "preset.per_channel_offsets": "Per-channel offsets",
    "preset.per_channel_offsets.description": (
        "Each channel is shifted by its own random offset (standard deviation 4): BatchNorm "
        "and InstanceNorm remove it; LayerNorm, and GroupNorm with several channels per group, "
        "keep the differences between channels."
    ),
    "preset.per_sample_offsets": "Per-sample offsets",
    "preset.per_sample_offsets.description": (
        "Each sample is shifted by its own random offset (standard deviation 4), like the "
        "brightness of a photo; the preset has N = 2. LayerNorm, InstanceNorm and GroupNorm "
        "remove it. BatchNorm does not: it subtracts one mean per channel, shared by both "
        "samples, so each sample keeps its offset relative to the other; and that batch mean, "
        "the average of only two offsets, stays noisy however large H·W is."
    ),
    "preset.relu_like_skewed": "ReLU-like (skewed)",
    "preset.relu_like_skewed.description": (
        "max(0, z + 0.5) for z drawn from N(0, 1): non-negative and skewed, about 31% exact "
        "zeros, as after a ReLU. The BN paper normalizes before the nonlinearity (Ioffe & "
        "Szegedy 2015, §3.2)."
    ),
    "preset.outliers": "Outliers",
    "preset.outliers.description": (
        "1% of the values are replaced by ±10, ten times the standard deviation of the others: "
        "they inflate the variance of their group and squeeze its other values towards 0."
    ),
    # --- home page ---
    "home.title": "normviz: normalization layers, one number at a time",
    "home.intro": (
        "A normalization layer takes the activations of a layer, a tensor **x** of shape "
        "N×C×H×W (batch, channels, height, width), and splits it into groups.",
        "It standardizes every group (a z-score: subtract the group's mean μ, divide by "
        "√(σ² + ε), its standard deviation with a small ε added for numerical stability), so "
        "the group has mean 0 and variance σ²/(σ² + ε), just under 1 when σ² ≫ ε; then it "
        "scales and shifts each channel by learned γ and β (RMSNorm, the fourth row of the table "
        "below, subtracts no mean and has no β: it only divides by the root mean square and "
        "scales):",
    ),
    "home.methods_lead": (
        "The methods differ in **which elements share one mean μ and variance σ²** (RMSNorm: "
        "one mean square, no mean):"
    ),
    "home.methods_table": (
        "| method | shares (μ, σ²) across | used in |\n"
        "|---|---|---|\n"
        "| **BatchNorm (BN)** (Ioffe & Szegedy 2015) | all N·H·W values of one channel "
        "| CNNs with large batches |\n"
        "| **LayerNorm (LN)** (Ba et al. 2016) over a whole conv layer, as drawn in the "
        "GroupNorm paper (Wu & He 2018, Fig. 2): *the LN this app computes* | all C·H·W "
        "values of one sample | any batch size, but rarely used in CNNs: 25.3% error vs BN's "
        "23.6% (ResNet-50 on ImageNet, 32 images per GPU; Wu & He 2018, Table 1) |\n"
        "| **token LayerNorm (token LN)**: the LayerNorm of transformers and RNNs (Ba et al. "
        "2016) | the D features of one token or time step: `nn.LayerNorm(D)` on an N×T×D "
        "tensor (ConvNeXt's channels-last LN is the same: the C channels of one pixel) | "
        "transformers, RNNs: never over all T·D values of a sequence, which would mix tokens "
        "and, in a causal model, let later positions leak into earlier ones |\n"
        "| **RMSNorm** (Zhang & Sennrich 2019) | the same D features of one token, without "
        "subtracting their mean: x/√(mean(x²) + ε)·γ, no β (`nn.RMSNorm(D)`) | large "
        "language models, e.g. LLaMA (Touvron et al. 2023, §2.2) |\n"
        "| **InstanceNorm (IN)** (Ulyanov et al. 2016) | the H·W values of one sample and "
        "channel | style transfer |\n"
        "| **GroupNorm (GN)** (Wu & He 2018) | one sample's (C/G)·H·W values of a group of C/G "
        "channels | detection and segmentation, small batches per GPU |"
    ),
    "home.current": "The current tensor",
    "home.metric.shape": "shape",
    "home.metric.elements": "elements",
    "home.metric.mean": "mean",
    "home.metric.std": "std",
    "home.metric.min": "min",
    "home.metric.max": "max",
    "home.caption": (
        "Tensor: {preset}. Method: {method}, ε = {eps}. Change them in the sidebar; "
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
    "home.link.12_Class_check": "Class check: the room answers, the teacher sees the count",
    "home.link.11_BN_deployed": "BN deployed: folding into the layer before, and four pitfalls",
    "home.link.10_Pre_LN_vs_post_LN": "Pre-LN vs Post-LN: where LayerNorm sits in a transformer",
    "home.link.9_Transformer_norms": "Transformers: token LN, RMSNorm, and why not BN",
    # --- pages_1_4 ---
    # --- method names, shared by every page ---
    "method.long.batch": "BatchNorm",
    "method.long.layer": "LayerNorm",
    "method.long.instance": "InstanceNorm",
    "method.long.group": "GroupNorm",
    "method.long.token": "token LayerNorm",
    "method.long.rms": "RMSNorm",
    # --- page 1: Reduction axes ---
    "p1.title": "Reduction axes",
    "p1.intro": (
        "The cube is the tensor: **N** samples deep, **C** channels wide, **H·W** positions "
        "high, position 0 at the top and the positions row by row (h·W + w), as the rows of "
        "an image and of Step by step's heatmaps.",
        "The shaded block holds every element that shares one (μ, σ²) with the chosen element "
        "(amber).",
        "Click a cell on the front face (channel, position) or the top face (sample, channel) "
        "to choose another element, or use the sidebar.",
    ),
    "p1.small.heading": "**All six methods, same element**",
    "p1.sequence": (
        "This tensor is a sequence N×T×D ({shape}): the cube is {n} sequences deep, its **D** "
        "= {d} features stand where an image has its C channels, and its **T** = {t} tokens "
        "where an image has its H·W positions, token 0 at the top. On the front face a cell is "
        "(feature, token), on the top face (sequence, feature)."
    ),
    "p1.gn_equals.layer": (
        "GN with G = 1 puts all C = {c} channels of a sample into one group: it is LN, group "
        "for group and number for number."
    ),
    "p1.gn_equals.instance": (
        "GN with G = C = {c} gives every channel its own group: it is IN, group for group and "
        "number for number."
    ),
    "p1.gn_only_two": (
        "G must divide C, and C = {c} has no divisor other than 1 and itself, so G = 1 (LN) "
        "and G = C (IN) are the only choices. For a GN between LN and IN, choose a C with more "
        "divisors in the sidebar, e.g. C = 4, 6 or 8."
    ),
    "p1.gn_only_one": (
        "With C = 1, G = 1 is the only choice: GN, LN and IN coincide, each normalizing a "
        "sample's single channel on its own. For a GN between LN and IN, choose a C with more "
        "divisors in the sidebar, e.g. C = 4, 6 or 8."
    ),
    "p1.numbers.heading": "In numbers",
    "p1.col.method": "method",
    "p1.col.axes": "reduced axes",
    "p1.col.m": "group size m",
    "p1.col.pairs": "(μ, σ²) pairs (RMSNorm: RMS²)",
    "p1.col.params": "learnable γ, β",
    "p1.none": "(none)",
    "p1.caption": (
        "γ and β are per channel (RMSNorm: γ only), as in the GroupNorm paper (Wu & He "
        "2018, §3.1). PyTorch's modules differ: torch.nn.LayerNorm([C, H, W]) learns one γ "
        "and β per element (C·H·W each), and torch.nn.InstanceNorm2d has none by default "
        "(affine=False); the normalization itself is the same. GN with G = 1 is LN; GN with "
        "G = C is IN. Token LayerNorm is torch.nn.LayerNorm(C) applied at each position of "
        "the channels-last tensor (C = D, the features of a token), and RMSNorm is "
        "torch.nn.RMSNorm(C, eps=ε): a γ per channel and no β (its default ε is "
        "torch.finfo(dtype).eps, not 1e-5). On an N×C tensor (one position) "
        "token LayerNorm and LayerNorm are the same."
    ),
    # --- figure: the cube ---
    "fig.cube.caption": (
        "{short}: averages over {axes}; m = {m:,} values per statistic; {pairs:,} (μ, σ²) "
        "pairs; {params:,} learnable γ and β"
    ),
    "fig.cube.caption.rms": (
        "{short}: averages x² over {axes} (no mean is subtracted); m = {m:,} values per "
        "statistic; {pairs:,} mean squares; {params:,} learnable γ, no β"
    ),
    "fig.cube.group_channels": "C/G = {per} channels",
    "fig.cube.axis.none": "(none)",
    "fig.cube.hover.front": "channel c={c}, position {s}",
    "fig.cube.hover.top": "sample n={n}, channel c={c}",
    "fig.cube.hover.front.sequence": "feature d={c}, token t={s}",
    "fig.cube.hover.top.sequence": "sequence n={n}, feature d={c}",
    "fig.cube.group_features": "D/G = {per} features",
    "fig.cube.hover.click": "click to choose",
    "fig.cube.trace.tensor": "tensor",
    "fig.cube.trace.group": "group",
    "fig.cube.trace.element": "element",
    "fig.cube.panel.batch": "BatchNorm",
    "fig.cube.panel.layer": "LayerNorm",
    "fig.cube.panel.instance": "InstanceNorm",
    "fig.cube.panel.group": "GroupNorm",
    "fig.cube.panel.token": "token LayerNorm",
    "fig.cube.panel.rms": "RMSNorm",
    # --- page 2: Step by step ---
    "p2.title": "Step by step",
    "p2.intro": (
        "**{name}** on element **x[{index}]**: its group averages over the axes **{axes}**.",
        "So **m = {m:,}** values share one mean and variance (the tensor has {groups:,} such "
        "groups).",
    ),
    "p2.steps": (
        "**1. Mean** of the group\n\n$$\n{mean_tex}\n$$",
        "**2. Variance**, biased (divided by m), as in the BN paper's Algorithm 1 and "
        "PyTorch's forward pass\n\n$$\n{var_tex}\n$$",
        "**3. Normalize** the chosen element x[{index}]\n\n$$\n{normalize_tex}\n$$",
        "**4. Scale and shift** with {channel}'s γ and β\n\n$$\n{affine_tex}\n$$",
    ),
    "p2.unbiased": (
        "The unbiased variance (× m/(m−1)) is {var:.4f}: PyTorch's BatchNorm updates "
        "running_var with that one, but normalizes with the biased one."
    ),
    "p2.unbiased.rms": (
        "RMSNorm has no variance to correct: it divides by √(RMS² + ε), from the group's own "
        "mean square, and keeps no running statistics, so training and eval compute the same "
        "thing."
    ),
    "p2.unbiased.other": (
        "The unbiased variance (× m/(m−1)) would be {var:.4f}; it is not used. LN, GN, token "
        "LN keep no running statistics (nor does torch.nn.InstanceNorm2d, unless "
        "track_running_stats=True): they normalize every input with its own biased σ², in "
        "training and in eval alike."
    ),
    "p2.standardize": (
        "Step 3 is **standardization** (a z-score: subtract the mean, divide by the standard "
        "deviation), not min–max scaling to [0, 1]: x̂ is negative below the mean, and the x̂ "
        "of a lone outlier among m values approaches √(m − 1). And it is **per group, not "
        "whitening**: full whitening would need the covariance matrix of the features and its "
        "inverse square root, which is costly and not everywhere differentiable, so the BN "
        "paper (Ioffe & Szegedy 2015, §2–3) normalizes each channel independently instead. "
        "Only the first two moments (mean and variance) are controlled: features stay "
        "correlated (none of these methods decorrelates them), and the shape of each "
        "group's distribution (skew, outliers) is unchanged."
    ),
    "p2.torch_ok": (
        "Check against PyTorch on the whole tensor: max |y_normviz − y_torch| = {diff:.3g}"
    ),
    "p2.torch_refuses": (
        "PyTorch refuses this input in training mode (“{reason}”); normviz computes it by the "
        "formulas above, so there is nothing to compare with here."
    ),
    "p2.slice.heading": "This slice",
    "p2.channel": "channel {c}",
    "p2.feature": "feature d = {d}",
    "p2.slice.heading.sequence": "This slice: the T = {tokens} tokens of feature d = {d}",
    "p2.slice.sequence": (
        "A sequence is held as N×D×1×T, so the heatmaps' channel c is the feature d, their "
        "one row h = 0 holds the tokens and their column w is the token t."
    ),
    "p2.groups.heading": "All {count:,} groups",
    "p2.col.samples": "samples n",
    "p2.col.channels": "channels c",
    "p2.col.positions": "position",
    "p2.col.sequences": "sequences n",
    "p2.col.features": "features d",
    "p2.col.tokens": "token t",
    "p2.steps.rms": (
        "**1. No mean**: RMSNorm does not subtract one; the steps below are LayerNorm's with "
        "μ = 0\n\n$$\n{mean_tex}\n$$",
        "**2. Mean square** of the group (RMS is its root)\n\n$$\n{var_tex}\n$$",
        "**3. Divide** the chosen element x[{index}] by the root mean square\n\n$$\n"
        "{normalize_tex}\n$$",
        "**4. Scale** with {channel}'s γ (torch.nn.RMSNorm has no β)\n\n$$\n{affine_tex}\n$$",
    ),
    "p2.rms_note": (
        "RMSNorm is not standardization: x / RMS keeps a common offset of the group. Its x̂ has "
        "mean μ/√(RMS² + ε), which is 0 only when the group's mean μ is 0; then RMS² = σ² and "
        "RMSNorm equals LayerNorm (with β = 0) over the same group (Zhang & Sennrich, NeurIPS 2019, §4)."
    ),
    "p2.groups.truncated": (
        "The first {shown:,} of {total:,} groups. Every group's statistics: Export → CSV, at "
        "the bottom of the sidebar."
    ),
    "p2.groups.export": "To download these statistics: Export → CSV, at the bottom of the sidebar.",
    # --- figure: step by step ---
    "fig.steps.panel.x": "x (input)",
    "fig.steps.slice.title": "One slice: sample n={n}, channel c={c}",
    "fig.steps.colorbar": "value",
    "fig.steps.values": "values",
    "fig.steps.chosen": "chosen",
    "fig.steps.strip.title": "The group's values (equal values stacked)",
    "fig.steps.strip.title_first": "The group's values ({shown} of {m:,}, evenly spaced; equal values stacked)",
    # --- page 3: Sigmoid saturation ---
    "p3.title": "Sigmoid saturation",
    "p3.intro": (
        "A sigmoid σ(x) = 1/(1 + e⁻ˣ) multiplies every gradient passing back through it by "
        "its derivative σ′(x) = σ(x)(1 − σ(x)) ≤ 0.25, largest at x = 0.",
        "Where |x| is large, σ′ falls toward 0 and almost no gradient flows back: the unit is "
        "**saturated**. This app counts an input as saturated when σ(x) < 0.05 or "
        "σ(x) > 0.95, i.e. |x| > 2.944, where σ′ < 0.048, under a fifth of its maximum.",
        "Normalization standardizes the inputs (x̂ has mean 0 and variance just under 1 in "
        "each group), "
        "which moves most of them to where σ′ is large. The learned γ and β then scale and "
        "shift x̂: a large γ or |β| pushes the inputs back out (below).",
    ),
    "p3.rms_note": (
        "RMSNorm does not standardize: it divides each group by its root mean square, so x̂ has "
        "mean square just under 1 but keeps the group's mean offset (x̂'s mean is μ/√(RMS² + "
        "ε)). A group far from 0 stays to one side of the sigmoid."
    ),
    "p3.affine.toggle": "Apply the sidebar's γ, β ({values})",
    "p3.affine.help": "Off: the right-hand chart shows x̂ itself (γ = 1, β = 0), what "
    "normalization alone does. On: y = γ·x̂ + β with the sidebar's γ, β.",
    "p3.before.title": "Before: x",
    "p3.after.title": "After {label}: y = γ·x̂ + β",
    "p3.after.title_standardized": "After {label}: x̂ (γ = 1, β = 0)",
    "p3.metric.saturated": "saturated",
    "p3.metric.mean_grad": "mean σ′",
    "p3.end_bins": "Values beyond ±{edge:g} are counted in the end bins. The gold line marks "
    "the chosen element x{element}.",
    "p3.resat.heading": "A large γ or |β| saturates again",
    "p3.resat.metric": "saturated with the sidebar's γ, β ({values})",
    "p3.resat.text": "The curve multiplies the sidebar's γ by a factor k, each channel keeping "
    "its own γ and β: y = k·γ·x̂ + β over the whole tensor. At k = 1 (the gold point) it is "
    "the layer as set, {share} saturated: the number above. The dashed curve leaves β out "
    "(γ alone).",
    "p3.resat.caption": (
        "γ and β are learned, so the network can partly undo the normalization where that "
        "helps: for BN, γ = √(Var[x] + ε), β = E[x] (population statistics) give back x "
        "exactly in eval mode and approximately in training, where μ_B and σ²_B vary from "
        "batch to batch (Ioffe & Szegedy 2015, §3). In LN, IN and GN the statistics change "
        "from sample to sample, so no fixed γ, β can undo them. A badly initialized or "
        "exploding γ pushes the inputs back into saturation, where the sigmoid's slope is "
        "almost 0."
    ),
    "p3.layers.heading": "Through L layers: vanishing and exploding gradients",
    "p3.layers.slider": "Layers L",
    "p3.layers.text": (
        "Backpropagating through one sigmoid layer h = σ(z), z = W·u + b, multiplies the "
        "gradient by diag(σ′(z)), the activation's part, and by Wᵀ, the weights' part. "
        "Through L layers the gradient is a product of L such factors.",
        "The activation's part alone is at most 0.25 per layer, so at most 0.25ᴸ: {best} for "
        "L = {layers}. With the mean σ′ of these inputs as a typical value it is about "
        "**{before}** before normalization and **{after}** after (the chart).",
        "The weights' part can shrink or grow it: each layer's factor has a norm of at most "
        "‖W‖·0.25 (‖W‖: the largest singular value of W). In the lecture notes' chain of one "
        "unit per layer, weights |w| < 4 make every factor smaller than 1 and the product "
        "vanishes: **vanishing gradients**, and the first layers of a deep sigmoid network "
        "barely learn. With w = 100 in the same chain, one layer can multiply the gradient by "
        "up to 100 × 0.25 = 25 (where σ′ is at its maximum) and {layers} layers by up to "
        "25ᴸ = {explode}: **exploding gradients**. "
        "Large weights also push the inputs into saturation, which shrinks σ′ again: which "
        "effect wins depends on the inputs.",
        "Normalization acts on the activation's part (it keeps σ′ large) and makes the "
        "layer's output independent of the scale of W (Gradients page: Norm(aW·u) = "
        "Norm(W·u) for any a > 0, up to ε), so training depends less on how the weights were "
        "initialized.",
    ),
    "p3.channel.heading": "Per channel",
    "p3.channel.caption": (
        "The chosen channel is shaded. Here, as in the BN paper (Ioffe & Szegedy 2015, "
        "§3.2), normalization comes after the conv or linear layer and before the "
        "nonlinearity: that output is more likely to be symmetric and 'more Gaussian', while "
        "after a ReLU it is one-sided and sparse. This is the paper's choice, not a law: BN "
        "after the activation is also used in practice."
    ),
    # --- figure: saturation ---
    "fig.saturation.share": "share of inputs",
    "fig.saturation.axis.input": "sigmoid input (grey: saturated, σ′ < 0.048)",
    "fig.saturation.before": "before (x)",
    "fig.saturation.after": "after (y)",
    "fig.saturation.after_standardized": "after (x̂)",
    "fig.saturation.per_channel.title": "Saturated fraction per channel",
    "fig.saturation.saturated": "saturated",
    "fig.saturation.axis.channel": "channel c",
    "fig.saturation.chosen": "chosen element: {value:.2f}",
    "fig.saturation.decay.best": "bound of the σ′ part: 0.25ᴸ",
    "fig.saturation.decay.before": "σ′ part before: (mean σ′)ᴸ",
    "fig.saturation.decay.after": "σ′ part after: (mean σ′)ᴸ",
    "fig.saturation.decay.title": "The σ′ part of the gradient factor through L layers "
    "(weights not included)",
    "fig.saturation.decay.factor": "factor (log scale)",
    "fig.saturation.decay.layers": "number of layers L",
    "fig.saturation.resat.now": "the sidebar's {values}: {share}",
    "fig.saturation.resat.title": "Saturated share of y = k·γ·x̂ + β, by the factor k on γ",
    "fig.saturation.resat.axis": "factor k on the sidebar's γ (k = 1: as set)",
    "fig.saturation.resat.both": "y = k·γ·x̂ + β (β as set)",
    "fig.saturation.resat.gamma_only": "y = k·γ·x̂ (β = 0)",
    # --- page 4: Train vs eval ---
    "p4.title": "Train vs eval",
    "p4.intro": (
        "In **training mode** (`model.train()`), BatchNorm normalizes with the mean and the "
        "biased variance of the current batch.",
        "In **eval mode** (`model.eval()`) it uses the *running* mean and variance it collected "
        "during training instead, so that a sample's output depends on that sample alone, not "
        "on the rest of its batch. (`torch.no_grad()` and `torch.inference_mode()` only stop "
        "gradient tracking: they do not switch BN to eval mode.)",
        "Below: first one training step on the tensor on screen, then a stream of batches shaped "
        "like it, drawn from a population whose true mean and variance are known (channel "
        "c = {c}, the chosen element's).",
    ),
    "p4.error": "**This is what PyTorch says about this tensor in training mode:** {error}",
    "p4.error.try": (
        "Try it: with `bn = nn.BatchNorm1d(C)`, `bn(torch.randn(1, C))` raises *ValueError: "
        "Expected more than 1 value per channel when training*. After `bn.eval()` the same "
        "call works: it uses the running statistics. Increase N (or H·W) in the sidebar to "
        "continue."
    ),
    "p4.mode.label": "Running estimate",
    "p4.mode.pytorch": "PyTorch momentum",
    "p4.mode.cumulative": "cumulative (momentum=None)",
    "p4.slider.momentum": "PyTorch momentum (weight of the new batch)",
    "p4.slider.keras": "Keras momentum (weight of the old value)",
    "p4.slider.batches": "Batches in the stream",
    "p4.slider.step": "Step through the stream: batches seen",
    "p4.pytorch.info": (
        "**PyTorch** `nn.BatchNorm2d(momentum=0.1)`: running = (1 − momentum)·running + "
        "momentum·batch, so momentum is the weight of the *new* batch. The batch is normalized "
        "with its biased variance σ²_B (÷ n, where n = N·H·W values per channel, N for a fully connected layer), but "
        "running_var takes the **unbiased** n/(n−1)·σ²_B. {then}"
    ),
    "p4.pytorch.to_keras": "PyTorch's {pytorch:g} is Keras' {keras:g}.",
    "p4.pytorch.cumulative": (
        "With `momentum=None` it keeps the plain average of all batches so far (weight 1/k "
        "for each of k batches): Keras has no such option."
    ),
    "p4.keras.info": (
        "**Keras** `BatchNormalization(momentum=0.99)`: moving = momentum·moving + "
        "(1 − momentum)·batch, so momentum is the weight of the *old* value (the convention of "
        "many blog posts and of the `MyBN` class that lecture notes quote). Keras 3 folds in the "
        "biased batch variance σ²_B. Keras' {keras:g} is PyTorch's {pytorch:g}."
    ),
    "p4.one_step.heading": "One training step on this tensor, then eval mode",
    "p4.one_step.toggle": "Apply one training step: `bn.train(); bn(x)`",
    "p4.one_step.text": (
        "A fresh `nn.{layer}({c})` holds running_mean = 0 and running_var = 1. One forward "
        "pass in training mode normalizes x with its own batch statistics (μ_B and the biased "
        "σ²_B over n = {count} values per channel: N·H·W, or N for a fully connected layer) "
        "and updates running = "
        "(1 − momentum)·running + momentum·batch, with momentum = {momentum} and the unbiased "
        "n/(n−1)·σ²_B for running_var.",
        "Then `bn.eval()`: the same x is normalized with the running statistics, and y changes. "
        "Turn the step off to see what an untrained layer does in eval mode (it uses 0 and 1).",
    ),
    "p4.one_step.none": "None (the first batch's statistics)",
    "p4.one_step.col.channel": "channel",
    "p4.one_step.col.var_biased": "σ²_B (biased, ÷ n)",
    "p4.one_step.col.var_unbiased": "n/(n−1)·σ²_B (unbiased)",
    "p4.one_step.fresh": (
        "**No training step yet:** the fresh `{layer}` holds running_mean = {mean}, "
        "running_var = {var}."
    ),
    "p4.one_step.after": (
        "**After one training step:** `bn.running_mean` = {mean}, `bn.running_var` = {var}."
    ),
    "p4.one_step.one_channel": "Too many channels to list: channel c = {c} only.",
    "p4.one_step.col.slice": "slice [n, c]",
    "p4.one_step.col.x": "x (input)",
    "p4.one_step.col.train": "y, training mode (batch statistics)",
    "p4.one_step.col.eval": "y, eval mode (running statistics)",
    "p4.one_step.element": (
        "The chosen element x{element} = {value:.4f}: y = **{train:.4f}** in training mode, "
        "**{eval:.4f}** in eval mode."
    ),
    "p4.one_step.too_big": (
        "The whole tensor is listed only when it has at most 8 slices [n, c] of at most 16 "
        "values each."
    ),
    "p4.stream.heading": "A stream of batches: the running estimates",
    "p4.stream.text": (
        "Each grey dot is one batch's statistic; the lines are the running estimates after "
        "each batch. The PyTorch (with a momentum) and Keras estimates start from "
        "running_mean 0 and running_var 1 before the first batch; the cumulative average "
        "(momentum=None) and the BN paper's estimate do not depend on a starting value. The "
        "stream is drawn once: making it longer adds batches at its end and keeps the ones on "
        "screen."
    ),
    "p4.after": (
        "After **{k}** batches: PyTorch running_mean = {mean:.4f}, running_var = {var:.4f}; "
        "true mean = {true_mean:.4f}, true variance = {true_var:.4f}. The BN paper's estimate "
        "over the same batches (E[x] = mean of the batch means, Var[x] = n/(n−1) × mean of the "
        "biased batch variances σ²_B) = {paper_mean:.4f}, {paper_var:.4f}."
    ),
    "p4.paper": (
        "**The BN paper's estimate** (Ioffe & Szegedy 2015, §3.1, Algorithm 2) is computed "
        "*after* training: with the weights frozen, mini-batches of n values are passed through "
        "the network and E[x] = E_B[μ_B], Var[x] = n/(n−1)·E_B[σ²_B] (the paper writes m for n). "
        "For independent values the biased σ²_B has expectation (n−1)/n·Var[x], so "
        "n/(n−1)·E_B[σ²_B] is an **unbiased estimate of the population variance** Var[x]. Two misconceptions of lecture "
        'notes: it is *not* "the unbiased estimate of the batch variances", and it does *not* '
        "reuse the statistics recorded during training: Algorithm 2 passes mini-batches of the "
        "training data through the network again once the weights are frozen, so every batch "
        "sees the final weights. Here the population is fixed, as with frozen weights, so the "
        "paper's estimate is the average over the batches so far.",
        "**Why frameworks use an exponential moving average instead** (the BN paper itself "
        "suggests moving averages, §3.1, to track the model's accuracy as it trains): it is "
        "cheap and online, updated during the training forward passes, with no extra pass "
        "over the data after training. It **forgets on purpose**: while the weights change, "
        "the activations a "
        "layer receives drift, and old batches describe a network that no longer exists.",
    ),
    "p4.weights.expander": "How much does each past batch count?",
    "p4.weights.caption": (
        "An exponential moving average forgets geometrically: in PyTorch's convention the batch "
        "j steps back weighs momentum·(1 − momentum)^j. With momentum 0.1 the last 22 batches "
        "carry 90% of the weight; Keras' 0.99 spreads it over about the last 100 (its last 230 "
        "carry 90%). The cumulative average (momentum=None) weighs every batch equally, like "
        "the BN paper's Algorithm 2, which is right only for batches of one fixed network: "
        "Algorithm 2 draws them after training, with the weights frozen."
    ),
    "p4.sample.heading": "One sample, many batches",
    "p4.sample.text": (
        "The element x{element} = {value:.4f} gets a **different output in every training "
        "batch** (std {std:.4f} over {count} batches of N = {n}): the batch noise that makes "
        "BN a mild regularizer (Ioffe & Szegedy 2015, §3.4), and why BN overlaps with Dropout. "
        "In **eval** mode it gets one value, {eval:.4f}, from the running statistics after {k} "
        "batches.",
        "With `track_running_stats=False`, eval mode keeps using batch statistics, so the "
        "output still depends on the batch.",
    ),
    "p4.transfer.heading": (
        "Fine-tuning and transfer: the running statistics travel with the weights"
    ),
    "p4.transfer": (
        "A pretrained network's running_mean and running_var describe the activations of its "
        "**source** data (e.g. ImageNet). On a new domain the activations have other "
        "statistics, and eval mode normalizes them with the source's μ and σ². Re-estimating "
        "the running statistics on target data (reset the running statistics, set "
        "momentum=None and run forward passes in training mode without gradient steps) is a "
        "cheap fix: AdaBN (Li et al. 2016, arXiv:1603.04779).",
        "Fine-tuning with small batches (detection, segmentation: one or two images per GPU) "
        "gives noisy batch statistics, so BN layers are often **frozen**: kept in eval mode "
        "with the pretrained running statistics (and often fixed γ, β), or BN is replaced by "
        "GroupNorm (Wu & He 2018). `model.train()` puts every BN back into training mode: call "
        "`.eval()` on the BN layers after it.",
        "The lecture notes' rose example, training and test images from different "
        "distributions, is a **dataset shift** between training and test data, not the "
        "*internal* covariate shift of the BN paper (the change of a layer's input "
        "distribution during training, as the earlier layers' weights change). BN does not "
        "remove a dataset shift: its running statistics were collected on the training data. "
        "(That BN works by reducing internal covariate shift is itself disputed: Santurkar et "
        "al., NeurIPS 2018, and the Gradients page.)",
    ),
    # --- figure: running statistics ---
    "fig.running.title.mean": "Running mean of channel {channel}, batch after batch",
    "fig.running.title.var": "Running variance of channel {channel}, batch after batch",
    "fig.running.axis.batch": "training batch",
    "fig.running.axis.mean": "estimate of μ",
    "fig.running.axis.var": "estimate of σ²",
    "fig.running.batch.mean": "this batch's μ_B",
    "fig.running.batch.var": "this batch's σ²_B (biased)",
    "fig.running.hover.batch": "batch {x}: {y}",
    "fig.running.hover.after": "after batch {x}: {y}",
    "fig.running.estimate.pytorch": "PyTorch, momentum={momentum} (weight of the new batch)",
    "fig.running.estimate.pytorch_none": "PyTorch, momentum=None (cumulative)",
    "fig.running.estimate.keras": "Keras, momentum={momentum} (weight of the old value)",
    "fig.running.estimate.cumulative": "PyTorch, momentum=None (cumulative average)",
    "fig.running.estimate.bn_paper": "BN paper, Alg. 2: E_B[μ_B], n/(n−1)·E_B[σ²_B]",
    "fig.running.truth": "population {symbol} = {value:.4g} (the truth)",
    "fig.running.weights.hover": "{x} batches ago: weight {y}",
    "fig.running.weights.title": "How much each past batch counts in the running estimate",
    "fig.running.weights.axis.ago": "batches ago (0 = the latest batch)",
    "fig.running.weights.axis.weight": "weight in the estimate",
    "fig.running.row.train": "training mode<br>(batch statistics)",
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
        "BatchNorm's μ_B and σ²_B are estimates from the m = N·H·W values of one channel in one "
        "batch (N samples, H·W positions in each).",
        "How far the batch mean strays from the population mean: **Var(μ_B) = (σ² + (H·W − "
        "1)·cov) / (N·H·W) = cov/N + (σ² − cov)/(N·H·W)**, where σ² is the variance of one value "
        "and cov the covariance of two different values of the same sample and channel (averaged "
        "over the pairs of positions). Only when those values are uncorrelated (cov = 0) does "
        "the noise shrink like σ/√(N·H·W). In real feature maps they are correlated "
        "(neighbouring pixels, an image's overall brightness), so as H·W grows the noise falls "
        "only to the floor √(cov/N), which only more samples N can lower: a large feature map "
        "does not rescue a small batch.",
        "This is one reason why, in the GN paper, BN's ImageNet error climbs to 34.7 % at 2 "
        "images per GPU although each BN layer of ResNet-50 averages over 7×7 to 112×112 "
        "positions of each image (Wu & He, ECCV 2018, Table 2). Small batches also widen the "
        "train/test mismatch: training normalizes with each batch's own μ_B and σ²_B, eval mode "
        "(model.eval()) with the running averages, so the network is evaluated with a "
        "normalization it never trained with (Ioffe, NIPS 2017, *Batch Renormalization*).",
        "LayerNorm, InstanceNorm and GroupNorm compute their statistics within one sample: they "
        "do not depend on N, and they compute the same in training and in eval mode (PyTorch's "
        "defaults; nn.InstanceNorm2d(track_running_stats=True) would use running statistics in "
        "eval mode, like BN).",
    ),
    "p5.slider.spatial": "Feature map size H·W",
    "p5.slider.batches": "Sampled batches per batch size",
    "p5.estimates.header": "Batch estimates of μ and σ² (channel {channel}, H·W = {spatial})",
    "p5.estimates.caption": (
        "Boxes: BN's estimates over {batches} sampled batches of each size N (whiskers: 5th–95th "
        "percentile); grey band: the sidebar's N. Left, dashed: μ ± √((σ² + (H·W − "
        "1)·cov)/(N·H·W)), one theoretical standard deviation of μ_B (about 68 % of batches for "
        "Gaussian values; the whiskers span 90 %). Right, dashed: E[σ²_B] = σ² − Var(μ_B), the "
        "mean of the biased batch variance, below σ² by exactly Var(μ_B). Channel {channel}: σ² "
        "= {var:.4g}, cov = {cov:.4g}, ρ = cov/σ² = {rho:.2f}."
    ),
    "p5.estimates.fixed": "A fixed or uploaded tensor is modelled here as independent Gaussian "
    "values with its channels' means and variances (cov = 0).",
    "p5.feature_map.header": "Does a large feature map rescue a small batch? Only for "
    "independent values",
    "p5.feature_map.constant": "Channel {channel} of this tensor is constant (σ = 0): its batch "
    "estimates have no noise to measure, so only the two reference cases are drawn.",
    "p5.feature_map.caption": (
        "The noise of BN's μ_B (left, in σ) and σ²_B (right, in σ²) at the sidebar's N = {n}, "
        "for H·W from 1 to 4,096: markers: measured over {batches} sampled batches; solid lines "
        "(left panel only): the formula above. Independent values (ρ = 0) keep falling like "
        "σ/√(N·H·W). Values that share a per-sample offset, as in the preset “{preset}” (ρ = "
        "{rho:.2f}), level off at √(cov/N) = {floor:.2f} σ (dotted), where σ/√(N·H·W) would "
        "promise {promise:.3f} σ at H·W = 1,024. Only a larger N lowers the floor."
    ),
    "p5.feature_map.tensor_independent": "This tensor's channel {channel} has independent "
    "values (ρ = 0): it follows the first curve.",
    "p5.feature_map.tensor_offsets": "This tensor's channel {channel} has ρ = {rho:.2f}: it "
    "follows the per-sample-offsets curve.",
    "p5.feature_map.tensor_own": "This tensor's channel {channel} has ρ = {rho:.2f}: its own "
    "markers and curve are drawn as “this tensor”.",
    "p5.output.header": "One fixed sample's output, by batch size: training vs eval mode",
    "p5.output.caption": "The element x{element} normalized by BN in training mode in random "
    "batches of each size (bands: its spread over the batches), by BN with the population's "
    "μ and σ² (dotted), and by LN, IN and GN (G = {groups}), which ignore the batch. Grey "
    "band: the sidebar's N.",
    "p5.output.mismatch": "Train/test mismatch at N = {n}, H·W = {spatial}: in training, the "
    "outputs of each batch have variance 1 (γ = 1, ε aside); PyTorch's running_var averages "
    "to E[σ²_B]·m/(m − 1) = {running:.4g}, not σ² = {var:.4g}, so in eval mode the outputs "
    "spread {ratio:.2f}× as wide as in training.",
    "p5.output.no_mismatch": (
        "At N = {n}, H·W = {spatial}, PyTorch's running_var averages to within 1 % of σ² = "
        "{var:.4g}: the unbiased correction m/(m − 1) undoes the batch variance's bias for "
        "independent values, and any correlation between the values is too weak, or N too large, "
        "to matter. So eval mode differs from training only by the batch noise shown above."
    ),
    "p5.output.gn_is": "GN with G = 1 is LN, and with G = C it is IN: here G = {groups}, so "
    "GN's dashed line lies on {other}'s.",
    "p5.output.gn_only": "C = {c} has no divisor between 1 and C, so G can only be 1 or C; a "
    "C such as 4, 6 or 8 gives a GN of its own.",
    "p5.published.header": "Published results (ResNet-50 on ImageNet)",
    "p5.published.caption": "Not computed here. Left: Wu & He, “Group Normalization”, ECCV "
    "2018 (arXiv:1803.08494), Table 2 (plotted as their Fig. 1): ResNet-50 trained on ImageNet with 32 down to "
    "2 images per GPU, validation error (%). Right: the same paper, Table 1, at 32 images per "
    "GPU. The charts above show one cause of BN's climb: at small N its statistics are noisy, "
    "and correlated positions within an image do not make up for it.",
    # --- figures: batch size ----------------------------------------------------------------
    "fig.batch_size.box": "batch {symbol} (middle 50 %, whiskers 5–95 %)",
    "fig.batch_size.theory_band": "μ ± √((σ² + (H·W − 1)·cov)/(N·H·W)) (theory)",
    "fig.batch_size.expected_var": "E[σ²_B] = σ² − Var(μ_B) (theory)",
    "fig.batch_size.theory": "theory",
    "fig.batch_size.population": "population {symbol} = {value:.4g}",
    "fig.batch_size.your_n": "sidebar N = {n}",
    "fig.batch_size.channel": "channel {channel}",
    "fig.batch_size.channel_spatial": "channel {channel}, H·W = {spatial}",
    "fig.batch_size.word.mean": "mean μ",
    "fig.batch_size.word.var": "variance σ² (biased)",
    "fig.batch_size.estimate_title": "BN's batch {word} by batch size ({where})",
    "fig.batch_size.axis.batch": "batch size N",
    "fig.batch_size.axis.batch_log": "batch size N (log scale)",
    "fig.batch_size.axis.spatial_log": "feature-map size H·W (log scale)",
    "fig.batch_size.axis.estimate": "batch {symbol}",
    "fig.batch_size.log_scale": "{title} (log scale)",
    "fig.batch_size.measured": "{label}: measured",
    "fig.batch_size.theory_of": "{label}: theory",
    "fig.batch_size.noise_mean_title": "Noise of BN's batch mean, by batch size and "
    "feature-map size",
    "fig.batch_size.noise_mean_axis": "spread of batch μ (in units of σ)",
    "fig.batch_size.noise_var_title": "Noise of BN's batch variance, by batch size and "
    "feature-map size",
    "fig.batch_size.noise_var_axis": "spread of batch σ² (in units of σ²)",
    "fig.batch_size.kind.independent": "independent values (ρ = 0)",
    "fig.batch_size.kind.offsets": "per-sample offsets (ρ = {rho:.2f})",
    "fig.batch_size.kind.tensor": "this tensor (ρ = {rho:.2f})",
    "fig.batch_size.curve": "{label}: theory {law}",
    "fig.batch_size.floor": "floor √(cov/N) = {floor:.2f} σ at N = {n}",
    "fig.batch_size.spatial_now": "H·W = {spatial} (slider)",
    "fig.batch_size.fm_mean_title": "Noise of BN's batch mean by feature-map size (N = {n})",
    "fig.batch_size.fm_var_title": "Noise of BN's batch variance by feature-map size (N = {n})",
    "fig.batch_size.band_90": "BN, 5–95 % of batches",
    "fig.batch_size.band_50": "BN, middle 50 %",
    "fig.batch_size.bn_median": "BN (train mode), median",
    "fig.batch_size.batch_free": "{name}: one value, whatever the batch",
    "fig.batch_size.equals": "{name}, the same as {other}",
    "fig.batch_size.bn_population": "BN with the population's μ, σ²",
    "fig.batch_size.output_title": "One sample's output: BN depends on its batch",
    "fig.batch_size.output_title_value": "One sample's output (x = {value:.4g}): BN depends on "
    "its batch",
    "fig.batch_size.axis.output": "output y of the chosen element",
    "fig.batch_size.paper_title": "Published results: error by batch size (Wu & He 2018)",
    "fig.batch_size.paper_32_title": "Published results: error at batch 32 (Wu & He 2018)",
    "fig.batch_size.axis.images_per_gpu": "images per GPU (batch size)",
    "fig.batch_size.axis.imagenet_error": "ImageNet validation error (%)",
    "fig.batch_size.axis.normalization": "normalization",
    # --- page 6: gradients ------------------------------------------------------------------
    "p6.title": "Gradients",
    "p6.intro": (
        "The backward pass of **{method}**. The formulas of the BN paper (Ioffe & "
        "Szegedy 2015, §3) hold for each group of any of the six methods: only which values "
        "share one (μ, σ²) changes (RMSNorm: μ = 0 and the mean square RMS² in place of σ², "
        "so the step through μ drops out).",
        "Every step is checked against PyTorch's autograd.",
        "Pick the loss whose gradient ∂L/∂y arrives from above:",
    ),
    "p6.upstream.label": "Upstream gradient",
    "p6.upstream.weighted_sum": "weighted sum",
    "p6.upstream.half_sum_of_squares": "half sum of squares",
    "p6.upstream.through_a_sigmoid": "through a sigmoid",
    "p6.upstream_formula.weighted_sum": "L = Σ wᵢ·yᵢ with random wᵢ ~ N(0, 1), so ∂L/∂yᵢ = wᵢ",
    "p6.upstream_formula.half_sum_of_squares": "L = ½ Σ yᵢ², so ∂L/∂yᵢ = yᵢ",
    "p6.upstream_formula.through_a_sigmoid": (
        "L = Σ wᵢ·sigmoid(yᵢ) with random wᵢ ~ N(0, 1), so ∂L/∂yᵢ = wᵢ·sigmoid(yᵢ)(1 − sigmoid(yᵢ))"
    ),
    "p6.subset": "This tensor has {size:,} elements; the backward pass (in float64, checked "
    "against autograd) runs on the batch of its first {samples} samples ({elements:,} "
    "elements). BN's statistics are then that smaller batch's; LN, IN and GN normalize each "
    "sample on its own, so theirs do not change.",
    "p6.subset_moved": "The chosen element x{element} is not among them: the steps follow "
    "x{followed}.",
    "p6.steps.header": "Step by step for x[{index}] (its group has m = {m:,} values)",
    "p6.steps.sum_centered": "Σ(xᵢ − μ) = {value:.2e}: zero up to rounding, so the second term "
    "of ∂L/∂μ vanishes.",
    "p6.check.whole": "Check against torch autograd on the whole tensor: max |difference| = "
    "{differences} (largest {worst:.1e}).",
    "p6.check.first": "Check against torch autograd on the first {samples} samples: max "
    "|difference| = {differences} (largest {worst:.1e}).",
    "p6.removed.header": "What {label} removes from the gradient",
    "p6.removed": (
        "Over each group, **Σ ∂L/∂xᵢ = 0** (largest relative sum over all groups: {sum:.1e}) and "
        "**Σ ∂L/∂xᵢ·x̂ᵢ = 0** up to ε (largest: {dot:.1e}; after the exact ε term: "
        "{dot_eps:.1e}).",
        "{label} takes ∂L/∂x̂, subtracts, group by group, its mean and (up to ε) its component "
        "along x̂, and divides the rest by √(σ² + ε): that is ∂L/∂x.",
        "So ∂L/∂x has no component along the two directions that only shift a group (x + c) or "
        "rescale it about its mean (μ + s·(x − μ)): the loss does not change along them (up to "
        "ε), so its gradient is orthogonal to them. That holds to first order only: a step x − "
        "η·∂L/∂x keeps the group's mean exactly but grows Σ(xᵢ − μ)² by η²‖∂L/∂x‖² (up to ε). "
        "The same holds for the weights W before the layer (∂L/∂W ⟂ W, below): each plain SGD "
        "step (no momentum, no weight decay) grows ‖W‖, so the effective learning rate η/‖W‖² "
        "falls. With normalization, weight decay no longer limits what the network computes (the "
        "normalized output does not depend on ‖W‖); it keeps ‖W‖ small and so keeps the "
        'effective learning rate from decaying (van Laarhoven 2017, "L2 Regularization versus '
        'Batch and Weight Normalization", arXiv:1706.05350).',
    ),
    "p6.removed.rms": (
        "Over each group, **Σ ∂L/∂xᵢ·x̂ᵢ = 0** up to ε (largest: {dot:.1e}; after the exact ε "
        "term: {dot_eps:.1e}), but **Σ ∂L/∂xᵢ is not 0** (largest relative sum over all groups: "
        "{sum:.1e}).",
        "{label} takes ∂L/∂x̂, subtracts, group by group, only (up to ε) its component along x̂, "
        "and divides the rest by √(RMS² + ε): that is ∂L/∂x = (g − x̂·mean(g·x̂))/√(RMS² + ε) "
        "with g = ∂L/∂x̂. There is no mean to subtract: RMSNorm subtracts no mean in the forward "
        "pass.",
        "So ∂L/∂x has no component along the direction that rescales a group (s·x): the loss "
        "does not change along it (up to ε). A shift of the whole group (x + c) changes RMS² and "
        "the output, so the gradient keeps its component along it: RMSNorm keeps LayerNorm's "
        "re-scaling invariance and drops its re-centering invariance (Zhang & Sennrich, "
        "NeurIPS 2019, §4.1, Table 1).",
    ),
    "p6.steps.rms_mean": "∂L/∂μ = 0: RMSNorm's μ is the constant 0, not a function of x.",
    "p6.scale.header": "Scale invariance, and less sensitivity to initialization",
    "p6.scale": (
        "A layer z = W·u (no bias) before {label}: here a 1×1 convolution, {batch} samples, "
        "{channels} channels, {positions} positions. Scaling W by any a > 0 scales z by a, and "
        "{label} divides it out again: {fn}(aW·u) = {fn}(W·u) up to ε (Ioffe & Szegedy 2015, "
        "§3.3; true of all six methods, RMSNorm included); for a < 0 the sign of x̂ flips.",
        "So the scale at which W is initialized does not change the forward pass: from a = 0.1 "
        "to 100 the output moves by at most {change} (ε's effect). The gradient passed back to u "
        "does not change either: ∂{fn}(aW·u)/∂u = ∂{fn}(W·u)/∂u (up to ε), so badly scaled "
        "weights neither amplify nor shrink the backpropagated gradient. Training is less "
        "sensitive to initialization, not insensitive: the weight gradient still scales like 1/a "
        "(below).",
        "The gradient with respect to the scaled weights shrinks like 1/a: ∂L/∂(aW) = "
        "(1/a)·∂L/∂W. Larger weights get smaller updates, which keeps their growth in check and "
        "allows larger learning rates (§3.3).",
        "And ∂L/∂W ⟂ W: here ⟨W, ∂L/∂W⟩/(‖W‖·‖∂L/∂W‖) = {cosine}. One SGD step with η = {eta:g} "
        "grows ‖W‖² from {before:.4f} to {after:.4f} = {before:.4f} + η²‖∂L/∂W‖² (η²‖∂L/∂W‖² = "
        "{growth:.4f}).",
    ),
    "p6.scale.slider": "Scale a",
    "p6.bias.header": "A bias before {label}",
    "p6.bias.intro": "The same layer with a bias, z = W·u + b: b = {value:g} on every channel "
    "(left) or on channel 0 only (right). Rings: the output without bias; dots: with it "
    "(sample 0, checked against PyTorch).",
    "p6.bias.batch": "**Both cancel.** BN subtracts each channel's mean over the batch and "
    "the positions, and a per-channel bias is constant there. So b gets a zero gradient (max "
    "|∂L/∂b| = {grad}) and β takes its role: a conv or linear layer before BN needs no bias "
    "(bias=False in PyTorch).",
    "p6.bias.instance": "**Both cancel.** IN subtracts each channel's mean over the positions "
    "of one sample, and a per-channel bias is constant there. So b gets a zero gradient (max "
    "|∂L/∂b| = {grad}) and β takes its role.",
    "p6.bias.layer": "**Only the bias shared by every channel cancels.** LN's mean is over all "
    "channels of a sample, so a per-channel bias shifts the channels against each other and "
    "changes the variance: the output moves by up to {change}. Its gradient is not zero "
    "(max |∂L/∂b| = {grad}); only its sum over the channels is 0. A bias before LN is not "
    "useless.",
    "p6.bias.group": "**Only a bias that is the same on all channels of a group cancels.** "
    "GN with {groups} groups here: a bias that differs within a group moves the output by up "
    "to {change}, and ∂L/∂b is not zero (max {grad}); it sums to zero over each group.",
    "p6.bias.token": "**Only the bias shared by every channel cancels.** Token LayerNorm's mean "
    "is over the C channels of one position, so a per-channel bias shifts the channels against "
    "each other and changes the variance: the output moves by up to {change}. Its gradient is "
    "not zero (max |∂L/∂b| = {grad}); only its sum over the channels is 0.",
    "p6.bias.rms": "**Neither cancels.** RMSNorm subtracts no mean, so even a bias shared by "
    "every channel moves the output (by up to {every} here; up to {change} for the bias on "
    "channel 0) and gets a gradient (max |∂L/∂b| = {grad}). RMSNorm keeps LayerNorm's "
    "invariance to re-scaling but gives up its invariance to re-centering (Zhang & Sennrich, "
    "NeurIPS 2019, §4.1, Table 1).",
    "p6.stories.header": "Why does BN help? Two stories",
    "p6.stories.original": (
        "**The original story (Ioffe & Szegedy 2015, §1–2): internal covariate shift.** As "
        "earlier layers learn, the distribution of each layer's inputs keeps moving; BN "
        "normalizes each feature and then gives it the learned mean β and variance γ², so later "
        "layers need not chase the shift."
    ),
    "p6.stories.correction": (
        '**The correction (Santurkar et al., NeurIPS 2018, "How Does Batch Normalization Help '
        'Optimization?"):** BN still helps when noise injected after it brings the distribution '
        "shift back (§2), and by their measure BN does not even reduce internal covariate shift "
        "(§2.2): reduced internal covariate shift does not explain its benefit. It makes the "
        "loss landscape smoother: the loss and its gradient change less along the gradient "
        "direction (§3.1), so larger learning rates are safe."
    ),
    "p6.landscape.caption": (
        "Santurkar et al.'s measurement (§3.1), repeated at initialization on a fully connected "
        "ReLU network with {depth} hidden layers of width {width}, with and without {label} (no "
        "γ, β) between every hidden linear layer and its ReLU: steps θ − η·g along its own "
        "gradient g = ∇L(θ). Loss range over η: {plain:.3g} without normalization, {bn:.3g} with "
        "{label}."
    ),
    "p6.landscape.instance": (
        "IN is useless on this fully connected network: each (sample, unit) group holds one "
        "value, so x̂ = 0 and the output is the constant β whatever the input. The landscape is "
        "shown for BN instead."
    ),
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
    "fig.gradients.panel.arriving": "arriving ∂L/∂x̂ and the line {label} removes",
    "fig.gradients.panel.passes": "what passes: √(σ²+ε)·∂L/∂x",
    "fig.gradients.removed_title": "{label} removes the gradient's mean and its component along x̂",
    "fig.gradients.axis.x_hat": "x̂ (normalized value)",
    "fig.gradients.panel.grad_w": "gradient w.r.t. the weights aW",
    "fig.gradients.panel.output_change": "change of the {label} output",
    "fig.gradients.predicted": "(1/a)·‖∂L/∂W‖ at a = 1",
    "fig.gradients.autograd": "‖∂L/∂(aW)‖ by autograd",
    "fig.gradients.output_change": "max |{fn}(aW·u) − {fn}(W·u)| (ε's effect)",
    "fig.gradients.axis.scale": "scale a of the weights",
    "fig.gradients.axis.largest_change": "largest change",
    "fig.gradients.scale_title": "Scale invariance: {fn}(aW·u) = {fn}(W·u), gradient ∝ 1/a",
    "fig.gradients.panel.loss": "loss L(θ − η·g)",
    "fig.gradients.panel.grad_norm": "gradient norm ‖∇L(θ − η·g)‖",
    "fig.gradients.panel.grad_change": "gradient change ‖∇L(θ − η·g) − g‖",
    "fig.gradients.without_bn": "without normalization",
    "fig.gradients.with_bn": "with {label}",
    "fig.gradients.axis.step": "step size η along −g",
    "fig.gradients.landscape_title": "Along the gradient: smoother with {label}",
    "fig.gradients.bias.without": "without bias",
    "fig.gradients.bias.with_every": "b = {value:g} on every channel",
    "fig.gradients.bias.with_one": "b = {value:g} on channel 0",
    "fig.gradients.bias.panel_every": "b on every channel: max |Δy| = {change}",
    "fig.gradients.bias.panel_one": "b on channel 0 only: max |Δy| = {change}",
    "fig.gradients.bias.axis": "sample 0: the positions of each channel c",
    "fig.gradients.bias.output": "{label} output y",
    "fig.gradients.bias.title": "Does a bias b before {label} change its output?",
    # --- page 7: dropout --------------------------------------------------------------------
    "p7.title": "Dropout",
    "p7.intro": (
        "In training, Dropout (Hinton et al. 2012; Srivastava et al., JMLR 2014) zeroes each "
        "unit independently with probability **p**, with a new random mask for every example and "
        "every step. On this page **p is the drop probability**, as in PyTorch's `nn.Dropout(p)` "
        "and Keras' `Dropout(rate)`. Srivastava et al. (2014) and TensorFlow 1's "
        "`tf.nn.dropout(keep_prob=…)` use the *keep* probability instead, our 1 − p: check which "
        "one a formula means (lecture notes mix both).",
        "**Inverted** Dropout (PyTorch, Keras) multiplies the kept units by 1/(1 − p) in "
        "training, so the expected output equals the input and eval mode is the identity.",
        "The **classic** form (Srivastava et al. 2014) leaves the kept units unscaled in "
        "training and, at test time, multiplies the outgoing weights by the keep probability 1 − "
        "p (here: the outputs, which is the same). In both forms the test-time output equals the "
        "expected training output: the input x for inverted, (1 − p)·x for classic.",
    ),
    "p7.why.header": "Why Dropout works, and where it is used",
    "p7.why": (
        "**Why it works.** In a network of n units each mask picks one of 2ⁿ *thinned* "
        "networks that share their weights, so training fits a huge ensemble, and the test-time "
        "scaling approximates averaging its predictions (for one hidden layer feeding a softmax "
        "output it gives exactly their normalized geometric mean; Hinton et al. 2012). A unit "
        "cannot rely on particular other units being present, which reduces co-adaptation. It "
        'is *not* "fewer parameters": no weight is removed, and all of them are used at test '
        "time.",
        "**Where it is used:** mostly in fully connected layers, with p = 0.5 for hidden units "
        "in the original papers (0.2 for inputs) and 0.1–0.5 commonly today; rarely in conv "
        "layers, whose neighbouring activations are strongly correlated (SpatialDropout, "
        "Tompson et al., CVPR 2015, drops whole channels instead). Networks with BatchNorm often "
        "need less of it, or none: see the next section.",
    ),
    "p7.slider.p": "Drop probability p (PyTorch's p, Keras' rate)",
    "p7.keep": (
        "Keep probability 1 − p = {keep:g}: the p of Srivastava et al. and TF1's keep_prob."
    ),
    "p7.radio.mode": "Form",
    "p7.mode.inverted": "inverted",
    "p7.mode.classic": "classic",
    "p7.slider.masks": "Masks averaged",
    "p7.mask_title": "A mask over x[{n}, {c}]",
    "p7.average.caption": (
        "Over k = {count:,} masks the mean training output is within {error:.3f} of its "
        "expectation, {target}; the error shrinks like 1/√k."
    ),
    "p7.target.inverted": "the input",
    "p7.target.classic": "(1 − p)·input",
    "p7.bn.header": "Dropout right before BatchNorm",
    "p7.bn": (
        "BN collects its running variance in training, from inputs that went through Dropout.",
        "In eval mode Dropout drops nothing (inverted: the identity; classic: × (1 − p)), so "
        "BN's input has a smaller variance than the running_var it collected, and BN divides by "
        "too large a σ: its outputs shrink. This is the **variance shift** of Li et al. (CVPR "
        "2019, *Understanding the Disharmony between Dropout and Batch Normalization by Variance "
        "Shift*). For a zero-mean input the ratio of the two variances is 1 − p in both forms, "
        "so BN's output std in eval mode is √(1 − p) instead of 1 (dashed line on the right, "
        "against the dotted line at 1; the vertical dotted lines mark the chosen p).",
        "Li et al.'s remedies: apply Dropout only after the last BN layer, or use a "
        "variance-stable noise (their *Uout*). BN also regularizes on its own, through its batch "
        "noise: Ioffe & Szegedy (2015, §3.4) found that Dropout can be removed or reduced in a "
        "BN network, and removed it from BN-Inception (§4.2.1): training was faster, with no "
        "more overfitting.",
    ),
    # --- figures: dropout -------------------------------------------------------------------
    "fig.dropout.input": "input x",
    "fig.dropout.train_output": "training output",
    "fig.dropout.test_output": "eval-mode output",
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
    "fig.dropout.panel.output_std": "std of BN's output in eval mode",
    "fig.dropout.training": "training (running_var)",
    "fig.dropout.inference": "eval mode",
    "fig.dropout.formula": "{name}, formula",
    "fig.dropout.simulated": "{name}, simulated",
    "fig.dropout.ratio": "√(eval-mode variance / running_var)",
    "fig.dropout.output_std": "output std, simulated",
    "fig.dropout.axis.p": "drop probability p",
    "fig.dropout.axis.variance": "variance",
    "fig.dropout.axis.std": "std (1 = consistent)",
    "fig.dropout.chosen_p": "chosen p = {p:g}",
    "fig.dropout.shift_title": "Dropout before BN: running_var ≠ the eval-mode variance",
    # --- page 8: training lab ---------------------------------------------------------------
    "p8.title": "Training lab",
    "p8.intro": (
        "Train a real network on the 8×8 handwritten digits (1,797 images, 10 classes, shipped "
        "with the app) twice, from the same initial weights on the same mini-batches: "
        "**without normalization** and **with** the method you pick (by default the sidebar's "
        "method; the MLP cannot use IN). Choose the settings, then press **Train**.",
        "The BatchNorm paper (Ioffe & Szegedy 2015, §4.1, Fig. 1) reports faster training and "
        "more stable sigmoid-input distributions with BN; its authors attribute this to "
        "reduced internal covariate shift. Santurkar et al. (NeurIPS 2018, “How Does Batch "
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
    "p8.sidebar_in_mlp": (
        "The sidebar's method is IN, which the MLP cannot use (each (sample, unit) group holds "
        "one value, so IN would normalize every value to 0 and output only β, whatever the "
        "input): the lab trains {norm}. Choose the CNN to train IN."
    ),
    "p8.depth": "Depth (layers)",
    "p8.lr": "Learning rate",
    "p8.lr.help": (
        "Plain SGD. The default for this model and activation is {lr:g}: at the default "
        "settings (depth 3, batch 60, 1,500 steps) the network without normalization also "
        "learns at this rate; at other settings it may not (the sigmoid MLP without "
        "normalization stays at chance at depth 5 or 6). The default follows the model and "
        "activation until you move this slider."
    ),
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
    "p8.failed": (
        "The run failed: {error}. Press the button to try again; if it fails again, change a "
        "setting (for example a smaller learning rate)."
    ),
    "p8.busy": "The server has too many runs waiting; try again when one has finished.",
    "p8.queued": (
        "Waiting for a free worker: {ahead} job(s) ahead (this server runs two jobs at a time)."
    ),
    "p8.press_train": "No finished run with these settings yet: press **Train**.",
    "p8.changed": "Settings changed: press **Train** to train with them.",
    "p8.result": "Final test accuracy after {steps:,} steps: **{base} {base_accuracy:.1%}**, "
    "**{norm} {norm_accuracy:.1%}**.",
    "p8.percentiles.header": "One sigmoid input over training (as in the BN paper's Fig. 1b, c)",
    "p8.percentiles.header_relu": "One ReLU input over training",
    "p8.layer": "Layer",
    "p8.unit": "Unit (CNN: channel)",
    "p8.percentiles.caption": (
        "The BN paper's Fig. 1(b, c) (Ioffe & Szegedy 2015, §4.1: MNIST, 3 fully connected "
        "hidden layers of 100 sigmoid units, mini-batches of 60, 50,000 steps) plots the 15th, "
        "50th and 85th percentiles of one sigmoid input over training: without BN they drift, "
        "with BN they are more stable. Here the data are the 8×8 digits, the steps fewer, and "
        "the percentiles are over the 445 test images (BN with their own statistics). Whether "
        "they drift or saturate in your run is measured below. For the CNN a unit is a "
        "channel, and its percentiles pool all 8×8 positions of the 445 test images."
    ),
    "p8.percentiles.caption_relu": (
        "The 15th, 50th and 85th percentiles of the chosen unit's input over the 445 test "
        "images. ReLU does not saturate for x > 0; the grey bands only mark where a sigmoid "
        "would (|x| > 2.944), for comparison. For the CNN a unit is a channel, and its "
        "percentiles pool all 8×8 positions of the 445 test images."
    ),
    "p8.measured.median": "Measured in this run, unit {unit} of layer {layer}: the median "
    "input went from {base_start:.2f} to {base_end:.2f} ({base}) and from {norm_start:.2f} "
    "to {norm_end:.2f} ({norm}).",
    "p8.measured.saturation": (
        "Saturated inputs of layer {layer} (|x| > 2.944, i.e. σ(x) < 0.05 or σ(x) > 0.95), "
        "first evaluation → last: {base} {sat_base_start:.0%} → {sat_base_end:.0%}, {norm} "
        "{sat_norm_start:.0%} → {sat_norm_end:.0%}."
    ),
    "p8.measured.saturation_relu": "Inputs of layer {layer} with |x| > 2.944 (where a sigmoid "
    "would saturate; a ReLU does not for x > 0), first evaluation → last: {base} "
    "{sat_base_start:.0%} → {sat_base_end:.0%}, {norm} {sat_norm_start:.0%} → "
    "{sat_norm_end:.0%}.",
    "p8.grad_norm.caption": (
        "Each layer keeps its colour in both charts; the output layer is dotted grey. ‖∂L/∂W‖ "
        "is the norm of a weight layer's gradient on each training batch. Let δ be the "
        "gradient at a layer's pre-activation and f the activation: one layer back, δ is "
        "multiplied by diag(f′)·Wᵀ (and, in the normalized network, by the normalization "
        "layer's Jacobian). For a sigmoid f′ ≤ 0.25, so without normalization δ shrinks layer "
        "by layer unless the weights are large (vanishing gradients); large weights can make "
        "it grow instead (exploding gradients). ∂L/∂W = Σₙ δₙxₙᵀ over the batch also depends "
        "on the layer's input x, so the layers' norms need not be in depth order."
    ),
    "p8.measured.grad": (
        "Measured in this run (mean of the last {window} steps), layer 1's gradient norm "
        "divided by the output layer's: {base_ratio:.3g} ({base}), {norm_ratio:.3g} ({norm})."
    ),
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
    "fig.training.axis.saturated": "share of saturated inputs",
    "fig.training.axis.saturated_relu": "share with |x| > 2.944",
    "fig.training.saturation_title": "Saturated sigmoid inputs (σ(x) < 0.05 or > 0.95)",
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
    # --- p11: BatchNorm as deployed ---------------------------------------------------------
    "p11.title": "After training: BatchNorm as it is deployed",
    "p11.intro": (
        "After training, a network with BatchNorm runs in **eval mode** (`model.eval()`): each "
        "BN layer normalizes with the **running statistics** it collected in training, "
        "`running_mean` (μ) and `running_var` (σ²), instead of the batch's (Train vs eval "
        "page). Nothing depends on the batch any more, and BN becomes a fixed affine map per "
        "channel: y = γ·(z − μ)/√(σ² + ε) + β = s·z + (β − s·μ), with s = γ/√(σ² + ε) and z "
        "the layer's input.",
        "This page shows what that allows, **folding** BN into the layer before it, and four "
        "ways BN goes wrong after training, each run here in PyTorch: forgetting "
        "`model.eval()`, `requires_grad=False` on a BN layer, `track_running_stats=False`, and "
        "small per-device batches in multi-GPU training.",
    ),
    "p11.fold.header": "Folding BN into the layer before it",
    "p11.fold": (
        "In eval mode BN(z) = s·(z − μ) + β for each output channel k. With z = W∗x + b, the "
        "output of the layer before it (∗: the convolution, or the matrix product of a linear "
        "layer), BN(W∗x + b) = (s·W)∗x + β + s·(b − μ). One layer with\n\n"
        "$$\n\\rule[-1.05em]{{0pt}}{{1.8em}} W'_k = \\frac{{\\gamma_k}}{{\\sqrt{{\\sigma_k^2+"
        "\\varepsilon}}}}\\, W_k, \\qquad b'_k = \\beta_k + \\frac{{\\gamma_k\\,(b_k-\\mu_k)}}"
        "{{\\sqrt{{\\sigma_k^2+\\varepsilon}}}}\n$$\n\n"
        "therefore computes the same: every weight of output channel k (all its input channels "
        "and kernel positions) is multiplied by the same number sₖ, and μₖ, σ²ₖ are the "
        "**running** statistics. A layer without bias has b = 0.",
        "**Here:** `{layer}` with PyTorch's default initialization (seed 0), C = {c} channels "
        "in and out, on the sidebar tensor, followed by `{bn}` with the sidebar's γ, β and ε. "
        "Its running statistics come from one training-mode pass over the tensor with "
        "`momentum=None` (the cumulative average, here of one batch: its mean and unbiased "
        "variance); in a trained network they summarize the whole training run. The numbers "
        "are those of the chosen element's channel k and sample.",
    ),
    "p11.fold.bias": "The layer before BN has a bias b (bias=True)",
    "p11.fold.no_stats": "{reason} The running statistics therefore keep their initial values μ = 0, σ² = 1.",
    "p11.fold.part": "The layers run on the first part of the tensor, {shape}, to keep the page fast.",
    "p11.fold.channel": (
        "**Channel k = {k}:** γ = {gamma:.4f}, β = {beta:.4f}, running_mean μ = {mean:.4f}, "
        "running_var σ² = {var:.4f}, ε = {eps:g}, so s = γ/√(σ² + ε) = **{s:.4f}**; bias b = "
        "{b:.4f} → b′ = β + s·(b − μ) = **{b_folded:.4f}**."
    ),
    "p11.fold.w": "Weights W[{k}{part}] before folding",
    "p11.fold.w_folded": "Folded W′[{k}{part}] = s·W[{k}{part}]",
    "p11.fold.unfolded": "Unfolded, BN(layer(x)){where} in eval mode",
    "p11.fold.folded": "Folded, one layer with W′, b′: output{where}",
    "p11.fold.corner": "Only the first {shown} of the {total} outputs are written out; the differences below are over all outputs.",
    "p11.fold.metric": "max |folded − unfolded|, {dtype}",
    "p11.fold.largest": "largest |output|",
    "p11.fold.result": (
        "Over all outputs, the folded and the unfolded layers differ by at most **{f32:.1e}** "
        "in float32 and **{f64:.1e}** in float64, for outputs up to {largest:.3g} in size: "
        "rounding only (float32 keeps about 7 significant digits, float64 about 16). PyTorch's "
        "own folding, `torch.nn.utils.fusion.{fuse}`, differs from the unfolded layers by "
        "{torch32:.1e} (float32) and {torch64:.1e} (float64)."
    ),
    "p11.fold.use": (
        "**Where it is used.** Folding removes BN from the deployed graph: one pass over the "
        "activations less, the same outputs up to rounding. `torch.ao.quantization.fuse_modules` "
        "(on a model in eval mode) and ONNX Runtime's basic graph optimizations (Conv + "
        "BatchNormalization fusion) do exactly this. It holds **only in eval mode**: in training "
        "μ and σ² are the batch's and change with every batch. A bias in the layer before BN is "
        "redundant during training (BN's mean subtraction removes it, β takes its role), which "
        "is why such layers usually have `bias=False`; the folded layer gets its bias b′ from β "
        "and μ anyway."
    ),
    "p11.eval.header": "Pitfall 1: forgetting model.eval()",
    "p11.eval": (
        "In **training mode** BN normalizes with the statistics of the current batch, so one "
        "sample's output depends on the other samples in its batch. A network evaluated or "
        "served without `model.eval()` stays in training mode: its predictions change with the "
        "batch, and every forward pass also moves the running statistics.",
        "**Here:** an MLP on the 8×8 digits, 64 → `Linear(64, 32)` → `BatchNorm1d(32)` → ReLU "
        "→ `Linear(32, 10)`, trained for 150 steps (SGD, learning rate 0.1, momentum 0.9, "
        "batches of 64) on the 1,352 training images. One test image is put into two batches "
        "of 16: with 15 random test images, and with 15 other test images of **the same digit**.",
    ),
    "p11.image": "Test image (0–444)",
    "p11.eval.numbers": (
        "Test image {index} shows a {label}. **Training mode:** with random batch mates it is "
        "classified as {mixed} (probability {p_mixed:.3f}), among 15 other {label}s as "
        "**{one}** ({p_one:.3f}); its probabilities differ by up to {train_diff:.3f}. **Eval "
        "mode:** {evaluated} ({p_eval:.3f}) in both batches; its probabilities differ by at most "
        "{eval_diff:.2g}."
    ),
    "p11.eval.chart": "Test image {index} (a {label}): its class probabilities",
    "p11.eval.accuracy": (
        "Over all 445 test images, fed in batches of 16: **training mode** gets {mixed} right "
        "in shuffled batches but only **{sorted}** in batches sorted by digit (almost every "
        "batch then holds one digit, and BN subtracts that digit's own mean features); **eval "
        "mode** gets {evaluated} in shuffled and {evaluated_sorted} in sorted batches."
    ),
    "p11.eval.one": (
        "**A batch of one** in training mode: `BatchNorm1d` then has one value per feature, "
        "its batch variance is 0 and every output would be β, so PyTorch refuses. The test "
        "image alone, run here in training mode, gives this error (`BatchNorm2d` with one "
        "image does run when H·W > 1: it normalizes over that image's pixels, which is still "
        "not what eval mode computes):"
    ),
    "p11.eval.fix": (
        "**The fix:** call `model.eval()` before evaluating or serving, and `model.train()` "
        "before training again. `torch.no_grad()` and `torch.inference_mode()` only turn off "
        "gradient tracking: they do **not** switch BN (or Dropout) to eval mode."
    ),
    "p11.freeze.header": "Pitfall 2: requires_grad=False does not freeze the running statistics",
    "p11.freeze": (
        "γ (`weight`) and β (`bias`) are parameters; `running_mean` and `running_var` are "
        "**buffers**. No optimizer touches them: BN's forward pass in training mode updates them, "
        "running ← (1 − momentum)·running + momentum·(batch statistic), momentum = 0.1 by "
        "default (PyTorch docs of `BatchNorm1d`/`BatchNorm2d`; running_var takes the unbiased "
        "batch variance). `requires_grad=False` stops gradients only, so a BN layer meant to be "
        "frozen keeps changing its statistics as long as it is in training mode.",
        "**Here:** the trained MLP of pitfall 1 is fine-tuned for 20 steps on a new domain, the "
        "same digits drawn paler, 0.5 + 0.5·x (pixels from 0.5 to 1), training only the output "
        "layer `Linear(32, 10)` (SGD, learning rate 0.1, momentum 0.9, batches of 64). Every "
        "other parameter, BN's γ and β included, has `requires_grad=False`, and the model is in "
        "training mode (`model.train()`) as usual.",
    ),
    "p11.freeze.mode.grad": "requires_grad=False (PyTorch; BN in training mode)",
    "p11.freeze.mode.eval": "BN in eval mode (Keras' trainable=False, emulated)",
    "p11.freeze.numbers": (
        "After {steps} steps γ and β are unchanged (largest change {affine:g}), but running_mean "
        "moved by up to **{mean:.3f}** (its pretrained values reach {mean_range:.3f}) and "
        "running_var by up to **{var:.3f}**: the pretrained statistics keep only "
        "{power} = {keep:.2f} of their weight. Accuracy on the original test images in eval "
        "mode: {before} before, {after} after."
    ),
    "p11.freeze.keras": (
        "**Keras differs.** In `tf.keras` since TensorFlow 2.0, and in Keras 3, setting "
        "`trainable = False` on a `BatchNormalization` layer makes it run in inference mode: it "
        "normalizes with its moving mean and variance and does not update them (keras.io, "
        'BatchNormalization, "About setting `layer.trainable = False` on a BatchNormalization '
        'layer"). Before TensorFlow 2.0 a frozen layer still normalized with batch statistics '
        "in training (the complaint of keras-team/keras pull request #9965, 2018). Keras does "
        "not run in this app: we **emulate** its behaviour by the same fine-tuning with the BN "
        "module in eval mode (`bn.eval()`)."
    ),
    "p11.freeze.keras_numbers": (
        "Emulated Keras: running_mean changed by {mean:g}, running_var by {var:g}; accuracy on "
        "the original test images afterwards: {after}."
    ),
    "p11.freeze.fix": (
        "**The fix in PyTorch:** freeze a BN layer with `bn.eval()` (it keeps its statistics "
        "and normalizes with them), plus `requires_grad_(False)` on γ and β if they should not "
        "learn either. `model.train()` sets every submodule back to training mode, so repeat "
        "`bn.eval()` after each call (e.g. in an overridden `train()` of your model). "
        "torchvision's detection models use `FrozenBatchNorm2d` (`torchvision.ops.misc`), whose "
        "statistics and affine parameters are fixed buffers."
    ),
    "p11.freeze.reset": "Measured here: after `bn.eval()` and then `model.train()`, `bn.training` is {training}.",
    "p11.untracked.header": "Pitfall 3: track_running_stats=False",
    "p11.untracked": (
        "`nn.BatchNorm1d/2d(C, track_running_stats=False)` keeps no running statistics "
        "(`running_mean` and `running_var` are `None`) and normalizes with the batch statistics "
        'in training **and in eval mode** (PyTorch docs: "batch statistics are instead used '
        'during evaluation time as well"). `model.eval()` changes nothing for such a layer.',
        "**Here:** the MLP of pitfall 1 with `BatchNorm1d(32, track_running_stats=False)`, "
        "trained with the same seed and steps; running statistics take no part in training, so "
        "it has the same weights. Then `model.eval()`, and the same two batches.",
    ),
    "p11.untracked.numbers": (
        "`running_mean is None`: {none}. In eval mode, test image {index} (a {label}) is "
        "classified as {mixed} ({p_mixed:.3f}) with random batch mates and as **{one}** "
        "({p_one:.3f}) among 15 other {label}s, a difference of up to {diff:.3f}: the numbers of "
        "training mode in pitfall 1 (they differ from them by {same:.2g}). Test accuracy in "
        "eval mode: {mixed_accuracy} in shuffled batches, **{sorted}** in batches sorted by "
        "digit."
    ),
    "p11.untracked.chart": "track_running_stats=False, eval mode: test image {index} (a {label})",
    "p11.untracked.bar.mixed": "eval mode, 15 random batch mates",
    "p11.untracked.bar.one": "eval mode, 15 batch mates of the same digit",
    "p11.untracked.fix": (
        "**When it is right, and the fix.** `nn.InstanceNorm1d/2d` default to "
        "`track_running_stats=False`, which suits them: each sample is normalized by its own "
        "statistics, so no sample depends on another. For BN it only fits when inference always "
        "sees large, well-mixed batches. Otherwise keep the default `track_running_stats=True`. "
        "A network trained without running statistics can get them afterwards: give it BN "
        "layers with `track_running_stats=True` and `momentum=None` (the cumulative average), "
        "copy the trained γ and β in, and run training data through the network in training "
        "mode without gradient steps."
    ),
    "p11.devices.header": "Pitfall 4: small per-device batches, and SyncBatchNorm",
    "p11.devices": (
        "In data-parallel training (`DistributedDataParallel`, DDP) each GPU gets a slice of "
        "the global batch, and a plain `nn.BatchNorm2d` computes its statistics on its own "
        "slice only. With 2 images per GPU they are very noisy: in the GN paper, ResNet-50 on "
        "ImageNet has 34.7 % validation error with BN at 2 images per GPU against 23.6 % at 32 "
        "(Wu & He, ECCV 2018, Table 2; Batch size page). DDP also broadcasts the buffers of "
        "rank 0 before each forward pass (`broadcast_buffers=True` by default), so every "
        "process ends up with the running statistics of rank 0's slices.",
        "**SyncBatchNorm** (`nn.SyncBatchNorm`; convert a model with "
        "`nn.SyncBatchNorm.convert_sync_batchnorm`) normalizes with the statistics of the "
        "**global** batch: in each BN layer's forward pass the processes exchange their "
        "per-channel mean, 1/√(σ² + ε) and value count in one `all_gather` "
        "(torch/nn/modules/_functions.py) and combine them into the μ and σ² of the whole "
        "global batch (a sum of Σx and Σx² over the devices would give the same). MegDet "
        "(Peng et al., CVPR 2018) trained object detectors with large batches using such "
        "cross-GPU BN. It needs a "
        "process group (`torch.distributed`), so it cannot run here: below, its statistics are "
        "computed as the BN statistics of the global batch, which is what it computes.",
    ),
    "p11.devices.count": "Devices (GPUs)",
    "p11.devices.per": "Samples per device",
    "p11.devices.numbers": (
        "A global batch of {n} = {devices} × {per} samples drawn from the population the "
        "sidebar tensor comes from, channel {c}: {m} values per device, {total} in all. "
        "**Global batch (SyncBatchNorm):** μ = {mean:.4f}, σ² = {var:.4f}. **Per device (plain "
        "BN):** the devices' μ lie up to **{deviation:.2f}·σ** from the global μ (σ = √σ² of "
        "the global batch), and their σ² range from **{low:.2f}** to **{high:.2f}** times the "
        "global σ²."
    ),
    "p11.devices.refused": (
        "Plain BN on one device: {reason} SyncBatchNorm still works: its statistics use the "
        "values of all devices."
    ),
    "p11.devices.element": (
        "The first value of device 0, normalized (γ = 1, β = 0): {own:.4f} with its device's "
        "statistics, {whole:.4f} with the global batch's."
    ),
    "p11.devices.fix": (
        "**The fix:** `nn.SyncBatchNorm` (one collective communication per BN layer in the "
        "forward pass and one in the backward pass), larger per-device batches, or a "
        "normalization that does not depend on the batch, such as GroupNorm (Wu & He 2018; "
        "Batch size page). Fine-tuning detectors with 1–2 images per GPU usually freezes BN "
        "instead (pitfall 2)."
    ),
    "p11.error.fold_size": (
        "BN has {size} values for a layer with {out} output channels: γ, β, μ, σ² and the bias "
        "need one per output channel."
    ),
    "p11.error.fold_variance": (
        "Folding needs σ² + ε > 0 in every channel: a running variance of 0 with ε = 0 would "
        "divide by zero. Set ε > 0 in the sidebar."
    ),
    "p11.error.eps_zero": (
        "PyTorch's BatchNorm refuses ε = 0 in training mode, so the running statistics to fold "
        "cannot be collected. Set ε > 0 in the sidebar."
    ),
    "p11.error.dtype": "Unknown dtype {dtype}; use one of {valid}.",
    "p11.error.image": "There is no test image {index}: the test images are numbered 0 to {last}.",
    "p11.error.devices": (
        "A global batch of {n} samples cannot be split into {devices} equal parts of one channel."
    ),
    "p11.error.constant": (
        "This channel is constant in the global batch (σ² = 0): choose another channel or tensor."
    ),
    "fig.p11.mixed": "training mode, 15 random batch mates",
    "fig.p11.one_class": "training mode, 15 batch mates of the same digit",
    "fig.p11.eval": "eval mode (the same in both batches)",
    "fig.p11.digit": "digit",
    "fig.p11.probability": "probability",
    "fig.p11.drift.title": "How far running_mean moves from its pretrained values",
    "fig.p11.drift.step": "fine-tuning step",
    "fig.p11.drift.axis": "max |Δ running_mean|",
    "fig.p11.devices.mean": "Mean μ per device",
    "fig.p11.devices.var": "Variance σ² per device (biased)",
    "fig.p11.devices.device": "device",
    "fig.p11.devices.own": "one device (plain BN)",
    "fig.p11.devices.global": "global batch (SyncBatchNorm)",
    # --- p10: pre-LN vs post-LN -----------------------------------------------------------
    "p10.title": "Pre-LN vs Post-LN: where LayerNorm sits in a transformer block",
    "p10.intro": (
        "A transformer block has two sub-layers, self-attention and a feed-forward network "
        "(FFN), each with a residual connection. **Post-LN**, the original Transformer's "
        "placement (Vaswani et al. 2017, §3.1: LayerNorm(x + Sublayer(x))), normalizes after "
        "the residual sum: x ← LN(x + F(x)). **Pre-LN** normalizes inside the residual branch, "
        "before the sub-layer: x ← x + F(LN(x)), with one more LN after the last block (Xiong "
        "et al., ICML 2020, “On Layer Normalization in the Transformer Architecture”, Fig. 1). "
        "Both use the same LN, nn.LayerNorm(d): one (μ, σ²) per token, over its d features.",
        "The model here is tiny and runs on this server: each 8×8 digit is read as 8 tokens "
        "(its rows) of 8 pixels, each projected to d = 32 features plus a learned position "
        "vector; then L blocks of 4-head self-attention and a ReLU FFN of width 128; the mean "
        "over the 8 tokens goes to a linear classifier over the 10 digits. The weight matrices "
        "start as torch.nn.Transformer starts them (Glorot/Xavier uniform), biases at 0, "
        "γ = 1, β = 0, no dropout. Both placements start from the same weights.",
        "What to look at: first, the gradient of each layer's weights at initialization, "
        "which Xiong et al. find large near the output in Post-LN; second, three short "
        "training runs at one learning rate (Post-LN without warm-up, Post-LN with warm-up, "
        "Pre-LN without), to see whether Post-LN needs the warm-up and Pre-LN does not.",
    ),
    "p10.grad.header": "Gradient norm per layer at initialization",
    "p10.layers": "Layers L",
    "p10.weight": "Weights measured in each layer",
    "p10.param.ffn2": "FFN W₂ (Theorem 1)",
    "p10.param.ffn1": "FFN W₁",
    "p10.param.attn_in": "attention Q, K, V projections",
    "p10.param.attn_out": "attention output projection",
    "p10.param.all": "all weights of the block",
    "p10.grad": (
        "Xiong et al. (§3.3, Theorem 1) bound the gradient of the last block's second FFN "
        "weight matrix W₂ at initialization (Frobenius norm): ‖∂ℒ/∂W₂‖ ≤ O(d·√(ln d)) for Post-LN, whatever "
        "the number of layers L, and ≤ O(d·√(ln d / L)) for Pre-LN. The reason: the input of "
        "Pre-LN's final LN grows with depth (their Lemma 2), and LN divides the gradient that "
        "passes back through it by its input's scale (Lemma 3). For the other layers their "
        "preliminary analysis, and their measurements on a translation model of 6 encoder and "
        "6 decoder layers (§3.4, Fig. 3a, b), show Post-LN's gradient growing with the layer "
        "index (large near the output) and Pre-LN's staying about the same.",
        "The chart: the Frobenius norm ‖∂ℒ/∂W‖ of the chosen weights in each layer at "
        "initialization, where ℒ is the mean cross-entropy over the first {batch} training "
        "digits (an estimate of the expected gradient Xiong et al. measure). Five "
        "initializations (seeds 0–4): each is a faint dot, their mean a line. Layer 1 is next "
        "to the input; the y axis is logarithmic.",
    ),
    "p10.trend.up": "grows toward the output",
    "p10.trend.down": "shrinks toward the output",
    "p10.trend.flat": "about flat",
    "p10.grad.measured": (
        "Measured here, L = {layers}: the last layer's norm divided by the first layer's is "
        "**{post_ratio:.2f}** for Post-LN ({post_trend}) and **{pre_ratio:.2f}** for Pre-LN "
        "({pre_trend})."
    ),
    "p10.grad.theorem": (
        "The last layer's norm at 1 layer and at {layers} layers (Theorem 1 bounds it for W₂): "
        "Post-LN {post_one:.2f} → {post_last:.2f}, Pre-LN {pre_one:.2f} → {pre_last:.2f}; the "
        "bound's factor 1/√L is {bound:.2f}."
    ),
    "p10.grad.reproduces": (
        "**What reproduces on this model** (W₂, seeds 0–4, measured when this page was "
        "written): Theorem 1's contrast does. From 1 to 12 layers, Pre-LN's last-layer norm "
        "falls from 1.9 to 0.6, about as 1/√L (multiplied by √L it stays between 1.6 and 2.3); "
        "Post-LN's does not fall: it rises from 1.0 to 2.2 (Xiong et al.'s Fig. 3c shows it "
        "about constant). Fig. 3a, b's trend across layers does not reproduce: Post-LN's "
        "norms are about flat (last ÷ first 1.10 at L = 6), and Pre-LN's shrink toward the "
        "output (0.44). That is the “gradient magnitude mismatch” of Pre-LN, larger gradients "
        "in early layers than in later ones, which NormFormer (Shleifer et al. 2021) reports "
        "for Pre-LN language models during pretraining. Xiong et al. measured a translation "
        "model with a decoder; this is an encoder of a few layers under a classifier."
    ),
    "p10.train.header": "Training: does Post-LN need warm-up?",
    "p10.train": (
        "Vaswani et al. (2017, §5.3) trained the Post-LN Transformer with Adam (β₁ = 0.9, "
        "β₂ = 0.98) and a learning rate that rises linearly over the first 4,000 steps (the "
        "warm-up), then decays as 1/√step. Xiong et al. (§3.2, Fig. 2; IWSLT14 German→English "
        "translation) found the warm-up essential for Post-LN: with Adam and no warm-up "
        "the model reached a BLEU score of only 8.45, against about 34 with it; Pre-LN "
        "without warm-up reached BLEU comparable to Post-LN with it (§4.2, Fig. 4).",
        "Here: the model above with its {layers} layers (the slider above), Adam with "
        "PyTorch's defaults (β₁ = 0.9, β₂ = 0.999), mini-batches of 64 training digits, "
        "{steps} steps (about 14 epochs), and for the three runs the same "
        "initial weights and the same batches. Post-LN with warm-up uses lr·t/T at step t ≤ T "
        "(Xiong et al.'s schedule, §3.2), then lr; there is no decay after it. Press **Train** "
        "(each run takes a few seconds at 6 layers, longer with more layers).",
        "**Measured when this page was written** (warm-up 50 steps; final test accuracy on the "
        "445 held-out digits of Post-LN, Post-LN + warm-up and Pre-LN; 6 layers: mean of seeds "
        "0–2):\n"
        "- lr = 0.001: no difference (98.7 %, 99.1 %, 98.1 %).\n"
        "- lr = 0.003: Post-LN without warm-up learns more slowly (85.5 % after 100 steps, "
        "against 96.2 % and 93.0 %) but ends close (95.6 %, 96.4 %, 96.7 %).\n"
        "- lr = 0.01: Post-LN without warm-up stays at guessing (10.0 %, every seed); with "
        "warm-up it reaches 85.1 %, Pre-LN 95.4 %.\n"
        "- lr = 0.03: 50 warm-up steps are not enough (10.0 %, 9.9 %); Pre-LN reaches 89.7 %.\n"
        "- Depth matters: with 3 layers at lr = 0.01, Post-LN trains without warm-up too "
        "(92.6 %, 95.4 %, 95.4 %); with 12 layers (seed 0) it stays at guessing already at "
        "lr = 0.003 (9.9 %, 93.5 %, 97.3 %).",
    ),
    "p10.lr": "Learning rate (Adam)",
    "p10.warmup": "Warm-up steps T (Post-LN)",
    "p10.seed": "Seed",
    "p10.train_button": "Train",
    "p10.press_train": "No finished run with these settings yet: press **Train**.",
    "p10.progress": "{name}: step {step} of {steps}",
    "p10.run.post": "Post-LN",
    "p10.run.post_warmup": "Post-LN + warm-up ({warmup} steps)",
    "p10.run.pre": "Pre-LN",
    "p10.result": (
        "Final test accuracy after {steps} steps at lr = {lr:g}: {name0} **{acc0:.1%}**, "
        "{name1} **{acc1:.1%}**, {name2} **{acc2:.1%}** ({seconds:.1f} s of training in all)."
    ),
    "p10.why.header": "What this shows, and what it does not",
    "p10.why": (
        "Large gradients near the output are Xiong et al.'s explanation, not the only one. "
        "Liu et al. (EMNLP 2020, “Understanding the Difficulty of Training Transformers”) "
        "find that unbalanced gradients are not the root cause of the instability: in each "
        "layer, a heavy dependency on its residual branch amplifies small parameter updates "
        "into large changes of the output (their “amplification effect”); they also observe "
        "that a light dependency limits the model and leads to worse trained models. "
        "Adam's adaptive step has a large variance in the first steps, which RAdam (Liu et al., "
        "ICLR 2020) corrects; Xiong et al. (§3.2) found the warm-up helps plain SGD as well.",
        "A common misreading: “Pre-LN is simply better”. Pre-LN removes the need for warm-up "
        "in Xiong et al.'s experiments and trains stably at larger depths; GPT-2 (Radford et "
        "al. 2019, §2.3) also moved LN to the input of each sub-block, with one more after "
        "the final self-attention block. But when Post-LN does converge it can end as good "
        "as Pre-LN or better: Liu et al. (EMNLP 2020) report such cases and link Pre-LN's "
        "lighter dependency on its residual branches to worse trained models. The runs here are a tiny model on 8×8 digits for a few hundred "
        "steps: they show the effect at one scale, not a law.",
    ),
    "errors.prepost.placement": "Unknown LayerNorm placement {placement!r}: choose post or pre.",
    "errors.prepost.parameter": "Unknown weights {which!r}: choose one of {valid}.",
    "errors.prepost.lr": "The learning rate must be a number in (0, 1]; got {lr}.",
    # --- figures: pre-LN vs post-LN ---------------------------------------------------------
    "fig.p10.post": "Post-LN",
    "fig.p10.pre": "Pre-LN",
    "fig.p10.post_warmup": "Post-LN + warm-up ({warmup} steps)",
    "fig.p10.pre_warmup": "Pre-LN + warm-up ({warmup} steps)",
    "fig.p10.each_seed": "{name}, each initialization",
    "fig.p10.mean_of": "{name}, mean of {seeds}",
    "fig.p10.grad_title": "‖∂ℒ/∂W‖ at initialization, per layer: {weight}",
    "fig.p10.axis.layer": "layer (1 = next to the input)",
    "fig.p10.axis.grad": "gradient norm ‖∂ℒ/∂W‖",
    "fig.p10.warmup_band": "warm-up",
    "fig.p10.guess_loss": "guessing: ln 10 ≈ 2.30",
    "fig.p10.guess_accuracy": "guessing (10 %)",
    "fig.p10.loss_title": "Training loss (mean of the last {smooth} batches)",
    "fig.p10.accuracy_title": "Test accuracy (445 held-out digits)",
    "fig.p10.axis.step": "training step",
    "fig.p10.axis.loss": "cross-entropy loss",
    "fig.p10.axis.accuracy": "test accuracy",
    # --- p12: the live class check ---
    "selftest.header": "Test yourself",
    "selftest.check": "Check",
    "selftest.right": "Right.",
    "selftest.wrong": "Not quite.",
    "selftest.why.gn_pairs": "GroupNorm computes one (μ, σ²) per sample and group of channels: N·G "
    "pairs, whatever H and W are.",
    "selftest.why.rms_params": "nn.RMSNorm learns one γ per feature and no β: one parameter per "
    "feature (token LayerNorm has two per feature, γ and β).",
    "selftest.why.bn_fc_two": "With two values a and b, μ = (a + b)/2 and the biased σ = |a − b|/2, "
    "so (a − μ)/σ = ±1: with N = 2 each unit's x̂ says only which sample is larger.",
    "selftest.why.running_var": "running_var = (1 − momentum)·1 + momentum·n/(n − 1)·σ²_B with "
    "PyTorch's momentum = 0.1 and n = N·H·W values per channel: the unbiased batch variance goes "
    "in, although the batch was normalized with the biased one.",
    "selftest.why.momentum": "Keras' momentum weighs the old value: 0.99 keeps 99% of the running "
    "statistic. PyTorch's momentum weighs the new batch: Keras' 0.99 is PyTorch's 0.01.",
    "p12.title": "Class check",
    "p12.intro": (
        "The teacher opens a room and shows its code on the projector. Students open this page "
        "on their laptops, choose *a student*, type the code and answer. The teacher's screen "
        "counts the answers as they arrive (every second); when the teacher reveals the right "
        "answer, the students see the class result. Nobody sees who answered what, no account is needed, and a second "
        "answer replaces the first.",
        "Numeric questions are computed from the teacher's tensor (the sidebar) when they are "
        "asked, so the right answer always matches what the teacher's screen shows.",
    ),
    "p12.role": "I am",
    "p12.role.teacher": "the teacher",
    "p12.role.student": "a student",
    "p12.open": "Open a room",
    "p12.code.caption": "Room code (students: Class check → a student → this code)",
    "p12.code.link": "Or share the link: this page's address with `{link}`.",
    "p12.question": "Question",
    "p12.ask": "Ask the room",
    "p12.no_question_yet": "No question asked yet: pick one and press Ask the room.",
    "p12.answered": "answers so far",
    "p12.reveal": "Reveal the answer",
    "p12.revealed": "Right answer: **{answer}**. {right} answered right.",
    "p12.col.answer": "answer",
    "p12.col.count": "students",
    "p12.enter_code": "Room code",
    "p12.join": "Join",
    "p12.joined": "In room {code}. The question appears here when the teacher asks it.",
    "p12.wait": "Waiting for the teacher's question…",
    "p12.your_answer": "Your answer",
    "p12.send": "Send",
    "p12.recorded": "Recorded: {mine}. You can change it until the teacher reveals the answer.",
    "p12.result": "Right answer: **{answer}**. {right} of {n} answered right.",
    "p12.you_right": "Your answer, {mine}, is right.",
    "p12.you_wrong": "Your answer was {mine}.",
    "p12.q.gn_pairs.short": "GroupNorm: how many (μ, σ²) pairs?",
    "p12.q.gn_pairs": "GroupNorm with G = {g} on the {shape} tensor: how many (μ, σ²) pairs does "
    "it compute?",
    "p12.q.running_var.short": "running_var after one BN training step",
    "p12.q.running_var": "A fresh BatchNorm layer (nn.BatchNorm2d, or nn.BatchNorm1d for an N×C "
    "tensor; running_var = 1, momentum = 0.1) takes one "
    "training step on the {shape} tensor. What is running_var of channel {c} afterwards (to "
    "±0.005)?",
    "p12.q.momentum.short": "Which convention is momentum = 0.99?",
    "p12.q.momentum": "A BatchNorm layer has momentum = 0.99. Whose convention is that, "
    "running = momentum·running + (1 − momentum)·batch?",
    "p12.q.momentum.pytorch": "PyTorch's (momentum is the weight of the new batch)",
    "p12.q.momentum.keras": "Keras' (momentum is the weight of the old value)",
    "p12.q.rms_params.short": "RMSNorm: how many parameters?",
    "p12.q.rms_params": "nn.RMSNorm over {axis} = {c} features (elementwise_affine=True): how many "
    "learnable parameters?",
    "p12.q.bn_fc_two.short": "Why is x̂ ±1 for BN on a batch of two?",
    "p12.q.bn_fc_two": "BatchNorm on a fully connected layer with N = 2 gives x̂ = ±1 (up to ε) "
    "for every unit. Why?",
    "p12.q.bn_fc_two.a": "BatchNorm clips its output to [−1, 1]",
    "p12.q.bn_fc_two.b": "With two values, each lies one (biased) standard deviation from their "
    "mean",
    "p12.q.bn_fc_two.c": "Because γ = 1 and β = 0 by default",
    # --- p9: transformers ----------------------------------------------------------------------
    "p9.title": "Normalization in transformers",
    "p9.intro": (
        "In a transformer a layer's activations form an N×T×D tensor: N sequences (or images) "
        "of T tokens, each token a vector of D features. The normalization there is LayerNorm "
        "over the D features of each token on its own (`nn.LayerNorm(D)`): the original "
        "transformer (Vaswani et al. 2017, §3.1) takes LayerNorm(x + Sublayer(x)) after every "
        "sub-layer. Ba et al. (2016), who introduced LayerNorm, computed its statistics over the "
        "summed inputs of one layer for one training case, and for recurrent networks separately "
        "at each time step: the same grouping. Many recent models use RMSNorm (Zhang & Sennrich, "
        "NeurIPS 2019) instead, and at the input of each sub-layer (pre-normalization), e.g. "
        "LLaMA (Touvron et al. 2023, §2.2).\n\n"
        "**One name, two groupings.** In the GroupNorm paper (Wu & He 2018, Fig. 2) and on this "
        "app's other pages, LN pools *all* channels and positions of a sample. `nn.LayerNorm(D)` "
        "in a transformer pools only the D features of *one* token. This page calls the first "
        "**LN (GN paper)** and the second **token LN**."
    ),
    "p9.method.batch": "BN",
    "p9.method.layer": "LN (GN paper)",
    "p9.method.token": "token LN",
    "p9.method.rms": "RMSNorm",
    "p9.share.header": "Who shares one statistic",
    "p9.share": (
        "Each grid above is one sample of the sidebar's tensor read as a sequence: rows are tokens (the "
        "tensor's positions), columns are features (its channels). The shaded cells share one "
        "statistic with the ringed element, the one chosen in the sidebar: a mean and a "
        "variance, for RMSNorm one mean square. **BN**: one "
        "feature over all tokens, and over the same feature of every other sample in the batch, "
        "which one grid cannot show. **LN (GN paper)**: every token and feature of the sample. "
        "**token LN** and **RMSNorm**: the D features of the ringed token only.",
        "The table below gives each method's numbers for the chosen element. m is the number of values "
        "one statistic is computed from; *statistics* counts the (μ, σ²) pairs of the whole tensor. "
        "RMSNorm subtracts no mean (μ: 0): where the others show the biased variance σ² it "
        "shows the mean square (1/m)Σxᵢ². Parameters: token LN has a γ and a β per feature, 2D "
        "(`nn.LayerNorm(D)`); RMSNorm only γ, D (`nn.RMSNorm(D)`); BN 2D, plus 2D running "
        "statistics kept as buffers, running_mean and running_var (PyTorch also keeps the counter "
        "num_batches_tracked). LN (GN paper) has one γ and one β per channel in normviz, as "
        "`nn.GroupNorm(1, C)`: 2C. PyTorch's `nn.LayerNorm([C, H, W])`, on a sequence "
        "`nn.LayerNorm([T, D])`, has one per element: 2·C·H·W, resp. 2·T·D.",
    ),
    "p9.share.reading.sequence": (
        "The sidebar's {shape} tensor (N×T×D): T = {t} tokens of D = {d} features each. "
        "Chosen: sequence {n}, token {token}, feature {feature}."
    ),
    "p9.share.reading": (
        "The sidebar's {shape} tensor read as a sequence: T = {t} tokens (its positions: H·W, "
        "L, or 1 for an N×C tensor) of D = {d} features (its C channels). Chosen: sample {n}, "
        "token {token}, feature {feature}."
    ),
    "p9.share.window": (
        "The grids show tokens {t0}–{t1} and features {f0}–{f1}, a window around the chosen "
        "element; the table's numbers are over the whole tensor."
    ),
    "p9.errors.one_feature": (
        "This tensor has C = {c} channel, so each token has a single feature: token LN would "
        "output β everywhere (x − μ = 0) and RMSNorm x/√(x² + ε)·γ, which is ±γ unless |x| is "
        "as small as √ε. "
        "Choose C ≥ 2 in the sidebar to compare the four methods; the measurements below do "
        "not use the sidebar's tensor."
    ),
    "p9.table.method": "method",
    "p9.table.m": "m",
    "p9.table.count": "statistics",
    "p9.table.mean": "μ",
    "p9.table.var": "σ² (RMSNorm: mean square)",
    "p9.table.params": "γ, β",
    "p9.table.buffers": "buffers",
    "p9.table.params_ln": "{ours} (per element: {torch})",
    "p9.table.no_mean": "0 (none)",
    "p9.table.caption": (
        "Here D = {d} and T = {t}. For comparison, at ViT-B/16's width (D = 768) a token LN "
        "has 1,536 parameters per normalization layer, an RMSNorm 768."
    ),
    "p9.bn.header": "Why transformers avoid BatchNorm, measured",
    "p9.slider.seq_offset": "Per-sequence offset: standard deviation of a",
    "p9.bn": (
        "Shen et al. (ICML 2020, *PowerNorm: Rethinking Batch Normalization in Transformers*) "
        "found that in NLP transformers the batch statistics fluctuate strongly throughout "
        "training, and traced BN's poor results there to it. Below, three effects are measured "
        "on synthetic sequences whose make-up is known: N sequences of T = 32 tokens × D = 16 "
        "features, x = (a fixed mean per feature) + a (one offset per sequence, standard "
        "deviation set by the slider) + b (one offset per token, standard deviation 1) + noise "
        "(standard deviation 1). Shorter sequences are padded with zeros to T, as in a batch of "
        "sentences. BN here is `nn.BatchNorm1d(D)` on the N·T tokens: one μ and σ² per feature.",
        "**From batch to batch.** BN's μ_B and σ²_B of each feature over 200 random batches of "
        "full-length sequences: the spread of μ_B (its standard deviation across batches, in "
        "units of the feature's σ) and of σ²_B (its standard deviation over its mean), averaged "
        "over the features. Both shrink only like 1/√(batch size), and grow with the "
        "per-sequence offset, because a batch's μ_B carries the mean offset of the few sequences "
        "it holds. Token LN's statistics come from one token's own D features: the same "
        "sequence put into 20 different batches gets exactly the same μ, σ² and output.",
    ),
    "p9.padding": (
        "**Padding.** `nn.BatchNorm1d` given the padded (N·T, D) tokens counts the zeros as "
        "data. If a fraction p of the positions is padding and the real tokens have mean μ and "
        "variance σ², it computes μ′ = (1 − p)·μ and σ′² = (1 − p)·σ² + p(1 − p)·μ² (left: "
        "|μ′ − μ| in units of σ, largest over the features, and σ′²/σ², averaged). And since "
        "the statistics are shared, sequence 0's output changes when only *another* sequence of "
        "the batch gets shorter (right: the largest change of sequence 0's output as sequence 1 "
        "goes from 1 token to T, in a batch of 8). Token LN normalizes each token by itself: "
        "neither padding nor the other sequences enter."
    ),
    "p9.mode": (
        "**Training vs eval mode.** In training BN normalizes with the batch's μ_B and σ²_B; in "
        "eval mode (`model.eval()`) with running_mean and running_var, here after 100 training "
        "batches (PyTorch's momentum 0.1; running_var is updated with the unbiased batch "
        "variance). The chart shows |y_train − y_eval| (γ = 1, β = 0) over 50 new batches: the "
        "same input gets a different output in the two modes, the more so the smaller the batch. "
        "Token LN keeps no running statistics and computes the same thing in both modes (Ba et "
        "al. 2016): each sequence normalized alone, as at inference, gets exactly what it got in "
        "its training batch."
    ),
    "p9.spread.caption": (
        "At batch size {small}, μ_B moves by {mean_small:.2f}σ from batch to batch and σ²_B by "
        "{var_small:.0%} of its mean; at {large}, by {mean_large:.2f}σ and {var_large:.0%}. "
        "Token LN: the largest change of one sequence's μ, σ² or output across 20 batches is "
        "{token:g}."
    ),
    "p9.padding.caption": (
        "With {fraction:.0f}% of the positions padded, BN's μ with the zeros counted is off by "
        "up to {gap:.2f}σ and its σ² is on average {ratio:.2f}× that of the real tokens. Sequence 0's BN "
        "output moved by up to {change:.3f} when only sequence 1's length changed; its token-LN "
        "output by {token:g}."
    ),
    "p9.mode.caption": (
        "Mean |y_train − y_eval| of BN: {mean_small:.3f} at batch size {small}, {mean_large:.3f} "
        "at {large} (largest single difference at {small}: {max_small:.2f}). Token LN, one "
        "sequence alone vs in its batch: {token:g}."
    ),
    "p9.rms.header": "What RMSNorm drops",
    "p9.rms": (
        "RMSNorm (Zhang & Sennrich, NeurIPS 2019) divides each token by its root mean square "
        "and subtracts no mean: ā = a/RMS(a)·g (their eq. 4, without ε). PyTorch's "
        "`nn.RMSNorm(D)` and `F.rms_norm` compute y = x / √((1/D)Σxᵢ² + ε) · γ and have no β; "
        "the paper's layer keeps its bias b (eq. 5), which the authors' code makes optional and "
        "off by default. Its mean square is (1/D)Σxᵢ² = σ² + μ², with μ and σ² the token's "
        "mean and biased variance: RMSNorm equals token LN (without β) exactly when the token's "
        "mean is 0, and differs the more, the larger |μ| is against σ. The authors' hypothesis: "
        "LN's re-centering invariance is dispensable, the re-scaling does the work.",
        "Below: 8 tokens of 16 features, x = z + b with z ~ N(0, 1) and the same offset b "
        "(slider) on every feature, so each token's mean is about b. Left: max |y_LN − y_RMS| "
        "over all tokens (γ = 1, β = 0). Right: the same tokens with each token's mean "
        "subtracted, where the two agree up to float64 rounding. At b = 0 they still differ: 16 "
        "random features do not have a mean of exactly 0. In the chart (token 0), LN's output "
        "does not depend on b at all; RMSNorm's tends to 1 on every feature as b grows, its "
        "differences between features shrinking like σ/√(σ² + b²).",
    ),
    "p9.speed.header": "Speed: what dropping the mean saves",
    "p9.speed": (
        "RMSNorm saves one reduction (the mean) and one subtraction per element. "
        "Zhang & Sennrich (abstract) report that it reduces the running time by 7%–64% on "
        "different models: the time of *whole models* on their tasks, not of the normalization "
        "layer alone. Conversely, a faster normalization shortens a model's time by at most the "
        "share the normalization takes of it. normviz does not take this saving: for accuracy it "
        "computes RMSNorm with the same two passes as token LN (mean and variance, then RMS² = "
        "σ² + μ²), so its ratio stays near 1 by construction; only PyTorch's pair shows what a "
        "library's kernels make of the formula. Measured on this server (best of 7, once per "
        "server start; the load of a shared machine moves them from run to run):"
    ),
    "p9.slider.rms_offset": "Offset b added to every feature",
    "p9.metric.offset": "max |y_LN − y_RMS|, tokens with offset b",
    "p9.metric.centered": "max |y_LN − y_RMS|, tokens centered",
    "p9.timing.caption": (
        "On a {shape} float32 tensor (N×T×D): normviz token LN {token:.1f} ms, RMSNorm "
        "{rms:.1f} ms (RMSNorm/LN = {ratio:.2f}; the same two passes for both); PyTorch F.layer_norm {torch_token:.2f} ms, "
        "F.rms_norm {torch_rms:.2f} ms ({torch_ratio:.2f}). Below 1: RMSNorm is faster. "
        "`bench/bench_normalize.py` measures both at 32×197×768 against a copy of the tensor."
    ),
    "fig.p9.grid.hover": "token %{y}, feature %{x}<br>x = %{customdata}",
    "fig.p9.grid.tokens": "token",
    "fig.p9.grid.features": "feature",
    "fig.p9.grid.title.batch": "BN",
    "fig.p9.grid.title.layer": "LN (GN paper)",
    "fig.p9.grid.title.token": "token LN",
    "fig.p9.grid.title.rms": "RMSNorm",
    "fig.p9.batch_size": "batch size",
    "fig.p9.spread.title": "BN statistics from batch to batch",
    "fig.p9.spread.mean": "BN: spread of μ_B (in σ)",
    "fig.p9.spread.var": "BN: spread of σ²_B (relative)",
    "fig.p9.spread.token": "token LN: change across batches",
    "fig.p9.spread.y": "spread across batches",
    "fig.p9.padding.title": "BN with padded zeros counted vs masked",
    "fig.p9.padding.x": "padded positions",
    "fig.p9.padding.mean": "|μ′ − μ| / σ (largest)",
    "fig.p9.padding.var": "σ′² / σ² (mean)",
    "fig.p9.neighbour.title": "Sequence 0's output as sequence 1's length changes",
    "fig.p9.neighbour.x": "length of sequence 1 (tokens)",
    "fig.p9.neighbour.y": "max |Δy| of sequence 0",
    "fig.p9.mode.title": "Same input, training mode vs eval mode",
    "fig.p9.mode.mean": "BN: mean |y_train − y_eval|",
    "fig.p9.mode.max": "BN: max |y_train − y_eval|",
    "fig.p9.mode.token": "token LN: alone vs in the batch",
    "fig.p9.mode.y": "|y_train − y_eval|",
    "fig.p9.token.title": "Token {token}: input, token LN and RMSNorm",
    "fig.p9.token.input": "input x",
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
        "{filename} uses .npy format version {version}, which the app does not read (versions "
        "1.0 and 2.0 are supported). Save the array again with numpy.save."
    ),
    "upload.pickled": (
        "The array's type is {dtype}: object arrays (stored with pickle, which can run code when "
        "loaded) and structured arrays are not accepted. Save a plain numeric array, e.g. "
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
        "{filename} is not a readable .npz archive: it is damaged, truncated or encrypted. Save "
        "it again with numpy.savez and upload the whole file."
    ),
    "upload.too_many_members": (
        "{filename} holds {count} files; the app reads .npz archives of at most {limit}."
    ),
    "upload.npz_too_big": (
        "{filename} would expand to {size} MB when decompressed, more than the {limit} MB the "
        "app accepts. Save only the array you want to explore."
    ),
    "upload.npz_method": (
        "it is compressed with a method neither numpy.savez (stored) nor numpy.savez_compressed "
        "(deflate) uses; the app reads only stored and deflated members."
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
        "A 3-D array ({shape}) has two readings, which give different statistics. N×C×L "
        "(batch, channels, length) is how torch.nn.BatchNorm1d, InstanceNorm1d and GroupNorm "
        "read a 3-D input, e.g. after a Conv1d; it is shown as N×C×1×L. N×T×D (batch, tokens, "
        "features) is a transformer's activation: there token LN is nn.LayerNorm(D), one (μ, "
        "σ²) per token over its D features. Read as N×C×L instead, the T tokens would be "
        "taken for channels. Choose the reading that matches how the array was made."
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
    "upload.panel.showing_3d": (
        "Showing **{label}**: {shape} read as **{reading}**, {dtype} (held as {view})."
    ),
    "upload.panel.reading": "Read the 3-D array as",
    "upload.panel.reading.ntd": "N×T×D (batch, tokens, features)",
    "upload.panel.reading.ncl": "N×C×L (batch, channels, length)",
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
    "lesson.where": "Lesson · {lesson} · stop {k} of {n}",
    "lesson.away": "This is not the lesson's page. The lesson is at **{stop}**.",
    "lesson.predict": "Predict first:",
    "lesson.your_prediction": "Your prediction",
    "lesson.commit": "Lock in my prediction",
    "lesson.commit_first": "Choose an answer (or type a number) first.",
    "lesson.right": "Right: {answer}.",
    "lesson.values": "The tensor's values: one row per sample n and channel c, the positions (h, w) in reading order.",
    "lesson.wrong": "Not this time. Your prediction: {mine}. The answer: {answer}.",
    "lesson.back": "◀ Back",
    "lesson.next": "Next ▶",
    "lesson.restore": "Back to the lesson's view",
    "lesson.back_to_lesson": "Back to the lesson",
    "lesson.end": "End the lesson",
    "lesson.start": "Start the lesson",
    "lesson.bad_link": "This link names a lesson or a stop that does not exist ({link}): the page "
    "opens without the lesson.",
    "p12.q.group_mean.short": "The mean μ of the chosen element's group",
    "p12.q.group_mean": "{method} on the {shape} tensor: what is the mean μ of the group that holds "
    "element {at} (to ±0.005)?",
    "selftest.why.group_mean": "Add the group's m values (for RMSNorm's mean square, their squares) and divide by m. Which values form the "
    "group depends on the method: the Reduction axes page colours them, and Step by step lists "
    "them.",
    "p12.q.group_ms": "RMSNorm on the {shape} tensor: what is the mean square (1/m)Σxᵢ² of the "
    "values that hold element {at} (to ±0.005)?",
    "p8.too_costly": "This would occupy one of the server's cores for about {seconds} s, more than "
    "one run may ({limit} s): choose fewer steps, a smaller batch, fewer layers, or the MLP.",
    "p8.session_budget": "You have started about {used} s of training in the last {window} "
    "minutes, and one student may start {limit} s: the class shares two cores. Try again in "
    "about {minutes} min, or open a run someone else already trained (same settings: no wait).",
    "throttle.slow_down": "This page was redrawn very often in the last few seconds, so this "
    "redraw waited {seconds} s to leave the server to the others. Move the controls a little "
    "more slowly.",
    "memory.waiting": "The server is busy with other large computations; this page is waiting "
    "its turn ({ahead} ahead in the queue) so that the server does not run out of memory.",
    "memory.busy": "The server is busy with large computations, and this page waited {seconds} s "
    "without getting its turn. Try again in a moment, or make the tensor smaller in the sidebar.",
}
