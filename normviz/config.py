"""The app's view configuration: one frozen value, read from and written to the URL.

Pure Python, so the parsing of a shared link (and its mistakes) is tested without a browser.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from normviz.i18n import Message
from normviz.methods import canonical_method, default_groups, divisors, method_label
from normviz.tensors import PRESETS, WORKED_BETA, WORKED_GAMMA, TensorSpec, axis_names

MAX_ELEMENTS = 8_000_000  # every page stays responsive up to here (see bench/)
DIM_LIMITS = {"n": (1, 64), "c": (1, 128), "h": (1, 64), "w": (1, 64)}
# An uploaded tensor (normviz.upload) may be larger along one axis, within MAX_ELEMENTS;
# a 3-D N×C×L upload is shown as N×C×1×L, so L is checked against W's limit. Measured: the
# Train vs eval page redraws N-sample batches (~0.5 s at N = 16384, 7 s at 65536), the Batch
# size page samples every channel (~5 s at C = 1024); H·W is capped too (normviz.upload).
UPLOAD_DIM_LIMITS = {"n": (1, 16_384), "c": (1, 1_024), "h": (1, 4_096), "w": (1, 65_536)}
SOURCE_LENGTH = 64  # an upload's id in a link: the sha256 of its file, in hex
CUSTOM = "Custom"
WORKED = "Worked example"
MAX_URL_VALUE = 2_000  # characters: longer parameters are ignored, not parsed


@dataclass(frozen=True)
class ViewConfig:
    """Everything the sidebar controls; the same value gives the same view."""

    n: int = 2
    c: int = 2
    h: int = 2
    w: int = 2
    fully_connected: bool = False  # an N×C tensor (no H, W), as after a linear layer
    # a sequence N×T×D (batch, tokens, features), held as N×D×1×T: c = D, h = 1, w = T
    sequence: bool = False
    preset: str = WORKED
    seed: int = 0
    scale: float = 1.0
    shift: float = 0.0
    channel_spread: float = 0.0
    sample_spread: float = 0.0
    outliers: float = 0.0
    relu_like: bool = False
    method: str = "batch"
    groups: int = 1
    eps: float = 1e-5
    gamma: tuple[float, ...] = (2.0, 5.0)
    beta: tuple[float, ...] = (3.0, 8.0)
    at: tuple[int, int, int, int] = (0, 0, 0, 0)  # chosen element (n, c, h, w)
    source: str = ""  # an uploaded tensor's digest (normviz.upload); "" = the generated one

    @property
    def shape(self) -> tuple[int, ...]:
        if self.fully_connected:
            return (self.n, self.c)
        return (self.n, self.c, self.h, self.w)

    @property
    def shown_shape(self) -> tuple[int, ...]:
        """The shape as the user names it: N×T×D for a sequence, else the shape."""
        if self.sequence:
            return (self.n, self.w, self.c)
        return self.shape

    @property
    def shown_element(self) -> tuple[int, ...]:
        """The chosen element in the order of shown_shape: (n, t, d) for a sequence."""
        if self.sequence:
            return (self.at[0], self.at[3], self.at[1])
        return self.element

    @property
    def axis_names(self) -> tuple[str, ...]:
        """The letters of the axes of `shape` (normviz.tensors.axis_names)."""
        return axis_names(len(self.shape), self.sequence)

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    @property
    def element(self) -> tuple[int, ...]:
        """The chosen element as an index into the tensor."""
        return self.at[:2] if self.fully_connected else self.at

    @property
    def spec(self) -> TensorSpec:
        return TensorSpec(**{spec: getattr(self, own) for own, spec in GENERATOR_FIELDS.items()})

    @property
    def group_count(self) -> int | None:
        """The G passed to normviz (only GroupNorm takes one)."""
        return self.groups if self.method == "group" else None

    @property
    def label(self) -> str:
        return method_label(self.method, self.groups)

    @property
    def affine_beta(self) -> tuple[float, ...]:
        """The β the method adds: RMSNorm has none (torch.nn.RMSNorm), so 0 there."""
        return (0.0,) * len(self.beta) if self.method == "rms" else self.beta

    @property
    def gn_groups(self) -> int:
        """The G of the GroupNorm shown beside the chosen method: the chosen G under GN,
        else the default for C (pages that compare all four methods)."""
        return self.groups if self.method == "group" else default_groups(self.c)


DEFAULT = ViewConfig()
# The generator's controls: ViewConfig's field → TensorSpec's field
GENERATOR_FIELDS = {
    "scale": "scale",
    "shift": "shift",
    "channel_spread": "channel_spread",
    "sample_spread": "sample_spread",
    "outliers": "outlier_fraction",
    "relu_like": "relu_like",
}

# URL key of each field; short so a shared link stays readable
URL_KEYS = {
    "n": "n",
    "c": "c",
    "h": "h",
    "w": "w",
    "fully_connected": "fc",
    "sequence": "seq",
    "preset": "preset",
    "seed": "seed",
    "scale": "scale",
    "shift": "shift",
    "channel_spread": "cspread",
    "sample_spread": "sspread",
    "outliers": "outliers",
    "relu_like": "relu",
    "method": "method",
    "groups": "G",
    "eps": "eps",
    "gamma": "gamma",
    "beta": "beta",
    "at": "at",
    "source": "src",
}

FLOAT_LIMITS = {
    "scale": (0.0, 100.0),
    "shift": (-1000.0, 1000.0),
    "channel_spread": (0.0, 100.0),
    "sample_spread": (0.0, 100.0),
    "outliers": (0.0, 0.5),
    "eps": (0.0, 1.0),
}
AFFINE_LIMIT = 100.0  # |γ|, |β| at most this
# A positive ε below this is 0 to float32 (PyTorch rounds it away) and overflows (σ²+ε)^-1.5
# in the backward pass on a constant group: a link may ask for 0 or for at least this.
MIN_EPS = 1e-12


def apply_preset(cfg: ViewConfig, name: str) -> ViewConfig:
    """The configuration with a preset's generator controls (and shape, γ, β if fixed).

    What a link's preset= sets under the link's own shape; the sidebar's choice of a preset
    is preset_view (the preset's own shape too).
    """
    preset = PRESETS[name]
    s = preset.spec
    cfg = replace(
        cfg, preset=name, **{own: getattr(s, spec) for own, spec in GENERATOR_FIELDS.items()}
    )
    if preset.fixed_shape is not None:
        n, c, h, w = preset.fixed_shape
        cfg = replace(cfg, n=n, c=c, h=h, w=w, fully_connected=False, sequence=False)
        cfg = replace(cfg, gamma=tuple(preset.gamma), beta=tuple(preset.beta))
    else:  # a preset is a starting point: γ = 1 and β = 0 unless it fixes them
        cfg = replace(cfg, gamma=(1.0,) * cfg.c, beta=(0.0,) * cfg.c)
    return fit(cfg)[0]


def preset_view(cfg: ViewConfig, name: str) -> ViewConfig:
    """cfg with a preset's whole tensor: its generator controls, its own shape, γ and β.

    The method, G (when it still divides C), ε and the element (clamped) stay; the seed is
    the preset's (0).
    Choosing a preset in the sidebar, and its "back to the preset" button, give this.
    """
    n, c, h, w = PRESETS[name].shape
    shaped = replace(
        cfg, n=n, c=c, h=h, w=w, fully_connected=False, sequence=False, source="", seed=DEFAULT.seed
    )
    return apply_preset(shaped, name)


def preset_changes(cfg: ViewConfig) -> tuple[str, ...]:
    """What differs from the preset's own view: "shape", "gamma", "beta" (in this order).

    Empty for a custom tensor or an upload (there is no preset to go back to).
    """
    if cfg.source or cfg.preset not in PRESETS:
        return ()
    own = preset_view(cfg, cfg.preset)
    changed = []
    if cfg.shape != own.shape:
        changed.append("shape")
    for name in ("gamma", "beta"):
        if getattr(cfg, name) != getattr(own, name):
            changed.append(name)
    return tuple(changed)


def fit(cfg: ViewConfig) -> tuple[ViewConfig, list[str]]:
    """Make every field consistent with the others; say what had to change."""
    notes: list[str] = []
    if cfg.sequence and (cfg.fully_connected or cfg.h != 1):
        cfg = replace(cfg, fully_connected=False, h=1)  # N×T×D is held as N×D×1×T
    if cfg.size > MAX_ELEMENTS:
        notes.append(
            Message(
                "config.too_big",
                shape="×".join(map(str, cfg.shape)),
                size=cfg.size,
                cap=MAX_ELEMENTS,
            )
        )
        cfg = replace(cfg, n=DEFAULT.n, c=DEFAULT.c, h=DEFAULT.h, w=DEFAULT.w)
    worked_shape = cfg.shape == (2, 2, 2, 2) and not cfg.sequence
    if cfg.preset == WORKED and not worked_shape:
        cfg = replace(cfg, preset=CUSTOM)  # the worked example exists in one shape only
        if cfg.gamma[:2] == WORKED_GAMMA and cfg.beta[:2] == WORKED_BETA:
            cfg = replace(cfg, gamma=(1.0,), beta=(0.0,))  # its γ, β go with it
    if cfg.method == "group" and cfg.c % cfg.groups != 0:
        valid = divisors(cfg.c)
        nearest = min(valid, key=lambda g: (abs(g - cfg.groups), g))
        notes.append(
            Message(
                "config.groups_divide",
                groups=cfg.groups,
                c=cfg.c,
                nearest=nearest,
                valid=", ".join(map(str, valid)),
            )
        )
        cfg = replace(cfg, groups=nearest)
    if cfg.method != "group" and cfg.c % cfg.groups != 0:
        cfg = replace(cfg, groups=1)
    cfg = replace(cfg, gamma=_resize(cfg.gamma, cfg.c, 1.0), beta=_resize(cfg.beta, cfg.c, 0.0))
    limits = (cfg.n, cfg.c, cfg.h, cfg.w)
    at = tuple(min(max(i, 0), s - 1) for i, s in zip(cfg.at, limits, strict=True))
    if at != cfg.at:
        cfg = replace(cfg, at=at)
    return cfg, notes


def _resize(values: tuple[float, ...], length: int, fill: float) -> tuple[float, ...]:
    """Keep the first values; new channels get the common value if all agree, else `fill`."""
    values = tuple(float(v) for v in values)[:length]
    pad = values[0] if values and len(set(values)) == 1 else fill
    return values + (pad,) * (length - len(values))


def to_query(cfg: ViewConfig) -> dict[str, str]:
    """The shortest URL parameters that from_query turns back into cfg.

    Fields are written when they differ from what the preset alone would give: a preset at
    its own shape needs no n, c, h, w; at another shape they are written as before presets
    had shapes (each one that differs from the default).
    """
    shape_keys = ("n", "c", "h", "w", "fully_connected", "sequence", "preset", "source")
    base = from_query({URL_KEYS[k]: _format(getattr(cfg, k)) for k in shape_keys})[0]
    alone = from_query({URL_KEYS[k]: _format(getattr(cfg, k)) for k in ("preset", "source")})[0]
    own_shape = cfg.shape == alone.shape
    out = {}
    for f in fields(ViewConfig):
        value = getattr(cfg, f.name)
        reference = DEFAULT if f.name in shape_keys else base
        if own_shape and f.name in ("n", "c", "h", "w", "fully_connected", "sequence"):
            continue
        if value != getattr(reference, f.name):
            if f.name in ("gamma", "beta") and len(set(value)) == 1:
                value = value[:1]  # one number when every channel shares it
            out[URL_KEYS[f.name]] = _format(value)
    if not own_shape and not any(
        URL_KEYS[k] in out for k in ("n", "c", "h", "w", "fully_connected", "sequence")
    ):
        out["n"] = _format(cfg.n)  # the default shape, not the preset's own: say so
    if from_query(out)[0] != cfg:  # e.g. γ resized with the shape: spell everything out
        out = {URL_KEYS[f.name]: _format(getattr(cfg, f.name)) for f in fields(ViewConfig)}
    return out


def _format(value) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, tuple):
        return ",".join(_format(v) for v in value)
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def from_query(params: Mapping[str, object]) -> tuple[ViewConfig, list[str]]:
    """Read a configuration from URL parameters; bad values fall back, with a note each."""
    values: dict[str, object] = {}
    notes: list[str] = []
    for f in fields(ViewConfig):
        key = URL_KEYS[f.name]
        if key not in params:
            continue
        raw = params[key]
        if isinstance(raw, list | tuple):
            raw = raw[-1] if raw else ""
        raw = str(raw)
        try:
            if len(raw) > MAX_URL_VALUE:
                raise ValueError(raw)  # caught below: the note says it in every language
            values[f.name] = _parse(f.name, raw, uploaded=_is_source(params.get("src")))
        except (ValueError, OverflowError):
            shown = raw if len(raw) <= 40 else raw[:40] + "…"
            default = _format(getattr(DEFAULT, f.name))
            notes.append(
                Message("config.bad_param", key=key, value=repr(shown), default=default)
                if default
                else Message("config.bad_param_no_default", key=key, value=repr(shown))
            )
    base = DEFAULT
    if values.get("preset", WORKED) != WORKED:
        base = replace(DEFAULT, gamma=(1.0,), beta=(0.0,))  # the worked γ, β belong to it alone
        if values["preset"] in PRESETS:
            shape_given = any(
                k in values for k in ("n", "c", "h", "w", "fully_connected", "sequence")
            )
            if shape_given or values.get("source"):
                base = apply_preset(base, values["preset"])  # the link's shape
            else:  # a preset alone: its own shape (an older link of a preset at the
                base = preset_view(base, values["preset"])  # 2×2×2×2 default now opens it)
    cfg = replace(base, **values)
    if cfg.method == "group" and "groups" not in values:
        cfg = replace(cfg, groups=default_groups(cfg.c))  # as when GN is picked in the app
    cfg, fit_notes = fit(cfg)
    axes = 2 if cfg.fully_connected else 4
    if "at" in values and values["at"][:axes] != cfg.at[:axes]:
        wanted = ",".join(map(str, values["at"][:axes]))
        notes.append(
            Message(
                "config.element_outside",
                wanted=wanted,
                shape="×".join(map(str, cfg.shape)),
                element=str(list(cfg.element)),
            )
        )
    return cfg, notes + fit_notes


def _is_source(raw: object) -> bool:
    """A link's src= names an upload: 64 lowercase hex digits (a sha256)."""
    if isinstance(raw, list | tuple):
        raw = raw[-1] if raw else ""
    text = str(raw).strip() if raw is not None else ""
    return len(text) == SOURCE_LENGTH and all(ch in "0123456789abcdef" for ch in text)


def _parse(name: str, raw: str, uploaded: bool = False):
    """One field from its URL text, or ValueError (an upload's shape may pass the sliders')."""
    raw = raw.strip()
    limits = UPLOAD_DIM_LIMITS if uploaded else DIM_LIMITS
    if name in limits:
        lo, hi = limits[name]
        return _int_in(raw, lo, hi)
    if name == "source":  # "" (written when every field is spelled out) is no upload
        if raw and not _is_source(raw):
            raise ValueError(raw)
        return raw
    if name in ("fully_connected", "sequence", "relu_like"):
        if raw not in ("0", "1", "true", "false"):
            raise ValueError(raw)
        return raw in ("1", "true")
    if name == "preset":
        if raw not in PRESETS and raw != CUSTOM:
            raise ValueError(raw)
        return raw
    if name == "seed":
        return _int_in(raw, 0, 2**31 - 1)
    if name == "method":
        return canonical_method(raw)
    if name == "groups":
        return _int_in(raw, 1, limits["c"][1])
    if name in FLOAT_LIMITS:
        lo, hi = FLOAT_LIMITS[name]
        value = _float_in(raw, lo, hi)
        if name == "eps" and 0 < value < MIN_EPS:
            raise ValueError(raw)
        return value
    if name in ("gamma", "beta"):
        parts = raw.split(",")
        if not 1 <= len(parts) <= limits["c"][1]:
            raise ValueError(raw)
        return tuple(_float_in(p, -AFFINE_LIMIT, AFFINE_LIMIT) for p in parts)
    if name == "at":
        parts = raw.split(",")
        if len(parts) != 4:
            raise ValueError(raw)
        top = max(hi for _, hi in limits.values()) if uploaded else 10_000
        return tuple(_int_in(p, 0, top) for p in parts)
    raise ValueError(name)  # internal: not reachable from the app (a field without a parser)


def _int_in(raw: str, lo: int, hi: int) -> int:
    value = int(raw)
    if not lo <= value <= hi:
        raise ValueError(raw)
    return value


def _float_in(raw: str, lo: float, hi: float) -> float:
    value = float(raw)
    if not math.isfinite(value) or not lo <= value <= hi:
        raise ValueError(raw)
    return value
