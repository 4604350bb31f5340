package io.pybridge.core.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Python packages that ship in a jar, already built for a bundled CPython (such as
 * {@code pybridge-python-embedded-numpy}, which brings numpy and OpenBLAS), found with
 * {@link java.util.ServiceLoader}. Each one found is unpacked into the cache folder and its folder
 * put on {@code sys.path} after the configured {@linkplain PythonRuntimeConfig#packages() packages},
 * in the interpreter and in the worker processes alike.
 *
 * <p>Native libraries that its extension modules need by name ({@code NEEDED libopenblas.so.0})
 * but cannot find through their own RUNPATH are listed by {@link Unpacked#libraries()}: they are
 * loaded into the JVM before CPython boots, so the dynamic linker finds them by their soname
 * when an extension module is imported; worker processes get their folders on
 * {@code LD_LIBRARY_PATH}.
 */
public interface BundledPackages {

    /** What it is, for logs and failures, e.g. {@code numpy 2.4.2 (org.bytedeco:numpy, linux-x86_64)}. */
    String description();

    /**
     * Why the packages cannot be used with {@code python} (another CPython version, ABI or
     * platform than they were built for), or empty if they can.
     */
    Optional<String> incompatibility(PythonInstallation python);

    /**
     * Puts the packages (and their libraries) on disk below {@code cacheRoot} unless an intact
     * copy is there already. Must be safe when several JVMs start at once.
     *
     * @throws java.io.UncheckedIOException if they cannot be put on disk
     */
    Unpacked unpack(Path cacheRoot);

    /**
     * The packages on disk.
     *
     * @param folder the folder to put on {@code sys.path}
     * @param libraries shared libraries to load before the packages are imported, in this order
     *     (a library before those that need it)
     */
    record Unpacked(Path folder, List<Path> libraries) {

        public Unpacked {
            libraries = List.copyOf(libraries);
        }
    }
}
