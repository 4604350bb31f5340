package io.pybridge.core.exception;

import java.time.Duration;

/**
 * A Python call passed its time limit. The Python code was stopped with an asynchronous
 * exception (code inside a C call stops when it returns to Python), so the interpreter is free
 * for the next call.
 */
public class PythonTimeoutException extends PythonBridgeException {

    private static final long serialVersionUID = 1L;

    public PythonTimeoutException(String call, Duration limit, Throwable cause) {
        super("Python call " + call + " exceeded its time limit of " + limit.toMillis() + " ms and was stopped", cause);
    }
}
