package io.pybridge.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PermitHolder;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.runtime.GateSnapshot;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
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
        // ~125 expected; every call timed would fill the 1,024-sample ring. The window ends when
        // the snapshot reads the clock: a pause after the loop (GC, a busy machine) shifts it
        // past the loop's samples, so it may hold fewer, never more.
        assertThat(after.hold().samples()).isLessThanOrEqualTo(600);
        GateSnapshot generous = runtime.gateSnapshot(Duration.ofNanos(System.nanoTime() - start).plusSeconds(30));
        assertThat(generous.hold().samples()).isPositive();
        assertThat(after.holdTotalNanos()).isGreaterThan(before.holdTotalNanos());
        assertThat(generous.hold().p50Nanos()).isPositive();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aCallThatWaitedForItsPermitIsAlwaysTimed() throws Exception {
        PythonRuntime runtime = SharedRuntime.get();
        PythonTemplate python = SharedRuntime.template();
        CountDownLatch warmedUp = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        Thread caller = new Thread(() -> {
            // Past this thread's first call, which is timed anyway: from here a call that did not
            // wait is timed once in 16, so a wait recorded only when sampled would go missing.
            for (int i = 0; i < 64; i++) {
                python.eval("1");
            }
            warmedUp.countDown();
            try {
                go.await();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            python.eval("1");
        }, "waiting-caller");
        caller.start();
        warmedUp.await();
        long before;
        try (PermitHolder holder = PermitHolder.hold(python)) {
            before = runtime.gateSnapshot().permitWaitTotalNanos();
            go.countDown();
            while (runtime.gateSnapshot().waiting() == 0) {
                Thread.sleep(1);
            }
            Thread.sleep(50);
        }
        caller.join();
        assertThat(runtime.gateSnapshot().permitWaitTotalNanos() - before)
                .as("the wait is in the exact total, whatever the sample")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }
}
