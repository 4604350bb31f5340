package io.pybridge.core.internal.interpreter;

import org.jspecify.annotations.Nullable;

/**
 * What a call that may return an awaitable started: either the result, converted at once (the
 * function was a plain {@code def}), or an awaitable the interpreter's {@link EventLoop} now
 * runs, which reports to the call's {@link Completion} when it ends and which {@link #cancel()}
 * cancels.
 */
public final class AwaitedCall {

    /** What an awaited call reports when it ends; called on the common pool, never holding a lock or the GIL. */
    public interface Completion {

        /** The awaitable's result, converted to the requested type. */
        void succeeded(@Nullable Object value);

        /**
         * The awaitable raised (a {@code PythonException} with its traceback), was cancelled
         * ({@code CancelledError}), or the runtime closed first ({@code PythonClosedException}).
         */
        void failed(Throwable error);
    }

    private final EventLoop.@Nullable Pending pending;

    private final @Nullable Object value;

    private AwaitedCall(EventLoop.@Nullable Pending pending, @Nullable Object value) {
        this.pending = pending;
        this.value = value;
    }

    static AwaitedCall pending(EventLoop.Pending pending) {
        return new AwaitedCall(pending, null);
    }

    static AwaitedCall immediate(@Nullable Object value) {
        return new AwaitedCall(null, value);
    }

    /** Whether the result came at once; the completion is then never called. */
    public boolean isImmediate() {
        return pending == null;
    }

    /** The result that came at once (see {@link #isImmediate()}). */
    public @Nullable Object value() {
        return value;
    }

    /**
     * Whether the calling thread would wait forever for this awaitable: it is inside a call of the
     * interpreter whose loop runs it (an {@code execute} block, a Java function Python called), so
     * it holds the GIL the loop needs.
     */
    public boolean waitingWouldDeadlock() {
        return pending != null && pending.waitingWouldDeadlock();
    }

    /**
     * Cancels the awaitable's task ({@code CancelledError} at its next await); never blocks. The
     * completion is still called once the task has ended. Does nothing for an immediate result.
     */
    public void cancel() {
        if (pending != null) {
            pending.cancel();
        }
    }
}
