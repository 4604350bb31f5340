package io.pybridge.core.exception;

/**
 * An extension module cannot be loaded in a pooled (own-GIL sub-interpreter) Python: it keeps
 * process-wide state, as numpy and PyO3-based modules do today. The pooled interpreter stays
 * healthy; call code that needs the module in the main interpreter instead.
 */
public class PythonIsolationException extends PythonImportException {

    private static final long serialVersionUID = 1L;

    private final String module;

    public PythonIsolationException(String module, PythonError error) {
        super("The Python extension module " + module + " cannot be loaded in a pooled sub-interpreter (it keeps "
                + "process-wide state); call the code that needs it in the main interpreter (PythonInterpreter.MAIN)",
                error);
        this.module = module;
    }

    /** The extension module that was refused, as CPython named it. */
    public String getModule() {
        return module;
    }
}
