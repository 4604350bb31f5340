package io.pybridge.autoconfigure;

/**
 * A {@code pybridge.*} setting cannot be used: a location of Python files that does not exist
 * or cannot be unpacked into the cache folder, or a value out of range (a negative
 * {@code pybridge.permits}). Raised at start-up naming the property, rather than later as
 * "Cannot import" or as a builder's stack trace.
 */
public class PythonConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String property;

    private final String action;

    PythonConfigurationException(String property, String message, String action, Throwable cause) {
        super(message, cause);
        this.property = property;
        this.action = action;
    }

    PythonConfigurationException(String property, String message, String action) {
        super(message);
        this.property = property;
        this.action = action;
    }

    /**
     * A value the runtime builder refused ({@code "permits must not be negative, was -1"}),
     * named by its property.
     */
    static PythonConfigurationException outOfRange(IllegalArgumentException refused) {
        String message = String.valueOf(refused.getMessage());
        String field = message.split("[ ,:]", 2)[0];
        String property = switch (field) {
            case "permits" -> "pybridge.permits";
            case "workerThreads" -> "pybridge.worker-threads";
            case "acquireTimeout" -> "pybridge.acquire-timeout";
            case "permitSwitchInterval" -> "pybridge.permit-switch-interval";
            case "threadStackSize" -> "pybridge.thread-stack-size";
            case "shutdownTimeout" -> "pybridge.shutdown-timeout";
            case "reapInterval" -> "pybridge.thread-state-reap-interval";
            case "callTimingSample" -> "pybridge.call-timing-sample";
            case "poolSize" -> "pybridge.pool.size";
            // WorkerProcessesConfig: "worker process size, memory limit and recycling must not be negative"
            case "worker" -> "pybridge.processes";
            default -> "pybridge.*";
        };
        return new PythonConfigurationException(property, property + " cannot be used: " + message,
                "Change " + property + " (see the configuration reference, docs/configuration.md); 0 is the "
                        + "automatic choice for pybridge.permits and pybridge.worker-threads.", refused);
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
