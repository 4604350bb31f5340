"""Encode+decode cost per message: our pure-Python msgpack vs json, pickle, marshal.

Run with each CPython to compare:  python3 bench_codecs.py [--json]
Prints, per message and format: encoded size, and encode / decode / encode+decode
microseconds per message (median of REPEATS timed batches, time.perf_counter_ns).
Stdlib only. Keeps well under a minute of CPU.
"""

import json
import marshal
import os
import pickle
import platform
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import msgpack_proto  # noqa: E402

REPEATS = 7

MESSAGES = {
    "call (small)": [1, 42, "scoring", "predict", [1.5, "text", 7], {"top_k": 3}, None],
    "response (small)": [2, 42, {"label": "spam", "score": 0.93}],
    "1,000 floats": [i * 0.001 + 0.5 for i in range(1000)],
    "dict 100 str->int": {"key%03d" % i: i * 1000 for i in range(100)},
}

_json_dumps = json.dumps
_json_loads = json.loads

FORMATS = {
    "msgpack (ours, pure Py)": (msgpack_proto.packb, msgpack_proto.unpackb),
    "json (C)": (lambda o: _json_dumps(o, separators=(",", ":")).encode("utf-8"), _json_loads),
    "pickle p5 (C)": (lambda o: pickle.dumps(o, protocol=5), pickle.loads),
    "marshal (C)": (marshal.dumps, marshal.loads),
}


def batch_size(msg):
    # aim at ~5-20 ms per timed batch
    return 2000 if len(msgpack_proto.packb(msg)) < 200 else 100


def time_per_op(fn, arg, n):
    t0 = time.perf_counter_ns()
    for _ in range(n):
        fn(arg)
    return (time.perf_counter_ns() - t0) / n / 1000.0  # microseconds


def main():
    results = []
    for mname, msg in MESSAGES.items():
        n = batch_size(msg)
        for fname, (enc, dec) in FORMATS.items():
            data = enc(msg)
            back = dec(data)
            assert back == msg or (isinstance(msg, list) and list(back) == msg), (fname, mname)
            time_per_op(enc, msg, n // 4)  # warm-up
            time_per_op(dec, data, n // 4)
            encs = [time_per_op(enc, msg, n) for _ in range(REPEATS)]
            decs = [time_per_op(dec, data, n) for _ in range(REPEATS)]
            tot = [e + d for e, d in zip(encs, decs)]
            results.append({
                "message": mname, "format": fname, "bytes": len(data),
                "encode_us": statistics.median(encs), "decode_us": statistics.median(decs),
                "total_us": statistics.median(tot), "total_min": min(tot), "total_max": max(tot),
            })
    if "--json" in sys.argv:
        print(json.dumps({"python": platform.python_version(), "results": results}))
        return
    print("Python %s (%s)" % (platform.python_version(), sys.executable))
    print("%-18s %-24s %7s %9s %9s %9s  %s" % ("message", "format", "bytes", "enc us", "dec us", "enc+dec", "min..max"))
    for r in results:
        print("%-18s %-24s %7d %9.2f %9.2f %9.2f  %.2f..%.2f" % (
            r["message"], r["format"], r["bytes"], r["encode_us"], r["decode_us"], r["total_us"],
            r["total_min"], r["total_max"]))


if __name__ == "__main__":
    main()
