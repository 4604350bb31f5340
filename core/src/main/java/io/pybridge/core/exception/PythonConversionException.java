package io.pybridge.core.exception;

/**
 * A value could not be converted between Java and Python. The message names the value's type,
 * the requested type and the path to the value inside the argument or result (for example
 * {@code args[1]["scores"][3]}).
 */
public class PythonConversionException extends PythonBridgeException {

    private static final long serialVersionUID = 1L;

    private final String problem;

    private String path;

    public PythonConversionException(String problem) {
        super(problem);
        this.problem = problem;
        this.path = "";
    }

    /** Prepends a path segment; called by each enclosing container as the exception travels out. */
    public PythonConversionException under(String segment) {
        this.path = segment + path;
        return this;
    }

    /** Where the value sits, e.g. {@code args[0]["items"][2]}; empty for a top-level value. */
    public String getPath() {
        return path;
    }

    @Override
    public String getMessage() {
        return path.isEmpty() ? problem : problem + " (at " + path + ")";
    }
}
