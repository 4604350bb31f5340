package io.pybridge.core.exception;

/**
 * A client method does not match its Python function: the module or function is missing, or
 * its signature cannot take the method's parameters. The message names the interface, the
 * method and the Python function; the cause tells what Python said.
 */
public class PythonClientValidationException extends PythonBridgeException {

    private static final long serialVersionUID = 1L;

    private final java.util.List<String> problems;

    public PythonClientValidationException(String message, Throwable cause) {
        super(message, cause);
        this.problems = java.util.List.of(message);
    }

    /**
     * Several methods of one client at once: {@code problems} has one entry per broken method,
     * the others are suppressed exceptions of this one.
     */
    public PythonClientValidationException(String message, java.util.List<String> problems, Throwable cause) {
        super(message, cause);
        this.problems = java.util.List.copyOf(problems);
    }

    /** One entry per broken method, each naming the method, its Python function and what is wrong. */
    public java.util.List<String> getProblems() {
        return problems;
    }
}
