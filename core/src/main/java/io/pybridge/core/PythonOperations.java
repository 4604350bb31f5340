package io.pybridge.core;

import io.pybridge.core.exception.PythonBusyException;
import io.pybridge.core.exception.PythonClosedException;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * Python access from any Java thread. Every method takes the permit and the GIL for its own
 * duration through the call gate; {@link #execute(PythonCallback)} holds them for a whole
 * block. Implemented by {@link PythonTemplate}.
 */
public interface PythonOperations extends PythonCommands {

    /**
     * Runs {@code action} holding the permit and the GIL. Re-entrant: called again from inside
     * Python on the same thread (e.g. from a callback) it neither waits nor deadlocks.
     *
     * @throws PythonBusyException if no permit became free within the acquire timeout
     * @throws PythonClosedException if the runtime is shutting down
     */
    <T> @Nullable T execute(PythonCallback<T> action);

    /**
     * Runs {@code action} on {@code executor} and returns at once; cancelling the returned
     * future stops the Python code (see {@link PythonFuture}). The basis of time limits that
     * really stop running Python.
     */
    <T> PythonFuture<T> submit(PythonCallback<T> action, Executor executor);

    /**
     * Like {@link #submit(PythonCallback, Executor)}, described as
     * {@code call} for interceptors (metrics and traces name the module and function).
     */
    default <T> PythonFuture<T> submit(PythonCallDescription call, PythonCallback<T> action,
            Executor executor) {
        return submit(action, executor);
    }
}
