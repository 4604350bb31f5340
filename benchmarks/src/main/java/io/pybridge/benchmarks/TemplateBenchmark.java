package io.pybridge.benchmarks;

import io.pybridge.core.TypeRef;
import io.pybridge.core.exception.PythonException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of one {@code PythonTemplate} operation end to end: permit, attach, conversion,
 * the call itself, detach. Average time in microseconds unless stated otherwise; the
 * throughput variants show what contention on the permit and the GIL does to 8 callers.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class TemplateBenchmark {

    private static final TypeRef<List<Integer>> LIST_OF_INTS = new TypeRef<List<Integer>>() { };

    @Benchmark
    public Object trivialCall(PythonState state) {
        return state.template.call("__main__", "add", 1, 2);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Threads(1)
    public Object trivialCallThroughput1Thread(PythonState state) {
        return state.template.call("__main__", "add", 1, 2);
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Threads(8)
    public Object trivialCallThroughput8Threads(PythonState state) {
        return state.template.call("__main__", "add", 1, 2);
    }

    @Benchmark
    public Long evalShortExpression(PythonState state) {
        return state.template.eval("x * 2 + 1", state.variables, Long.class);
    }

    @Benchmark
    public Object evalConstantExpression(PythonState state) {
        return state.template.eval("21 * 2");
    }

    /** CPU-bound Python: compare with {@code python3 -m timeit "sum(i*i for i in range(200_000))"}. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object cpuBoundSum(PythonState state) {
        return state.template.eval("sum(i*i for i in range(200_000))");
    }

    @Benchmark
    public List<Integer> listRoundTrip1000(PythonState state) {
        return state.template.callForObject("__main__", "echo", LIST_OF_INTS, state.ints);
    }

    @Benchmark
    public void raisingCall(PythonState state, Blackhole blackhole) {
        try {
            blackhole.consume(state.template.call("__main__", "fail"));
        }
        catch (PythonException ex) {
            blackhole.consume(ex);
        }
    }
}
