"""Time normviz.normalize against torch's CPU functions on a 32×64×56×56 float32 tensor,
and token LN and RMSNorm on the token tensor of a ViT-B/16 batch, 32×197×768 (N×T×D).

For each method (BN, LN, IN, GN with G=32, token LN, RMSNorm), on centred data (randn) and
on offset data
(randn + 1000, where normviz takes its two-pass path), the candidates run interleaved,
repeat after repeat, and the medians are printed: normviz ms, torch ms, their ratio and
each one's distance to the memory-bandwidth floor (one read-and-write copy of the
tensor, `clone`, timed in the same loop). Then the accuracy of both in float32:
max |y − y₆₄| against torch in float64.

The token tensor is N×T×D in memory, as a transformer holds it; normviz reads it as N×D×T
(C = D features, L = T tokens: the sequence layout), a view without a copy, and torch
normalizes the last axis: F.layer_norm(x, (D,)) and F.rms_norm(x, (D,)). On the
channels-first 32×64×56×56 tensor torch gets x.permute(0, 2, 3, 1) (ConvNeXt's way).

Run: python bench/bench_normalize.py [--repeats 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import normviz as nv  # noqa: E402

SHAPE = (32, 64, 56, 56)
GROUPS = 32
METHODS = ("BN", "LN", "IN", "GN", "token LN", "RMSNorm")
TOKEN_SHAPE = (32, 197, 768)  # ViT-B/16 at 224×224: 196 patches + [CLS], d = 768
TOKEN_METHODS = ("token LN", "RMSNorm")
DATA = {"centred (randn)": 0.0, "offset (randn + 1000)": 1000.0}


def make_inputs(offset: float, seed: int = 0, shape: tuple[int, ...] = SHAPE):
    """x (torch float32, numpy view of the same memory), γ and β per channel (or feature)."""
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(shape, generator=gen) + offset
    c = shape[1] if shape == SHAPE else shape[-1]
    gamma = 1.0 + 0.1 * torch.randn(c, generator=gen)
    beta = 0.1 * torch.randn(c, generator=gen)
    return x, gamma, beta


def torch_normalize(method: str, x, gamma, beta) -> torch.Tensor:
    """The torch reference of domain.md §1 for one method."""
    if method == "BN":
        return F.batch_norm(x, None, None, gamma, beta, training=True)
    if method == "LN":
        return F.group_norm(x, 1, gamma, beta)
    if method == "IN":
        return F.instance_norm(x, weight=gamma, bias=beta)
    if method in TOKEN_METHODS:  # over channels: the last axis of the channels-last view
        last = x.permute(0, 2, 3, 1) if x.ndim == 4 else x
        d = last.shape[-1]
        if method == "token LN":
            return F.layer_norm(last, (d,), gamma, beta)
        return F.rms_norm(last, (d,), gamma, eps=1e-5)  # its default eps is finfo(dtype).eps
    return F.group_norm(x, GROUPS, gamma, beta)


def normviz_view(x: torch.Tensor) -> np.ndarray:
    """What normviz gets: the N×C×H×W tensor itself, or the N×T×D one read as N×D×T."""
    return x.numpy() if x.ndim == 4 else x.numpy().transpose(0, 2, 1)


def candidates(method: str, x, gamma, beta) -> dict:
    """Zero-argument callables to time; each returns y (or the copy)."""
    x_np, g_np, b_np = normviz_view(x), gamma.numpy(), beta.numpy()
    groups = GROUPS if method == "GN" else None
    if method == "RMSNorm":
        b_np = np.zeros_like(b_np)  # nn.RMSNorm has no β
    return {
        "floor": lambda: x.clone(),
        "normviz": lambda: nv.normalize(x_np, method, groups=groups, gamma=g_np, beta=b_np).y,
        "torch": lambda: torch_normalize(method, x, gamma, beta),
    }


def median_times_ms(calls: dict, repeats: int) -> dict[str, float]:
    """Interleave the candidates, one call each per round; median over rounds, in ms."""
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(repeats):
        for name, call in calls.items():
            start = time.perf_counter()
            call()
            times[name].append(time.perf_counter() - start)
    return {name: 1e3 * statistics.median(ts) for name, ts in times.items()}


def max_error(y, reference: torch.Tensor) -> float:
    """max |y − reference|, with normviz's y (channels first) put in the reference's layout."""
    if not isinstance(y, torch.Tensor):
        y = torch.as_tensor(np.ascontiguousarray(y))
        if y.shape != reference.shape:  # N×D×T vs N×T×D, or N×C×H×W vs N×H×W×C
            y = y.movedim(1, -1)
    return float((y.double() - reference).abs().max())


def run_one(method: str, x, gamma, beta, repeats: int) -> tuple[dict, dict]:
    """Timings and float32 errors of normviz and torch for one method on one tensor."""
    calls = candidates(method, x, gamma, beta)
    outputs = {name: call() for name, call in calls.items()}  # warm-up, kept for accuracy
    ms = median_times_ms(calls, repeats)
    reference = torch_normalize(method, x.double(), gamma.double(), beta.double())
    errors = {name: max_error(outputs[name], reference) for name in ("normviz", "torch")}
    return ms, errors


def print_header(repeats: int, shape: tuple[int, ...] = SHAPE) -> None:
    print(
        f"normviz.normalize vs torch, {'×'.join(map(str, shape))} float32, "
        f"torch {torch.__version__}, {torch.get_num_threads()} threads, "
        f"median of {repeats} interleaved repeats"
    )
    print("floor = one read-and-write copy of the tensor (x.clone()), timed in the same loop\n")


def print_data_block(label: str, rows: list[tuple[str, dict, dict]]) -> None:
    print(f"== {label}")
    print(
        f"{'method':<10}{'normviz ms':>11}{'torch ms':>10}{'nv/torch':>10}"
        f"{'floor ms':>10}{'nv/floor':>10}{'torch/floor':>12}"
    )
    for method, ms, _ in rows:
        nv_ms, t_ms, floor = ms["normviz"], ms["torch"], ms["floor"]
        print(
            f"{method:<10}{nv_ms:>11.1f}{t_ms:>10.1f}{nv_ms / t_ms:>9.2f}×"
            f"{floor:>10.1f}{nv_ms / floor:>9.1f}×{t_ms / floor:>11.1f}×"
        )
    print("accuracy: max |y − y_float64| (torch float64 reference)")
    for method, _, err in rows:
        print(f"  {method:<8} normviz {err['normviz']:.2e}   torch {err['torch']:.2e}")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print_header(args.repeats)
    for label, offset in DATA.items():
        x, gamma, beta = make_inputs(offset)
        rows = [(m, *run_one(m, x, gamma, beta, args.repeats)) for m in METHODS]
        print_data_block(label, rows)
    print_header(args.repeats, TOKEN_SHAPE)
    print("N×T×D in memory; normviz reads it as N×D×T (the sequence layout, a view)\n")
    for label, offset in DATA.items():
        x, gamma, beta = make_inputs(offset, shape=TOKEN_SHAPE)
        rows = [(m, *run_one(m, x, gamma, beta, args.repeats)) for m in TOKEN_METHODS]
        print_data_block(label, rows)


if __name__ == "__main__":
    main()
