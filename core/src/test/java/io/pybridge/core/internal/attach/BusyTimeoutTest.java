package io.pybridge.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PermitHolder;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.exception.PythonBusyException;
import io.pybridge.core.runtime.GateSnapshot;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A caller that cannot get a permit within the acquire timeout gets a clear busy exception. Own JVM. */
@CPythonTest
@Tag("isolated")
class BusyTimeoutTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void waitingPastTheAcquireTimeoutIsBusy() throws Exception {
        PythonRuntime runtime = PythonRuntime.start(SharedRuntime.config().acquireTimeout(Duration.ofMillis(200)).build());
        PythonTemplate python = new PythonTemplate(runtime);
        PermitHolder holder = PermitHolder.hold(python);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long begin = System.nanoTime();
        Thread waiter = new Thread(() -> {
            try {
                python.eval("1");
            }
            catch (Throwable ex) {
                failure.set(ex);
            }
        });
        waiter.start();
        waiter.join();
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        assertThat(failure.get()).isInstanceOf(PythonBusyException.class)
                .hasMessageContaining("Python is busy").hasMessageContaining("200 ms").hasMessageContaining("1 permit");
        assertThat(waitedMillis).isBetween(150L, 30_000L); // at least the timeout; the upper bound only guards hangs
        assertThat(runtime.gateSnapshot().busyRejections()).isEqualTo(1);
        holder.close();
        assertThat(python.eval("1 + 1")).isEqualTo(2L);
        GateSnapshot snapshot = runtime.gateSnapshot();
        assertThat(snapshot.availablePermits()).isEqualTo(1);
        assertThat(snapshot.waiting()).isZero();
        assertThat(snapshot.inFlight()).isZero();
        assertThat(snapshot.hold().maxNanos()).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(150));
        assertThat(runtime.close(Duration.ofSeconds(5))).isTrue();
    }
}
