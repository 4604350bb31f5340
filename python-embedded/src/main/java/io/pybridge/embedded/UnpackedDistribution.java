package io.pybridge.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A set of files (a distribution inside a jar) unpacked once into a cache folder and reused.
 *
 * <p>The folder's name carries a hash of every entry's path, size and checksum, so another
 * distribution never reuses it. Unpacking goes to a private temporary folder beside it, which is
 * renamed into place in one atomic step only once complete: two JVMs starting at once each
 * unpack, one rename wins, the other drops its copy and uses the winner's, and no JVM ever
 * sees a half-written folder. The list of files is written last; a later start checks that
 * every listed file is there with its size (no re-extraction), and replaces a folder that
 * fails the check. A folder in use is never deleted unless it is broken.
 */
final class UnpackedDistribution {

    /** The list of files, written last; its presence and content make the folder intact. */
    static final String MANIFEST = ".pybridge-unpacked";

    private UnpackedDistribution() {
    }

    /** One file to unpack. */
    record Entry(String path, long size, long checksum, Opener opener, boolean executable) {
    }

    /** Opens one entry's content. */
    @FunctionalInterface
    interface Opener {
        InputStream open() throws IOException;
    }

    /**
     * The folder below {@code cacheRoot} holding {@code entries}, unpacked now unless an intact
     * copy is there.
     *
     * @param name the folder name's readable part, e.g. {@code cpython-3.13.5-linux-x86_64}
     */
    static Path unpack(Path cacheRoot, String name, List<Entry> entries) {
        Path target = cacheRoot.resolve(name + "-" + fingerprint(entries));
        try {
            Files.createDirectories(cacheRoot);
            if (isIntact(target)) {
                return target;
            }
            if (Files.exists(target)) {
                // Broken (files deleted by hand or by a cleaner): moved aside, then replaced.
                Path broken = cacheRoot.resolve(".broken-" + UUID.randomUUID());
                moveQuietly(target, broken);
                deleteTree(broken);
            }
            Path temporary = Files.createTempDirectory(cacheRoot, ".unpacking-");
            try {
                write(temporary, entries);
                try {
                    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
                }
                catch (IOException lost) {
                    // Most likely another JVM renamed its copy into place first (rename(2) onto a
                    // non-empty folder fails): use that one if it is whole.
                    if (!isIntact(target)) {
                        throw new IOException("another process unpacked " + target + " but it is incomplete", lost);
                    }
                }
            }
            finally {
                if (Files.exists(temporary)) {
                    deleteTree(temporary);
                }
            }
            return target;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not unpack " + name + " to " + target + ": " + ex.getMessage(), ex);
        }
    }

    private static void write(Path folder, List<Entry> entries) throws IOException {
        StringBuilder manifest = new StringBuilder();
        for (Entry entry : entries) {
            Path file = folder.resolve(entry.path()).normalize();
            if (!file.startsWith(folder)) {
                throw new IOException("entry " + entry.path() + " points outside the folder");
            }
            Files.createDirectories(file.getParent());
            try (InputStream in = entry.opener().open()) {
                Files.copy(in, file);
            }
            if (Files.size(file) != entry.size()) {
                throw new IOException(entry.path() + " has " + Files.size(file) + " bytes, expected " + entry.size());
            }
            if (entry.executable()) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
                permissions.add(PosixFilePermission.OWNER_EXECUTE);
                permissions.add(PosixFilePermission.GROUP_EXECUTE);
                permissions.add(PosixFilePermission.OTHERS_EXECUTE);
                Files.setPosixFilePermissions(file, permissions);
            }
            manifest.append(entry.size()).append('\t').append(entry.path()).append('\n');
        }
        Files.writeString(folder.resolve(MANIFEST), manifest, StandardCharsets.UTF_8);
    }

    /** Whether {@code folder} has its manifest and every file it lists, with the listed size. */
    static boolean isIntact(Path folder) throws IOException {
        Path manifest = folder.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return false;
        }
        for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            int tab = line.indexOf('\t');
            if (tab <= 0) {
                return false;
            }
            Path file = folder.resolve(line.substring(tab + 1));
            if (!Files.isRegularFile(file) || Files.size(file) != Long.parseLong(line.substring(0, tab))) {
                return false;
            }
        }
        return true;
    }

    /** A short hash of the entries' paths, sizes and checksums. */
    static String fingerprint(List<Entry> entries) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<Entry> sorted = new ArrayList<>(entries);
            sorted.sort(Comparator.comparing(Entry::path));
            for (Entry entry : sorted) {
                digest.update((entry.path() + '\0' + entry.size() + '\0' + entry.checksum() + '\n')
                        .getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 6);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void moveQuietly(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        }
        catch (IOException ex) {
            // Another JVM moved or replaced it meanwhile.
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
