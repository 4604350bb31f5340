package io.pybridge.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.runtime.ExecutionMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** In WORKERS mode every caller's work runs on the platform worker pool. Own JVM. */
@CPythonTest
@Tag("isolated")
class WorkersModeTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyCallRunsOnAWorkerAndNestedCallsStayThere() throws Exception {
        PythonRuntime runtime = PythonRuntime.start(SharedRuntime.config().executionMode(ExecutionMode.WORKERS)
                .workerThreads(3).build());
        PythonTemplate python = new PythonTemplate(runtime);
        String runner = python.execute(session -> Thread.currentThread().getName());
        assertThat(runner).startsWith("pybridge-worker-");
        // Re-entrant calls inside the block run right there, on the same worker.
        String nested = python.execute(session -> python.execute(inner -> Thread.currentThread().getName()));
        assertThat(nested).startsWith("pybridge-worker-");
        AtomicInteger ok = new AtomicInteger();
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            long base = t * 1000L;
            Thread caller = new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    if (Long.valueOf(base + i).equals(python.call("pybridge_testmod", "add", base, i))) {
                        ok.incrementAndGet();
                    }
                }
            });
            callers.add(caller);
            caller.start();
        }
        for (Thread caller : callers) {
            caller.join();
        }
        assertThat(ok.get()).isEqualTo(16 * 500);
        // Only the three workers (and this test's setup calls) ever held Python thread states.
        assertThat(runtime.threadStateSnapshot().created()).isLessThanOrEqualTo(3);
        assertThat(runtime.close(Duration.ofSeconds(5))).isTrue();
    }
}
