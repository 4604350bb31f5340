package io.pybridge.core.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.exception.PythonBusyException;
import io.pybridge.core.internal.interpreter.PythonLocator;
import io.pybridge.core.runtime.PythonInstallation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The acquire timeout holds for pooled calls: with every pooled interpreter busy, the next pooled
 * caller gets {@link PythonBusyException} after the timeout instead of waiting for ever, while
 * the main interpreter still answers; once one is free again pooled calls run. Needs a runtime
 * with a short timeout, so it runs in a JVM of its own; only where a pool can be made (3.12+).
 */
@CPythonTest
@Tag("isolated")
@EnabledIf("poolCanBeMade")
class PoolBusyTimeoutTest {

    static boolean poolCanBeMade() {
        PythonInstallation python = new PythonLocator(SharedRuntime.config().build()).locate();
        return !python.freeThreaded() && python.hasOwnGilSubInterpreters();
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aPooledCallerWaitsAtMostTheAcquireTimeoutWhenEveryPooledInterpreterIsBusy() throws Exception {
        PythonRuntime runtime = PythonRuntime.start(SharedRuntime.config().poolSize(2)
                .acquireTimeout(Duration.ofMillis(300)).build());
        // Two threads of its own: the common pool may have one on a 2-core machine (it runs the sleepers in turn).
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            PythonTemplate main = new PythonTemplate(runtime);
            PythonTemplate pool = main.inPool();
            // Two sleepers hold both pooled interpreters (time.sleep frees the GIL, not the interpreter).
            List<CompletableFuture<Object>> sleepers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                sleepers.add(CompletableFuture.supplyAsync(() -> pool.call("pybridge_testmod", "sleep", 3.0), callers));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (inFlightInPool(runtime) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(inFlightInPool(runtime)).isEqualTo(2);

            long begin = System.nanoTime();
            assertThatThrownBy(() -> pool.eval("1")).isInstanceOf(PythonBusyException.class)
                    .hasMessageContaining("300");
            // It waited the timeout; refused, so no sleeper had finished (a free interpreter would have run it).
            assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            assertThat(main.eval("6 * 7")).isEqualTo(42L);

            for (CompletableFuture<Object> sleeper : sleepers) {
                assertThat(sleeper.get(60, TimeUnit.SECONDS)).isEqualTo(3.0);
            }
            assertThat(pool.eval("6 * 7")).isEqualTo(42L);
        }
        finally {
            callers.shutdownNow();
            assertThat(runtime.close(Duration.ofSeconds(20))).isTrue();
        }
    }

    private static long inFlightInPool(PythonRuntime runtime) {
        return runtime.gateSnapshots(Duration.ofMinutes(1)).entrySet().stream()
                .filter(entry -> !entry.getKey().equals("main")).mapToLong(entry -> entry.getValue().inFlight()).sum();
    }
}
