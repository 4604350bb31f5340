package io.pybridge.benchmarks;

import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 8 callers on one permit, fair against unfair hand-off: throughput here, and the permit-wait
 * tail printed from the runtime's own statistics at the end of each trial.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(8)
public class FairnessBenchmark {

    /** The runtime, with fair or unfair permits. */
    @State(Scope.Benchmark)
    public static class FairnessState {

        @Param({ "false", "true" })
        boolean fair;

        PythonRuntime runtime;

        PythonTemplate template;

        @Setup(Level.Trial)
        public void start() {
            runtime = PythonRuntime.start(PythonRuntimeConfig.builder().executable(System.getProperty("pybridge.python"))
                    .fairPermits(fair).build());
            template = new PythonTemplate(runtime);
            template.exec(PythonState.HELPERS);
        }

        @TearDown(Level.Trial)
        public void stop() {
            var wait = runtime.gateSnapshot().permitWait();
            System.out.printf("%nfair=%s permit wait over the last %d calls: p50 %.1f us, p99 %.1f us, max %.1f us%n", fair,
                    wait.samples(), wait.p50Nanos() / 1e3, wait.p99Nanos() / 1e3, wait.maxNanos() / 1e3);
            runtime.close();
        }
    }

    @Benchmark
    public Object eightCallers(FairnessState state) {
        return state.template.call("__main__", "add", 1, 2);
    }
}
