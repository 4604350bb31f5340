package io.pybridge.core.classpath;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Creates the cache's folders and files writable by their owner only ({@code rwxr-xr-x},
 * {@code rw-r--r--}), whatever the umask: with the common {@code umask 002} they would otherwise
 * be group-writable and fail {@link FolderTrust}'s rule on the next start. The mode is given at
 * creation, so no other process ever sees a looser one. On a file system without POSIX modes
 * (Windows) they are created as before.
 */
final class OwnerWritableFiles {

    private static final String FOLDER = "rwxr-xr-x";

    private static final String FILE = "rw-r--r--";

    private static final String EXECUTABLE = "rwxr-xr-x";

    private OwnerWritableFiles() {
    }

    /** {@link Files#createDirectories}, each folder it makes writable by its owner only. */
    static Path createDirectories(Path folder) throws IOException {
        return Files.createDirectories(folder, mode(folder, FOLDER));
    }

    /** A new file (it must not exist), to write. */
    static OutputStream newFile(Path file, boolean executable) throws IOException {
        return Channels.newOutputStream(Files.newByteChannel(file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), mode(file, executable ? EXECUTABLE : FILE)));
    }

    private static FileAttribute<?>[] mode(Path path, String mode) {
        if (!path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode))};
    }
}
