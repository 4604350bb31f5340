package io.pybridge.core.exception;

/** A module could not be imported: {@code ModuleNotFoundError} or another {@code ImportError}. */
public class PythonImportException extends PythonException {

    private static final long serialVersionUID = 1L;

    public PythonImportException(PythonError error) {
        super(error);
    }

    public PythonImportException(String message, PythonError error) {
        super(message, error);
    }
}
