package io.pybridge.core;

import io.pybridge.core.exception.PythonBusyException;
import io.pybridge.core.exception.PythonClosedException;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
     * Calls a Python function that may be a coroutine function ({@code async def}) and returns at
     * once. The call itself takes the permit and the GIL as any call does; if it returns an
     * awaitable (a coroutine, an asyncio future, an object with {@code __await__}), that runs on
     * the interpreter's asyncio event loop, on a thread pybridge owns, <em>without</em> a permit:
     * many calls await I/O at once while other callers keep taking turns on the permit. The
     * returned future completes with the awaited result converted to {@code resultType} (on the
     * common {@code ForkJoinPool}, never on the loop's thread), or exceptionally with the
     * {@code PythonException} the coroutine raised, its Python traceback included. A plain
     * function's result completes it at once; a failure of the call itself (the permit, a missing
     * function, bad arguments) completes it exceptionally.
     *
     * <p>Cancelling the future cancels the asyncio task: the coroutine gets {@code CancelledError}
     * at its next {@code await}, and its {@code finally} blocks run. Closing the runtime fails the
     * futures still pending with {@code PythonClosedException} and cancels their tasks.
     *
     * @param args positional arguments
     * @param keywords keyword arguments (empty for none)
     * @param resultType the Java type the awaited result converts to
     */
    PythonFuture<Object> callAsync(String module, String function, List<?> args, Map<String, ?> keywords,
            Type resultType);

    /**
     * {@link #callAsync(String, String, List, Map, Type)} with positional arguments only.
     */
    @SuppressWarnings("unchecked")
    default <T> PythonFuture<T> callAsync(String module, String function, Class<T> resultType, Object... args) {
        return (PythonFuture<T>) callAsync(module, function, Arrays.asList(args), Map.of(), resultType);
    }

    /**
     * {@link #callAsync(String, String, List, Map, Type)} with positional arguments only, to a
     * generic type such as {@code new TypeRef<List<String>>() {}}.
     */
    @SuppressWarnings("unchecked")
    default <T> PythonFuture<T> callAsync(String module, String function, TypeRef<T> resultType, Object... args) {
        return (PythonFuture<T>) callAsync(module, function, Arrays.asList(args), Map.of(), resultType.getType());
    }

    /**
     * Like {@link #submit(PythonCallback, Executor)}, described as
     * {@code call} for interceptors (metrics and traces name the module and function).
     */
    default <T> PythonFuture<T> submit(PythonCallDescription call, PythonCallback<T> action,
            Executor executor) {
        return submit(action, executor);
    }
}
