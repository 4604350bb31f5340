package io.pybridge.benchmarks;

import io.pybridge.core.NdArray;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Handles, callbacks and numpy: a method call on a live Python object, a Java callback called
 * from Python, and a {@code double[1_000_000]} sent to numpy (summed there, and sent there and
 * back) beside a plain {@code System.arraycopy} of the same array as the baseline.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ObjectsBenchmark {

    @Benchmark
    public Object handleMethodCall(ObjectsState state) {
        return state.counter.callMethod("add", 1);
    }

    @Benchmark
    public Object javaCallbackFromPython(ObjectsState state) {
        return state.template.call("__main__", "call_java", state.increment, 41);
    }

    @Benchmark
    public Double numpySumOfMillionDoubles(ObjectsState state) {
        return state.template.callForObject("__main__", "numpy_sum", Double.class, state.array());
    }

    @Benchmark
    public NdArray numpyRoundTripOfMillionDoubles(ObjectsState state) {
        return state.template.callForObject("__main__", "numpy_roundtrip", NdArray.class, state.array());
    }

    @Benchmark
    public double[] arraycopyOfMillionDoubles(ObjectsState state) {
        System.arraycopy(state.values, 0, state.copy, 0, state.values.length);
        return state.copy;
    }
}
