package io.pybridge.autoconfigure.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Call metrics and observations.
 */
@ConfigurationProperties("pybridge.metrics")
public class PythonMetricsProperties {

    /**
     * Whether each PythonTemplate operation is observed (timer 'pybridge.call', and a span
     * when tracing is on).
     */
    private boolean observationsEnabled = true;

    /**
     * Distinct module/function tag values recorded before further ones are tagged 'OTHER'.
     */
    private int maxFunctionTags = 100;

    public boolean isObservationsEnabled() {
        return observationsEnabled;
    }

    public void setObservationsEnabled(boolean observationsEnabled) {
        this.observationsEnabled = observationsEnabled;
    }

    public int getMaxFunctionTags() {
        return maxFunctionTags;
    }

    public void setMaxFunctionTags(int maxFunctionTags) {
        this.maxFunctionTags = maxFunctionTags;
    }
}
