package io.pybridge.core.matrix;

import io.pybridge.core.exception.PythonInitializationException;
import io.pybridge.core.internal.interpreter.PythonLocator;
import io.pybridge.core.runtime.PythonInstallation;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The CPython 3.11+ builds with a shared libpython on this machine, for tests that run in child
 * JVMs against another interpreter than their own: found through {@code python3} (or
 * {@code pybridge.test.python}), {@code python3.N} and {@code python3.Nt} on the PATH,
 * {@code pyenv root} if pyenv is installed, and {@code PYBRIDGE_TEST_PYTHONS}
 * ({@code :}-separated). Nothing is hard-coded.
 */
public final class TestPythons {

    /** What {@link #all()} found: each candidate is asked once per JVM. */
    private static Map<Path, PythonInstallation> found;

    private TestPythons() {
    }

    /** Every one found, one per library file, in the order above. */
    public static synchronized Map<Path, PythonInstallation> all() throws IOException {
        if (found == null) {
            found = Collections.unmodifiableMap(find());
        }
        return found;
    }

    private static Map<Path, PythonInstallation> find() throws IOException {
        List<String> candidates = new ArrayList<>();
        candidates.add(Optional.ofNullable(blankToNull(System.getProperty("pybridge.test.python"))).orElse("python3"));
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (int minor = 11; minor <= 20; minor++) {
                // python3.Nt is the free-threaded build (3.13+), installed beside the regular one.
                for (String name : List.of("python3." + minor, "python3." + minor + "t")) {
                    Path executable = Path.of(dir.isEmpty() ? "." : dir, name);
                    if (Files.isExecutable(executable)) {
                        candidates.add(executable.toString());
                    }
                }
            }
        }
        pyenvRoot().ifPresent(root -> {
            try (Stream<Path> versions = Files.list(root.resolve("versions"))) {
                versions.map(v -> v.resolve("bin/python3")).filter(Files::isExecutable)
                        .forEach(p -> candidates.add(p.toString()));
            }
            catch (IOException ex) {
                System.out.println("pythons: cannot list pyenv versions: " + ex);
            }
        });
        String extra = System.getenv("PYBRIDGE_TEST_PYTHONS");
        if (extra != null) {
            for (String entry : extra.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    candidates.add(entry);
                }
            }
        }
        Map<Path, PythonInstallation> found = new LinkedHashMap<>();
        for (String candidate : candidates) {
            try {
                PythonInstallation installation = new PythonLocator(PythonRuntimeConfig.builder().executable(candidate)
                        .environment(name -> null).build()).locate();
                String[] version = installation.version().split("\\.");
                if (Integer.parseInt(version[1]) >= 11) {
                    found.putIfAbsent(installation.library().toRealPath(), installation);
                }
            }
            catch (PythonInitializationException ex) {
                System.out.println("pythons: skipping " + candidate + ": " + ex.getMessage());
            }
        }
        return found;
    }

    /** The first one found that can make own-GIL sub-interpreters: 3.12+ with a GIL. */
    public static Optional<PythonInstallation> withSubInterpreters() throws IOException {
        return all().values().stream().filter(p -> !p.freeThreaded() && p.hasOwnGilSubInterpreters()).findFirst();
    }

    private static Optional<Path> pyenvRoot() {
        try {
            Process process = new ProcessBuilder("pyenv", "root").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 && !out.isEmpty()
                    ? Optional.of(Path.of(out)) : Optional.empty();
        }
        catch (IOException | InterruptedException ex) {
            return Optional.empty();
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
