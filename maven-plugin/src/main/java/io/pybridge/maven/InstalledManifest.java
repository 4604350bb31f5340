package io.pybridge.maven;

import io.pybridge.core.runtime.PythonPackagesManifest;
import java.io.IOException;
import java.io.Reader;
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
 * reported, read back by the runtime ({@link PythonPackagesManifest}), plus the inputs' hash
 * that lets a later build keep the folder.
 */
final class InstalledManifest {

    static final String INPUTS = "inputs";

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
    static void write(Path folder, Map<String, String> described, String inputs) throws IOException {
        Map<String, String> values = new TreeMap<>(described);
        values.put(INPUTS, inputs);
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

    /** The inputs' hash of the installation in {@code folder}, or null if there is none. */
    static @Nullable String inputsOf(Path folder) throws IOException {
        Path file = folder.resolve(PythonPackagesManifest.FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        return properties.getProperty(INPUTS);
    }

    /** Empties {@code folder} before pip installs into it ({@code --target} does not replace what is there). */
    static void clear(Path folder) throws IOException {
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
