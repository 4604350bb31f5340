package io.pybridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.exception.PythonClosedException;
import io.pybridge.core.exception.PythonInitializationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** close() with calls in flight: they finish, new ones are refused, Python is finalized. Own JVM. */
@CPythonTest
@Tag("isolated")
class RuntimeCloseTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void closeDrainsInFlightCallsThenFinalizes() throws Exception {
        PythonRuntime runtime = PythonRuntime.start(SharedRuntime.config().permits(2).build());
        PythonTemplate python = new PythonTemplate(runtime);
        io.pybridge.core.PythonObject handle = python.eval("[1, 2, 3]", io.pybridge.core.PythonObject.class);
        io.pybridge.core.PythonObject dropped = python.eval("{'unclosed': True}", io.pybridge.core.PythonObject.class);
        CountDownLatch started = new CountDownLatch(3);
        List<Object> results = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread caller = new Thread(() -> {
                started.countDown();
                try {
                    results.add(python.call("pybridge_testmod", "sleep", 0.4));
                }
                catch (Throwable ex) {
                    failure.compareAndSet(null, ex);
                }
            });
            callers.add(caller);
            caller.start();
        }
        started.await();
        // Closed only once all three are inside (two run, one waits for a permit): a caller that
        // reached the gate after close() would rightly be refused.
        long inside = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (runtime.gateSnapshot().inFlight() + results.size() < 3 && System.nanoTime() < inside) {
            Thread.sleep(5);
        }
        assertThat(runtime.gateSnapshot().inFlight() + results.size()).isEqualTo(3);
        long begin = System.nanoTime();
        assertThat(runtime.close(Duration.ofSeconds(20))).isTrue();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        for (Thread caller : callers) {
            caller.join(10_000);
        }
        assertThat(failure.get()).isNull();
        assertThat(results).containsExactly(0.4, 0.4, 0.4);
        assertThat(tookMillis).isLessThan(10_000);
        assertThat(runtime.state()).isEqualTo(PythonRuntime.State.CLOSED);
        assertThatThrownBy(() -> python.eval("1")).isInstanceOf(PythonClosedException.class)
                .hasMessageContaining("shutting down");
        assertThat(runtime.close(Duration.ofSeconds(1))).as("close is idempotent").isTrue();
        // Handles after the interpreter closed: a clear error to use, harmless to close or collect.
        assertThatThrownBy(handle::len).isInstanceOf(PythonClosedException.class);
        handle.close();
        assertThat(handle.isClosed()).isTrue();
        dropped = null;
        System.gc();
        Thread.sleep(200);
        assertThat(PythonRuntime.current()).isEmpty();
        assertThatThrownBy(() -> PythonRuntime.start(SharedRuntime.config().build()))
                .isInstanceOf(PythonInitializationException.class).hasMessageContaining("finalized");
    }
}
