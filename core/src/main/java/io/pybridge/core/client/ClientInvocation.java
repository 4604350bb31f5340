package io.pybridge.core.client;

import io.pybridge.core.PythonFuture;

/**
 * One call of a client method, handed to a {@link ClientCallDecorator}: run it here with
 * {@link #proceed()}, or on the client executor with {@link #submit()} to get a future whose
 * cancellation stops the Python code (what a time limit needs).
 */
public interface ClientInvocation {

    /** The method being called. */
    ClientMethod method();

    /** Calls the Python function on this thread; Python errors already mapped. */
    Object proceed();

    /**
     * Calls the Python function on the client executor; cancelling the future stops Python. For
     * an {@code async def}, the future is its coroutine's, awaited on the interpreter's event loop
     * with no executor thread; cancelling it cancels the task.
     */
    PythonFuture<Object> submit();
}
