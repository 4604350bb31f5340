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

    /**
     * One failure standing for {@code failures} (at least one): their problems listed under
     * {@code "<n> methods of <subject> cannot be used:"}, the first one's cause, the others
     * suppressed. A single failure is returned as it is.
     */
    public static PythonClientValidationException combined(String subject,
            java.util.List<PythonClientValidationException> failures) {
        if (failures.size() == 1) {
            return failures.get(0);
        }
        java.util.List<String> problems = failures.stream().flatMap(failure -> failure.getProblems().stream()).toList();
        String nl = System.lineSeparator();
        PythonClientValidationException all = new PythonClientValidationException(problems.size() + " methods of "
                + subject + " cannot be used:" + nl + "- " + String.join(nl + "- ", problems), problems,
                failures.get(0).getCause());
        failures.stream().skip(1).forEach(all::addSuppressed);
        return all;
    }

    /** One entry per broken method, each naming the method, its Python function and what is wrong. */
    public java.util.List<String> getProblems() {
        return problems;
    }
}
