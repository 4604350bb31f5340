package io.pybridge.core.exception;

/**
 * The function rejected the arguments before running any of its code: wrong number of
 * positional arguments, an unknown or missing keyword (a {@code TypeError} with no frame of the
 * callee in its traceback).
 */
public class PythonArgumentException extends PythonException {

    private static final long serialVersionUID = 1L;

    public PythonArgumentException(String message, PythonError error) {
        super(message, error);
    }
}
