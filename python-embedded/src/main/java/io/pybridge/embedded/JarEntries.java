package io.pybridge.embedded;

import io.pybridge.embedded.UnpackedDistribution.Entry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Predicate;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The files below one folder of the classpath, whether that folder lies in a jar (also a jar
 * nested in a Spring Boot executable jar, whose URL handler serves a {@link JarURLConnection})
 * or in a plain directory (an IDE or test classpath).
 */
final class JarEntries {

    private JarEntries() {
    }

    /**
     * @param marker the URL of one resource directly in {@code prefix}, found through the class loader
     * @param prefix the folder, ending with {@code /}, e.g. {@code org/bytedeco/cpython/linux-x86_64/}
     * @param keep which paths (relative to the prefix) to list
     * @param executable which of them to mark executable
     */
    static List<Entry> below(URL marker, String prefix, Predicate<String> keep, Predicate<String> executable) {
        try {
            URLConnection connection = marker.openConnection();
            if (connection instanceof JarURLConnection jar) {
                return fromJar(jar.getJarFile(), prefix, keep, executable);
            }
            if ("file".equals(marker.getProtocol())) {
                Path markerFile = Path.of(marker.toURI());
                Path root = markerFile.getParent();
                return fromDirectory(root, keep, executable);
            }
            throw new IOException("cannot list the resources of " + marker);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static List<Entry> fromJar(JarFile jar, String prefix, Predicate<String> keep, Predicate<String> executable) {
        List<Entry> entries = new ArrayList<>();
        Enumeration<JarEntry> all = jar.entries();
        while (all.hasMoreElements()) {
            JarEntry entry = all.nextElement();
            String name = entry.getName();
            if (entry.isDirectory() || !name.startsWith(prefix)) {
                continue;
            }
            String path = name.substring(prefix.length());
            if (keep.test(path)) {
                entries.add(new Entry(path, entry.getSize(), entry.getCrc(), () -> jar.getInputStream(entry),
                        executable.test(path)));
            }
        }
        return entries;
    }

    private static List<Entry> fromDirectory(Path root, Predicate<String> keep, Predicate<String> executable)
            throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String path = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (keep.test(path)) {
                    entries.add(new Entry(path, Files.size(file), Files.getLastModifiedTime(file).toMillis(),
                            () -> Files.newInputStream(file), executable.test(path)));
                }
            }
        }
        return entries;
    }
}
