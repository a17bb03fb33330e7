"""Time normviz.normalize against torch's CPU functions on a 32×64×56×56 float32 tensor.

For each method (BN, LN, IN, GN with G=32), on centred data (randn) and on offset data
(randn + 1000, where normviz takes its two-pass path), the candidates run interleaved,
repeat after repeat, and the medians are printed: normviz ms, torch ms, their ratio and
each one's distance to the memory-bandwidth floor (one read-and-write copy of the
tensor, `clone`, timed in the same loop). Then the accuracy of both in float32:
max |y − y₆₄| against torch in float64.

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
METHODS = ("BN", "LN", "IN", "GN")
DATA = {"centred (randn)": 0.0, "offset (randn + 1000)": 1000.0}


def make_inputs(offset: float, seed: int = 0):
    """x (torch float32, numpy view of the same memory), γ and β per channel."""
    gen = torch.Generator().manual_seed(seed)
    x = torch.randn(SHAPE, generator=gen) + offset
    c = SHAPE[1]
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
    return F.group_norm(x, GROUPS, gamma, beta)


def candidates(method: str, x, gamma, beta) -> dict:
    """Zero-argument callables to time; each returns y (or the copy)."""
    x_np, g_np, b_np = x.numpy(), gamma.numpy(), beta.numpy()
    groups = GROUPS if method == "GN" else None
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
    y = torch.as_tensor(np.asarray(y)) if not isinstance(y, torch.Tensor) else y
    return float((y.double() - reference).abs().max())


def run_one(method: str, x, gamma, beta, repeats: int) -> tuple[dict, dict]:
    """Timings and float32 errors of normviz and torch for one method on one tensor."""
    calls = candidates(method, x, gamma, beta)
    outputs = {name: call() for name, call in calls.items()}  # warm-up, kept for accuracy
    ms = median_times_ms(calls, repeats)
    reference = torch_normalize(method, x.double(), gamma.double(), beta.double())
    errors = {name: max_error(outputs[name], reference) for name in ("normviz", "torch")}
    return ms, errors


def print_header(repeats: int) -> None:
    print(
        f"normviz.normalize vs torch, {'×'.join(map(str, SHAPE))} float32, "
        f"torch {torch.__version__}, {torch.get_num_threads()} threads, "
        f"median of {repeats} interleaved repeats"
    )
    print("floor = one read-and-write copy of the tensor (x.clone()), timed in the same loop\n")


def print_data_block(label: str, rows: list[tuple[str, dict, dict]]) -> None:
    print(f"== {label}")
    print(
        f"{'method':<8}{'normviz ms':>11}{'torch ms':>10}{'nv/torch':>10}"
        f"{'floor ms':>10}{'nv/floor':>10}{'torch/floor':>12}"
    )
    for method, ms, _ in rows:
        nv_ms, t_ms, floor = ms["normviz"], ms["torch"], ms["floor"]
        print(
            f"{method:<8}{nv_ms:>11.1f}{t_ms:>10.1f}{nv_ms / t_ms:>9.2f}×"
            f"{floor:>10.1f}{nv_ms / floor:>9.1f}×{t_ms / floor:>11.1f}×"
        )
    print("accuracy: max |y − y_float64| (torch float64 reference)")
    for method, _, err in rows:
        print(f"  {method:<6} normviz {err['normviz']:.2e}   torch {err['torch']:.2e}")
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


if __name__ == "__main__":
    main()
