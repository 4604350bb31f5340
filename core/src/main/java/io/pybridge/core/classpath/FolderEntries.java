package io.pybridge.core.classpath;

import io.pybridge.core.classpath.UnpackedFolder.Entry;
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
 * or in a plain directory (an IDE or test classpath). Listing a jar reads its central directory
 * only: each entry's size and CRC come from there, no content is read.
 */
final class FolderEntries {

    private FolderEntries() {
    }

    /**
     * The files of one folder.
     *
     * @param source where they come from, e.g. {@code /srv/app.jar!/BOOT-INF/classes/!/python/}
     */
    record Listing(String source, List<Entry> entries) {
    }

    /**
     * @param location the folder ({@code …/python/}) or any file directly in it, as the class
     *        loader or Spring's resource resolver found it
     * @param keep which paths (relative to the folder) to list
     * @param executable which of them to mark executable
     */
    static Listing list(URL location, Predicate<String> keep, Predicate<String> executable) {
        boolean isFolder = location.toString().endsWith("/");
        try {
            if ("file".equals(location.getProtocol())) {
                Path root = directoryOf(location);
                return new Listing(root.toString(), fromDirectory(root, keep, executable));
            }
            URLConnection connection = location.openConnection();
            if (connection instanceof JarURLConnection jar) {
                String entry = jar.getEntryName() == null ? "" : jar.getEntryName();
                String prefix = isFolder || entry.isEmpty() ? entry : entry.substring(0, entry.lastIndexOf('/') + 1);
                JarFile file = jar.getJarFile();
                return new Listing(file.getName() + "!/" + prefix, fromJar(file, prefix, keep, executable));
            }
            throw new IOException("cannot list the resources of " + location);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The directory of a {@code file:} location: the folder itself, or the folder of a file in it. */
    static Path directoryOf(URL location) {
        try {
            Path path = Path.of(location.toURI());
            return Files.isDirectory(path) ? path : path.getParent();
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
