"""Round trip of a 64-byte frame between a parent and a child CPython process.

    python3 bench_channels.py [--rounds 20000] [--warmup 2000] [--json]

Channels: the child's stdin/stdout pipes (os.read/os.write on the raw fds), a
Unix domain socket bound in a fresh 0700 directory, and TCP loopback with
TCP_NODELAY on both ends. The child is an echo: it reads exactly 64 bytes and
writes them back. Each round trip is timed on its own (time.perf_counter_ns);
we report the median and the 99th percentile.

Mode pipe-1MB is the same pipe with its capacity raised from Linux's default
64 KiB to 1 MiB (fcntl F_SETPIPE_SZ); it only matters for large payloads.

Also: one 8 MB payload (1,000,000 float64) written through the pipe, the child
reading it all into a preallocated buffer and answering one byte, to compare
with a shared-memory copy of the same bytes (bench_memcpy.py).

Stdlib only; the child is this same file run with --child.
"""

import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

FRAME = 64
BIG = 8_000_000


def read_exact_fd(fd, n):
    buf = os.read(fd, n)
    while len(buf) < n:
        chunk = os.read(fd, n - len(buf))
        if not chunk:
            raise EOFError
        buf += chunk
    return buf


def read_exact_sock(s, n):
    buf = s.recv(n)
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise EOFError
        buf += chunk
    return buf


# ---------------------------------------------------------------- child side

def child(mode, addr):
    if mode.startswith("pipe"):
        rfd, wfd = 0, 1
        read = lambda n: read_exact_fd(rfd, n)  # noqa: E731
        write = lambda b: os.write(wfd, b)  # noqa: E731
        readinto = lambda mv: os.readv(rfd, [mv])  # noqa: E731
    else:
        if mode == "unix":
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(addr)
        else:
            host, port = addr.rsplit(":", 1)
            s = socket.create_connection((host, int(port)))
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        read = lambda n: read_exact_sock(s, n)  # noqa: E731
        write = s.sendall
        readinto = s.recv_into
    big = bytearray(BIG)
    mv = memoryview(big)
    while True:
        try:
            frame = read(FRAME)
        except EOFError:
            return
        if frame[0] == 0xFF:  # the next thing is an 8 MB payload
            got = 0
            while got < BIG:
                n = readinto(mv[got:])
                if not n:
                    return
                got += n
            write(b"k")
        else:
            write(frame)


# --------------------------------------------------------------- parent side

def run(mode, rounds, warmup, big_rounds):
    tmpdir = tempfile.mkdtemp(prefix="pybridge-bench-")  # mkdtemp makes it 0700
    assert os.stat(tmpdir).st_mode & 0o777 == 0o700
    listener = None
    cmd = [sys.executable, os.path.abspath(__file__), "--child", mode]
    try:
        if mode.startswith("pipe"):
            p = subprocess.Popen(cmd + ["-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
            wfd, rfd = p.stdin.fileno(), p.stdout.fileno()
            write = lambda b: os.write(wfd, b)  # noqa: E731
            read = lambda n: read_exact_fd(rfd, n)  # noqa: E731
            big_write = None  # a pipe takes os.write in a loop, below
            if mode == "pipe-1MB":  # Linux default pipe capacity is 64 KiB
                import fcntl
                fcntl.fcntl(wfd, fcntl.F_SETPIPE_SZ, 1 << 20)
                fcntl.fcntl(rfd, fcntl.F_SETPIPE_SZ, 1 << 20)
        else:
            if mode == "unix":
                path = os.path.join(tmpdir, "w.sock")
                listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                listener.bind(path)
                addr = path
            else:
                listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                listener.bind(("127.0.0.1", 0))
                addr = "127.0.0.1:%d" % listener.getsockname()[1]
            listener.listen(1)
            p = subprocess.Popen(cmd + [addr])
            conn, _ = listener.accept()
            if mode == "tcp":
                conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            write = conn.sendall
            read = lambda n: read_exact_sock(conn, n)  # noqa: E731
            big_write = conn.sendall

        msg = bytes(range(FRAME))
        for _ in range(warmup):
            write(msg)
            read(FRAME)
        samples = []
        clock = time.perf_counter_ns
        for _ in range(rounds):
            t0 = clock()
            write(msg)
            r = read(FRAME)
            samples.append(clock() - t0)
        assert r == msg

        payload = bytes(BIG)
        big_samples = []
        header = b"\xff" + bytes(FRAME - 1)
        for i in range(big_rounds + 2):
            t0 = clock()
            write(header)
            if big_write is None:
                mv = memoryview(payload)
                off = 0
                while off < BIG:
                    off += os.write(wfd, mv[off:])
            else:
                big_write(payload)
            assert read(1) == b"k"
            if i >= 2:
                big_samples.append(clock() - t0)

        if mode.startswith("pipe"):
            p.stdin.close()
        else:
            conn.close()
        p.wait(10)
    finally:
        if listener is not None:
            listener.close()
        shutil.rmtree(tmpdir, ignore_errors=True)
    samples.sort()
    return {
        "mode": mode,
        "rtt_median_us": statistics.median(samples) / 1000,
        "rtt_p99_us": samples[int(len(samples) * 0.99)] / 1000,
        "big_8MB_median_us": statistics.median(big_samples) / 1000,
    }


def main():
    if "--child" in sys.argv:
        i = sys.argv.index("--child")
        child(sys.argv[i + 1], sys.argv[i + 2])
        return
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 20000
    warmup = int(sys.argv[sys.argv.index("--warmup") + 1]) if "--warmup" in sys.argv else 2000
    results = [run(m, rounds, warmup, 10) for m in ("pipe", "pipe-1MB", "unix", "tcp")]
    if "--json" in sys.argv:
        print(json.dumps({"python": platform.python_version(), "results": results}))
        return
    print("Python %s, %d round trips of %d bytes after %d warm-up" % (
        platform.python_version(), rounds, FRAME, warmup))
    for r in results:
        print("%-8s  rtt median %7.1f us  p99 %7.1f us   8 MB one way + 1-byte ack %8.0f us" % (
            r["mode"], r["rtt_median_us"], r["rtt_p99_us"], r["big_8MB_median_us"]))


if __name__ == "__main__":
    main()
