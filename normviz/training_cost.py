"""What a training-lab run costs: an estimate of the seconds of one core it occupies.

The server refuses a job whose estimate exceeds a budget (ui.jobs), so that one link such
as `?model=cnn&depth=6&steps=5000&batch=256` cannot hold a core for minutes. The estimate
is steps × (a fixed cost per step + a cost per multiply-add), the multiply-adds being the
forward pass's times 3 (forward, and backward for inputs and weights) for every sample of the
batch. The constants were measured with one torch thread (as the lab's workers run) on a
2-core machine: `python bench/bench_training.py --cost` measures them again and prints the
estimate next to the measured time: 0.75–1.3 times it for the lab's default widths, up to
about 2 times it for a CNN 4× as wide (an estimate that errs on the side of refusing).
"""

from __future__ import annotations

from collections.abc import Iterable

from normviz.digits import NUM_CLASSES
from normviz.models import IMAGE_SIDE
from normviz.training import TrainConfig

STEP_SECONDS = 0.8e-3  # Python, the optimizer, the norm layers, progress: per network-step
# per multiply-add: matrix products run faster than 3×3 convolutions on 8×8 maps
MAC_SECONDS = {"mlp": 3.2e-11, "cnn": 6.0e-11}
TRAINING_FACTOR = 3  # forward + backward (gradients of the inputs and of the weights)


def forward_macs(config: TrainConfig) -> int:
    """Multiply-adds of one sample's forward pass through the lab's network."""
    width, depth, pixels = config.hidden_width, config.depth, IMAGE_SIDE * IMAGE_SIDE
    if config.model == "mlp":
        return pixels * width + (depth - 1) * width * width + width * NUM_CLASSES
    kernel = 3 * 3  # padding 1 keeps the 8×8 map; the head reads the 4×4 average pool
    pooled = (IMAGE_SIDE // 2) ** 2
    convs = pixels * kernel * (width + (depth - 1) * width * width)
    return convs + width * pooled * NUM_CLASSES


def run_seconds(config: TrainConfig) -> float:
    """The estimated seconds of one core to train `config`."""
    per_step = TRAINING_FACTOR * forward_macs(config) * config.batch_size
    return config.steps * (STEP_SECONDS + MAC_SECONDS[config.model] * per_step)


def job_seconds(runs: Iterable[TrainConfig]) -> float:
    """The estimated seconds of one core for all the networks of one job."""
    return sum(run_seconds(c) for c in runs)
