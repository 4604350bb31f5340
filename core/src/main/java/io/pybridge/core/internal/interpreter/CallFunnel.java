package io.pybridge.core.internal.interpreter;

import io.pybridge.core.PythonCallDescription;
import io.pybridge.core.PythonCallInterceptor;
import io.pybridge.core.PythonCallback;
import io.pybridge.core.PythonObject;
import io.pybridge.core.exception.DeferredStackTraces;
import io.pybridge.core.internal.attach.CallGate;
import io.pybridge.core.internal.attach.CallToken;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The one funnel every operation passes, template calls, submitted calls, client calls and
 * {@link PythonObject} operations alike: the interceptor (metrics, traces) on
 * the caller's thread, then the {@link CallGate} (permit, GIL), then a session valid for the
 * callback only.
 */
public final class CallFunnel {

    /** How far down a chain of causes deferred stack traces are looked for: a Python chain is at most 8 long, and runtime code wraps it once or twice. */
    private static final int MAX_CAUSES = 16;

    private final CallGate gate;

    private final Interpreter interpreter;

    private final InterceptorScope scope;

    CallFunnel(CallGate gate, Interpreter interpreter, InterceptorScope scope) {
        this.gate = gate;
        this.interpreter = interpreter;
        this.scope = scope;
    }

    /**
     * Runs {@code action} in a session holding the permit and the GIL, inside {@code interceptor}
     * (null: none), stoppable through {@code token} (null: not stoppable).
     *
     * <p>Written flat on purpose: every frame between the caller and Python is walked again by
     * each exception's stack trace, so the raising call pays for any extra hop here.
     *
     * @param ownAction whether {@code action} is pybridge's own code throughout, with no
     *     application callback to catch what it throws: its exceptions then take their stack trace
     *     here, on the caller's thread once the GIL and the permit are given back (see
     *     {@link DeferredStackTraces})
     */
    public <T> T call(@Nullable PythonCallInterceptor interceptor, PythonCallDescription description,
            @Nullable CallToken token, boolean ownAction, PythonCallback<T> action) {
        Supplier<T> inSession = inSession(interceptor, ownAction, action);
        if (interceptor == null) {
            return throughGate(token, inSession);
        }
        return interceptor.intercept(description, () -> throughGate(token, inSession));
    }

    /**
     * {@link #call} for a caller that already ran the interceptor (the pool, which takes an
     * interpreter inside it): handles made meanwhile still record {@code interceptor}.
     */
    <T> T attached(@Nullable PythonCallInterceptor interceptor, @Nullable CallToken token, boolean ownAction,
            PythonCallback<T> action) {
        return throughGate(token, inSession(interceptor, ownAction, action));
    }

    /**
     * The gate, then the deferred stack traces of what the call threw ({@link DeferredStackTraces}):
     * taken here, so this frame is on top and the interceptor already sees them whole.
     */
    private <T> T throughGate(@Nullable CallToken token, Supplier<T> inSession) {
        try {
            return token == null ? gate.run(inSession) : gate.run(token, inSession);
        }
        catch (RuntimeException | Error thrown) {
            // Right here, not in a helper: the walk keeps every frame above fillInStackTrace.
            // Deferral off meanwhile, or the fill would be a no-op on a thread still inside an
            // operation of pybridge's own: a call nested in it from application code it runs (a
            // record's constructor during conversion, say) must get its trace here, too.
            DeferredStackTraces traces = DeferredStackTraces.ofCurrentThread();
            boolean deferred = traces.defer(false);
            try {
                Throwable next = thrown;
                for (int depth = 0; next != null && depth < MAX_CAUSES; depth++, next = next.getCause()) {
                    if (DeferredStackTraces.isPending(next)) {
                        next.fillInStackTrace();
                    }
                }
            }
            finally {
                traces.defer(deferred);
            }
            throw thrown;
        }
    }

    private <T> Supplier<T> inSession(@Nullable PythonCallInterceptor interceptor, boolean ownAction,
            PythonCallback<T> action) {
        return () -> {
            @Nullable PythonCallInterceptor outer = scope.enter(interceptor);
            DeferredStackTraces traces = DeferredStackTraces.ofCurrentThread();
            boolean deferred = false;
            @Nullable AttachedSession session = null;
            try {
                // On the thread that runs Python (a worker, for a virtual thread's call): exceptions
                // made here wait for their stack trace until the call is back with its caller.
                // Switched inside the try and restored first, so no error can leave it on.
                deferred = traces.defer(ownAction);
                session = new AttachedSession(interpreter);
                return action.doInPython(session);
            }
            finally {
                traces.defer(deferred);
                if (session != null) {
                    session.close();
                }
                scope.exit(outer, interceptor);
            }
        };
    }

    /** Whether this thread is inside a call of this funnel's interpreter. */
    boolean isInside() {
        return gate.isInside();
    }

    /** Whether the runtime stopped taking calls (closing or closed). */
    boolean isClosing() {
        return gate.isClosing();
    }
}
