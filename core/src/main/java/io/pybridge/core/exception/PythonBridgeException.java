package io.pybridge.core.exception;

/**
 * Root of every exception pybridge throws: unchecked, like Spring's {@code DataAccessException},
 * so callers catch only what they can handle.
 */
public abstract class PythonBridgeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected PythonBridgeException(String message) {
        super(message);
    }

    protected PythonBridgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
