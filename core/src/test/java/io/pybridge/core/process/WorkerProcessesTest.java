package io.pybridge.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.CollectingLogSink;
import io.pybridge.core.NdArray;
import io.pybridge.core.PythonFuture;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.exception.PythonException;
import io.pybridge.core.exception.PythonFunctionNotFoundException;
import io.pybridge.core.runtime.WorkerProcessSnapshot;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Calls aimed at the shared runtime's worker processes: where they run, what crosses, what stops them. */
@CPythonTest
class WorkerProcessesTest {

    private static final String MOD = "pybridge_process";

    private final PythonTemplate processes = SharedRuntime.template().inProcesses();

    @Test
    void callsRunInAnotherProcessWithTheSameSysPath() {
        long jvm = ProcessHandle.current().pid();
        Long worker = processes.callForObject(MOD, "pid", Long.class);
        assertThat(worker).isNotEqualTo(jvm);
        assertThat(SharedRuntime.get().processSnapshot()).extracting(WorkerProcessSnapshot::pid).contains(worker);
        // The same sys.path: the test modules, found in the worker as in-process.
        assertThat(processes.eval("__import__('sys').path[:1]", List.class))
                .isEqualTo(SharedRuntime.template().eval("__import__('sys').path[:1]", List.class));
        assertThat(processes.eval("__import__('sys').executable", String.class))
                .isEqualTo(SharedRuntime.template().eval("__import__('sys').executable", String.class));
    }

    @Test
    void nativeThreadPoolsGetTheirShareOfTheCores() {
        int workers = SharedRuntime.get().processSnapshot().size();
        String share = Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors() / workers));
        for (String variable : List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")) {
            String inherited = System.getenv(variable);
            assertThat(processes.eval("__import__('os').environ.get(name)", java.util.Map.of("name", variable), String.class))
                    .as(variable).isEqualTo(inherited != null ? inherited : share);
        }
    }

    @Test
    void naturalValuesCrossBothWays() {
        Map<String, Object> value = Map.of("a", List.of(1L, 2.5, "three", true), "b", new byte[] { 1, 2 });
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) processes.call("pybridge_testmod", "echo", value);
        assertThat(back.get("a")).isEqualTo(List.of(1L, 2.5, "three", true));
        assertThat((byte[]) back.get("b")).containsExactly(1, 2);
        assertThat(processes.call("pybridge_testmod", "add", 2, 3)).isEqualTo(5L);
        assertThat(processes.eval("'\\udc80' + 'x'", String.class)).isEqualTo("\uDC80x");
        assertThat(processes.eval("x + 1", Map.of("x", 41), Long.class)).isEqualTo(42L);
    }

    @Test
    void largeBytesGoThroughSharedMemory() {
        byte[] big = new byte[1 << 20];
        big[12345] = 7;
        assertThat(processes.callForObject(MOD, "length", Long.class, (Object) big)).isEqualTo(1L << 20);
        byte[] back = processes.callForObject(MOD, "blob", byte[].class, 1 << 20);
        assertThat(back).hasSize(1 << 20);
        assertThat(back[257]).isEqualTo((byte) 1);
    }

    @Test
    void numpyArraysCrossThroughSharedMemory() {
        double[] data = new double[200_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = i;
        }
        boolean numpy = processes.eval("__import__('importlib.util').util.find_spec('numpy') is not None", Boolean.class);
        if (!numpy) {
            assertThatThrownBy(() -> processes.call(MOD, "scale", NdArray.of(data), 2.0))
                    .isInstanceOf(PythonConversionException.class).hasMessageContaining("numpy is not installed");
            return;
        }
        NdArray doubled = processes.callForObject(MOD, "scale", NdArray.class, NdArray.of(data, 400, 500), 2.0);
        assertThat(doubled.shape()).containsExactly(400, 500);
        assertThat(doubled.doubles()[199_999]).isEqualTo(399_998.0);
        NdArray small = processes.callForObject(MOD, "scale", NdArray.class, NdArray.of(new long[] { 1, 2, 3 }), 3);
        assertThat(small.longs()).containsExactly(3, 6, 9);
        // An array Python keeps past the call is not overwritten by the next call's arguments.
        double kept = processes.execute(session -> {
            double sum = session.callForObject(MOD, "keep", Double.class, NdArray.of(data));
            double[] other = new double[data.length];
            java.util.Arrays.fill(other, -1);
            session.callForObject(MOD, "scale", NdArray.class, NdArray.of(other), 1.0);
            assertThat(session.callForObject(MOD, "kept_sum", Double.class)).isEqualTo(sum);
            return sum;
        });
        assertThat(kept).isEqualTo((data.length - 1) * (double) data.length / 2);
    }

    @Test
    void pythonExceptionsKeepTheirTypeAndTraceback() {
        assertThatThrownBy(() -> processes.call("pybridge_testmod", "fail", "boom"))
                .isInstanceOfSatisfying(PythonException.class, ex -> {
                    assertThat(ex.getPythonType()).isEqualTo("ValueError");
                    assertThat(ex.getPythonMessage()).isEqualTo("boom");
                    assertThat(ex.getPythonFrames()).extracting(frame -> frame.function()).contains("fail");
                });
        assertThatThrownBy(() -> processes.call("pybridge_testmod", "no_such_function"))
                .isInstanceOf(PythonFunctionNotFoundException.class).hasMessageContaining("no_such_function");
    }

    @Test
    void objectsWithoutDataFormAreRefusedClearly() {
        assertThatThrownBy(() -> processes.eval("__import__('datetime').date(2026, 1, 1)"))
                .isInstanceOf(PythonConversionException.class).hasMessageContaining("datetime.date")
                .hasMessageContaining("worker process");
        assertThatThrownBy(() -> processes.importModule("os")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void loggingAndPrintsReachTheSinkTaggedWithTheWorker() throws Exception {
        String marker = "marker-" + System.nanoTime();
        processes.call(MOD, "log_and_print", marker);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline && messagesWith(marker).size() < 2) {
            Thread.sleep(20);
        }
        assertThat(messagesWith(marker)).anySatisfy(entry -> {
            assertThat(entry.logger()).isEqualTo("pybridge_process");
            assertThat(entry.level()).isEqualTo(30);
            assertThat(entry.message()).startsWith("[process-").endsWith("logged " + marker);
        });
        assertThat(messagesWith(marker)).anySatisfy(entry -> {
            assertThat(entry.logger()).isEqualTo("stdout");
            assertThat(entry.message()).startsWith("[process-").endsWith("printed " + marker);
        });
    }

    private static List<CollectingLogSink.Entry> messagesWith(String marker) {
        return SharedRuntime.LOG.entries().stream().filter(entry -> entry.message().contains(marker)).toList();
    }

    @Test
    void twoCallsRunAtOnceOnTwoWorkers() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Long> first = threads.submit(() -> processes.callForObject(MOD, "nap", Long.class, 0.5));
            Future<Long> second = threads.submit(() -> processes.callForObject(MOD, "nap", Long.class, 0.5));
            Set<Long> pids = new HashSet<>(List.of(first.get(60, TimeUnit.SECONDS), second.get(60, TimeUnit.SECONDS)));
            assertThat(pids).hasSize(2);
        }
        finally {
            threads.shutdownNow();
        }
    }

    @Test
    void cancellingStopsTheRunningPythonAndTheWorkerServesOn() throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            PythonFuture<Object> future = processes.submit(session -> session.call("pybridge_testmod", "spin", 60.0), thread);
            Thread.sleep(300);
            future.cancel(true);
            assertThatThrownBy(() -> future.get(5, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
            // The worker answered the interrupt and is free again: two calls at once find two workers.
            java.util.concurrent.CompletableFuture<Void> finished = new java.util.concurrent.CompletableFuture<>();
            future.whenFinished(() -> finished.complete(null));
            finished.get(30, TimeUnit.SECONDS);
            twoCallsRunAtOnceOnTwoWorkers();
        }
        finally {
            thread.shutdownNow();
        }
    }

    @Test
    void aCancelBetweenTwoCallsOfOneActionStopsTheSecond() throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            java.util.concurrent.CountDownLatch firstDone = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch cancelled = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.atomic.AtomicReference<Throwable> second = new java.util.concurrent.atomic.AtomicReference<>();
            PythonFuture<Object> future = processes.submit(session -> {
                session.call("pybridge_testmod", "add", 1, 2);
                firstDone.countDown();
                // The cancel comes while this action holds the worker but no call runs there.
                try {
                    cancelled.await(60, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                try {
                    return session.call("pybridge_testmod", "spin", 60.0);
                }
                catch (RuntimeException ex) {
                    second.set(ex);
                    throw ex;
                }
            }, thread);
            assertThat(firstDone.await(60, TimeUnit.SECONDS)).isTrue();
            future.cancel(true);
            cancelled.countDown();
            long start = System.nanoTime();
            java.util.concurrent.CompletableFuture<Void> finished = new java.util.concurrent.CompletableFuture<>();
            future.whenFinished(() -> finished.complete(null));
            // Far less than the 60 s the spin would take if the cancel were lost.
            finished.get(30, TimeUnit.SECONDS);
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(30);
            assertThat(second.get()).isInstanceOf(io.pybridge.core.exception.PythonCancelledException.class);
            twoCallsRunAtOnceOnTwoWorkers();
        }
        finally {
            thread.shutdownNow();
        }
    }

    @Test
    void asyncDefRunsToItsEndInTheWorker() throws Exception {
        assertThat(processes.callAsync(MOD, "later", String.class, "done").get(60, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(processes.callForObject(MOD, "later", String.class, "sync")).isEqualTo("sync");
    }
}
