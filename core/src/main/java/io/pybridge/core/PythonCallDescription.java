package io.pybridge.core;

/**
 * What a {@link PythonTemplate} operation does, for metrics and traces.
 *
 * @param operation {@code call}, {@code eval}, {@code exec} or {@code execute}
 * @param module the module of a {@code call}, else {@code __main__} (or empty for {@code execute})
 * @param function the function of a {@code call}, else empty
 */
public record PythonCallDescription(String operation, String module, String function) {

    /** {@code module.function} for calls, the operation name otherwise. */
    public String name() {
        return function.isEmpty() ? operation : module + "." + function;
    }
}
