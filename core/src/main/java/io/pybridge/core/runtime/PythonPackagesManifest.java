package io.pybridge.core.runtime;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * What {@code pybridge-maven-plugin} writes beside the packages it installed ({@value #FILE}):
 * the interpreter they were installed for. Wheels are made per interpreter ABI (a {@code cp313}
 * wheel's extension modules do not load in 3.12, and pip chose each version for the Python it
 * ran), so the runtime refuses to boot a Python other than the one the packages were made for.
 *
 * @param pythonVersion the installing interpreter's version, e.g. {@code 3.13.5}
 * @param abi its ABI tag as wheel tags spell it: {@code cp313}, or {@code cp313t} free-threaded
 * @param platform its {@code sysconfig.get_platform()}, e.g. {@code linux-x86_64}
 * @param nativeCode whether any installed file is an extension module (then the platform matters too)
 * @param installed the distributions installed, as {@code name==version}
 */
public record PythonPackagesManifest(String pythonVersion, String abi, String platform, boolean nativeCode,
        List<String> installed) {

    /** The manifest's file name, at the top of the packages folder. */
    public static final String FILE = "pybridge-packages.properties";

    public PythonPackagesManifest {
        installed = List.copyOf(installed);
    }

    /** The manifest of the packages folder {@code directory}, or empty if it has none. */
    public static Optional<PythonPackagesManifest> read(Path directory) {
        Path file = directory.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read " + file, ex);
        }
        String installed = properties.getProperty("installed", "").trim();
        return Optional.of(new PythonPackagesManifest(properties.getProperty("python.version", "?"),
                properties.getProperty("python.abi", "?"), properties.getProperty("python.platform", "?"),
                Boolean.parseBoolean(properties.getProperty("native", "false")),
                installed.isEmpty() ? List.of() : Arrays.stream(installed.split(",")).map(String::trim).toList()));
    }

    /** The ABI tag of {@code python}, spelled as in the manifest ({@code cp312}, {@code cp313t}). */
    public static String abiOf(PythonInstallation python) {
        return "cp" + python.shortVersion().replace(".", "") + (python.freeThreaded() ? "t" : "");
    }

    /**
     * This JVM's platform as {@code sysconfig.get_platform()} names it on Linux
     * ({@code linux-x86_64}, {@code linux-aarch64}), or null elsewhere (macOS names carry an OS
     * version, so they are not compared).
     */
    public static @Nullable String jvmPlatform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (!os.startsWith("linux")) {
            return null;
        }
        String arch = System.getProperty("os.arch", "");
        return "linux-" + switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
    }

    /**
     * Why these packages cannot run on {@code python} on {@code platform}, or empty if they can:
     * the ABI tags differ, or they hold extension modules built for another platform.
     *
     * @param platform this machine's platform ({@link #jvmPlatform()}), or null not to compare it
     */
    public Optional<String> incompatibility(PythonInstallation python, @Nullable String platform) {
        String running = abiOf(python);
        if (!abi.equals(running)) {
            return Optional.of("they were installed for CPython " + pythonVersion + " (" + abi + ") but the application "
                    + "boots CPython " + python.version() + " (" + running + "); wheels and pip's choice of versions "
                    + "are per interpreter ABI");
        }
        if (nativeCode && platform != null && !platform.equals(this.platform)) {
            return Optional.of("they hold extension modules built for " + this.platform + " but this machine is "
                    + platform);
        }
        return Optional.empty();
    }
}
