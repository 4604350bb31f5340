package io.pybridge.core.exception;

/**
 * Root of every exception pybridge throws: unchecked, like Spring's {@code DataAccessException},
 * so callers catch only what they can handle.
 */
public abstract class PythonBridgeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Whether the stack trace was deferred and not taken yet ({@link DeferredStackTraces}). Set
     * from {@link #fillInStackTrace()}, which Throwable's constructor calls before this class's
     * field initialisers run: so it has none, which would reset it. Transient: a deserialized
     * exception has the stack trace it was written with.
     */
    transient boolean stackTracePending;

    protected PythonBridgeException(String message) {
        super(message);
    }

    protected PythonBridgeException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Takes the stack trace, as usual, unless the runtime defers it on this thread
     * ({@link DeferredStackTraces}): then it stays empty and pending, for the runtime to take
     * where the operation hands back to its caller.
     */
    @Override
    public Throwable fillInStackTrace() {
        if (DeferredStackTraces.deferringOnCurrentThread()) {
            stackTracePending = true;
            return this;
        }
        stackTracePending = false;
        return super.fillInStackTrace();
    }
}
