package io.pybridge.core.internal.interpreter;

import io.pybridge.core.PythonCallDescription;
import io.pybridge.core.PythonCallInterceptor;
import io.pybridge.core.PythonCallback;
import io.pybridge.core.PythonObject;
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
     */
    public <T> T call(@Nullable PythonCallInterceptor interceptor, PythonCallDescription description,
            @Nullable CallToken token, PythonCallback<T> action) {
        Supplier<T> inSession = inSession(interceptor, action);
        if (interceptor == null) {
            return token == null ? gate.run(inSession) : gate.run(token, inSession);
        }
        return interceptor.intercept(description, () -> token == null ? gate.run(inSession) : gate.run(token, inSession));
    }

    /**
     * {@link #call} for a caller that already ran the interceptor (the pool, which takes an
     * interpreter inside it): handles made meanwhile still record {@code interceptor}.
     */
    <T> T attached(@Nullable PythonCallInterceptor interceptor, @Nullable CallToken token, PythonCallback<T> action) {
        Supplier<T> inSession = inSession(interceptor, action);
        return token == null ? gate.run(inSession) : gate.run(token, inSession);
    }

    private <T> Supplier<T> inSession(@Nullable PythonCallInterceptor interceptor, PythonCallback<T> action) {
        return () -> {
            @Nullable PythonCallInterceptor outer = scope.enter(interceptor);
            AttachedSession session = new AttachedSession(interpreter);
            try {
                return action.doInPython(session);
            }
            finally {
                session.close();
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
