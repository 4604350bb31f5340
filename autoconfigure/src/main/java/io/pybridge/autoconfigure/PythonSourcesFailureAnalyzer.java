package io.pybridge.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A Python location that does not exist or cannot be unpacked: the property, the location, the fix. */
class PythonSourcesFailureAnalyzer extends AbstractFailureAnalyzer<PythonSourcesException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PythonSourcesException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
    }
}
