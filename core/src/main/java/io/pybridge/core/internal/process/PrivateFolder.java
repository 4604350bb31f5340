package io.pybridge.core.internal.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

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

    /** The file in each folder that says which process made it (see {@link #abandoned}). */
    private static final String OWNER = "owner";

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
                Files.createDirectory(folder,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                String start = startTicks(pid);
                if (start != null) {
                    // Written aside, then moved: a JVM reading it never sees it half written.
                    Path owner = Files.writeString(folder.resolve(OWNER + ".new"), start);
                    Files.move(owner, folder.resolve(OWNER), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
                return folder;
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
     * has it now is another process that was given the same pid (they are reused, soon in a
     * container's small range): its start differs from the one the folder's owner file records.
     * A folder without that file (being created, or an older pybridge's) is kept while its pid runs.
     */
    private static boolean abandoned(Path folder, long pid) {
        if (ProcessHandle.of(pid).isEmpty()) {
            return true;
        }
        String now = startTicks(pid);
        try {
            return now != null && !Files.readString(folder.resolve(OWNER)).trim().equals(now);
        }
        catch (IOException | RuntimeException unknown) {
            return false;
        }
    }

    /**
     * When process {@code pid} started, in clock ticks after boot ({@code /proc/<pid>/stat}'s 22nd
     * field): fixed for the life of the process, and read the same way whatever the wall clock
     * does; null where there is no such file.
     */
    static @Nullable String startTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The second field, the command, is in parentheses and may hold spaces: count after it.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return fields[19];
        }
        catch (IOException | RuntimeException ex) {
            return null;
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
