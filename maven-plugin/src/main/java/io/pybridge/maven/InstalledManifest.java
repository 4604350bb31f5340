package io.pybridge.maven;

import io.pybridge.core.runtime.PythonPackagesManifest;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The packages folder's {@value PythonPackagesManifest#FILE}: what {@code describe_target.py}
 * reported, read back by the runtime ({@link PythonPackagesManifest}); and the stamp of the
 * inputs' hash, in the build folder, that lets a later build keep the packages.
 */
final class InstalledManifest {

    private InstalledManifest() {
    }

    /** {@code key=value} lines into a map (the script prints nothing else). */
    static Map<String, String> parse(List<String> lines) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : lines) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return values;
    }

    /**
     * Writes the manifest, in a fixed order and without the date {@link Properties#store} adds,
     * so the same installation gives the same bytes (a reproducible jar, and the same hash for
     * the runtime's unpacked copy).
     */
    static void write(Path folder, Map<String, String> described) throws IOException {
        Map<String, String> values = new TreeMap<>(described);
        StringBuilder text = new StringBuilder("# Written by pybridge-maven-plugin: the Python these packages were installed for\n");
        for (Map.Entry<String, String> entry : values.entrySet()) {
            Properties one = new Properties();
            one.setProperty(entry.getKey(), entry.getValue());
            StringWriter line = new StringWriter();
            one.store(line, null);
            // store() escapes the value as load() expects; its first line is the date comment.
            line.toString().lines().filter(l -> !l.startsWith("#")).forEach(l -> text.append(l).append('\n'));
        }
        Files.createDirectories(folder);
        Files.writeString(folder.resolve(PythonPackagesManifest.FILE), text, StandardCharsets.UTF_8);
    }

    /**
     * The inputs' hash recorded in {@code stamp} for the installation in {@code folder}, or null
     * if either is missing. The stamp lives in the build folder, not in the jar: the hash covers
     * absolute paths, which would make the jar depend on where the project was checked out.
     */
    static @Nullable String inputsOf(Path folder, Path stamp) throws IOException {
        if (!Files.isRegularFile(folder.resolve(PythonPackagesManifest.FILE)) || !Files.isRegularFile(stamp)) {
            return null;
        }
        return Files.readString(stamp, StandardCharsets.UTF_8).trim();
    }

    static void stamp(Path stamp, String inputs) throws IOException {
        Files.createDirectories(stamp.getParent());
        Files.writeString(stamp, inputs + "\n", StandardCharsets.UTF_8);
    }

    /**
     * Empties {@code folder} before pip installs into it ({@code --target} does not replace what
     * is there). A folder with content but no manifest was not made by this plugin (an
     * {@code outputDirectory} pointed at {@code target/classes} or a source folder): refused.
     */
    static void clear(Path folder) throws IOException {
        if (Files.isDirectory(folder) && !Files.isRegularFile(folder.resolve(PythonPackagesManifest.FILE))) {
            try (Stream<Path> content = Files.list(folder)) {
                if (content.findAny().isPresent()) {
                    throw new IOException(folder + " has files that pybridge-maven-plugin did not install (no "
                            + PythonPackagesManifest.FILE + "); point outputDirectory at a folder of its own");
                }
            }
        }
        deleteTree(folder);
        Files.createDirectories(folder);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
