package io.pybridge.core.runtime;

import java.util.Locale;

/**
 * How pybridge calls CPython's C API.
 *
 * <p>{@link #AUTO} (the default) means {@link #FFM} on JDK 22+ and {@link #JNA} before. Both
 * bindings behave the same; FFM ({@code java.lang.foreign}, the platform's own way to call C) is
 * faster per call. Either needs native access: {@code --enable-native-access=ALL-UNNAMED} on the
 * command line, or {@code Enable-Native-Access: ALL-UNNAMED} in an executable jar's manifest.
 * The JVM system property {@value #PROPERTY} sets the binding for a runtime whose configuration
 * leaves it at {@code AUTO}.
 */
public enum NativeBinding {

    /** FFM on JDK 22+ (when this build of pybridge-core carries its FFM classes), JNA otherwise. */
    AUTO,

    /** {@code java.lang.foreign}; needs JDK 22+. */
    FFM,

    /** JNA direct mapping; any JDK 17+. */
    JNA;

    /** JVM system property ({@code auto}, {@code ffm} or {@code jna}) read when the configuration says {@link #AUTO}. */
    public static final String PROPERTY = "pybridge.native-binding";

    /**
     * {@code text} (any case, e.g. {@code "ffm"}) as a binding.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static NativeBinding parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("Unknown native binding '" + text + "' (" + PROPERTY
                    + " accepts auto, ffm or jna)", ex);
        }
    }
}
