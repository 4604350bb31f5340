package io.pybridge.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.runtime.ThreadStateSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Persistent thread states: what Python keeps per thread survives, dead threads are reclaimed. */
@CPythonTest
class ThreadStatesTest {

    private static final String MOD = "pybridge_testmod";

    private final PythonTemplate python = SharedRuntime.template();

    @Test
    void threadLocalDataSurvivesBetweenCallsOnTheSameThread() throws Exception {
        python.call(MOD, "remember", "main-thread value");
        assertThat(python.call(MOD, "recall")).isEqualTo("main-thread value");
        List<Object> otherThread = new ArrayList<>();
        Thread other = new Thread(() -> {
            otherThread.add(python.call(MOD, "recall"));
            python.call(MOD, "remember", "other value");
            otherThread.add(python.call(MOD, "recall"));
        });
        other.start();
        other.join();
        assertThat(otherThread).containsExactly(null, "other value");
        assertThat(python.call(MOD, "recall")).isEqualTo("main-thread value");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void pythonThreadsKeepRunningBetweenCallsAndComplete() throws Exception {
        python.call(MOD, "start_counter", "counter-1", 200);
        Map<?, ?> early = (Map<?, ?>) python.call(MOD, "counter_state", "counter-1");
        Map<?, ?> state = early;
        while (!Boolean.TRUE.equals(state.get("done"))) {
            Thread.sleep(20); // no call in progress: the Python thread must progress on its own
            state = (Map<?, ?>) python.call(MOD, "counter_state", "counter-1");
        }
        assertThat((Long) early.get("count")).isLessThan(200L);
        assertThat(state.get("count")).isEqualTo(200L);
        python.exec("import time\n_, s = __import__('pybridge_testmod')._threads['counter-1']\n"
                + "t = __import__('pybridge_testmod')._threads['counter-1'][0]\nt.join(5)");
        assertThat(((Map<?, ?>) python.call(MOD, "counter_state", "counter-1")).get("alive")).isEqualTo(false);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void threadStatesOfDeadThreadsAreReclaimed() throws Exception {
        PythonRuntime runtime = SharedRuntime.get();
        python.eval("1"); // this thread has its state already
        runtime.reapThreadStates();
        ThreadStateSnapshot before = runtime.threadStateSnapshot();
        AtomicInteger ok = new AtomicInteger();
        for (int batch = 0; batch < 10; batch++) {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                long n = batch * 100L + i;
                Thread thread = new Thread(() -> {
                    if (Long.valueOf(n + 1).equals(python.call(MOD, "add", n, 1))) {
                        ok.incrementAndGet();
                    }
                });
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }
        assertThat(ok.get()).isEqualTo(1000);
        ThreadStateSnapshot grown = runtime.threadStateSnapshot();
        assertThat(grown.created() - before.created()).isEqualTo(1000);
        // Callers with Java's default stack ran on dedicated workers, which end shortly after
        // their callers (DedicatedWorkers.IDLE_CHECK): reap until all 1,000 are back.
        ThreadStateSnapshot after;
        do {
            Thread.sleep(50);
            runtime.reapThreadStates();
            after = runtime.threadStateSnapshot();
        }
        while (after.reclaimed() - before.reclaimed() < 1000);
        int liveCallingThreads = (int) Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("pybridge-") || t == Thread.currentThread()).count();
        System.out.printf("ThreadStatesTest: 1,000 short-lived callers: live %d -> %d -> %d after reaping "
                + "(created +%d, reclaimed +%d, live calling threads %d)%n", before.live(), grown.live(), after.live(),
                after.created() - before.created(), after.reclaimed() - before.reclaimed(), liveCallingThreads);
        assertThat(after.live()).isLessThanOrEqualTo(before.live()).isLessThanOrEqualTo(liveCallingThreads + 70);
        assertThat(after.reclaimed() - before.reclaimed()).isGreaterThanOrEqualTo(1000);
        // Reclaiming did not disturb the interpreter or this thread's own state.
        assertThat(python.call(MOD, "add", 1, 1)).isEqualTo(2L);
        Thread fresh = new Thread(() -> python.call(MOD, "add", 1, 1));
        fresh.start();
        fresh.join();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void theReaperRunsOnItsOwn() throws Exception {
        PythonRuntime runtime = SharedRuntime.get();
        long reclaimedBefore = runtime.threadStateSnapshot().reclaimed();
        Thread shortLived = new Thread(() -> python.eval("2 + 2"));
        shortLived.start();
        shortLived.join();
        // The shared test runtime reaps every 200 ms.
        while (runtime.threadStateSnapshot().reclaimed() == reclaimedBefore) {
            Thread.sleep(50);
        }
        assertThat(runtime.threadStateSnapshot().reclaimed()).isGreaterThan(reclaimedBefore);
    }
}
