package io.pybridge.core.exception;

/** The Python runtime is shutting down or has shut down and accepts no new calls. */
public class PythonClosedException extends PythonBridgeException {

    private static final long serialVersionUID = 1L;

    public PythonClosedException(String message) {
        super(message);
    }

    /** The exception for a call that reaches a runtime that is shutting down (or shut down). */
    public static PythonClosedException shuttingDown() {
        return new PythonClosedException("The Python runtime is shutting down and accepts no new calls");
    }
}
