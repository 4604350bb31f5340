package io.pybridge.embedded;

import java.util.Optional;
import java.util.function.Predicate;

/**
 * Where the files of an {@code org.bytedeco:cpython} distribution of CPython 3.N lie, relative to
 * its folder ({@code org/bytedeco/cpython/linux-x86_64/}). Everything versioned in it is named
 * after {@code 3.N} ({@code libpython3.N.so.1.0}, {@code bin/python3.N}, {@code lib/python3.N/},
 * {@code include/python3.N/}), so the libpython found on the classpath tells the rest: the same
 * code serves whichever CPython version the application's dependencies bring.
 *
 * @param shortVersion {@code major.minor}, e.g. {@code 3.14}
 */
record DistributionLayout(String shortVersion) {

    /** The oldest minor version looked for: pybridge needs CPython 3.10 or newer. */
    static final int OLDEST_MINOR = 10;

    /** The newest minor version looked for, far beyond any CPython released so far. */
    static final int NEWEST_MINOR = 39;

    /**
     * The layout of the newest CPython 3.N whose libpython is there, if any.
     *
     * @param exists whether a path relative to the distribution's folder exists
     */
    static Optional<DistributionLayout> find(Predicate<String> exists) {
        for (int minor = NEWEST_MINOR; minor >= OLDEST_MINOR; minor--) {
            DistributionLayout layout = new DistributionLayout("3." + minor);
            if (exists.test(layout.library())) {
                return Optional.of(layout);
            }
        }
        return Optional.empty();
    }

    /** The shared libpython, at the top of the distribution. */
    String library() {
        return "libpython" + shortVersion + ".so.1.0";
    }

    /** The interpreter executable. */
    String executable() {
        return "bin/python" + shortVersion;
    }

    /** The header whose {@code PY_VERSION} names the full version. */
    String patchlevel() {
        return "include/python" + shortVersion + "/patchlevel.h";
    }

    /**
     * Whether a running interpreter needs the file: not the headers, man pages, build files,
     * CPython's own regression tests (about 30 MB) or the JavaCPP binding.
     */
    boolean isRuntimeFile(String path) {
        return !(path.startsWith("include/") || path.startsWith("share/") || path.startsWith("lib/cmake/")
                || path.startsWith("lib/pkgconfig/") || path.startsWith("lib/python" + shortVersion + "/test/")
                || path.startsWith("libjnipython"));
    }
}
