package io.pybridge.core.internal.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The folder of one runtime's shared-memory files: {@code pybridge-<jvm pid>-<n>} in
 * {@code /dev/shm} (memory, not disk) when the machine has it, else in {@code java.io.tmpdir};
 * readable by the JVM's user only ({@code 0700}), so no other user can open a worker's data.
 * Files are deleted as soon as both processes have them open; the folder goes at close, and
 * folders left by JVMs that no longer run (killed with {@code kill -9}) are removed when the next
 * one starts, also when their pid has been given to a newer process since.
 */
final class PrivateFolder {

    private static final String PREFIX = "pybridge-";

    private PrivateFolder() {
    }

    static Path create() {
        Path shm = Path.of("/dev/shm");
        Path parent = Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        removeAbandoned(parent);
        long pid = ProcessHandle.current().pid();
        for (int attempt = 0;; attempt++) {
            Path folder = parent.resolve(PREFIX + pid + "-" + attempt);
            try {
                return Files.createDirectory(folder,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            catch (java.nio.file.FileAlreadyExistsException ex) {
                if (attempt > 1000) {
                    throw new UncheckedIOException(ex);
                }
            }
            catch (IOException ex) {
                throw new UncheckedIOException("cannot create the worker processes' shared memory folder in " + parent, ex);
            }
        }
    }

    /** Removes the folders of JVMs that have ended (another user's cannot be deleted, and are left). */
    private static void removeAbandoned(Path parent) {
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(parent, PREFIX + "*")) {
            for (Path folder : folders) {
                String[] parts = folder.getFileName().toString().split("-");
                if (parts.length != 3) {
                    continue;
                }
                try {
                    if (abandoned(folder, Long.parseLong(parts[1]))) {
                        delete(folder);
                    }
                }
                catch (NumberFormatException ignored) {
                    // not one of ours
                }
            }
        }
        catch (IOException | SecurityException ignored) {
            // best effort: leftovers do no harm but take memory
        }
    }

    /**
     * Whether the JVM that made {@code folder} has ended: no process has its pid, or the one that
     * has it now started after the folder was last changed, so it is another process that was
     * given the same pid (they are reused, soon in a container's small range).
     */
    private static boolean abandoned(Path folder, long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return true;
        }
        Optional<Instant> started = process.get().info().startInstant();
        if (started.isEmpty()) {
            return false;
        }
        try {
            // A second of slack: the two clocks are read with different precisions.
            return started.get().isAfter(Files.getLastModifiedTime(folder).toInstant().plusSeconds(1));
        }
        catch (IOException gone) {
            return false;
        }
    }

    static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                }
                catch (IOException ignored) {
                    // gone already, or not ours
                }
            });
        }
        catch (IOException | UncheckedIOException ignored) {
            // best effort
        }
    }
}
