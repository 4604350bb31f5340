package io.pybridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.exception.PythonException;
import io.pybridge.core.exception.PythonFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code async def} functions called through {@link PythonOperations#callAsync}: they await on the
 * interpreter's event loop without a permit, so many are in flight at once.
 */
@CPythonTest
class CoroutineTest {

    private static final String MODULE = "pybridge_coroutines";

    private final PythonTemplate python = SharedRuntime.template();

    @BeforeEach
    void reset() {
        python.call(MODULE, "reset");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aThousandCoroutinesAwaitTogether() throws Exception {
        // Warm-up (the JIT); the peak is what is checked, never the speed.
        CompletableFuture.allOf(java.util.stream.LongStream.range(0, 3000)
                .mapToObj(i -> python.callAsync(MODULE, "nap", List.of(i), Map.of("seconds", 0.0), Long.class))
                .toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        python.call(MODULE, "reset");
        List<PythonFuture<Long>> futures = new ArrayList<>();
        long begin = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            // Each awaits asyncio.sleep(0.2), again until all 1,000 have begun (a busy box may take
            // longer than 0.2 s to hand them over): the peak then depends on nothing but the awaiting.
            futures.add(python.callAsync(MODULE, "nap_together", Long.class, i, 1000));
        }
        long handedOverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        // A hang guard only: all of them sleep 0.2 s at once; seconds at worst on a busy box.
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        for (int i = 0; i < 1000; i++) {
            assertThat(futures.get(i).join()).as("result %d", i).isEqualTo(2L * i);
        }
        long peak = python.callForObject(MODULE, "peak_now", Long.class);
        System.out.println("CoroutineTest: peak of coroutines awaiting at once: " + peak + " (1,000 calls made in "
                + handedOverMillis + " ms)");
        assertThat(peak).isEqualTo(1000L);
        // The permit was given back as each call handed its coroutine over.
        assertThat(SharedRuntime.get().gateSnapshot().inFlight()).isZero();
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void cancellingTheFutureCancelsTheTask() throws Exception {
        PythonFuture<Object> future = python.callAsync(MODULE, "forever", Object.class, "first");
        CountDownLatch finished = new CountDownLatch(1);
        future.whenFinished(finished::countDown);
        PythonConditions.await(python, "'first' in __import__('pybridge_coroutines').started");
        assertThat(future.cancel(true)).isTrue();
        assertThatThrownBy(future::join).isInstanceOf(CancellationException.class);
        PythonConditions.await(python, "'first' in __import__('pybridge_coroutines').cancelled");
        assertThat(python.eval("__import__('pybridge_coroutines').finished", List.class)).containsExactly("first");
        // Finished once the task has really ended, after its finally.
        assertThat(finished.await(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void waitingForACoroutineInsideACallOfItsInterpreterIsRefused() throws Exception {
        PythonFuture<Object> inside = python.execute(session -> {
            PythonFuture<Object> future = python.callAsync(MODULE, "forever", Object.class, "inside");
            // This thread holds the GIL the loop needs: the wait could never end.
            assertThatThrownBy(future::join).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("would wait forever");
            assertThatThrownBy(() -> future.get(1, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
            return future;
        });
        PythonConditions.await(python, "'inside' in __import__('pybridge_coroutines').started");
        assertThat(inside.cancel(true)).isTrue();
        PythonConditions.await(python, "'inside' in __import__('pybridge_coroutines').cancelled");
        // Outside the call, waiting is fine.
        PythonFuture<Long> outside = python.callAsync(MODULE, "nap", Long.class, 2, 0.01);
        assertThat(outside.get(30, TimeUnit.SECONDS)).isEqualTo(4L);
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aCoroutineThatRaisesGivesItsExceptionWithTraceback() {
        PythonFuture<Object> future = python.callAsync(MODULE, "broken", Object.class, "boom");
        assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(PythonException.class, error -> {
                    assertThat(error.getPythonType()).isEqualTo("ValueError");
                    assertThat(error.getPythonMessage()).isEqualTo("boom");
                    assertThat(error.getPythonFrames()).extracting(PythonFrame::function)
                            .contains("broken", "_inner_failure");
                    assertThat(error.getMessage()).contains("pybridge_coroutines.py").contains("_inner_failure");
                });
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void plainFunctionsAndOtherAwaitablesComplete() throws Exception {
        // A plain def's result completes the future at once.
        assertThat(python.callAsync(MODULE, "plain", Long.class, 41).get(30, TimeUnit.SECONDS)).isEqualTo(42L);
        // Any awaitable is awaited, whoever made it.
        assertThat(python.callAsync(MODULE, "future_of", String.class, "later").get(30, TimeUnit.SECONDS))
                .isEqualTo("later");
        // Generic results convert as for a call.
        assertThat(python.callAsync(MODULE, "words", new TypeRef<List<String>>() { }, "a b c").get(30, TimeUnit.SECONDS))
                .containsExactly("a", "b", "c");
        // Keywords.
        assertThat(python.callAsync(MODULE, "nap", List.of(5), Map.of("seconds", 0.01), Long.class)
                .get(30, TimeUnit.SECONDS)).isEqualTo(10L);
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aMissingFunctionFailsTheFuture() {
        PythonFuture<Object> future = python.callAsync(MODULE, "no_such_function", Object.class);
        assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(io.pybridge.core.exception.PythonBridgeException.class);
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void theLoopRunsOnAJavaThreadPybridgeOwns() throws Exception {
        List<?> where = python.callAsync(MODULE, "where", List.class).get(30, TimeUnit.SECONDS);
        assertThat(where.get(0)).asString().startsWith("Dummy-"); // a thread Python did not start
        assertThat(where.get(1)).isEqualTo(true);
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).contains("pybridge-asyncio");
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aCoroutineCallsJavaWhichCallsPythonAgain() throws Exception {
        Function<Long, Long> twice = value -> python.eval("x * 2", Map.of("x", value), Long.class);
        assertThat(python.callAsync(MODULE, "call_java", Long.class, twice, 21).get(30, TimeUnit.SECONDS))
                .isEqualTo(42L);
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void virtualThreadsCallCoroutines() throws Exception {
        ExecutorService virtual = VirtualThreadExecutors.perTask();
        try {
            List<java.util.concurrent.Future<Long>> results = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                long n = i;
                results.add(virtual.submit(() -> python.callAsync(MODULE, "nap", Long.class, n, 0.05).get()));
            }
            for (int i = 0; i < 50; i++) {
                assertThat(results.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(2L * i);
            }
        }
        finally {
            virtual.shutdownNow();
        }
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aPooledCallAwaitsOnItsOwnInterpretersLoop() throws Exception {
        PythonTemplate pool = python.inPool();
        long main = python.callAsync(MODULE, "interpreter_id", Long.class).get(30, TimeUnit.SECONDS);
        List<PythonFuture<Long>> pooled = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            pooled.add(pool.callAsync(MODULE, "interpreter_id", Long.class));
        }
        List<Long> ids = new ArrayList<>();
        for (PythonFuture<Long> future : pooled) {
            ids.add(future.get(30, TimeUnit.SECONDS));
        }
        if (SharedRuntime.get().poolMembers().isEmpty()) {
            assertThat(ids).containsOnly(main); // 3.11: the pool falls back to main
        }
        else {
            assertThat(ids).doesNotContain(main);
            assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                    .anyMatch(name -> name.startsWith("pybridge-asyncio-pool-"));
        }
    }
}
