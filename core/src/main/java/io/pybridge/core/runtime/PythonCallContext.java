package io.pybridge.core.runtime;

import org.jspecify.annotations.Nullable;

/**
 * Thread-bound context (SLF4J's MDC, a security context, ...) carried from the caller's thread
 * to the worker that runs the call, when pybridge hands a call off: from a virtual thread, from
 * a platform thread whose stack is too small for Python (a Tomcat request thread), or in
 * {@link ExecutionMode#WORKERS}. Without it, Python log records and Java callbacks on the worker
 * would not see the request's {@code traceId}.
 *
 * <p>{@link #capture()} runs on the caller's thread just before the hand-off, after the call
 * interceptor (an observation) has opened its scope; {@link #restore(Object)} runs on the worker
 * around the call, and its {@link Scope} is closed in {@code finally} once the call is over, so a
 * worker never keeps one caller's context for the next.
 */
public interface PythonCallContext {

    /** Carries nothing. */
    PythonCallContext NONE = new PythonCallContext() {
        @Override
        public @Nullable Object capture() {
            return null;
        }

        @Override
        public Scope restore(@Nullable Object captured) {
            return Scope.EMPTY;
        }
    };

    /** What to carry, read on the caller's thread; null for nothing. */
    @Nullable Object capture();

    /** Installs {@code captured} on the current (worker) thread until the scope closes. */
    Scope restore(@Nullable Object captured);

    /** Undoes a {@link #restore(Object)}. */
    @FunctionalInterface
    interface Scope extends AutoCloseable {

        /** Undoes nothing. */
        Scope EMPTY = () -> {
        };

        @Override
        void close();
    }
}
