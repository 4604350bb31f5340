package io.pybridge.benchmarks;

import io.pybridge.core.TypeRef;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What reading a generator lazily costs against taking it whole, and what a coroutine call costs
 * against a plain one. 1,000 items of {@code range} each: {@code generatorAsStream} makes 1,000
 * calls through the gate (one per item), {@code generatorAsList} one. Per item, divide by 1,000.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class StreamBenchmark {

    private static final TypeRef<List<Long>> LIST = new TypeRef<List<Long>>() { };

    private static final TypeRef<Stream<Long>> STREAM = new TypeRef<Stream<Long>>() { };

    @Benchmark
    public long generatorAsList(PythonState state) {
        long sum = 0;
        for (long item : state.template.callForObject("__main__", "count", LIST, 1_000)) {
            sum += item;
        }
        return sum;
    }

    @Benchmark
    public long generatorAsStream(PythonState state) {
        try (Stream<Long> items = state.template.callForObject("__main__", "count", STREAM, 1_000)) {
            return items.mapToLong(Long::longValue).sum();
        }
    }

    /** A plain call, for the coroutine call below. */
    @Benchmark
    public Object plainCall(PythonState state) {
        return state.template.call("__main__", "add", 1, 2);
    }

    /** An async def that returns at once: the hand-over to the loop and back, waited for. */
    @Benchmark
    public Object coroutineCall(PythonState state) {
        return state.template.callAsync("__main__", "answer", Long.class).join();
    }
}
