package io.pybridge.benchmarks;

import io.pybridge.core.NdArray;
import java.nio.DoubleBuffer;
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
 * Worker processes against the main interpreter, in the same fork: a trivial call's round trip,
 * a 1,000,000-element float64 array there and back (into a new Java array, and read in place as a
 * {@code NumpyView}; against a plain copy of it in Java), and
 * numpy-heavy GIL-bound work from 2 threads (2 workers can use both cores, the main interpreter
 * cannot). JMH's threads get a 16 MiB stack, so in-process calls run on them (no hand-off). The
 * heap is committed and touched at start ({@code -Xms4g -XX:+AlwaysPreTouch}): an 8 MB result array
 * would otherwise also pay the page faults of memory the JVM had not used yet.
 */
@Fork(value = 1, jvmArgsAppend = { "-Xss16m", "--enable-native-access=ALL-UNNAMED", "-Xms4g", "-XX:+AlwaysPreTouch" })
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ProcessBenchmark {

    /** {@code add(1, 2)} in the main interpreter. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object addMain(ProcessState state) {
        return state.main.call(ProcessState.MODULE, "add", 1, 2);
    }

    /** {@code add(1, 2)} in a worker process: one request and one answer over the pipes. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object addProcess(ProcessState state) {
        return state.processes.call(ProcessState.MODULE, "add", 1, 2);
    }

    /** 8 MB of float64 to a worker and back ({@code echo}): through the shared-memory arenas. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object millionThereAndBack(ProcessState state) {
        return state.processes.callForObject(ProcessState.MODULE, "echo", NdArray.class, state.million);
    }

    /**
     * The same 8 MB there and back, read back in place ({@code NumpyView}): the worker returns its
     * argument, which is already in the request's shared memory, so the view reads it there (no
     * copy back and no 8 MB Java array). The view is closed, as a caller should, so the memory is
     * written again by the next call.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double millionThereAndBackAsView(ProcessState state) {
        try (NdArray.NumpyView view = state.processes.callForObject(ProcessState.MODULE, "echo", NdArray.NumpyView.class,
                state.million)) {
            return ((DoubleBuffer) view.buffer()).get(999_999);
        }
    }

    /**
     * A new 8 MB array made by the worker, read back in place: one copy into a result block in
     * the worker, none in Java.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double millionBackAsView(ProcessState state) {
        try (NdArray.NumpyView view = state.processes.callForObject(ProcessState.MODULE, "million", NdArray.NumpyView.class)) {
            return ((DoubleBuffer) view.buffer()).get(999_999);
        }
    }

    /** The same 8 MB copied once in Java ({@code System.arraycopy}): the "memcpy" of the target. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object copyMillion(ProcessState state) {
        System.arraycopy(state.million.doubles(), 0, state.copy, 0, state.copy.length);
        return state.copy;
    }

    /**
     * A new copy of the same 8 MB in Java ({@code clone()}): what producing the result array costs
     * at least, since a crossing back gives a new Java array (allocated and zeroed, then filled).
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object cloneMillion(ProcessState state) {
        return state.million.doubles().clone();
    }

    /** 20,000 small numpy steps, from 2 threads, in the main interpreter (one GIL). */
    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object numpyTwoThreadsMain(ProcessState state) {
        return state.main.call(ProcessState.MODULE, "random_walks", 20_000);
    }

    /** The same from 2 threads, on 2 worker processes. */
    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object numpyTwoThreadsProcesses(ProcessState state) {
        return state.processes.call(ProcessState.MODULE, "random_walks", 20_000);
    }
}
