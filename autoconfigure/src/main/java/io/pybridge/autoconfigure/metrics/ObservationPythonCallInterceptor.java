package io.pybridge.autoconfigure.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.pybridge.core.PythonCallDescription;
import io.pybridge.core.PythonCallInterceptor;
import io.pybridge.core.exception.PythonBusyException;
import io.pybridge.core.exception.PythonClosedException;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.exception.PythonException;
import java.util.function.Supplier;

/**
 * Observes every {@code PythonTemplate} operation: a {@code pybridge.call} timer tagged by
 * outcome, module and function when metrics are on, and a span when tracing is on.
 */
public class ObservationPythonCallInterceptor implements PythonCallInterceptor {

    private final ObservationRegistry registry;

    private final PythonObservationConvention defaultConvention;

    private final PythonObservationConvention customConvention;

    public ObservationPythonCallInterceptor(ObservationRegistry registry, PythonObservationConvention defaultConvention,
            PythonObservationConvention customConvention) {
        this.registry = registry;
        this.defaultConvention = defaultConvention;
        this.customConvention = customConvention;
    }

    @Override
    public <T> T intercept(PythonCallDescription call, Supplier<T> proceed) {
        PythonObservationContext context = new PythonObservationContext(call);
        Observation observation = Observation.createNotStarted(customConvention, defaultConvention, () -> context,
                registry).start();
        try (Observation.Scope scope = observation.openScope()) {
            T result = proceed.get();
            context.setOutcome("SUCCESS");
            return result;
        }
        catch (RuntimeException | Error ex) {
            context.setOutcome(outcome(ex));
            observation.error(ex);
            throw ex;
        }
        finally {
            observation.stop();
        }
    }

    private static String outcome(Throwable ex) {
        if (ex instanceof PythonException) {
            return "PYTHON_ERROR";
        }
        if (ex instanceof PythonBusyException) {
            return "BUSY";
        }
        if (ex instanceof PythonClosedException) {
            return "CLOSED";
        }
        if (ex instanceof PythonConversionException) {
            return "CONVERSION_ERROR";
        }
        return "ERROR";
    }
}
