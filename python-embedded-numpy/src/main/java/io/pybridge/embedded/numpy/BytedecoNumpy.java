package io.pybridge.embedded.numpy;

import io.pybridge.core.classpath.ClasspathFolder;
import io.pybridge.core.runtime.BundledPackages;
import io.pybridge.core.runtime.PythonInstallation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numpy that {@code org.bytedeco:numpy} ships for Linux x86-64, built for CPython 3.14
 * ({@code cp314}), below {@code org/bytedeco/numpy/linux-x86_64/python/} in its jar, with the
 * OpenBLAS of {@code org.bytedeco:openblas}. Only their files are used; their Java (JavaCPP)
 * side is not.
 *
 * <p>numpy's extension modules need {@code libopenblas.so.0} by name, and their RUNPATH names a
 * folder of the machine they were built on, so they would not find it: OpenBLAS's libraries are
 * unpacked into a folder of their own and listed in {@link Unpacked#libraries()}, for core to load
 * them before numpy is imported (and to put their folder on a worker process's
 * {@code LD_LIBRARY_PATH}). {@code libgfortran.so.5} has no RUNPATH, so its {@code libquadmath.so.0}
 * is loaded before it.
 */
public final class BytedecoNumpy implements BundledPackages {

    static final String PLATFORM = "linux-x86_64";

    static final String PACKAGES = "org/bytedeco/numpy/" + PLATFORM + "/python/";

    static final String OPENBLAS = "org/bytedeco/openblas/" + PLATFORM + "/";

    /** OpenBLAS and what it needs, in load order; not its JNI bindings (about 48 MB) nor libgcc_s (the host's). */
    static final List<String> LIBRARIES = List.of("libquadmath.so.0", "libgfortran.so.5", "libopenblas.so.0");

    /** numpy's core extension module, whose name tells the CPython ABI it was built for. */
    private static final String CORE_MODULE = "numpy/_core/_multiarray_umath.cpython-%s-x86_64-linux-gnu.so";

    private static final Pattern VERSION = Pattern.compile("(?m)^version\\s*=\\s*\"([^\"]+)\"");

    private final ClassLoader loader;

    /** Looked up through the service loader. */
    public BytedecoNumpy() {
        this(BytedecoNumpy.class.getClassLoader());
    }

    /** The distribution {@code loader} sees. */
    BytedecoNumpy(ClassLoader loader) {
        this.loader = loader;
    }

    @Override
    public String description() {
        return "numpy " + version() + " (org.bytedeco:numpy, " + PLATFORM + ")";
    }

    @Override
    public Optional<String> incompatibility(PythonInstallation python) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return Optional.of("it is built for " + PLATFORM + ", and this JVM runs on " + os + " " + arch);
        }
        if (loader.getResource(OPENBLAS + "libopenblas.so.0") == null) {
            return Optional.of(OPENBLAS + "libopenblas.so.0 is not on the classpath: org.bytedeco:openblas (classifier "
                    + PLATFORM + ") is missing");
        }
        String[] parts = python.version().split("\\.");
        String abi = parts[0] + (parts.length > 1 ? parts[1] : "") + (python.freeThreaded() ? "t" : "");
        if (loader.getResource(PACKAGES + CORE_MODULE.formatted(abi)) != null) {
            return Optional.empty();
        }
        return Optional.of("it holds extension modules for " + builtFor().orElse("no CPython") + ", not for cp" + abi);
    }

    /** The CPython ABI its extension modules are for, e.g. {@code cp314}. */
    private Optional<String> builtFor() {
        for (int minor = 10; minor < 40; minor++) {
            for (String abi : List.of("3" + minor, "3" + minor + "t")) {
                if (loader.getResource(PACKAGES + CORE_MODULE.formatted(abi)) != null) {
                    return Optional.of("cp" + abi);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public Unpacked unpack(Path cacheRoot) {
        URL packages = resource(PACKAGES);
        // numpy's own test suites (about a quarter of its files) are not needed to run it.
        Path folder = ClasspathFolder.unpack(packages, cacheRoot, "python-packages", "numpy-" + version() + "-" + PLATFORM,
                path -> !path.contains("/tests/"), path -> false);
        URL openblas = resource(OPENBLAS + LIBRARIES.get(LIBRARIES.size() - 1));
        Path libraries = ClasspathFolder.unpack(openblas, cacheRoot, "native", "openblas-" + PLATFORM,
                LIBRARIES::contains, path -> false);
        List<Path> paths = new ArrayList<>();
        LIBRARIES.forEach(library -> paths.add(libraries.resolve(library)));
        return new Unpacked(folder, paths);
    }

    private URL resource(String name) {
        URL url = loader.getResource(name);
        if (url == null) {
            throw new IllegalStateException(name + " is not on the classpath");
        }
        return url;
    }

    /** numpy's version ({@code 2.4.2}), from its {@code numpy/version.py}. */
    String version() {
        try (InputStream in = loader.getResourceAsStream(PACKAGES + "numpy/version.py")) {
            if (in == null) {
                return "(not on the classpath)";
            }
            Matcher version = VERSION.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return version.find() ? version.group(1) : "(unknown version)";
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
