package io.pybridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.exception.PythonClosedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** close() with coroutines still awaiting: they fail with PythonClosedException, the loops stop, Python is finalized. Own JVM. */
@CPythonTest
@Tag("isolated")
class RuntimeCloseCoroutineTest {

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void closeFailsPendingCoroutinesAndStopsTheLoops() throws Exception {
        PythonRuntime runtime = PythonRuntime.start(SharedRuntime.config().permits(4).poolSize(2).poolFallbackToMain(true)
                .build());
        PythonTemplate python = new PythonTemplate(runtime);
        // The first coroutines come from eight threads at once, four inside at a time: one loop is made.
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> firsts = new ArrayList<>();
        List<Object> results = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 8; i++) {
            long n = i;
            Thread first = new Thread(() -> {
                try {
                    go.await();
                    results.add(python.callAsync("pybridge_coroutines", "nap", Long.class, n, 0.05).get(30, TimeUnit.SECONDS));
                }
                catch (Exception ex) {
                    results.add(ex);
                }
            });
            first.start();
            firsts.add(first);
        }
        go.countDown();
        for (Thread first : firsts) {
            first.join(60_000);
        }
        assertThat(results).containsExactlyInAnyOrder(0L, 2L, 4L, 6L, 8L, 10L, 12L, 14L);
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .filteredOn(name -> name.equals("pybridge-asyncio")).hasSize(1);
        python.call("pybridge_coroutines", "reset");
        List<PythonFuture<Object>> pending = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            pending.add(python.callAsync("pybridge_coroutines", "forever", Object.class, "main-" + i));
            pending.add(python.inPool().callAsync("pybridge_coroutines", "forever", Object.class, "pool-" + i));
        }
        long started = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (python.eval("len(__import__('pybridge_coroutines').started)", Long.class) < 5 && System.nanoTime() < started) {
            Thread.sleep(10);
        }
        Thread.sleep(200); // the pooled ones start as fast; their lists are in their own interpreters
        long begin = System.nanoTime();
        assertThat(runtime.close(Duration.ofSeconds(10))).isTrue();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        for (PythonFuture<Object> future : pending) {
            assertThatThrownBy(() -> future.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(PythonClosedException.class);
        }
        assertThat(runtime.state()).isEqualTo(PythonRuntime.State.CLOSED);
        // Nothing waited for the coroutines: they are cancelled, not drained (a hang guard, not a speed check).
        assertThat(tookMillis).isLessThan(30_000);
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .noneMatch(name -> name.startsWith("pybridge-asyncio"));
        // A call after close fails its future, never hangs.
        assertThatThrownBy(() -> python.callAsync("pybridge_coroutines", "nap", Object.class, 1).get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(PythonClosedException.class);
    }
}
