package io.pybridge.autoconfigure;

import io.pybridge.core.exception.PythonInitializationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a Python start-up failure (no libpython, a Python without a shared library, an
 * unsupported version, ...) into Spring Boot's description-and-action report.
 */
class PythonInitializationFailureAnalyzer extends AbstractFailureAnalyzer<PythonInitializationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PythonInitializationException cause) {
        String description = switch (cause.getReason()) {
            case NOT_FOUND -> "pybridge could not find a Python to embed: ";
            case NO_SHARED_LIBRARY -> "The Python pybridge found was built without a shared libpython: ";
            case UNSUPPORTED_VERSION -> "The Python pybridge found is not supported: ";
            case INVALID_HOME -> "The Python installation pybridge found is incomplete: ";
            case ALREADY_RUNNING -> "pybridge cannot start a second Python interpreter in this JVM: ";
            case BOOT_FAILED -> "The embedded Python interpreter failed to start: ";
            case INCOMPATIBLE_PACKAGES -> "The Python packages built into the application do not fit its Python: ";
            case BINDING_UNAVAILABLE -> "The native binding pybridge was asked to use cannot run here: ";
            case NATIVE_ACCESS_DENIED -> "The JVM does not let pybridge call native code: ";
            case WORKERS_FAILED -> "pybridge's worker processes (pybridge.processes.size) could not start: ";
        };
        String choose = switch (cause.getReason()) {
            case BINDING_UNAVAILABLE -> "Set pybridge.native-binding to auto (or jna), ";
            case NATIVE_ACCESS_DENIED -> "Enable native access as above, ";
            case WORKERS_FAILED -> "Set pybridge.processes.size=0 to run without worker processes, ";
            default -> chosenBy(cause) + "Set pybridge.python.executable (or pybridge.python.library / "
                    + "pybridge.python.virtualenv) to choose the Python, ";
        };
        String action = cause.getAction() + System.lineSeparator() + choose
                + "or pybridge.enabled=false to start without it (beans that use Python must then be optional).";
        return new FailureAnalysis(description + cause.getMessage(), action, cause);
    }

    /**
     * Which setting chose the Python, so the developer knows what to change: an environment
     * variable set long ago ({@code PYBRIDGE_PYTHON}) is easily forgotten.
     */
    private static String chosenBy(PythonInitializationException cause) {
        String choice = cause.getPythonChoice();
        return choice == null ? "" : "The Python was chosen by " + choice + ". ";
    }
}
