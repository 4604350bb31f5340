package io.pybridge.core.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.exception.PythonClosedException;
import io.pybridge.core.exception.PythonInitializationException;
import io.pybridge.core.exception.PythonInitializationException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A runtime with a pool, started and closed in a JVM of its own: close() with pooled and main
 * calls in flight lets them finish, ends every sub-interpreter, then finalizes the main one.
 * Before 3.12 asking for a pool without the fallback fails the start with a clear message.
 */
@CPythonTest
@Tag("isolated")
class PoolLifecycleTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void closeWithPooledCallsInFlightEndsEveryInterpreter() throws Exception {
        PythonRuntime runtime;
        try {
            runtime = PythonRuntime.start(SharedRuntime.config().poolSize(2).build());
        }
        catch (PythonInitializationException refused) {
            assertThat(refused.getReason()).isEqualTo(Reason.UNSUPPORTED_VERSION);
            assertThat(refused).hasMessageContaining("3.12").hasMessageContaining("own-GIL");
            assertThat(refused.getAction()).contains("fallback-to-main");
            // Nothing was booted: the same JVM starts a runtime without a pool, which refuses pooled calls.
            runtime = PythonRuntime.start(SharedRuntime.config().build());
            PythonTemplate pool = new PythonTemplate(runtime).inPool();
            assertThatThrownBy(() -> pool.eval("1")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("pybridge.pool.size");
            assertThat(runtime.close(Duration.ofSeconds(20))).isTrue();
            return;
        }
        PythonTemplate main = new PythonTemplate(runtime);
        PythonTemplate pool = main.inPool();
        List<Object> results = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> callers = new ArrayList<>();
        for (PythonTemplate target : List.of(pool, pool, main)) {
            Thread caller = new Thread(null, () -> {
                try {
                    results.add(target.call("pybridge_testmod", "sleep", 0.5));
                }
                catch (Throwable ex) {
                    failure.compareAndSet(null, ex);
                }
            }, "caller", 16L << 20);
            callers.add(caller);
            caller.start();
        }
        // Closed only once all three are inside: a caller that reached a gate after close() would rightly be refused.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (inFlight(runtime) + results.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(inFlight(runtime) + results.size()).isEqualTo(3);
        assertThat(runtime.close(Duration.ofSeconds(20))).isTrue();
        for (Thread caller : callers) {
            caller.join(10_000);
        }
        assertThat(failure.get()).isNull();
        assertThat(results).containsExactly(0.5, 0.5, 0.5);
        assertThat(runtime.state()).isEqualTo(PythonRuntime.State.CLOSED);
        assertThatThrownBy(() -> pool.eval("1")).isInstanceOf(PythonClosedException.class);
        assertThatThrownBy(() -> main.eval("1")).isInstanceOf(PythonClosedException.class);
    }

    private static long inFlight(PythonRuntime runtime) {
        return runtime.gateSnapshots(Duration.ofMinutes(1)).values().stream().mapToLong(gate -> gate.inFlight()).sum();
    }
}
