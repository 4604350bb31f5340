package io.pybridge.core.internal.capi;

import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;
import org.jspecify.annotations.Nullable;

/**
 * Opens libpython with one of the two bindings. {@code FfmCApi} (reached through {@code FfmBinding}) is compiled for Java 22 and
 * lives under {@code META-INF/versions/22} of the multi-release jar, so it is reached by name:
 * on JDK 17–21 the class is never seen, and nothing here links to it.
 */
public final class CApiLoader {

    /** The first JDK whose {@code java.lang.foreign} is final (JEP 454). */
    public static final int FFM_MINIMUM_JDK = 22;

    private static final String FFM_CLASS = "io.pybridge.core.internal.capi.FfmBinding";

    private CApiLoader() {
    }

    /**
     * Why the FFM binding cannot be used in this JVM, or {@code null} if it can. On JDK 22+ a
     * missing class is told apart from one the JVM does not see (see {@link FfmUnavailable}).
     */
    public static @Nullable FfmUnavailable ffmUnavailable() {
        int feature = Runtime.version().feature();
        if (feature < FFM_MINIMUM_JDK) {
            return FfmUnavailable.decide(feature, false, null, null);
        }
        ClassLoader loader = CApiLoader.class.getClassLoader();
        if (ffmClassLoads(loader)) {
            return null;
        }
        // The class file as a plain resource: present when the jar is not read as multi-release.
        URL versioned = loader.getResource(FfmUnavailable.VERSIONED_PREFIX + FFM_CLASS.replace('.', '/') + ".class");
        return FfmUnavailable.decide(feature, false, versioned == null ? null : versioned.toString(), ownLocation());
    }

    private static boolean ffmClassLoads(ClassLoader loader) {
        try {
            Class.forName(FFM_CLASS, false, loader);
            return true;
        }
        catch (ClassNotFoundException | LinkageError ex) {
            return false;
        }
    }

    /** The jar or folder pybridge-core's classes come from, as a URL, or null if the class loader does not say. */
    private static @Nullable String ownLocation() {
        CodeSource source = CApiLoader.class.getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? null : source.getLocation().toString();
    }

    /**
     * Opens libpython through {@code java.lang.foreign}.
     *
     * @throws IllegalStateException if {@link #ffmUnavailable()} says why not, or libpython is already bound
     * @throws UnsatisfiedLinkError if the library cannot be loaded or lacks a required function
     * @throws IllegalCallerException if native access is denied to pybridge
     */
    public static CApi loadFfm(Path library) {
        FfmUnavailable unavailable = ffmUnavailable();
        if (unavailable != null) {
            throw new IllegalStateException("The FFM binding cannot be used: " + unavailable.reason());
        }
        try {
            return (CApi) Class.forName(FFM_CLASS).getMethod("load", Path.class).invoke(null, library);
        }
        catch (InvocationTargetException ex) {
            Throwable cause = ex.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("The FFM binding is broken in this build", ex);
        }
    }

    /** Opens libpython through JNA (see {@link JnaCApi#load}). */
    public static CApi loadJna(Path library) {
        return JnaCApi.load(library);
    }

    /**
     * The name native access must be enabled for: pybridge-core's module, or
     * {@code ALL-UNNAMED} on the class path (the usual case, Spring Boot's nested jars included).
     */
    public static String nativeAccessModuleName() {
        Module module = CApiLoader.class.getModule();
        return module.isNamed() ? module.getName() : "ALL-UNNAMED";
    }
}
