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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The relocatable CPython that {@code org.bytedeco:cpython} ships for Linux x86-64 (libpython,
 * {@code bin/python3.N}, the standard library and pip, below
 * {@code org/bytedeco/cpython/linux-x86_64/} in its jar), unpacked into the cache folder on
 * first use and booted from there. Only its files are used; its Java (JavaCPP) side is not.
 *
 * <p>The version is whichever the classpath holds: {@code pybridge-python-embedded} brings
 * CPython 3.14, {@code pybridge-python-embedded-3.13} (or a managed {@code org.bytedeco:cpython}
 * version) brings 3.13. The {@code libpython3.N.so.1.0} found there names the rest of the
 * distribution ({@link DistributionLayout}); its {@code patchlevel.h} gives the full version.
 *
 * <p>Its extension modules find their own libraries through their RUNPATH except
 * {@code libffi.so.8}, which it ships at the top of the distribution where {@code _ctypes}'s
 * RUNPATH does not look; it is loaded first, so {@code ctypes} works on a host without libffi.
 */
public final class RelocatableCPython implements BundledPython {

    static final String PLATFORM = "linux-x86_64";

    static final String PREFIX = "org/bytedeco/cpython/" + PLATFORM + "/";

    /** Shipped beside libpython and needed by its extension modules, not found by their RUNPATH. */
    static final List<String> COMPANIONS = List.of("libffi.so.8");

    /**
     * The companions loaded, held for the JVM's life: JNA closes a {@link NativeLibrary} that is no
     * longer reachable, and {@code _ctypes} would then find the host's libffi, or none.
     */
    private static final Set<NativeLibrary> LOADED = ConcurrentHashMap.newKeySet();

    private static final Pattern PY_VERSION = Pattern.compile("#define\\s+PY_VERSION\\s+\"([^\"]+)\"");

    private final ClassLoader loader;

    /** Null when the classpath holds no {@code org.bytedeco:cpython} distribution for this platform. */
    private final @Nullable DistributionLayout layout;

    /** Looked up through the service loader. */
    public RelocatableCPython() {
        this(RelocatableCPython.class.getClassLoader());
    }

    /** The distribution {@code loader} sees. */
    RelocatableCPython(ClassLoader loader) {
        this.loader = loader;
        this.layout = DistributionLayout.find(path -> loader.getResource(PREFIX + path) != null).orElse(null);
    }

    @Override
    public String description() {
        if (layout == null) {
            return "pybridge-python-embedded without org.bytedeco:cpython (" + PLATFORM + ")";
        }
        return "CPython " + version() + " (org.bytedeco:cpython, " + PLATFORM + ")";
    }

    @Override
    public boolean isAvailable() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        return os.startsWith("linux") && (arch.equals("amd64") || arch.equals("x86_64")) && layout != null;
    }

    @Override
    public Path library(Path cacheRoot) {
        DistributionLayout files = layout();
        Path home = home(files, cacheRoot);
        for (String companion : COMPANIONS) {
            Path file = home.resolve(companion);
            if (Files.isRegularFile(file)) {
                // Loaded by path before libpython, so _ctypes's NEEDED libffi.so.8 resolves to it (by soname).
                LOADED.add(NativeLibrary.getInstance(file.toString()));
            }
        }
        return home.resolve(files.library());
    }

    /**
     * {@code bin/python3.N} of the unpacked distribution, for a separate process: nothing is
     * loaded into this JVM (the Maven plugin runs pip with it).
     */
    @Override
    public Path executable(Path cacheRoot) {
        DistributionLayout files = layout();
        return home(files, cacheRoot).resolve(files.executable());
    }

    /** The unpacked distribution's folder, unpacked now unless an intact copy is there. */
    private Path home(DistributionLayout files, Path cacheRoot) {
        URL marker = loader.getResource(PREFIX + files.library());
        if (marker == null) {
            throw new IllegalStateException(PREFIX + files.library() + " is not on the classpath");
        }
        return ClasspathFolder.unpack(marker, cacheRoot, "cpython", "cpython-" + version() + "-" + PLATFORM,
                files::isRuntimeFile, path -> path.startsWith("bin/"));
    }

    private DistributionLayout layout() {
        if (layout == null) {
            throw new IllegalStateException("No libpython3.N.so.1.0 below " + PREFIX + " on the classpath: "
                    + "org.bytedeco:cpython (classifier " + PLATFORM + ") is missing");
        }
        return layout;
    }

    /**
     * The Python version it ships ({@code 3.14.3}), from its {@code patchlevel.h}; {@code major.minor}
     * if that header is missing.
     */
    String version() {
        DistributionLayout files = layout();
        try (InputStream in = loader.getResourceAsStream(PREFIX + files.patchlevel())) {
            if (in == null) {
                return files.shortVersion();
            }
            Matcher version = PY_VERSION.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return version.find() ? version.group(1) : files.shortVersion();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The layout found on the classpath, for tests. */
    @Nullable DistributionLayout distributionLayout() {
        return layout;
    }
}
