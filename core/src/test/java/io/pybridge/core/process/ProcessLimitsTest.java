package io.pybridge.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.exception.PythonBusyException;
import io.pybridge.core.exception.PythonBridgeException;
import io.pybridge.core.exception.PythonClosedException;
import io.pybridge.core.runtime.WorkerProcessSnapshot;
import io.pybridge.core.runtime.WorkerProcessesConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The acquire timeout and close, for worker processes: with the only worker busy the next caller
 * gets {@link PythonBusyException} after the timeout; closing the runtime while a call runs ends
 * that call with an exception (not a hang) and leaves no worker process behind. Needs a runtime of
 * its own, so it runs in a JVM of its own.
 */
@CPythonTest
@Tag("isolated")
@Tag("default-interpreter") // the set's bookkeeping: the same whatever the Python, not repeated by the matrix
class ProcessLimitsTest {

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void busyWorkersRefuseAfterTheAcquireTimeoutAndCloseEndsEverything() throws Exception {
        PythonRuntime runtime = PythonRuntime.start(SharedRuntime.config().shutdownTimeout(Duration.ofSeconds(1))
                .processes(WorkerProcessesConfig.builder().size(1).acquireTimeout(Duration.ofMillis(300)).build()).build());
        ExecutorService callers = Executors.newFixedThreadPool(2);
        try {
            PythonTemplate processes = new PythonTemplate(runtime).inProcesses();
            List<Long> pids = runtime.processSnapshot().stream().map(WorkerProcessSnapshot::pid).toList();
            CompletableFuture<Object> sleeper = CompletableFuture.supplyAsync(
                    () -> processes.call("pybridge_process", "nap", 60.0), callers);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (runtime.processSnapshot().get(0).inFlight() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            long before = System.nanoTime();
            assertThatThrownBy(() -> processes.call("pybridge_testmod", "add", 1, 2)).isInstanceOf(PythonBusyException.class)
                    .hasMessageContaining("no worker process became free within 300 ms (1 worker(s)");
            assertThat(Duration.ofNanos(System.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
            // The main interpreter is not held by the worker's call.
            assertThat(new PythonTemplate(runtime).call("pybridge_testmod", "add", 1, 2)).isEqualTo(3L);

            runtime.close();
            assertThatThrownBy(() -> sleeper.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(PythonBridgeException.class);
            assertThatThrownBy(() -> processes.call("pybridge_testmod", "add", 1, 2)).isInstanceOf(PythonClosedException.class);
            for (long pid : pids) {
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("worker %d ended", pid).isFalse();
            }
        }
        finally {
            callers.shutdownNow();
            runtime.close();
        }
    }
}
