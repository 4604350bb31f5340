package io.pybridge.core.exception;

/**
 * Python code was stopped from Java: a time limit passed, the call was cancelled, or the
 * runtime shut down. Python saw it as {@code _pybridge.Interrupted} (a {@code BaseException},
 * so {@code except Exception} blocks do not swallow it).
 */
public class PythonInterruptedException extends PythonException {

    private static final long serialVersionUID = 1L;

    public PythonInterruptedException(PythonError error) {
        super("The Python call was stopped", error);
    }
}
