package io.pybridge.core.runtime;

/**
 * Where Python's {@code logging} records and its stdout/stderr lines go when the runtime routes
 * them to Java (the Spring starter supplies one that writes to SLF4J under {@code python.*}).
 * Called on the thread that logged, holding the GIL: implementations must be quick and must
 * never call back into Python.
 */
public interface PythonLogSink {

    /** Python's numeric levels. */
    int DEBUG = 10;
    int INFO = 20;
    int WARNING = 30;
    int ERROR = 40;
    int CRITICAL = 50;

    /**
     * @param pythonLevel the record's {@code levelno} (stdout lines are INFO, stderr WARNING)
     * @param logger the Python logger name ({@code root} for the root logger), or
     *     {@code stdout}/{@code stderr}
     * @param message the formatted message, with the traceback when one was logged
     */
    void log(int pythonLevel, String logger, String message);

    /**
     * A record or line of a worker process ({@code interpreter} is its name, {@code process-1}),
     * called on the thread that reads the worker's output. By default the message is prefixed
     * with the worker's name in brackets.
     */
    default void log(int pythonLevel, String logger, String message, String interpreter) {
        log(pythonLevel, logger, "[" + interpreter + "] " + message);
    }

    /** The Python root logger level to set at boot (so Python skips records Java would drop). */
    int rootLevel();

    /** Whether {@code sys.stdout}/{@code sys.stderr} are routed too. */
    default boolean captureOutput() {
        return true;
    }
}
