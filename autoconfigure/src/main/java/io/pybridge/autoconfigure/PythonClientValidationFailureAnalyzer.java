package io.pybridge.autoconfigure;

import io.pybridge.core.exception.PythonClientValidationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A {@code @PythonCall} client whose methods do not match their Python functions (checked at
 * start-up): every broken method of the client, one per line, instead of a stack trace.
 */
class PythonClientValidationFailureAnalyzer extends AbstractFailureAnalyzer<PythonClientValidationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PythonClientValidationException cause) {
        String nl = System.lineSeparator();
        StringBuilder description = new StringBuilder(cause.getProblems().size() == 1
                ? "A Python client method does not match its Python function:"
                : cause.getProblems().size() + " Python client methods do not match their Python functions:");
        cause.getProblems().forEach(problem -> description.append(nl).append("- ").append(problem));
        String action = "Fix each method named above: the module and function in @PythonCall (on the interface or the "
                + "method), its parameters, or the Python module itself (the application's sources: "
                + "pybridge.python.sources, classpath:python/ by default). To check methods at their first call "
                + "instead of at start-up, set pybridge.clients.validation=first-call or "
                + "@PythonCall(validation = LAZY).";
        return new FailureAnalysis(description.toString(), action, cause);
    }
}
