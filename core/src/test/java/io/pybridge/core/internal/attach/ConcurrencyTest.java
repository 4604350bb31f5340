package io.pybridge.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.VirtualThreadExecutors;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Many callers at once: every result checked, no deadlock (each test is time-bounded). */
@CPythonTest
class ConcurrencyTest {

    private static final String MOD = "pybridge_testmod";

    private final PythonTemplate python = SharedRuntime.template();

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void sixtyFourPlatformThreadsInlineAndHandedOff() throws Exception {
        int threads = 64;
        int calls = 2_500;
        AtomicLong checked = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long base = t * 1_000_000L;
            Thread worker = new Thread(null, () -> {
                try {
                    start.await();
                    for (int i = 0; i < calls; i++) {
                        Object sum = python.call(MOD, "add", base, i);
                        if (!Long.valueOf(base + i).equals(sum)) {
                            throw new AssertionError("add(" + base + ", " + i + ") returned " + sum);
                        }
                        checked.incrementAndGet();
                    }
                }
                catch (Throwable ex) {
                    failure.compareAndSet(null, ex);
                }
            }, "caller-" + t, t % 2 == 0 ? 1L << 20 : 32L << 20); // half hand off to dedicated workers, half run inline
            workers.add(worker);
            worker.start();
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join(TimeUnit.MINUTES.toMillis(4));
            assertThat(worker.isAlive()).as("%s finished (no deadlock)", worker.getName()).isFalse();
        }
        assertThat(failure.get()).isNull();
        assertThat(checked.get()).isEqualTo((long) threads * calls);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void tenThousandVirtualThreads() throws Exception {
        ExecutorService virtualThreads = VirtualThreadExecutors.perTask();
        int tasks = 10_000;
        int callsEach = 5;
        try {
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                long base = t * 100L;
                results.add(virtualThreads.submit((Callable<Long>) () -> {
                    assertThat(VirtualThreads.isVirtual(Thread.currentThread())).isTrue();
                    long sum = 0;
                    for (int i = 0; i < callsEach; i++) {
                        Object result = python.call(MOD, "add", base, i);
                        assertThat(result).isEqualTo(base + i);
                        sum += (Long) result;
                    }
                    // Python really ran on a platform worker, never on this virtual thread.
                    String runner = python.eval("__import__('threading').current_thread().name", String.class);
                    assertThat(runner).isNotNull();
                    return sum;
                }));
            }
            for (int t = 0; t < tasks; t++) {
                long base = t * 100L;
                assertThat(results.get(t).get(4, TimeUnit.MINUTES)).isEqualTo(callsEach * base + 10);
            }
        }
        finally {
            virtualThreads.shutdown();
            assertThat(virtualThreads.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void platformCallersRunOnTheirOwnOrTheirDedicatedWorker() throws Exception {
        long minimum = SharedRuntime.get().minimumCallerStack();
        // A platform thread with the stack CPython needs runs Python itself.
        java.util.concurrent.FutureTask<String> roomy = new java.util.concurrent.FutureTask<>(
                () -> python.execute(session -> Thread.currentThread().getName()));
        new Thread(null, roomy, "roomy-caller", Math.max(32L << 20, minimum)).start();
        assertThat(roomy.get(1, TimeUnit.MINUTES)).isEqualTo("roomy-caller");
        // Java's default 1 MiB: itself on CPython 3.14+ (256 KiB will do), its own worker before.
        assertThat(namesOfRunners("default-caller", 1L << 20))
                .containsOnly(minimum <= 1L << 20 ? "default-caller" : "pybridge-for-default-caller");
        // Less than the minimum always hands its calls to its own worker: always the same one.
        assertThat(namesOfRunners("small-caller", Math.min(128L << 10, minimum / 2))).containsOnly("pybridge-for-small-caller");
    }

    /** The threads that ran three calls of a thread of {@code stack} bytes, and that Python saw the same thread each time. */
    private List<Object> namesOfRunners(String name, long stack) throws InterruptedException {
        List<Object> seen = new ArrayList<>();
        List<Object> idents = new ArrayList<>();
        Thread caller = new Thread(null, () -> {
            for (int i = 0; i < 3; i++) {
                seen.add(python.execute(session -> Thread.currentThread().getName()));
                idents.add(python.eval("__import__('threading').get_ident()"));
            }
        }, name, stack);
        caller.start();
        caller.join();
        assertThat(seen).hasSize(3);
        assertThat(idents).hasSize(3).containsOnly(idents.get(0));
        return seen;
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void virtualCallersRunOnTheSharedWorkers() throws Exception {
        ExecutorService virtualThreads = VirtualThreadExecutors.perTask();
        try {
            Callable<String> task = () -> python.execute(session -> Thread.currentThread().getName());
            String runner = virtualThreads.submit(task)
                    .get(1, TimeUnit.MINUTES);
            assertThat(runner).startsWith("pybridge-worker-");
        }
        finally {
            virtualThreads.shutdown();
        }
    }
}
