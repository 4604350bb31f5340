package io.pybridge.core.client;

import io.pybridge.core.PythonFuture;
import io.pybridge.core.exception.PythonException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What an asynchronous client method of an {@code async def} returns: the awaited result, or
 * the error with the method's {@link PythonExceptionMapping}s applied; cancelling it cancels the
 * coroutine's task (a stage derived from it with {@code thenApply} and friends does not: cancel
 * this one).
 */
final class CoroutineResult extends CompletableFuture<Object> {

    private final PythonFuture<Object> source;

    private CoroutineResult(PythonFuture<Object> source) {
        this.source = source;
    }

    /** The client's view of {@code source}: same outcome, errors mapped for {@code method}. */
    static CoroutineResult of(PythonFuture<Object> source, ClientMethod method) {
        CoroutineResult result = new CoroutineResult(source);
        source.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            }
            else {
                result.completeExceptionally(mapped(error, method));
            }
        });
        return result;
    }

    /**
     * Waits for {@code source} (a decorator's {@code proceed()}): no permit is held meanwhile,
     * only this thread.
     */
    static Object await(PythonFuture<Object> source, ClientMethod method) {
        try {
            return source.get();
        }
        catch (ExecutionException ex) {
            Throwable cause = mapped(ex.getCause(), method);
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new CompletionException(cause);
        }
        catch (InterruptedException ex) {
            source.cancel(true);
            Thread.currentThread().interrupt();
            throw new CancellationException("Interrupted while awaiting " + method.describe());
        }
    }

    private static Throwable mapped(Throwable error, ClientMethod method) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause instanceof PythonException python ? method.map(python) : cause;
    }

    /** Cancels this future and the coroutine's task; never blocks. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        if (cancelled) {
            source.cancel(mayInterruptIfRunning);
        }
        return cancelled;
    }
}
