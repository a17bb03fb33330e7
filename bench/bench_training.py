"""Benchmark and honest check of the training lab: how long the default runs and the sweeps
take, and what they show (accuracies, sigmoid-input percentiles, saturation, gradients,
the learning-rate sweep and BN vs GN by batch size).

    python bench/bench_training.py              # default compare, LR sweep, batch-size sweep
    python bench/bench_training.py --quick      # the default compare only
    python bench/bench_training.py --cnn        # also the batch-size sweep on the CNN (slow)
    python bench/bench_training.py --threads 1  # set torch's thread count first
    python bench/bench_training.py --cost       # the cost model (normviz/training_cost.py):
                                                #   estimated vs measured seconds, 1 thread

Torch's thread count is left at its default unless --threads is given.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from dataclasses import replace

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from normviz.training import (  # noqa: E402
    BATCH_SWEEP_CONFIG,
    LR_SWEEP_CONFIG,
    History,
    SweepResult,
    TrainConfig,
    batch_size_sweep,
    compare,
    lr_sweep,
)


def first_step_reaching(history: History, accuracy: float) -> str:
    reached = np.flatnonzero(history.test_accuracy >= accuracy)
    return str(int(history.eval_step[reached[0]])) if reached.size else "never"


def describe_run(history: History) -> None:
    h = history
    print(f"\n  {h.label}: final test accuracy {h.final_accuracy:.1%} ({h.status})")
    print(
        f"    first reached 50% at step {first_step_reaching(h, 0.5)}, "
        f"90% at step {first_step_reaching(h, 0.9)}, 95% at step {first_step_reaching(h, 0.95)}"
    )
    e = len(h.eval_step)
    picks = sorted({0, e // 6, e // 3, e // 2, e - 1})
    last = h.config.depth - 1
    print(f"    unit 0 of layer {last + 1}, 15/50/85th percentiles of its sigmoid input:")
    for i in picks:
        p = h.percentiles[i, last, 0]
        print(f"      step {int(h.eval_step[i]):5d}: {p[0]:6.2f} {p[1]:6.2f} {p[2]:6.2f}")
    half = e // 2
    print("    all units, per layer (mean over units):")
    print("      layer  |Δ median| 0→end  |Δ median| half→end  spread 15–85 start→end")
    for layer in range(h.config.depth):
        p = h.percentiles[:, layer]  # (E, W, 3)
        drift = np.mean(np.abs(p[-1, :, 1] - p[0, :, 1]))
        late = np.mean(np.abs(p[-1, :, 1] - p[half, :, 1]))
        spread0 = np.mean(p[0, :, 2] - p[0, :, 0])
        spread1 = np.mean(p[-1, :, 2] - p[-1, :, 0])
        print(f"      {layer + 1:5d}  {drift:16.2f}  {late:19.2f}  {spread0:10.2f} → {spread1:.2f}")
    sat0 = ", ".join(f"{v:.1%}" for v in h.saturated_fraction[0])
    sat1 = ", ".join(f"{v:.1%}" for v in h.saturated_fraction[-1])
    print(f"    saturated share per layer: start {sat0}; end {sat1}")
    g = h.grad_norm
    early, late = g[:50].mean(axis=0), g[-50:].mean(axis=0)
    names = ", ".join(h.layer_names)
    print(f"    gradient norm ({names}):")
    print(f"      first 50 steps: {', '.join(f'{v:.2e}' for v in early)}")
    print(f"      last 50 steps:  {', '.join(f'{v:.2e}' for v in late)}")
    print(f"      layer 1 / output, first 50 steps: {early[0] / early[-1]:.3g}")


def print_sweep(result: SweepResult) -> None:
    header = "  ".join(f"{v:>7g}" for v in result.values)
    print(f"    {result.parameter:>12}: {header}")
    print(f"    {'lr used':>12}: " + "  ".join(f"{v:>7.3g}" for v in result.lr))
    print(f"    {'steps':>12}: " + "  ".join(f"{v:>7d}" for v in result.steps))
    for label, accuracy, diverged in zip(
        result.labels, result.final_accuracy, result.diverged, strict=True
    ):
        cells = "  ".join(
            f"{a:>6.1%}{'!' if d else ' '}" for a, d in zip(accuracy, diverged, strict=True)
        )
        print(f"    {label:>12}: {cells}")
    print("    (final test accuracy; ! = loss became NaN)")


def timed(label: str, run):
    start = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - start
    print(f"\n{label}: {seconds:.1f} s")
    return result, seconds


COST_CASES = (  # short runs of each kind of network the lab offers, and two large ones
    TrainConfig(steps=600),
    TrainConfig(steps=300, batch_size=256),
    TrainConfig(steps=1500, batch_size=8),
    TrainConfig(steps=500, depth=6),
    TrainConfig(model="cnn", steps=200),
    TrainConfig(model="cnn", steps=40, depth=6, batch_size=256),
    TrainConfig(model="cnn", steps=100, width=64, activation="relu", lr=0.1),
)


def check_cost_model() -> None:
    """Time compare() on COST_CASES with one torch thread (as the lab's workers run) and
    print the estimate next to it (0.75–1.3 of it at the lab's default widths)."""
    from normviz.training import job_runs
    from normviz.training_cost import job_seconds

    torch.set_num_threads(1)
    compare(TrainConfig(steps=20))  # imports and first-call costs, outside the timings
    print("estimated / measured seconds of compare() (2 networks), 1 torch thread:")
    for config in COST_CASES:
        start = time.perf_counter()
        compare(config)
        measured = time.perf_counter() - start
        estimate = job_seconds(job_runs("compare", config))
        shown = {k: v for k, v in vars(config).items() if getattr(TrainConfig(), k) != v}
        print(f"  {estimate:6.2f} / {measured:6.2f} s = {estimate / measured:4.2f}  {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the default compare only")
    parser.add_argument("--cnn", action="store_true", help="also the CNN batch-size sweep")
    parser.add_argument("--threads", type=int, default=None, help="torch.set_num_threads")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cost", action="store_true", help="check the training cost model")
    args = parser.parse_args()
    if args.cost:
        check_cost_model()
        return
    if args.threads is not None:
        torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), {os.cpu_count()} CPUs")

    config = replace(TrainConfig(), seed=args.seed)
    print(f"\nDefault run: {config}")
    comparison, seconds = timed(
        "compare(TrainConfig()) [no norm and BN side by side]", lambda: compare(config)
    )
    steps = 2 * config.steps
    print(f"  {steps / seconds:.0f} training steps per second (both runs, evaluations included)")
    for history in comparison.histories:
        describe_run(history)
    if args.quick:
        return

    lr_config = replace(LR_SWEEP_CONFIG, seed=args.seed)
    result, _ = timed(
        f"lr_sweep({lr_config.label}, {lr_config.activation} MLP)", lambda: lr_sweep(lr_config)
    )
    print_sweep(result)
    relu = replace(lr_config, activation="relu")
    result, _ = timed("lr_sweep(BN, ReLU MLP)", lambda: lr_sweep(relu))
    print_sweep(result)

    batch_config = replace(BATCH_SWEEP_CONFIG, seed=args.seed)
    result, _ = timed(
        "batch_size_sweep(BN vs GN, ReLU MLP, 10 epochs, lr 0.1 × batch/32)",
        lambda: batch_size_sweep(batch_config),
    )
    print_sweep(result)
    sigmoid = replace(batch_config, activation="sigmoid", lr=1.0)
    result, _ = timed(
        "batch_size_sweep(BN vs GN, sigmoid MLP, 10 epochs, lr 1.0 × batch/32)",
        lambda: batch_size_sweep(sigmoid),
    )
    print_sweep(result)
    if args.cnn:
        cnn = replace(batch_config, model="cnn")
        result, _ = timed(
            "batch_size_sweep(BN vs GN, ReLU CNN, 10 epochs, lr 0.1 × batch/32)",
            lambda: batch_size_sweep(cnn),
        )
        print_sweep(result)


if __name__ == "__main__":
    main()
