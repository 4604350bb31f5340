package io.pybridge.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The result of a Python call submitted to run on another thread
 * ({@link PythonOperations#submit}). Cancelling it really stops the Python code: a call not yet
 * started never starts, a running one gets {@code _pybridge.Interrupted} raised in it and
 * unwinds, freeing the permit and the GIL for the next caller. For a coroutine
 * ({@link PythonOperations#callAsync}), cancelling cancels its asyncio task, which gets
 * {@code CancelledError} at its next {@code await}. (Stages derived with
 * {@code thenApply} and friends are plain futures; cancel this one.)
 *
 * @param <T> the result type
 */
public final class PythonFuture<T> extends CompletableFuture<T> {

    /** Stops the Python call behind this future (never blocks). */
    private final Runnable stop;

    /** Completes when the task has really ended (ran, failed, or was skipped), also after a cancel. */
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    /** Whether the calling thread must not wait: it holds the GIL the awaited coroutine needs. */
    private final BooleanSupplier waitingWouldDeadlock;

    PythonFuture(Runnable stop) {
        this(stop, () -> false);
    }

    PythonFuture(Runnable stop, BooleanSupplier waitingWouldDeadlock) {
        this.stop = stop;
        this.waitingWouldDeadlock = waitingWouldDeadlock;
    }

    /**
     * Waits for the result.
     *
     * @throws IllegalStateException if this is a coroutine's future not yet done and the calling
     *     thread is inside a Python call of the coroutine's interpreter: it holds the GIL the
     *     event loop needs, so it would wait forever
     */
    @Override
    public T get() throws InterruptedException, ExecutionException {
        refuseDeadlock();
        return super.get();
    }

    /** Waits at most {@code timeout}; refuses a wait that could never end, as {@link #get()}. */
    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        refuseDeadlock();
        return super.get(timeout, unit);
    }

    /** Waits for the result; refuses a wait that could never end, as {@link #get()}. */
    @Override
    public T join() {
        refuseDeadlock();
        return super.join();
    }

    private void refuseDeadlock() {
        if (!isDone() && waitingWouldDeadlock.getAsBoolean()) {
            throw new IllegalStateException("Waiting for a coroutine inside a Python call of its interpreter (an execute() "
                    + "block, or a Java function Python called) would wait forever: this thread holds the GIL its event "
                    + "loop needs. Chain a stage (thenApply, whenComplete) or wait outside the call.");
        }
    }

    /** Called by the submitting template when the task is over, whatever happened to this future. */
    void markFinished() {
        finished.complete(null);
    }

    /**
     * Runs {@code action} once the Python code has really ended: after completion, or, for a
     * cancelled call, once it has unwound (a cancelled future completes at once, while Python
     * may still be stopping). For resources held for the duration of the Python code.
     */
    public void whenFinished(Runnable action) {
        finished.thenRun(action);
    }

    /**
     * Cancels the future and stops the Python call behind it; never blocks.
     *
     * @param mayInterruptIfRunning ignored: a running Python call is always stopped
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            stop.run();
        }
        return cancelled;
    }
}
