package io.pybridge.core.classpath;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/**
 * What one {@code stat} says of a file: its type and mode bits, its owner's uid and its size.
 * Read through the JDK's {@code unix} attribute view, which gives the uid as a number: the
 * {@code posix} view's {@code owner()} looks each owner's name up ({@code getpwuid}), which costs
 * more than the {@code lstat} itself.
 *
 * @param mode {@code st_mode}: file type and permission bits
 * @param uid the owner's user id
 * @param size the size in bytes
 */
record FileStatus(int mode, int uid, long size) {

    /** {@code S_IFMT}, {@code S_IFDIR}, {@code S_IFREG}, {@code S_IFLNK}. */
    private static final int TYPE = 0170000;

    private static final int DIRECTORY = 0040000;

    private static final int REGULAR = 0100000;

    private static final int LINK = 0120000;

    /** Group and others write ({@code 022}). */
    private static final int WRITE_BY_OTHERS = 0022;

    /** Whether the file system keeps Unix owners and modes (not Windows). */
    static boolean isAvailable(FileSystem fileSystem) {
        return fileSystem.supportedFileAttributeViews().contains("unix");
    }

    /** The status of {@code path}, of a link itself unless {@code options} is empty. */
    static FileStatus of(Path path, LinkOption... options) throws IOException {
        Map<String, Object> read = Files.readAttributes(path, "unix:mode,uid,size", options);
        return new FileStatus((Integer) read.get("mode"), (Integer) read.get("uid"), (Long) read.get("size"));
    }

    boolean isDirectory() {
        return (mode & TYPE) == DIRECTORY;
    }

    boolean isRegularFile() {
        return (mode & TYPE) == REGULAR;
    }

    boolean isSymbolicLink() {
        return (mode & TYPE) == LINK;
    }

    boolean isWritableByOthers() {
        return (mode & WRITE_BY_OTHERS) != 0;
    }

    /** The permission bits as {@code ls} shows them, e.g. {@code rwxr-xr-x}. */
    String permissions() {
        char[] shown = "rwxrwxrwx".toCharArray();
        for (int bit = 0; bit < shown.length; bit++) {
            if ((mode & (0400 >> bit)) == 0) {
                shown[bit] = '-';
            }
        }
        return new String(shown);
    }
}
