package io.pybridge.core;

import java.util.function.Supplier;

/**
 * Runs around every {@link PythonTemplate} operation, on the caller's thread, before the permit
 * is taken: the hook for metrics and tracing (the Spring starter installs a Micrometer
 * Observation here). Nested operations (Java called from Python calling Python again) are
 * intercepted too, inside the outer one.
 */
@FunctionalInterface
public interface PythonCallInterceptor {

    /**
     * @param call what is being done
     * @param proceed runs the operation; call it exactly once and return its result
     */
    <T> T intercept(PythonCallDescription call, Supplier<T> proceed);
}
