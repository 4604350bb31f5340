package io.pybridge.core.internal.interpreter;

import io.pybridge.core.PythonCallInterceptor;
import org.jspecify.annotations.Nullable;

/**
 * Which interceptor the operation running on this thread passed: handles made meanwhile
 * (results, callback arguments) keep it, so their own operations are observed like the call
 * that produced them. Nested calls set their own and restore the outer one.
 */
final class InterceptorScope {

    private final ThreadLocal<PythonCallInterceptor> current = new ThreadLocal<>();

    /**
     * Makes {@code interceptor} (null: none) this thread's current one; returns the one it
     * replaces, to give to {@link #exit}. Writes the thread-local only when it changes (the
     * common case, a call from a thread with no operation running, reads it once).
     */
    @Nullable PythonCallInterceptor enter(@Nullable PythonCallInterceptor interceptor) {
        PythonCallInterceptor outer = current.get();
        if (outer != interceptor) {
            current.set(interceptor);
        }
        return outer;
    }

    /** Restores {@code outer}, as returned by the {@link #enter} that set {@code interceptor}. */
    void exit(@Nullable PythonCallInterceptor outer, @Nullable PythonCallInterceptor interceptor) {
        if (outer != interceptor) {
            current.set(outer);
        }
    }

    /** The interceptor of the operation running on this thread, or null. */
    PythonCallInterceptor current() {
        return current.get();
    }
}
