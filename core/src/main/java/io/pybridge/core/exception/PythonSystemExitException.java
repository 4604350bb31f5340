package io.pybridge.core.exception;

/**
 * Python raised {@code SystemExit} ({@code sys.exit()}). pybridge never lets Python end the JVM:
 * the request arrives here as an exception with the exit code Python asked for.
 */
public class PythonSystemExitException extends PythonException {

    private static final long serialVersionUID = 1L;

    private final Integer exitCode;

    public PythonSystemExitException(PythonError error) {
        super("Python code called sys.exit(); the JVM keeps running", error);
        this.exitCode = error.exitCode();
    }

    /** The integer exit code Python passed, or null when it passed none or a non-integer. */
    public Integer getExitCode() {
        return exitCode;
    }
}
