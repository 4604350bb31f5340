package io.pybridge.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.runtime.GateSnapshot;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code callTimingSample(1)} times every call, as before sampling. Own JVM. */
@CPythonTest
@Tag("isolated")
class EveryCallTimedTest {

    private static final int CALLS = 300;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyCallIsTimedWithOneInOne() {
        long start = System.nanoTime(); // before the runtime: the window below covers its whole life
        PythonRuntime runtime = PythonRuntime.start(SharedRuntime.config().callTimingSample(1).build());
        PythonTemplate python = new PythonTemplate(runtime);
        long before = runtime.gateSnapshot().calls();
        for (int i = 0; i < CALLS; i++) {
            python.eval("1");
        }
        // A second more than the runtime's life: the snapshot reads the clock again after this is
        // computed, so a window of exactly the time elapsed left out the first calls' samples
        // whenever the thread was preempted in between (297 of 300 once, on a busy box).
        GateSnapshot life = runtime.gateSnapshot(Duration.ofNanos(System.nanoTime() - start).plusSeconds(1));
        assertThat(life.calls() - before).isEqualTo(CALLS);
        // Every call of the runtime's life was timed, those made while it started included.
        assertThat(life.hold().samples()).isEqualTo(life.calls());
        assertThat(life.gilWait().samples()).isEqualTo(life.calls());
        assertThat(runtime.close(Duration.ofSeconds(10))).isTrue();
    }
}
