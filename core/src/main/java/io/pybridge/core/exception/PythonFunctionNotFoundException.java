package io.pybridge.core.exception;

/** The module was imported but has no callable attribute of the requested name. */
public class PythonFunctionNotFoundException extends PythonException {

    private static final long serialVersionUID = 1L;

    public PythonFunctionNotFoundException(String message, PythonError error) {
        super(message, error);
    }
}
