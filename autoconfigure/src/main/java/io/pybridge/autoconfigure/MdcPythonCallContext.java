package io.pybridge.autoconfigure;

import io.pybridge.core.runtime.PythonCallContext;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Carries SLF4J's MDC from the caller to the worker that runs its call, so Python log records
 * (and Java callbacks' log lines) emitted during a call carry the request's keys, such as the
 * {@code traceId} and {@code spanId} Micrometer Tracing puts there while the call's observation is
 * open. The worker's own MDC is put back once the call is over.
 */
final class MdcPythonCallContext implements PythonCallContext {

    @Override
    public @Nullable Object capture() {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return context == null || context.isEmpty() ? null : context;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Scope restore(@Nullable Object captured) {
        Map<String, String> previous = MDC.getCopyOfContextMap();
        if (captured == null && (previous == null || previous.isEmpty())) {
            return Scope.EMPTY;
        }
        if (captured == null) {
            MDC.clear();
        }
        else {
            MDC.setContextMap((Map<String, String>) captured);
        }
        return () -> {
            if (previous == null) {
                MDC.clear();
            }
            else {
                MDC.setContextMap(previous);
            }
        };
    }
}
