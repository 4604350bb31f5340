"""Functions the worker-process benchmarks call, in the main interpreter and in worker processes."""


def add(a, b):
    return a + b


def echo(value):
    return value


def random_walks(steps):
    """GIL-bound numpy: a Python-level loop over small numpy operations (no long C loop to release the GIL in)."""
    import numpy as np
    rng = np.random.default_rng(7)
    position = np.zeros(8)
    total = 0.0
    for _ in range(steps):
        position += rng.standard_normal(8)
        total += float(np.abs(position).max())
    return total
