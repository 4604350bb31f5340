package io.pybridge.embedded;

import com.sun.jna.NativeLibrary;
import io.pybridge.core.classpath.ClasspathFolder;
import io.pybridge.core.runtime.BundledPython;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The relocatable CPython that {@code org.bytedeco:cpython} ships for Linux x86-64 (libpython,
 * {@code bin/python3.13}, the standard library and pip, below
 * {@code org/bytedeco/cpython/linux-x86_64/} in its jar), unpacked into the cache folder on
 * first use and booted from there. Only its files are used; its Java (JavaCPP) side is not.
 *
 * <p>Its extension modules find their own libraries through their RUNPATH except
 * {@code libffi.so.8}, which it ships at the top of the distribution where {@code _ctypes}'s
 * RUNPATH does not look; it is loaded first, so {@code ctypes} works on a host without libffi.
 */
public final class RelocatableCPython implements BundledPython {

    static final String PLATFORM = "linux-x86_64";

    static final String PREFIX = "org/bytedeco/cpython/" + PLATFORM + "/";

    static final String LIBRARY = "libpython3.13.so.1.0";

    /** Shipped beside libpython and needed by its extension modules, not found by their RUNPATH. */
    static final List<String> COMPANIONS = List.of("libffi.so.8");

    private static final String PATCHLEVEL = PREFIX + "include/python3.13/patchlevel.h";

    private static final Pattern PY_VERSION = Pattern.compile("#define\\s+PY_VERSION\\s+\"([^\"]+)\"");

    /** Looked up through the service loader. */
    public RelocatableCPython() {
    }

    @Override
    public String description() {
        return "CPython " + version() + " (org.bytedeco:cpython, " + PLATFORM + ")";
    }

    @Override
    public boolean isAvailable() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        return os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64")) && marker() != null;
    }

    @Override
    public Path library(Path cacheRoot) {
        Path home = home(cacheRoot);
        for (String companion : COMPANIONS) {
            Path file = home.resolve(companion);
            if (Files.isRegularFile(file)) {
                // Loaded by path before libpython, so _ctypes's NEEDED libffi.so.8 resolves to it (by soname).
                NativeLibrary.getInstance(file.toString());
            }
        }
        return home.resolve(LIBRARY);
    }

    /**
     * {@code bin/python3.13} of the unpacked distribution, for a separate process: nothing is
     * loaded into this JVM (the Maven plugin runs pip with it).
     */
    @Override
    public Path executable(Path cacheRoot) {
        return home(cacheRoot).resolve("bin/python3.13");
    }

    /** The unpacked distribution's folder, unpacked now unless an intact copy is there. */
    private static Path home(Path cacheRoot) {
        URL marker = marker();
        if (marker == null) {
            throw new IllegalStateException(PREFIX + LIBRARY + " is not on the classpath");
        }
        return ClasspathFolder.unpack(marker, cacheRoot, "cpython", "cpython-" + version() + "-" + PLATFORM,
                RelocatableCPython::isRuntimeFile, path -> path.startsWith("bin/"));
    }

    /**
     * What a running interpreter needs: not the headers, man pages, build files, CPython's own
     * regression tests (29 MB) or the JavaCPP binding.
     */
    static boolean isRuntimeFile(String path) {
        return !(path.startsWith("include/") || path.startsWith("share/") || path.startsWith("lib/cmake/")
                || path.startsWith("lib/pkgconfig/") || path.startsWith("lib/python3.13/test/")
                || path.startsWith("libjnipython"));
    }

    private static @Nullable URL marker() {
        return RelocatableCPython.class.getClassLoader().getResource(PREFIX + LIBRARY);
    }

    /** The Python version it ships ({@code 3.13.5}), from its {@code patchlevel.h}. */
    static String version() {
        try (InputStream in = RelocatableCPython.class.getClassLoader().getResourceAsStream(PATCHLEVEL)) {
            if (in == null) {
                return "3.13";
            }
            Matcher version = PY_VERSION.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return version.find() ? version.group(1) : "3.13";
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
