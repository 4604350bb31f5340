package io.pybridge.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pool of own-GIL sub-interpreters against the main interpreter, in the same fork: CPU-bound
 * pure Python from 2 threads (throughput: the pool should scale with the cores, the main
 * interpreter cannot), and the cost of a trivial call aimed at the pool. JMH's threads get a
 * 16 MiB stack, so calls run on them (no hand-off) on both sides.
 */
@Fork(value = 1, jvmArgsAppend = { "-Xss16m", "--enable-native-access=ALL-UNNAMED" })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PoolBenchmark {

    /** {@code sum(i * i for i in range(200_000))} from 2 threads in the main interpreter. */
    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object squaresTwoThreadsMain(PoolState state) {
        return state.main.call(PoolState.MODULE, "squares", 200_000);
    }

    /** The same from 2 threads in the pool of two. */
    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object squaresTwoThreadsPool(PoolState state) {
        return state.pool.call(PoolState.MODULE, "squares", 200_000);
    }

    /** {@code difflib.SequenceMatcher(None, a, b).ratio()} of two 2 kB strings, 2 threads, main. */
    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object difflibTwoThreadsMain(PoolState state) {
        return state.main.call(PoolState.MODULE, "ratio", state.left, state.right);
    }

    /** The same, 2 threads, pool of two. */
    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object difflibTwoThreadsPool(PoolState state) {
        return state.pool.call(PoolState.MODULE, "ratio", state.left, state.right);
    }

    /** {@code add(1, 2)} in the main interpreter, one thread. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object trivialMain(PoolState state) {
        return state.main.call(PoolState.MODULE, "add", 1, 2);
    }

    /** {@code add(1, 2)} in a pooled interpreter, one thread. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object trivialPool(PoolState state) {
        return state.pool.call(PoolState.MODULE, "add", 1, 2);
    }
}
