package io.pybridge.core.runtime;

import io.pybridge.core.internal.capi.CApi;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A platform daemon thread with a thread state of its own (made with {@code PyThreadState_New},
 * never through PyGILState, see {@link ThreadStates}) for the jobs that need the GIL but no
 * permit: deleting the thread states of dead threads periodically, probing that the GIL can be
 * had (health), and raising asynchronous exceptions at shutdown.
 */
final class HousekeepingThread {

    private final CApi api;

    private final ThreadStates threadStates;

    private final ScheduledExecutorService executor;

    /** This thread's own thread state; created on the reaper thread on first use. */
    private long tstate;

    /**
     * @param stackSize the thread's stack: clearing a dead thread's state can run Python code
     *     ({@code __del__} of its thread-local data), which needs the stack CPython assumes
     */
    HousekeepingThread(CApi api, ThreadStates threadStates, Duration interval, long stackSize) {
        this.api = api;
        this.threadStates = threadStates;
        this.executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(null, task, "pybridge-housekeeping", stackSize);
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, interval.toMillis());
        executor.scheduleWithFixedDelay(this::reapIfNeeded, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** The probe in progress, shared by concurrent health checks so they never pile up. */
    private java.util.concurrent.Future<Long> pendingProbe;

    /**
     * Takes and releases the GIL on this thread, waiting at most {@code timeout}.
     *
     * @return how long getting the GIL took, or -1 if it did not come within the timeout
     */
    long probe(Duration timeout) {
        java.util.concurrent.Future<Long> probe;
        synchronized (this) {
            if (pendingProbe == null || pendingProbe.isDone()) {
                pendingProbe = executor.submit(() -> {
                    long begin = System.nanoTime();
                    attach();
                    api.PyEval_SaveThread();
                    return System.nanoTime() - begin;
                });
            }
            probe = pendingProbe;
        }
        try {
            return probe.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException | java.util.concurrent.RejectedExecutionException ex) {
            return -1;
        }
        catch (ExecutionException ex) {
            return -1;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Reaps now and waits for it; returns how many thread states were reclaimed. */
    int reapNow() {
        return await(() -> reapIfNeeded());
    }

    /** Runs {@code job} on this thread holding the GIL, without waiting for it. */
    void submitWithGil(Runnable job) {
        try {
            executor.execute(() -> {
                attach();
                try {
                    job.run();
                }
                finally {
                    api.PyEval_SaveThread();
                }
            });
        }
        catch (java.util.concurrent.RejectedExecutionException shutDown) {
            // The runtime is closing; its own shutdown interrupts whatever still runs.
        }
    }

    private int reapIfNeeded() {
        if (threadStates.deadAttachments().isEmpty()) {
            return 0; // the common case costs no GIL acquisition
        }
        attach();
        try {
            return threadStates.reapDeadThreads();
        }
        finally {
            api.PyEval_SaveThread();
        }
    }

    private void attach() {
        if (tstate == 0) {
            tstate = api.PyThreadState_New(api.PyInterpreterState_Main());
        }
        api.PyEval_RestoreThread(tstate);
    }

    private <T> T await(java.util.concurrent.Callable<T> job) {
        try {
            return executor.submit(job).get(1, TimeUnit.MINUTES);
        }
        catch (ExecutionException ex) {
            throw ex.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(ex.getCause());
        }
        catch (TimeoutException ex) {
            throw new IllegalStateException("The pybridge reaper did not get the GIL within a minute", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the pybridge reaper", ex);
        }
    }

    /** Stops the thread; returns whether it ended within {@code timeout}. */
    boolean shutdown(Duration timeout) throws InterruptedException {
        executor.shutdownNow();
        return executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
