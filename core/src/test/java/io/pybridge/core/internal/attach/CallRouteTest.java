package io.pybridge.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/** The inline or hand-off decision, on real threads of known stack sizes, without an interpreter. */
class CallRouteTest {

    private static final long KIB = 1024;

    @Test
    void aPlatformThreadWithTheMinimumStackRunsInline() throws Exception {
        assertThat(onThread(16 * 1024 * KIB, () -> route(false, 256 * KIB))).isEqualTo(CallRoute.INLINE);
    }

    @Test
    void aPlatformThreadBelowTheMinimumHandsOffToItsOwnWorker() throws Exception {
        assertThat(onThread(512 * KIB, () -> route(false, 16 * 1024 * KIB))).isEqualTo(CallRoute.DEDICATED_WORKER);
    }

    @Test
    void workersModeSendsEveryCallerToTheSharedWorkers() throws Exception {
        assertThat(onThread(16 * 1024 * KIB, () -> route(true, 256 * KIB))).isEqualTo(CallRoute.SHARED_WORKER);
    }

    @Test
    void aWorkerRunsItsWorkItselfWhateverItsStackAndTheMode() throws Exception {
        AtomicReference<CallRoute> seen = new AtomicReference<>();
        Thread worker = new WorkerThread(() -> seen.set(route(true, 1024 * 1024 * KIB)), "route-test-worker", 512 * KIB);
        worker.start();
        worker.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(seen.get()).isEqualTo(CallRoute.INLINE);
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void aVirtualThreadGoesToTheSharedWorkers() throws Exception {
        ExecutorService virtual = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor")
                .invoke(null);
        try {
            assertThat(virtual.submit(() -> route(false, 256 * KIB)).get(30, TimeUnit.SECONDS))
                    .isEqualTo(CallRoute.SHARED_WORKER);
        }
        finally {
            virtual.shutdown();
        }
    }

    private static CallRoute route(boolean workersOnly, long minimumStack) {
        return CallRoute.of(new Attachment(Thread.currentThread(), false), workersOnly, minimumStack);
    }

    private static CallRoute onThread(long stackSize, Supplier<CallRoute> task) throws InterruptedException {
        AtomicReference<CallRoute> seen = new AtomicReference<>();
        Thread thread = new Thread(null, () -> seen.set(task.get()), "route-test", stackSize);
        thread.start();
        thread.join(TimeUnit.SECONDS.toMillis(30));
        return seen.get();
    }
}
