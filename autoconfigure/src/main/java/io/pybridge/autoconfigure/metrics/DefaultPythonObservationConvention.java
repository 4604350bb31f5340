package io.pybridge.autoconfigure.metrics;

import io.micrometer.common.KeyValues;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Observation {@code pybridge.call} with low-cardinality tags {@code operation}, {@code module},
 * {@code function} and {@code outcome}. Module and function values are guarded: past
 * {@code maxFunctionTags} distinct {@code module.function} pairs, new ones are tagged
 * {@code OTHER}, so generated names cannot flood the meter registry.
 */
public class DefaultPythonObservationConvention implements PythonObservationConvention {

    /** The observation (and timer) name. */
    public static final String NAME = "pybridge.call";

    private static final String OTHER = "OTHER";

    private final int maxFunctionTags;

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    public DefaultPythonObservationConvention(int maxFunctionTags) {
        this.maxFunctionTags = maxFunctionTags;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(PythonObservationContext context) {
        return "python " + context.getCall().name();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(PythonObservationContext context) {
        String module = context.getCall().module();
        String function = context.getCall().function();
        if (!allowed(module + "." + function)) {
            module = OTHER;
            function = OTHER;
        }
        return KeyValues.of("operation", context.getCall().operation(), "module", module.isEmpty() ? "none" : module,
                "function", function.isEmpty() ? "none" : function, "interpreter", context.getCall().interpreter(),
                "outcome", context.getOutcome());
    }

    private boolean allowed(String key) {
        if (seen.contains(key)) {
            return true;
        }
        if (seen.size() >= maxFunctionTags) {
            return false;
        }
        seen.add(key);
        return true;
    }
}
