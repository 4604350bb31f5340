package io.pybridge.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.runtime.GateSnapshot;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** By default the gate times a sample of the calls and counts every one. */
@CPythonTest
class SampledCallTimingTest {

    private static final int CALLS = 2_000;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyCallIsCountedAndAboutOneInSixteenTimed() {
        PythonRuntime runtime = SharedRuntime.get();
        PythonTemplate python = SharedRuntime.template();
        long start = System.nanoTime();
        GateSnapshot before = runtime.gateSnapshot();
        for (int i = 0; i < CALLS; i++) {
            python.eval("1");
        }
        GateSnapshot after = runtime.gateSnapshot(Duration.ofNanos(System.nanoTime() - start));
        assertThat(after.calls() - before.calls()).isGreaterThanOrEqualTo(CALLS);
        // ~125 expected; every call timed would fill the 1,024-sample ring.
        assertThat(after.hold().samples()).isBetween(1, 600);
        assertThat(after.holdTotalNanos()).isGreaterThan(before.holdTotalNanos());
        assertThat(after.hold().p50Nanos()).isPositive();
    }
}
