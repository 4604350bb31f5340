"""Functions the worker-process benchmarks call, in the main interpreter and in worker processes."""


def add(a, b):
    return a + b


def echo(value):
    return value


_MILLION = None


def million():
    """The same 1,000,000 float64 every call (made once: the benchmark measures the way back, not numpy)."""
    global _MILLION
    if _MILLION is None:
        import numpy as np
        _MILLION = np.arange(1_000_000, dtype='float64')
    return _MILLION


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
