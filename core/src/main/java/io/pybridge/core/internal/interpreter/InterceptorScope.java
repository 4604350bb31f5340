package io.pybridge.core.internal.interpreter;

import io.pybridge.core.PythonCallInterceptor;
import java.util.function.Supplier;

/**
 * Which interceptor the operation running on this thread passed: handles made meanwhile
 * (results, callback arguments) keep it, so their own operations are observed like the call
 * that produced them. Nested calls set their own and restore the outer one.
 */
final class InterceptorScope {

    private final ThreadLocal<PythonCallInterceptor> current = new ThreadLocal<>();

    /** Runs {@code work} with {@code interceptor} (null: none) as this thread's current one. */
    <T> T with(PythonCallInterceptor interceptor, Supplier<T> work) {
        PythonCallInterceptor outer = current.get();
        current.set(interceptor);
        try {
            return work.get();
        }
        finally {
            current.set(outer);
        }
    }

    /** The interceptor of the operation running on this thread, or null. */
    PythonCallInterceptor current() {
        return current.get();
    }
}
