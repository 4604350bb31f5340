"""Cost of copying 1,000,000 float64 (8 MB) into a shared-memory file, Python side.

    python3 bench_memcpy.py [--json]

- memoryview slice assignment from an array('d') into an mmap of a /dev/shm
  file (stdlib only; reused mapping)
- numpy.copyto into a numpy view of the same mmap, and a plain numpy copy
  (only if numpy is importable)
- a fresh /dev/shm file each time: create, ftruncate, mmap, copy (page faults
  included), to show why the files should be pooled, not made per call
- array('d', list_of_floats): what it costs to get a Python list of floats into
  a flat buffer at all (the copy into shared memory is not the dominant part)
Median of several repeats, time.perf_counter_ns.
"""

import array
import json
import mmap
import os
import platform
import statistics
import sys
import tempfile
import time

N = 1_000_000
NBYTES = 8 * N
REPEATS = 21


def timed(fn, repeats=REPEATS, warm=3):
    for _ in range(warm):
        fn()
    ts = []
    for _ in range(repeats):
        t0 = time.perf_counter_ns()
        fn()
        ts.append(time.perf_counter_ns() - t0)
    return statistics.median(ts) / 1000, min(ts) / 1000, max(ts) / 1000


def main():
    res = {}
    src_list = [i * 0.001 for i in range(N)]
    src = array.array("d", src_list)
    src_mv = memoryview(src).cast("B")

    fd, path = tempfile.mkstemp(prefix="pybridge-bench-", dir="/dev/shm")
    try:
        os.ftruncate(fd, NBYTES)
        mm = mmap.mmap(fd, NBYTES)
        dst = memoryview(mm)

        def mv_copy():
            dst[:] = src_mv
        res["memoryview -> /dev/shm mmap (reused)"] = timed(mv_copy)

        try:
            import numpy as np
        except ImportError:
            np = None
        if np is not None:
            a = np.frombuffer(src, dtype=np.float64)
            shm = np.frombuffer(mm, dtype=np.float64)
            b = np.empty_like(a)
            res["numpy.copyto -> /dev/shm mmap (reused)"] = timed(lambda: np.copyto(shm, a))
            res["numpy.copyto -> private ndarray"] = timed(lambda: np.copyto(b, a))
            del shm
        dst.release()
        mm.close()
    finally:
        os.close(fd)
        os.unlink(path)

    def fresh():
        fd, p = tempfile.mkstemp(prefix="pybridge-bench-", dir="/dev/shm")
        try:
            os.ftruncate(fd, NBYTES)
            with mmap.mmap(fd, NBYTES) as m:
                with memoryview(m) as d:
                    d[:] = src_mv
        finally:
            os.close(fd)
            os.unlink(p)
    res["fresh /dev/shm file: create+mmap+copy"] = timed(fresh, repeats=7, warm=1)
    res["array('d', list of 1e6 floats)"] = timed(lambda: array.array("d", src_list), repeats=7, warm=1)

    if "--json" in sys.argv:
        print(json.dumps({"python": platform.python_version(),
                          "results": {k: v[0] for k, v in res.items()}}))
        return
    print("Python %s: copying %d float64 (%d bytes)" % (platform.python_version(), N, NBYTES))
    for k, (med, lo, hi) in res.items():
        print("%-42s median %8.0f us  (min %.0f, max %.0f)" % (k, med, lo, hi))


if __name__ == "__main__":
    main()
