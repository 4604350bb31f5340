package io.pybridge.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonFuture;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code inFlight} returns to 0 after every way a call can end, read right after the call ended
 * (no waiting, no retry): the gate counts a call out before it gives the permit back, so whoever
 * sees the call's end sees it counted out. Busy and closed rejections are checked where a runtime
 * of their own allows it ({@code BusyTimeoutTest}, {@link CallAfterCloseTest}).
 */
@CPythonTest
class InFlightAccountingTest {

    private static final String MOD = "pybridge_testmod";

    private final PythonRuntime runtime = SharedRuntime.get();

    private final PythonTemplate python = SharedRuntime.template();

    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void everyWayACallEndsCountsItOut() throws Exception {
        List<Consumer<PythonTemplate>> endings = List.of(
                p -> p.eval("1 + 1"),
                p -> catchThrowable(() -> p.call(MOD, "fail", "x")),
                p -> catchThrowable(() -> p.call(MOD, "echo", new Object())),
                p -> catchThrowable(() -> p.eval("2 ** 100", Long.class)),
                p -> catchThrowable(() -> p.call(MOD, "apply", (Runnable) () -> {
                    throw new IllegalStateException("from a callback");
                })),
                p -> catchThrowable(() -> p.execute(session -> {
                    throw new IllegalArgumentException("from an execute block");
                })),
                p -> catchThrowable(() -> p.exec("raise SystemExit(1)")));
        for (Consumer<PythonTemplate> ending : endings) {
            for (long stack : new long[] { 1L << 20, 32L << 20 }) { // a dedicated worker, then inline
                FutureTask<Integer> call = new FutureTask<>(() -> {
                    ending.accept(python);
                    return runtime.gateSnapshot().inFlight();
                });
                new Thread(null, call, "in-flight-check", stack).start();
                assertThat(call.get(1, TimeUnit.MINUTES)).as("in flight after the call ended").isZero();
            }
        }
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void cancelledCallsAreCountedOutOnceTheyHaveUnwound() throws Exception {
        for (int round = 0; round < 20; round++) {
            PythonFuture<Object> runaway = python.submit(session -> {
                session.exec("while True:\n    pass\n");
                return null;
            }, executor);
            CompletableFuture<Integer> afterwards = new CompletableFuture<>();
            runaway.whenFinished(() -> afterwards.complete(runtime.gateSnapshot().inFlight()));
            Thread.sleep(round % 2 == 0 ? 0 : 20); // before it starts, and while it runs
            runaway.cancel(true);
            assertThat(afterwards.get(1, TimeUnit.MINUTES)).as("round %d", round).isZero();
        }
        assertThat(runtime.gateSnapshot().inFlight()).isZero();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void virtualThreadCallsAreCountedOut() throws Exception {
        ExecutorService virtual;
        try {
            virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        }
        catch (NoSuchMethodException jdk17) {
            org.junit.jupiter.api.Assumptions.assumeTrue(false, "virtual threads need JDK 21+");
            return;
        }
        try {
            Integer inFlight = virtual.submit(() -> {
                catchThrowable(() -> python.call(MOD, "fail", "x"));
                python.eval("1");
                return runtime.gateSnapshot().inFlight();
            }).get(1, TimeUnit.MINUTES);
            assertThat(inFlight).isZero();
        }
        finally {
            virtual.shutdown();
        }
    }
}
