package io.pybridge.autoconfigure;

/**
 * A configured location of Python files cannot be used: it does not exist, or it cannot be
 * unpacked into the cache folder. Raised at start-up, where the property is known, rather
 * than later as "Cannot import".
 */
public class PythonSourcesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String property;

    private final String action;

    PythonSourcesException(String property, String message, String action, Throwable cause) {
        super(message, cause);
        this.property = property;
        this.action = action;
    }

    PythonSourcesException(String property, String message, String action) {
        super(message);
        this.property = property;
        this.action = action;
    }

    /** The property that names the location, e.g. {@code pybridge.python.sources}. */
    public String getProperty() {
        return property;
    }

    /** What to change. */
    public String getAction() {
        return action;
    }
}
