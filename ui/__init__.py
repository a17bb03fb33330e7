"""Streamlit glue shared by every page: the sidebar and cached computations.

One torch thread per operation: the server runs many sessions at once, and the training
lab's small matrices ran up to 100× slower with two threads fighting over two cores
(a default comparison: 4–5 s with one thread, 9–33 s with two). It also makes training
runs reproducible across machines with different core counts.
"""

import torch

torch.set_num_threads(1)
