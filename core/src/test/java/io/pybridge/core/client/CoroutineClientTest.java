package io.pybridge.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonFuture;
import io.pybridge.core.PythonInterpreter;
import io.pybridge.core.PythonConditions;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Client methods returning futures of {@code async def} functions await on the event loop, holding no thread. */
@CPythonTest
class CoroutineClientTest {

    @PythonCall(module = "pybridge_coroutines")
    @PythonExceptionMapping(python = "ValueError", java = IllegalArgumentException.class)
    interface Naps {

        CompletableFuture<Long> nap(long n, @Keyword("seconds") double seconds);

        /** Awaits asyncio.sleep(0.2), again until {@code together} calls have begun. */
        @PythonCall(function = "nap_together")
        CompletableFuture<Long> napTogether(long n, long together);

        CompletionStage<List<String>> words(String text);

        CompletableFuture<Void> forever(String tag);

        CompletableFuture<Object> broken(String message);

        /** A plain def: runs on the executor as before. */
        CompletableFuture<Long> plain(long n);

        @PythonCall(function = "interpreter_id", interpreter = PythonInterpreter.POOL)
        CompletableFuture<Long> pooledInterpreter();

        /** A synchronous method of an async def: waits for the coroutine. */
        @PythonCall(function = "words")
        List<String> wordsNow(String text);

        @PythonCall(function = "broken")
        Object brokenNow(String message);
    }

    private final PythonTemplate python = SharedRuntime.template();

    /** One thread: a thousand coroutines cannot each hold one while they await. */
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    private final AtomicInteger executorTasks = new AtomicInteger();

    @BeforeEach
    void reset() {
        python.call("pybridge_coroutines", "reset");
    }

    @AfterEach
    void stopExecutor() throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private Naps client(ClientCallDecorator decorator) {
        return new PythonClientFactory(python, task -> {
            executorTasks.incrementAndGet();
            executor.execute(task);
        }, decorator, true).create(Naps.class);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aThousandClientCallsAwaitTogetherOnNoExecutorThread() throws Exception {
        Naps naps = client(null);
        // Warm-up (the JIT); the peak is what is checked, never the speed.
        CompletableFuture.allOf(java.util.stream.LongStream.range(0, 3000).mapToObj(i -> naps.nap(i, 0.0))
                .toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        python.call("pybridge_coroutines", "reset");
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            futures.add(naps.napTogether(i, 1000));
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        for (int i = 0; i < 1000; i++) {
            assertThat(futures.get(i).join()).isEqualTo(2L * i);
        }
        assertThat(python.callForObject("pybridge_coroutines", "peak_now", Long.class)).isEqualTo(1000L);
        assertThat(executorTasks).hasValue(0);
        assertThat(naps.words("x y").toCompletableFuture().get(30, TimeUnit.SECONDS)).containsExactly("x", "y");
        // A plain def keeps running on the executor.
        assertThat(naps.plain(1).get(30, TimeUnit.SECONDS)).isEqualTo(2L);
        assertThat(executorTasks).hasValue(1);
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void errorsAreMappedAndCancellationCancelsTheTask() throws Exception {
        Naps naps = client(null);
        assertThatThrownBy(() -> naps.broken("bad").get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalArgumentException.class).hasMessage("ValueError: bad");
        CompletableFuture<Void> forever = naps.forever("client");
        PythonConditions.await(python, "'client' in __import__('pybridge_coroutines').started");
        assertThat(forever.cancel(true)).isTrue();
        assertThatThrownBy(forever::join).isInstanceOf(CancellationException.class);
        PythonConditions.await(python, "'client' in __import__('pybridge_coroutines').cancelled");
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aSynchronousMethodWaitsForTheCoroutine() {
        Naps naps = client(null);
        assertThat(naps.wordsNow("a b c")).containsExactly("a", "b", "c");
        assertThatThrownBy(() -> naps.brokenNow("bad")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ValueError: bad");
        assertThat(executorTasks).hasValue(0);
    }

    /** As resilience4j's TimeLimiter does: get with a timeout on submit()'s future, cancel it when it runs out. */
    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aTimeLimitCancelsTheCoroutine() throws Exception {
        ClientCallDecorator timeLimit = invocation -> {
            PythonFuture<Object> future = invocation.submit();
            try {
                return future.get(200, TimeUnit.MILLISECONDS);
            }
            catch (TimeoutException ex) {
                future.cancel(true);
                throw ex;
            }
        };
        Naps naps = client(timeLimit);
        CompletableFuture<Void> limited = naps.forever("limited");
        assertThatThrownBy(() -> limited.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class);
        PythonConditions.await(python, "'limited' in __import__('pybridge_coroutines').cancelled");
        // Within the limit, the result comes through the decorator.
        assertThat(naps.nap(4, 0.01).get(30, TimeUnit.SECONDS)).isEqualTo(8L);
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aDecoratorThatProceedsAwaitsTheCoroutine() throws Exception {
        Naps naps = client(ClientInvocation::proceed);
        assertThat(naps.nap(3, 0.01).get(30, TimeUnit.SECONDS)).isEqualTo(6L);
        assertThatThrownBy(() -> naps.broken("worse").get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalArgumentException.class).hasMessage("ValueError: worse");
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aPooledMethodAwaitsInThePool() throws Exception {
        long main = python.callAsync("pybridge_coroutines", "interpreter_id", Long.class).get(30, TimeUnit.SECONDS);
        long pooled = client(null).pooledInterpreter().get(30, TimeUnit.SECONDS);
        if (SharedRuntime.get().poolMembers().isEmpty()) {
            assertThat(pooled).isEqualTo(main);
        }
        else {
            assertThat(pooled).isNotEqualTo(main);
        }
    }
}
