package io.pybridge.core.exception;

/** A {@code SyntaxError} (or {@code IndentationError}) in code pybridge compiled or Python imported. */
public class PythonSyntaxException extends PythonException {

    private static final long serialVersionUID = 1L;

    public PythonSyntaxException(PythonError error) {
        super(error);
    }

    public PythonSyntaxException(String message, PythonError error) {
        super(message, error);
    }
}
