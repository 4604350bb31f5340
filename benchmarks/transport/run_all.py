"""Run every transport measurement RUNS times and print markdown tables.

    python3 run_all.py [--runs 3] [python3 ...]

With no interpreters named, uses the ones listed in PYBRIDGE_TEST_PYTHONS
(separated by the path separator, as the interpreter matrix reads it), else
`python3` on the PATH, plus the embedded CPython 3.14 the python-embedded
module's tests unpacked under ../../python-embedded/target/pybridge-cache, if
any (read only: nothing is built). Each cell is the median of the RUNS per-run
medians, with the min..max of the per-run medians after it (the spread).
The Java part runs `java TransportBench.java <python>` with the newest
interpreter as the child. Stdlib only.
"""

import glob
import json
import os
import re
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def find_pythons():
    listed = os.environ.get("PYBRIDGE_TEST_PYTHONS", "")
    found = [p for p in listed.split(os.pathsep) if p and os.path.exists(p)]
    if not found:
        python3 = shutil.which("python3")
        if python3:
            found.append(python3)
    embedded = sorted(glob.glob(os.path.join(HERE, "../../python-embedded/target/pybridge-cache/cpython/*/bin/python3.14")))
    if embedded:
        found.append(embedded[-1])
    return found


def run_json(py, script, extra=()):
    out = subprocess.run([py, os.path.join(HERE, script), "--json", *extra],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def cell(values, fmt="%.1f"):
    med = statistics.median(values)
    if len(values) > 1:
        return (fmt + " (" + fmt + "–" + fmt + ")") % (med, min(values), max(values))
    return fmt % med


def main():
    args = sys.argv[1:]
    runs = 3
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i:i + 2]
    pythons = args or find_pythons()

    # ---- codecs
    codec = {}  # (message, format) -> {version: [total_us...]}
    sizes = {}
    versions = []
    for py in pythons:
        for _ in range(runs):
            d = run_json(py, "bench_codecs.py")
            v = d["python"]
            if v not in versions:
                versions.append(v)
            for r in d["results"]:
                key = (r["message"], r["format"])
                codec.setdefault(key, {}).setdefault(v, []).append(r["total_us"])
                sizes[key] = r["bytes"]
    print("### Encode + decode, µs per message\n")
    print("| message | format | bytes | " + " | ".join("Python " + v for v in versions) + " |")
    print("|---|---|---:|" + "---:|" * len(versions))
    for (m, f), per in codec.items():
        fmt = "%.1f" if max(max(x) for x in per.values()) >= 10 else "%.2f"
        print("| %s | %s | %d | %s |" % (m, f, sizes[(m, f)],
                                         " | ".join(cell(per[v], fmt) for v in versions)))

    # ---- channels
    chan = {}
    for py in pythons:
        for _ in range(runs):
            d = run_json(py, "bench_channels.py")
            for r in d["results"]:
                for k in ("rtt_median_us", "rtt_p99_us", "big_8MB_median_us"):
                    chan.setdefault((r["mode"], k), {}).setdefault(d["python"], []).append(r[k])
    print("\n### Round trip of a 64-byte frame, parent and child CPython (µs)\n")
    print("| channel | measure | " + " | ".join("Python " + v for v in versions) + " |")
    print("|---|---|" + "---:|" * len(versions))
    names = {"rtt_median_us": "RTT median", "rtt_p99_us": "RTT p99",
             "big_8MB_median_us": "8 MB one way + ack"}
    for (mode, k), per in chan.items():
        fmt = "%.0f" if k.startswith("big") else "%.1f"
        print("| %s | %s | %s |" % (mode, names[k], " | ".join(cell(per[v], fmt) for v in versions)))

    # ---- memcpy
    mem = {}
    for py in pythons + (["/usr/bin/python3"] if os.path.exists("/usr/bin/python3") else []):
        for _ in range(runs):
            d = run_json(py, "bench_memcpy.py")
            for k, v in d["results"].items():
                mem.setdefault((k, d["python"] + (" (Debian)" if py == "/usr/bin/python3" else "")),
                               []).append(v)
    print("\n### Copying 1,000,000 float64 (8 MB), Python (µs)\n")
    print("| operation | Python | µs |")
    print("|---|---|---:|")
    for (k, v), vals in mem.items():
        print("| %s | %s | %s |" % (k, v, cell(vals, "%.0f")))

    # ---- java
    if shutil.which("java"):
        child = pythons[-1]
        pat = re.compile(r"^(.*?)(?:median)\s+([\d.]+) us(?:\s+p99\s+([\d.]+) us)?")
        jres = {}
        for _ in range(runs):
            out = subprocess.run(["java", "TransportBench.java", child], cwd=HERE, check=True,
                                 capture_output=True, text=True).stdout
            for line in out.splitlines():
                m = pat.match(line)
                if m:
                    label = m.group(1).strip().rstrip(":")
                    jres.setdefault(label + " median", []).append(float(m.group(2)))
                    if m.group(3):
                        jres.setdefault(label + " p99", []).append(float(m.group(3)))
        print("\n### Java parent (JDK %s), child %s (µs)\n" % (
            subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.split('"')[1],
            child))
        print("| measure | µs |")
        print("|---|---:|")
        for k, vals in jres.items():
            print("| %s | %s |" % (k, cell(vals, "%.1f" if "rtt" in k else "%.0f")))


if __name__ == "__main__":
    main()
