package io.pybridge.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A pybridge setting that cannot be used: the property, its value, the fix. */
class PythonConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<PythonConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PythonConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
    }
}
