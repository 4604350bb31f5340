package io.pybridge.core.runtime;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A located CPython: where its shared library, executable and standard library are.
 *
 * @param library the shared libpython to load
 * @param executable the Python executable {@code sys.executable} must name (a virtualenv's own
 *     interpreter when one is used), or null when only the library is known
 * @param home the base installation prefix the standard library lives under ({@code PYTHONHOME})
 * @param prefix {@code sys.prefix}: the virtualenv directory, or the same as {@code home}
 * @param version the full version, e.g. {@code 3.12.1}
 * @param sitePackages site-packages directories of the (virtual) environment to add to sys.path
 * @param freeThreaded whether it is a free-threaded build ({@code Py_GIL_DISABLED}, e.g.
 *     {@code python3.13t}): no GIL, so calls in one interpreter run in parallel
 */
public record PythonInstallation(Path library, @Nullable Path executable, Path home, @Nullable Path prefix, String version,
        List<Path> sitePackages, boolean freeThreaded) {

    public PythonInstallation {
        sitePackages = List.copyOf(sitePackages);
    }

    /** A regular (GIL) build. */
    public PythonInstallation(Path library, @Nullable Path executable, Path home, @Nullable Path prefix, String version,
            List<Path> sitePackages) {
        this(library, executable, home, prefix, version, sitePackages, false);
    }

    /**
     * Whether this Python can make own-GIL sub-interpreters (PEP 684: CPython 3.12+). True on a
     * free-threaded 3.13+ too; pybridge makes no pool there (see {@code pybridge.pool.size}).
     */
    public boolean hasOwnGilSubInterpreters() {
        String[] parts = version.split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = parts.length > 1 ? Integer.parseInt(parts[1].replaceAll("\\D.*", "")) : 0;
        return major > 3 || major == 3 && minor >= 12;
    }

    /** {@code major.minor}, e.g. {@code 3.12}. */
    public String shortVersion() {
        String[] parts = version.split("\\.");
        return parts[0] + "." + parts[1];
    }
}
