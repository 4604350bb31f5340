package io.pybridge.autoconfigure.metrics;

import io.micrometer.observation.Observation;
import io.pybridge.core.PythonCallDescription;

/**
 * What an observation of one {@code PythonTemplate} operation knows: the operation, and once
 * it ended, its outcome.
 */
public class PythonObservationContext extends Observation.Context {

    private final PythonCallDescription call;

    private String outcome = "UNKNOWN";

    public PythonObservationContext(PythonCallDescription call) {
        this.call = call;
    }

    public PythonCallDescription getCall() {
        return call;
    }

    /** {@code SUCCESS}, {@code PYTHON_ERROR}, {@code BUSY}, {@code CLOSED}, {@code CONVERSION_ERROR} or {@code ERROR}. */
    public String getOutcome() {
        return outcome;
    }

    public void setOutcome(String outcome) {
        this.outcome = outcome;
    }
}
