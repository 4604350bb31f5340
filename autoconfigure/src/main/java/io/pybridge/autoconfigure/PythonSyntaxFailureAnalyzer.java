package io.pybridge.autoconfigure;

import io.pybridge.core.exception.PythonSyntaxException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A Python module with a syntax error stopped the start: the file, line, source line and caret. */
class PythonSyntaxFailureAnalyzer extends AbstractFailureAnalyzer<PythonSyntaxException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PythonSyntaxException cause) {
        String first = cause.getMessage().lines().findFirst().orElse("A Python module has a syntax error");
        String description = first + ":" + System.lineSeparator() + cause.getPythonType() + ": " + cause.getPythonMessage();
        String action = "Fix the line marked with ^ in the file named above. The application's Python sources come from "
                + "pybridge.python.sources (classpath:python/ by default, src/main/resources/python/ in the project).";
        return new FailureAnalysis(description, action, cause);
    }
}
