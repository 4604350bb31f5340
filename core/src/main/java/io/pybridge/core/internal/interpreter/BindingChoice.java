package io.pybridge.core.internal.interpreter;

import io.pybridge.core.exception.PythonInitializationException;
import io.pybridge.core.exception.PythonInitializationException.Reason;
import io.pybridge.core.runtime.NativeBinding;
import org.jspecify.annotations.Nullable;

/**
 * Which binding a runtime uses: the configured one when forced; else the JVM system property
 * {@value NativeBinding#PROPERTY}; else FFM where it can run, JNA otherwise. Pure logic, so it is
 * tested without an interpreter.
 */
final class BindingChoice {

    private BindingChoice() {
    }

    /**
     * @param configured the configuration's choice
     * @param property the system property's value, or null
     * @param ffmUnavailable why FFM cannot run in this JVM, or null if it can
     * @return {@link NativeBinding#FFM} or {@link NativeBinding#JNA}, never {@code AUTO}
     * @throws PythonInitializationException if FFM is forced where it cannot run, or the property is not a binding
     */
    static NativeBinding resolve(NativeBinding configured, @Nullable String property, @Nullable String ffmUnavailable) {
        NativeBinding wanted = configured;
        String source = "the configuration";
        if (wanted == NativeBinding.AUTO && property != null && !property.isBlank()) {
            try {
                wanted = NativeBinding.parse(property);
            }
            catch (IllegalArgumentException ex) {
                throw new PythonInitializationException(Reason.BINDING_UNAVAILABLE, ex.getMessage(),
                        "Set -D" + NativeBinding.PROPERTY + " to auto, ffm or jna, or remove it.", ex);
            }
            source = "-D" + NativeBinding.PROPERTY;
        }
        if (wanted == NativeBinding.AUTO) {
            return ffmUnavailable == null ? NativeBinding.FFM : NativeBinding.JNA;
        }
        if (wanted == NativeBinding.FFM && ffmUnavailable != null) {
            throw new PythonInitializationException(Reason.BINDING_UNAVAILABLE,
                    "The FFM binding was asked for (by " + source + ") but " + ffmUnavailable,
                    "Run on JDK 22+ with a pybridge-core built with its FFM classes, or choose the JNA binding.");
        }
        return wanted;
    }
}
