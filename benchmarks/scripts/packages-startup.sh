#!/usr/bin/env bash
# Start-up with and without a 10 MB package tree in the jar (issue 11's figure).
#
# Needs the plugin's integration test to have run first, for its sample project and local
# repository:  ./mvnw -pl core,python-embedded,maven-plugin verify
# Then:        bash benchmarks/scripts/packages-startup.sh [runs]
#
# It builds the sample twice, offline with the plugin: as the test does (two small packages),
# and with a generated pure-Python wheel "bulk" added (400 modules, 10 MB). It times the JVM
# from launch to a started runtime that has called into the application, N times each:
#   small  - the sample without the 10 MB tree, unpacked copy in place
#   first  - with the 10 MB tree, its unpacked copy deleted before each run (a first start)
#   cached - with the 10 MB tree, unpacked copy in place (every later start)
# It prints each run and the medians. The embedded CPython's own cache stays warm throughout.
set -euo pipefail
runs=${1:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
it=$root/maven-plugin/target/it
work=$(mktemp -d /tmp/pybridge-startup.XXXXXX)
[ -d "$it/sample" ] || { echo "run the plugin's integration test first (see the header)"; exit 1; }
cp -r "$it/sample" "$work/sample"
rm -rf "$work/sample/target"
cp -r "$work/sample" "$work/small"
python3 - "$work/sample/wheels" <<'PY'
import base64, hashlib, os, sys, zipfile
folder = sys.argv[1]
files = {}
body = "".join("VALUE_%d = %r\n" % (i, "x" * 60) for i in range(330))  # ~25 KB a module
for i in range(400):
    files["bulk/mod_%03d.py" % i] = body
files["bulk/__init__.py"] = "COUNT = 400\n"
files["bulk-1.0.dist-info/METADATA"] = "Metadata-Version: 2.1\nName: bulk\nVersion: 1.0\n"
files["bulk-1.0.dist-info/WHEEL"] = "Wheel-Version: 1.0\nGenerator: bench\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
record = []
for name, text in files.items():
    data = text.encode()
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    record.append("%s,sha256=%s,%d" % (name, digest, len(data)))
record.append("bulk-1.0.dist-info/RECORD,,")
files["bulk-1.0.dist-info/RECORD"] = "\n".join(record) + "\n"
with zipfile.ZipFile(os.path.join(folder, "bulk-1.0-py3-none-any.whl"), "w", zipfile.ZIP_DEFLATED) as wheel:
    for name, text in files.items():
        wheel.writestr(name, text)
PY
echo "bulk==1.0" >> "$work/sample/requirements.txt"
cache=$work/cache
mkdir -p "$cache"
# Reuse the test's unpacked CPython: only the packages' unpacking is measured.
cp -r "$it/cache/cpython" "$cache/cpython"
env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null PYBRIDGE_CACHE_DIR="$cache" "$root/mvnw" -q -B -f "$work/sample/pom.xml" \
    -Dmaven.repo.local="$it/repository" -Dmaven.repo.local.tail="$HOME/.m2/repository" -Dpybridge.cacheDir="$cache" package
env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null PYBRIDGE_CACHE_DIR="$cache" "$root/mvnw" -q -B -f "$work/small/pom.xml" \
    -Dmaven.repo.local="$it/repository" -Dmaven.repo.local.tail="$HOME/.m2/repository" -Dpybridge.cacheDir="$cache" package
tree=$(du -sb "$work/sample/target/classes/python-packages" | cut -f1)
echo "package tree: $tree bytes, $(find "$work/sample/target/classes/python-packages" -type f | wc -l) files; jar $(stat -c %s "$work/sample/target/packages-sample-1.0.jar") bytes"
# The sample's own dependencies (pybridge-core, the embedded CPython, JNA), resolved from the same repositories.
"$root/mvnw" -q -B -f "$work/sample/pom.xml" -Dmaven.repo.local="$it/repository" \
    -Dmaven.repo.local.tail="$HOME/.m2/repository" dependency:build-classpath -Dmdep.outputFile="$work/classpath.txt" >/dev/null
deps=$(cat "$work/classpath.txt")
measure() { # mode
    local mode=$1 jar=$work/sample/target/packages-sample-1.0.jar
    local start end
    [ "$mode" = small ] && jar=$work/small/target/packages-sample-1.0.jar
    [ "$mode" = first ] && rm -rf "$cache/python-packages"
    start=$(date +%s%N)
    PYBRIDGE_CACHE_DIR=$cache java -cp "$jar:$deps" sample.Main >"$work/$mode.log" 2>&1 || { cat "$work/$mode.log"; exit 1; }
    end=$(date +%s%N)
    echo $(( (end - start) / 1000000 ))
}
declare -A all
for i in $(seq "$runs"); do
    for mode in small first cached; do
        ms=$(measure $mode)
        all[$mode]+="$ms "
        echo "run $i $mode ${ms} ms"
    done
done
for mode in small first cached; do
    median=$(echo ${all[$mode]} | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    echo "median $mode ${median} ms (${all[$mode]})"
done
rm -rf "$work"
