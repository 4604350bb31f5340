package io.pybridge.autoconfigure.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags observations of Python operations; declare a bean of this type to replace
 * {@link DefaultPythonObservationConvention}.
 */
public interface PythonObservationConvention extends ObservationConvention<PythonObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof PythonObservationContext;
    }
}
