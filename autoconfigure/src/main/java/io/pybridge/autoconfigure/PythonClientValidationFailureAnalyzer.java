package io.pybridge.autoconfigure;

import io.pybridge.core.exception.PythonClientValidationException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A {@code @PythonCall} client whose methods do not match their Python functions (checked at
 * start-up): each problem once instead of a stack trace. A syntax error comes first, once per
 * file with the line, source and caret, however many methods it breaks; then every other broken
 * method, one per line.
 */
class PythonClientValidationFailureAnalyzer extends AbstractFailureAnalyzer<PythonClientValidationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PythonClientValidationException cause) {
        String nl = System.lineSeparator();
        String sources = "the application's sources: pybridge.python.sources, classpath:python/ by default, "
                + "src/main/resources/python/ in the project";
        if (!cause.getSyntaxErrors().isEmpty()) {
            boolean others = cause.getProblems().size() > cause.getSyntaxErrors().size();
            String action = "Fix the line marked with ^ in the file named above (" + sources + ")"
                    + (others ? ", then each other problem listed: the module and function in @PythonCall, the "
                            + "method's parameters, or the Python function." : ".")
                    + " The pybridge-maven-plugin's check goal finds these mistakes at build time.";
            return new FailureAnalysis(cause.getMessage(), action, cause);
        }
        StringBuilder description = new StringBuilder(cause.getProblems().size() == 1
                ? "A Python client method does not match its Python function:"
                : cause.getProblems().size() + " Python client methods do not match their Python functions:");
        cause.getProblems().forEach(problem -> description.append(nl).append("- ").append(problem));
        String action = "Fix each method named above: the module and function in @PythonCall (on the interface or the "
                + "method), its parameters, or the Python module itself (" + sources + "). To check methods at "
                + "their first call instead of at start-up, set pybridge.clients.validation=first-call or "
                + "@PythonCall(validation = LAZY).";
        return new FailureAnalysis(description.toString(), action, cause);
    }
}
