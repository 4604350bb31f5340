package io.pybridge.core.exception;

/**
 * A client method does not match its Python function: the module or function is missing, or
 * its signature cannot take the method's parameters. The message names the interface, the
 * method and the Python function; the cause tells what Python said.
 */
public class PythonClientValidationException extends PythonBridgeException {

    private static final long serialVersionUID = 1L;

    public PythonClientValidationException(String message, Throwable cause) {
        super(message, cause);
    }
}
