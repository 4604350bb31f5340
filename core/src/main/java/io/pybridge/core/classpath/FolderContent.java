package io.pybridge.core.classpath;

import io.pybridge.core.classpath.UnpackedFolder.Entry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Compares an unpacked folder, byte by byte, with the entries it was unpacked from: the check for
 * a folder that someone else could have written. Everything comes from the entries (the jar),
 * nothing from the folder's own list of files, which is as open to change as the rest. A CRC
 * would not do: a file of the same size and CRC is easy to make.
 */
final class FolderContent {

    private static final int BUFFER = 64 * 1024;

    private FolderContent() {
    }

    /**
     * The first difference between {@code folder} and {@code entries}, or empty when the folder
     * holds exactly those files with exactly that content, plus its list of files as
     * {@code manifest} says. Any other file (a {@code .pyc} or {@code .pth} Python would load),
     * any link and anything that is neither file nor folder is a difference; empty folders are not.
     */
    static Optional<String> difference(Path folder, List<Entry> entries, String manifest) throws IOException {
        Map<String, Entry> expected = new HashMap<>();
        for (Entry entry : entries) {
            // Where unpacking put it (an entry "./x" is the file "x"), spelt as the walk spells it.
            expected.put(relative(folder, folder.resolve(entry.path()).normalize()), entry);
        }
        @Nullable String[] found = new String[1];
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                String path = relative(folder, file);
                found[0] = differenceOf(file, path, attributes, expected, manifest);
                return found[0] == null ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException unreadable) {
                found[0] = relative(folder, file) + " cannot be read (" + unreadable.getMessage() + ")";
                return FileVisitResult.TERMINATE;
            }
        });
        if (found[0] != null) {
            return Optional.of(found[0]);
        }
        // Each file met above was removed from the expected ones: what is left is missing.
        return expected.keySet().stream().sorted().findFirst().map(missing -> missing + " is missing");
    }

    private static String relative(Path folder, Path file) {
        return folder.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static @Nullable String differenceOf(Path file, String path, BasicFileAttributes attributes,
            Map<String, Entry> expected, String manifest) throws IOException {
        if (!attributes.isRegularFile()) {
            return path + " is not a regular file";
        }
        if (path.equals(UnpackedFolder.MANIFEST)) {
            boolean same = Files.readString(file, StandardCharsets.UTF_8).equals(manifest);
            return same ? null : path + " (the list of files) differs from the application's";
        }
        Entry entry = expected.remove(path);
        if (entry == null) {
            return path + " is not one of the application's files";
        }
        if (attributes.size() != entry.size()) {
            return path + " has " + attributes.size() + " bytes, the application's " + entry.size();
        }
        try (InputStream disk = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
                InputStream original = entry.opener().open()) {
            return sameBytes(disk, original) ? null : path + " differs from the application's";
        }
    }

    private static boolean sameBytes(InputStream one, InputStream other) throws IOException {
        byte[] a = new byte[BUFFER];
        byte[] b = new byte[BUFFER];
        while (true) {
            int n = one.readNBytes(a, 0, BUFFER);
            int m = other.readNBytes(b, 0, BUFFER);
            if (n != m || !Arrays.equals(a, 0, n, b, 0, m)) {
                return false;
            }
            if (n < BUFFER) {
                return true;
            }
        }
    }
}
