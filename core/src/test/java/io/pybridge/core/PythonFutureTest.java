package io.pybridge.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.exception.PythonException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cancelling a submitted call really stops the Python code and frees the interpreter. */
@CPythonTest
class PythonFutureTest {

    private final PythonTemplate python = SharedRuntime.template();

    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopExecutor() throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void submittedCallsComplete() throws Exception {
        PythonFuture<Long> future = python.submit(session -> session.eval("6 * 7", Long.class), executor);
        assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo(42L);
        PythonFuture<Object> failing = python.submit(session -> session.call("pybridge_testmod", "fail", "x"), executor);
        assertThatThrownBy(() -> failing.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(PythonException.class);
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aRunawayLoopIsStoppedTwentyTimesInARow() throws Exception {
        PythonRuntime runtime = SharedRuntime.get();
        long slowestMillis = 0;
        for (int round = 0; round < 20; round++) {
            long begin = System.nanoTime();
            PythonFuture<Object> runaway = python.submit(session -> {
                session.exec("while True:\n    pass\n");
                return null;
            }, executor);
            assertThatThrownBy(() -> runaway.get(100, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
            assertThat(runaway.cancel(true)).isTrue();
            // The interpreter is free again: the next call gets the permit and the GIL.
            assertThat(python.eval("1 + 1")).isEqualTo(2L);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
            slowestMillis = Math.max(slowestMillis, tookMillis);
            // A hang guard only (the stop takes a few ms past the 100 ms wait): speed is JMH's job.
            assertThat(tookMillis).as("round %d", round).isLessThan(30_000);
            assertThatThrownBy(runaway::join).isInstanceOf(CancellationException.class);
        }
        // No interrupt leaks into later calls on the executor's threads.
        for (int i = 0; i < 10; i++) {
            assertThat(python.submit(session -> session.eval("sum(range(10000))", Long.class), executor)
                    .get(10, TimeUnit.SECONDS)).isEqualTo(49995000L);
        }
        // Exact, not eventually: the gate counts a call out before giving its permit back.
        assertThat(runtime.gateSnapshot().inFlight()).isZero();
        System.out.println("PythonFutureTest: 20 runaway loops stopped; slowest round (100 ms wait + stop + next call) "
                + slowestMillis + " ms");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aStoppedLoopCanCleanUpButNotSwallowTheInterrupt() throws Exception {
        python.exec("_cleanup = []\n"
                + "def stubborn(started):\n"
                + "    try:\n"
                // Inside the try: the stop may be raised the moment the callback returns, before the loop.
                + "        started()\n"
                + "        while True:\n"
                + "            try:\n"
                + "                pass\n"
                + "            except Exception:\n"
                + "                pass\n"
                + "    finally:\n"
                + "        _cleanup.append('done')\n");
        // Cancelled only once the loop runs: a call cancelled before it starts never starts at all.
        CountDownLatch started = new CountDownLatch(1);
        Runnable signal = started::countDown;
        PythonFuture<Object> call = python.submit(session -> session.call("__main__", "stubborn", signal), executor);
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        CountDownLatch finished = new CountDownLatch(1);
        call.whenFinished(finished::countDown);
        call.cancel(true);
        // Not swallowed: the call really ends (a hang guard; it takes milliseconds), and its finally ran.
        assertThat(finished.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(python.eval("_cleanup", java.util.List.class)).containsExactly("done");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aCallCancelledWhileWaitingNeverStarts() throws Exception {
        python.exec("_started = False");
        PermitHolder holder = PermitHolder.hold(python);
        PythonFuture<Object> waiting = python.submit(session -> {
            session.exec("_started = True");
            return null;
        }, executor);
        try {
            Thread.sleep(100);
            waiting.cancel(true);
        }
        finally {
            holder.close();
        }
        Thread.sleep(100);
        assertThat(python.eval("_started", Boolean.class)).isFalse();
    }
}
