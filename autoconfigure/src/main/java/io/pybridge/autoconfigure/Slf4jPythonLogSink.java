package io.pybridge.autoconfigure;

import io.pybridge.core.runtime.PythonLogSink;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Sends Python's logging records and output lines to SLF4J: Python logger {@code a.b} logs to
 * {@code python.a.b}, the root logger to {@code python}, stdout to {@code python.stdout} and
 * stderr to {@code python.stderr}. Levels map CRITICAL/ERROR→ERROR, WARNING→WARN, INFO→INFO,
 * DEBUG→DEBUG and below→TRACE; the other way, the level of the {@code python} logger sets
 * Python's root level at boot so Python skips what Java would drop. A worker process's records
 * and lines go to the same loggers, prefixed with the worker's name in brackets
 * ({@code [process-1] }, as default log patterns show no MDC) and with the name under
 * {@value #INTERPRETER_KEY} in the MDC while they are logged.
 */
public final class Slf4jPythonLogSink implements PythonLogSink {

    /** Prefix of every logger name. */
    public static final String PREFIX = "python";

    /** The MDC key naming the worker process a record comes from ({@code process-1}). */
    public static final String INTERPRETER_KEY = "pybridge.interpreter";

    private final boolean captureOutput;

    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();

    public Slf4jPythonLogSink(boolean captureOutput) {
        this.captureOutput = captureOutput;
    }

    @Override
    public void log(int pythonLevel, String logger, String message) {
        Logger target = loggers.computeIfAbsent(logger, Slf4jPythonLogSink::javaLogger);
        if (pythonLevel >= ERROR) {
            target.error(message);
        }
        else if (pythonLevel >= WARNING) {
            target.warn(message);
        }
        else if (pythonLevel >= INFO) {
            target.info(message);
        }
        else if (pythonLevel >= DEBUG) {
            target.debug(message);
        }
        else {
            target.trace(message);
        }
    }

    /**
     * Called on the thread that reads the worker's output, whose MDC holds, at most, the context
     * of the caller whose call wrote the record (put back for it by the runtime): the key is put
     * for this record and taken away again.
     */
    @Override
    public void log(int pythonLevel, String logger, String message, String interpreter) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable(INTERPRETER_KEY, interpreter)) {
            log(pythonLevel, logger, "[" + interpreter + "] " + message);
        }
    }

    @Override
    public int rootLevel() {
        Logger python = LoggerFactory.getLogger(PREFIX);
        if (python.isTraceEnabled()) {
            return 1; // NOTSET (0) would defer to nothing; 1 lets every record through
        }
        if (python.isDebugEnabled()) {
            return DEBUG;
        }
        if (python.isInfoEnabled()) {
            return INFO;
        }
        return python.isWarnEnabled() ? WARNING : ERROR;
    }

    @Override
    public boolean captureOutput() {
        return captureOutput;
    }

    private static Logger javaLogger(String pythonName) {
        return LoggerFactory.getLogger("root".equals(pythonName) ? PREFIX : PREFIX + "." + pythonName);
    }
}
