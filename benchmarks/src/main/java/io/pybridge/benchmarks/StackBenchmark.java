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
 * What the stack protection costs per call. Python runs only on threads with at least
 * {@code threadStackSize} (16 MiB) of stack: JMH's threads get that with {@code -Xss16m} and run
 * Python themselves ({@code *Inline}); with Java's default 1 MiB each call is handed to the
 * calling thread's dedicated worker and back ({@code *HandedOff}). Same call, same run: the
 * difference is the hand-over.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class StackBenchmark {

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = { "-Xss16m", "--enable-native-access=ALL-UNNAMED" })
    public Object trivialCallInline(PythonState state) {
        return state.template.call("__main__", "add", 1, 2);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = { "-Xss1m", "--enable-native-access=ALL-UNNAMED" })
    public Object trivialCallHandedOff(PythonState state) {
        return state.template.call("__main__", "add", 1, 2);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = { "-Xss16m", "--enable-native-access=ALL-UNNAMED" })
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Threads(8)
    public Object trivialCallInline8Threads(PythonState state) {
        return state.template.call("__main__", "add", 1, 2);
    }

    @Benchmark
    @Fork(value = 1, jvmArgsAppend = { "-Xss1m", "--enable-native-access=ALL-UNNAMED" })
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Threads(8)
    public Object trivialCallHandedOff8Threads(PythonState state) {
        return state.template.call("__main__", "add", 1, 2);
    }
}
