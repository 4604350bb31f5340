package io.pybridge.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pybridge.core.exception.PythonClosedException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hand-over to a caller's own big-stack worker, without an interpreter. */
class DedicatedWorkersTest {

    private static final long STACK = 16L << 20;

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void eachCallerKeepsOneWorkerWithTheBigStack() throws Exception {
        DedicatedWorkers workers = new DedicatedWorkers(STACK);
        List<Thread> ranOn = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ranOn.add(workers.run(Thread::currentThread));
        }
        assertThat(ranOn).allMatch(thread -> thread == ranOn.get(0));
        assertThat(ranOn.get(0)).isInstanceOf(WorkerThread.class);
        assertThat(ranOn.get(0).getName()).isEqualTo("pybridge-for-" + Thread.currentThread().getName());
        assertThat(io.pybridge.core.internal.capi.LibC.currentThreadStackSize()).isPositive();
        assertThat(workers.run(io.pybridge.core.internal.capi.LibC::currentThreadStackSize)).isGreaterThanOrEqualTo(STACK);
        FutureTask<Thread> other = new FutureTask<>(() -> workers.run(Thread::currentThread));
        new Thread(other).start();
        assertThat(other.get(1, TimeUnit.MINUTES)).isNotSameAs(ranOn.get(0));
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void failuresComeBackToTheCallerWithItsStack() {
        DedicatedWorkers workers = new DedicatedWorkers(STACK);
        IllegalStateException thrown = new IllegalStateException("on the worker");
        Throwable caught = catchThrowable(() -> workers.run(() -> {
            throw thrown;
        }));
        assertThat(caught).isSameAs(thrown);
        assertThat(caught.getSuppressed()).singleElement().satisfies(
                suppressed -> assertThat(suppressed.getMessage()).contains(Thread.currentThread().getName()));
        StackOverflowError error = new StackOverflowError();
        assertThat(catchThrowable(() -> workers.run(() -> {
            throw error;
        }))).isSameAs(error);
        assertThat(workers.run(() -> "still works")).isEqualTo("still works");
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aWorkerEndsAfterItsCallerAndShutdownEndsTheRest() throws Exception {
        DedicatedWorkers workers = new DedicatedWorkers(STACK);
        Thread[] worker = new Thread[1];
        Thread caller = new Thread(() -> worker[0] = workers.run(Thread::currentThread));
        caller.start();
        caller.join();
        worker[0].join(); // within DedicatedWorkers.IDLE_CHECK of the caller's death
        workers.run(() -> 1);
        assertThat(workers.liveCount()).isEqualTo(1);
        workers.shutdown();
        assertThat(workers.awaitTermination(TimeUnit.MINUTES.toMillis(1))).isTrue();
        assertThat(workers.liveCount()).isZero();
        assertThat(catchThrowable(() -> workers.run(() -> 1))).isInstanceOf(PythonClosedException.class);
    }
}
