package io.pybridge.core.internal.interpreter;

import io.pybridge.core.exception.PythonInitializationException;
import io.pybridge.core.exception.PythonInitializationException.Reason;
import io.pybridge.core.internal.capi.FfmUnavailable;
import io.pybridge.core.runtime.NativeBinding;
import java.lang.System.Logger.Level;
import org.jspecify.annotations.Nullable;

/**
 * Which binding a runtime uses: the configured one when forced; else the JVM system property
 * {@value NativeBinding#PROPERTY}; else FFM where it can run, JNA otherwise. The decision
 * ({@link #decide}) is pure, so it is tested without an interpreter; {@link #resolve} logs its
 * warning.
 */
final class BindingChoice {

    private static final System.Logger LOG = System.getLogger(BindingChoice.class.getName());

    private BindingChoice() {
    }

    /**
     * The binding, with the warning of {@link Choice#warning()} logged.
     *
     * @see #decide
     */
    static NativeBinding resolve(NativeBinding configured, @Nullable String property,
            @Nullable FfmUnavailable ffmUnavailable) {
        Choice choice = decide(configured, property, ffmUnavailable);
        if (choice.warning() != null) {
            LOG.log(Level.WARNING, choice.warning());
        }
        return choice.binding();
    }

    /**
     * @param configured the configuration's choice
     * @param property the system property's value, or null
     * @param ffmUnavailable why FFM cannot run in this JVM, or null if it can
     * @return {@link NativeBinding#FFM} or {@link NativeBinding#JNA}, never {@code AUTO}, and
     *     whether to warn about it
     * @throws PythonInitializationException if FFM is forced where it cannot run, or the property is not a binding
     */
    static Choice decide(NativeBinding configured, @Nullable String property, @Nullable FfmUnavailable ffmUnavailable) {
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
            if (ffmUnavailable == null) {
                return new Choice(NativeBinding.FFM, null);
            }
            // JNA on JDK 17-21 is the design; on JDK 22+ it is a defect of the jar, said once at start-up.
            return new Choice(NativeBinding.JNA, ffmUnavailable.packagingDefect() ? fallbackWarning(ffmUnavailable) : null);
        }
        if (wanted == NativeBinding.FFM && ffmUnavailable != null) {
            throw new PythonInitializationException(Reason.BINDING_UNAVAILABLE,
                    "The FFM binding was asked for (by " + source + ") but " + ffmUnavailable.reason(),
                    "Run on JDK 22+ with a pybridge-core built with its FFM classes, or choose the JNA binding.");
        }
        return new Choice(wanted, null);
    }

    private static String fallbackWarning(FfmUnavailable ffmUnavailable) {
        return "pybridge uses the JNA binding, not the faster java.lang.foreign (FFM) one this JDK could run: "
                + ffmUnavailable.reason() + ". Choose JNA (-D" + NativeBinding.PROPERTY + "=jna, or the configuration's "
                + "native binding) to keep it without this warning.";
    }

    /**
     * What {@link #decide} decided.
     *
     * @param binding {@link NativeBinding#FFM} or {@link NativeBinding#JNA}
     * @param warning the warning to log at start-up, or null: set when JNA is chosen on a JDK that
     *     runs FFM because the jar keeps the FFM classes out of reach, and the user did not ask for JNA
     */
    record Choice(NativeBinding binding, @Nullable String warning) {
    }
}
