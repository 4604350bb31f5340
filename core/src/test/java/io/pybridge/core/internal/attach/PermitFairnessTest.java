package io.pybridge.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.VirtualThreadExecutors;
import io.pybridge.core.runtime.GateSnapshot;
import io.pybridge.core.runtime.PoolSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Callers looping a CPU-bound call at the default settings (unfair permits, 5 ms switch
 * interval): every one keeps making calls, and none is overtaken by more calls than there are
 * callers ahead of it. Each call takes a ticket from Java as it gets in, so an overtake (a call
 * that got in between a caller asking and its own call getting in) is counted in calls, not in
 * wall-clock time, which a busy machine would stretch.
 */
@CPythonTest
class PermitFairnessTest {

    private static final String MODULE = "pybridge_fairness";

    /**
     * Longer than the switch interval, and long against a loaded machine's scheduling delays (a
     * caller kept off the CPU for some milliseconds before it joins the queue is overtaken by
     * the calls made meanwhile: with 6 ms calls and a load average of 12 that reached 17).
     */
    private static final int SPIN_MILLIS = 15;

    private final PythonTemplate python = SharedRuntime.template();

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void twoAndFourPlatformCallersAllProgress() throws Exception {
        for (int callers : new int[] {2, 4}) {
            // Stacks big enough to run Python inline: what is measured is the permit, not a hand-off.
            Loop loop = Loop.run(python, callers, Duration.ofMillis(2000), task -> new Thread(null, task, "caller", 32L << 20));
            loop.assertEveryCallerProgressed();
            loop.assertOvertakesAtMost(slack(callers));
        }
        GateSnapshot gate = SharedRuntime.get().gateSnapshot(Duration.ofMinutes(1));
        assertThat(gate.permitWait().maxNanos()).as("the longest wait is reported").isGreaterThan(0);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void eightVirtualCallersAllProgress() throws Exception {
        ExecutorService virtualThreads = VirtualThreadExecutors.perTask();
        try {
            Loop loop = Loop.run(python, 8, Duration.ofMillis(2000), task -> {
                return new FutureThread(virtualThreads.submit(task));
            });
            loop.assertEveryCallerProgressed();
            // Virtual callers queue for the shared workers (FIFO) before the permit.
            loop.assertOvertakesAtMost(slack(8));
        }
        finally {
            virtualThreads.shutdownNow();
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    @EnabledIf("hasPool")
    void sixCallersOfTwoPooledInterpretersAllProgressAndTheirWaitsAreMeasured() throws Exception {
        PythonRuntime runtime = SharedRuntime.get();
        PoolSnapshot before = runtime.poolSnapshot(Duration.ofMinutes(1)).orElseThrow();
        Loop loop = Loop.run(python.inPool(), 6, Duration.ofMillis(2000), task -> new Thread(null, task, "caller", 32L << 20));
        loop.assertEveryCallerProgressed();
        loop.assertOvertakesAtMost(slack(6));
        PoolSnapshot after = runtime.poolSnapshot(Duration.ofMinutes(1)).orElseThrow();
        assertThat(after.calls() - before.calls()).as("every pooled call took a member").isEqualTo(loop.totalCalls());
        assertThat(after.waitTotalNanos()).as("six callers of two members waited").isGreaterThan(before.waitTotalNanos());
        assertThat(after.poolWait().maxNanos()).isGreaterThan(0);
        assertThat(after.poolWait().p99Nanos()).isLessThanOrEqualTo(after.poolWait().maxNanos());
        assertThat(after.size()).isEqualTo(runtime.poolMembers().size());
    }

    /** Whether the shared runtime has own-GIL pooled interpreters (CPython 3.12+): not applicable before. */
    static boolean hasPool() {
        return !SharedRuntime.get().poolMembers().isEmpty();
    }

    /**
     * The most calls that may get in while one caller waits: the callers ahead of it (at most
     * all the others), and as many again plus a few for the scheduler, which on a loaded machine
     * can keep a caller off the CPU between reading the last ticket and joining the queue while
     * the others go on. Without switching, one caller of two was overtaken by hundreds of calls
     * within such a run on a loaded machine (the unfair permit, measured).
     */
    private static long slack(int callers) {
        return 3L * callers + 4;
    }

    /** A virtual caller, to wait for. */
    private record FutureThread(Future<?> future) {
    }

    /** Callers that each call {@code ticketed_spin} again and again until told to stop. */
    private static final class Loop {

        private final long[] calls;

        private final long[] worstOvertakes;

        private Loop(int callers) {
            this.calls = new long[callers];
            this.worstOvertakes = new long[callers];
        }

        static Loop run(PythonTemplate python, int callers, Duration duration, Function<Runnable, Object> starter)
                throws Exception {
            Loop loop = new Loop(callers);
            AtomicLong tickets = new AtomicLong();
            AtomicLong latestTicket = new AtomicLong();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Supplier<Long> ticket = tickets::incrementAndGet;
            CountDownLatch go = new CountDownLatch(1);
            List<Object> running = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                Runnable task = () -> {
                    try {
                        go.await();
                        while (!stop.get()) {
                            long before = latestTicket.get();
                            long mine = python.callForObject(MODULE, "ticketed_spin", Long.class, ticket, SPIN_MILLIS);
                            latestTicket.accumulateAndGet(mine, Math::max);
                            loop.worstOvertakes[caller] = Math.max(loop.worstOvertakes[caller], mine - before - 1);
                            loop.calls[caller]++;
                        }
                    }
                    catch (Throwable ex) {
                        failure.compareAndSet(null, ex);
                    }
                };
                Object handle = starter.apply(task);
                if (handle instanceof Thread thread) {
                    thread.start();
                }
                running.add(handle);
            }
            go.countDown();
            Thread.sleep(duration.toMillis());
            stop.set(true);
            for (Object handle : running) {
                if (handle instanceof Thread thread) {
                    thread.join(TimeUnit.SECONDS.toMillis(100));
                    assertThat(thread.isAlive()).isFalse();
                }
                else {
                    ((FutureThread) handle).future().get(100, TimeUnit.SECONDS);
                }
            }
            assertThat(failure.get()).isNull();
            return loop;
        }

        long totalCalls() {
            return Arrays.stream(calls).sum();
        }

        void assertEveryCallerProgressed() {
            long total = totalCalls();
            for (int caller = 0; caller < calls.length; caller++) {
                assertThat(calls[caller]).as("caller %d of %d made its share of %d calls (calls: %s)", caller,
                        calls.length, total, Arrays.toString(calls)).isGreaterThanOrEqualTo(Math.max(1, total / calls.length / 4));
            }
        }

        void assertOvertakesAtMost(long bound) {
            for (int caller = 0; caller < calls.length; caller++) {
                assertThat(worstOvertakes[caller]).as("calls that got in while caller %d waited (all: %s, calls: %s)",
                        caller, Arrays.toString(worstOvertakes), Arrays.toString(calls)).isLessThanOrEqualTo(bound);
            }
        }
    }
}
