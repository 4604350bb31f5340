package io.pybridge.benchmarks;

import io.pybridge.core.exception.PythonException;
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
 * The same calls from threads with Java's default 1 MiB stack ({@code *Xss1m}) and with 16 MiB
 * ({@code *Xss16m}), in one run. On CPython 3.14+ pybridge gives each thread state its thread's
 * real stack bounds, so both run Python on the calling thread and should cost the same. On
 * 3.11-3.13 a thread below {@code threadStackSize} (16 MiB) hands each call to its own worker
 * and back: the difference is the hand-off. The 1- and 8-thread throughputs at {@code -Xss1m}
 * show what contention costs on the default stack.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class StackBenchmark {

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = { "-Xss1m", "--enable-native-access=ALL-UNNAMED" })
    public Object trivialCallXss1m(PythonState state) {
        return state.template.call("__main__", "add", 1, 2);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = { "-Xss16m", "--enable-native-access=ALL-UNNAMED" })
    public Object trivialCallXss16m(PythonState state) {
        return state.template.call("__main__", "add", 1, 2);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = { "-Xss1m", "--enable-native-access=ALL-UNNAMED" })
    public Object evalConstantExpressionXss1m(PythonState state) {
        return state.template.eval("21 * 2");
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = { "-Xss16m", "--enable-native-access=ALL-UNNAMED" })
    public Object evalConstantExpressionXss16m(PythonState state) {
        return state.template.eval("21 * 2");
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = { "-Xss1m", "--enable-native-access=ALL-UNNAMED" })
    public Object raisingCallXss1m(PythonState state) {
        return raise(state);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = { "-Xss16m", "--enable-native-access=ALL-UNNAMED" })
    public Object raisingCallXss16m(PythonState state) {
        return raise(state);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = { "-Xss1m", "--enable-native-access=ALL-UNNAMED" })
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public Object trivialCallThroughput1ThreadXss1m(PythonState state) {
        return state.template.call("__main__", "add", 1, 2);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = { "-Xss1m", "--enable-native-access=ALL-UNNAMED" })
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Threads(8)
    public Object trivialCallThroughput8ThreadsXss1m(PythonState state) {
        return state.template.call("__main__", "add", 1, 2);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = { "-Xss16m", "--enable-native-access=ALL-UNNAMED" })
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Threads(8)
    public Object trivialCallThroughput8ThreadsXss16m(PythonState state) {
        return state.template.call("__main__", "add", 1, 2);
    }

    private static Object raise(PythonState state) {
        try {
            return state.template.call("__main__", "fail");
        }
        catch (PythonException ex) {
            return ex;
        }
    }
}
