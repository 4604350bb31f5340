package io.pybridge.core.internal.attach;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What deciding inline vs hand-off costs per call: {@link CallRoute#of} on a platform thread
 * with Java's default stack against returning a route read from a field ({@code baseline}), so
 * the difference is the decision alone. It lives in core's package to reach the package-private
 * decision the gate runs; no interpreter is needed (the thread's stack is read from the OS once,
 * at the first call, and cached, as in the gate).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xss1m", "--enable-native-access=ALL-UNNAMED" })
public class CallRouteBenchmark {

    /** Fields, not constants, so the JIT cannot fold the decision away. */
    private boolean workersOnly;

    private long minimumStack;

    private CallRoute baselineRoute;

    private Attachment attachment;

    @Setup
    public void attach() {
        workersOnly = false;
        minimumStack = 256 * 1024;
        baselineRoute = CallRoute.INLINE;
        attachment = new Attachment(Thread.currentThread(), false);
    }

    @Benchmark
    public CallRoute route() {
        return CallRoute.of(attachment, workersOnly, minimumStack);
    }

    @Benchmark
    public CallRoute baseline() {
        return baselineRoute;
    }
}
