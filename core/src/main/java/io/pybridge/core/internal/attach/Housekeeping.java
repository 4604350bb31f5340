package io.pybridge.core.internal.attach;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A platform daemon thread with a thread state of its own (never gilstate-bound, see
 * {@link ThreadStates}) for the jobs that need the GIL but no permit: deleting the thread states
 * of dead threads periodically, probing that the GIL can be had (health), and raising
 * asynchronous exceptions (stopping a call, shutdown). It takes the GIL the one way every
 * pybridge thread does, {@link ThreadStates#attach}.
 */
final class Housekeeping {

    private final ThreadStates threadStates;

    private final ScheduledExecutorService executor;

    /** This thread's own attachment; created on the housekeeping thread on first use. */
    private Attachment own;

    /** The probe in progress, shared by concurrent health checks so they never pile up. */
    private Future<Long> pendingProbe;

    /**
     * @param stackSize the thread's stack: clearing a dead thread's state can run Python code
     *     ({@code __del__} of its thread-local data), which needs the stack CPython assumes
     */
    Housekeeping(String interpreter, ThreadStates threadStates, Duration interval, long stackSize) {
        this.threadStates = threadStates;
        String threadName = interpreter.equals("main") ? "pybridge-housekeeping" : "pybridge-housekeeping-" + interpreter;
        this.executor = Executors.newSingleThreadScheduledExecutor(
                task -> RuntimeOwnedThreads.create(() -> new WorkerThread(task, threadName, stackSize)));
        long millis = Math.max(1, interval.toMillis());
        executor.scheduleWithFixedDelay(this::reapIfNeeded, millis, millis, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes and releases the GIL on this thread, waiting at most {@code timeout}.
     *
     * @return how long getting the GIL took, or -1 if it did not come within the timeout
     */
    long probe(Duration timeout) {
        Future<Long> probe;
        synchronized (this) {
            if (pendingProbe == null || pendingProbe.isDone()) {
                pendingProbe = executor.submit(() -> {
                    long begin = System.nanoTime();
                    withGil(() -> {
                    });
                    return System.nanoTime() - begin;
                });
            }
            probe = pendingProbe;
        }
        try {
            return probe.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException | RejectedExecutionException | ExecutionException ex) {
            return -1;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Reaps now and waits for it; returns how many thread states were reclaimed. */
    int reapNow() {
        return await(this::reapIfNeeded);
    }

    /** Runs {@code job} on this thread holding the GIL, without waiting for it; dropped once shut down. */
    void submitWithGil(Runnable job) {
        try {
            executor.execute(() -> withGil(job));
        }
        catch (RejectedExecutionException shutDown) {
            // The runtime is closing; its own shutdown interrupts whatever still runs.
        }
    }

    private int reapIfNeeded() {
        if (threadStates.deadAttachments().isEmpty()) {
            return 0; // the common case costs no GIL acquisition
        }
        int[] reaped = new int[1];
        withGil(() -> reaped[0] = threadStates.reapDeadThreads());
        return reaped[0];
    }

    /**
     * On the housekeeping thread. The thread counts as inside a call meanwhile: Python code run by
     * a job ({@code __del__} while a dead thread's state is cleared) that calls Java that calls
     * Python again re-enters instead of waiting for the GIL this thread holds.
     */
    private void withGil(Runnable job) {
        if (own == null) {
            own = threadStates.unbound();
        }
        threadStates.attach(own);
        own.enter();
        try {
            job.run();
        }
        finally {
            own.exit();
            threadStates.detach(own);
        }
    }

    private <T> T await(Callable<T> job) {
        try {
            return executor.submit(job).get(1, TimeUnit.MINUTES);
        }
        catch (ExecutionException ex) {
            throw ex.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(ex.getCause());
        }
        catch (TimeoutException ex) {
            throw new IllegalStateException("The pybridge housekeeping thread did not get the GIL within a minute", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the pybridge housekeeping thread", ex);
        }
    }

    /** Stops the thread; returns whether it ended within {@code timeout}. */
    boolean shutdown(Duration timeout) throws InterruptedException {
        executor.shutdownNow();
        return executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
