package io.pybridge.core.internal.attach;

import io.pybridge.core.exception.DeferredStackTraces;
import io.pybridge.core.exception.PythonClosedException;
import io.pybridge.core.runtime.ExecutionMode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The small pool of platform threads that run Python on behalf of virtual threads (and of every
 * caller in {@link ExecutionMode#WORKERS}). The GIL and a thread state belong to an OS thread;
 * a virtual thread can move to another carrier while it is parked, which was measured to abort
 * the JVM in {@code PyGILState_Release} or let two virtual threads share one carrier's GIL. So
 * a virtual caller hands over its whole unit of work and parks until the result is ready.
 */
final class SharedWorkers {

    private final ExecutorService executor;

    /**
     * @param stackSize each worker's stack in bytes: CPython's recursion limits assume a
     *     main-thread stack, and recursion through C would overflow a small one (SIGSEGV)
     */
    SharedWorkers(int threads, long stackSize) {
        AtomicInteger number = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                task -> RuntimeOwnedThreads.create(() ->
                        new WorkerThread(task, "pybridge-worker-" + number.incrementAndGet(), stackSize)));
    }

    /**
     * Runs {@code work} on a worker and waits for it without occupying a carrier thread (a
     * virtual caller parks). The wait is not interruptible: abandoning work that already runs
     * Python would leave it holding the permit with nobody to take the result. The work runs
     * under the caller's context class loader (a Java callback in it sees the caller's classes).
     */
    <T> T run(Supplier<T> work) {
        ClassLoader callerLoader = Thread.currentThread().getContextClassLoader();
        try {
            return CompletableFuture.supplyAsync(() -> RuntimeOwnedThreads.under(callerLoader, work), executor).join();
        }
        catch (RejectedExecutionException ex) {
            throw PythonClosedException.shuttingDown();
        }
        catch (CompletionException ex) {
            Throwable cause = ex.getCause();
            if (cause instanceof RuntimeException runtime) {
                // Keep the worker's exception (its Python traceback) and add the caller's stack,
                // unless it defers its own stack trace to the caller's side anyway.
                if (!DeferredStackTraces.isPending(runtime)) {
                    runtime.addSuppressed(new CallerStack());
                }
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw ex;
        }
    }

    /**
     * Stops taking work. Work already queued still runs (and is refused by the closed gate with
     * a clear exception), so no virtual-thread caller is left parked on a dropped task.
     */
    void shutdown() {
        executor.shutdown();
    }

    boolean awaitTermination(long millis) throws InterruptedException {
        return executor.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    /** Records where the handed-over call came from. */
    private static final class CallerStack extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CallerStack() {
            super("called from " + Thread.currentThread());
        }
    }
}
