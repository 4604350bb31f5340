package io.pybridge.core.exception;

/**
 * A {@code RecursionError}: Python code recursed past the interpreter's recursion limit, or Java
 * callbacks nested deeper than pybridge allows (see the threading model docs). The interpreter
 * is healthy afterwards.
 */
public class PythonRecursionException extends PythonException {

    private static final long serialVersionUID = 1L;

    public PythonRecursionException(PythonError error) {
        super(error);
    }
}
