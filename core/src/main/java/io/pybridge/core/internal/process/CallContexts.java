package io.pybridge.core.internal.process;

import io.pybridge.core.runtime.PythonCallContext;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jspecify.annotations.Nullable;

/**
 * The callers' thread-bound context (the MDC's {@code traceId}...) of a worker's recent calls, by
 * call number, for its log lines: they are read on the worker's stderr thread, often after the
 * call that wrote them has returned, and each names the call it was written in. The context is
 * captured on the caller's thread as the call is sent and restored around the line's logging.
 * The last {@value #KEPT} calls are kept: a line read later than that is logged without one.
 */
final class CallContexts {

    private static final int KEPT = 16;

    /** A captured context and the call it belongs to. */
    private record Entry(long call, @Nullable Object captured) {
    }

    private final PythonCallContext context;

    private final AtomicReferenceArray<@Nullable Entry> recent = new AtomicReferenceArray<>(KEPT);

    CallContexts(PythonCallContext context) {
        this.context = context;
    }

    /** On the caller's thread, as call {@code call} is sent. */
    void begin(long call) {
        if (context != PythonCallContext.NONE) {
            recent.set((int) (call % KEPT), new Entry(call, context.capture()));
        }
    }

    /** Installs the context of call {@code call} on this thread, if it is still kept; 0 is no call. */
    PythonCallContext.Scope restore(long call) {
        Entry entry = call > 0 ? recent.get((int) (call % KEPT)) : null;
        return entry != null && entry.call() == call ? context.restore(entry.captured()) : PythonCallContext.Scope.EMPTY;
    }
}
