package io.pybridge.core.classpath;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * Whether nobody but this JVM's user (or root) can have changed a folder of the cache, judged as
 * ssh judges {@code ~/.ssh}: the cache root, every folder from it down to the unpacked folder, and
 * every folder and file inside that one must be owned by this JVM's user or by root, and none of
 * them may be writable by anyone else (no group or others write bit). Symbolic links
 * below the cache root are not followed and never trusted: pybridge writes none. The folders
 * above the cache root are not judged: choosing where the cache lies is the configuration's
 * business.
 *
 * <p>Each file's owner is read with its mode, in one {@code lstat} (the {@code unix} view gives the
 * uid as a number, with no name lookup): a file another user owns in this user's folder was put
 * there while somebody else could write the folder, and its owner may make it writable again.
 *
 * <p>The rule reads owners and modes, never asks the kernel for access, so it judges the same
 * for root as for anyone. On a file system without Unix owners and modes (Windows) every folder
 * is trusted, as before this check existed.
 */
final class FolderTrust {

    /** A uid no file has ({@code (uid_t) -1}): this JVM's user when it could not be found. */
    static final int UNKNOWN = -1;

    private static final int ROOT = 0;

    /** This JVM's user: the owner of the files it creates. */
    private final int self;

    private final String selfName;

    private final boolean rootTrusted;

    /**
     * @param self this JVM's user's uid, or {@link #UNKNOWN} (then only root is trusted)
     * @param selfName its name, for messages
     * @param rootTrusted whether root's files are trusted (always, except in tests)
     */
    FolderTrust(int self, String selfName, boolean rootTrusted) {
        this.self = self;
        this.selfName = selfName;
        this.rootTrusted = rootTrusted;
    }

    /** The rule for this JVM, with its user found once. */
    static FolderTrust forThisJvm() {
        return ThisJvm.TRUST;
    }

    /**
     * Why one file or folder is not trusted.
     *
     * @param problem e.g. {@code is owned by nobody and has mode rwxrwxrwx (…)}
     * @param tooOpenButOwn whether it is this JVM's user's own and only writable by others too,
     *        which {@code chmod go-w} fixes
     */
    record Distrust(Path path, String problem, boolean tooOpenButOwn) {

        /** e.g. {@code /tmp/cache/cpython/cpython-3.13.5-… is owned by nobody and has mode rwxrwxrwx …}. */
        String describe() {
            return path + " " + problem;
        }
    }

    /**
     * What {@link #check} found.
     *
     * @param distrust the first thing that is not trusted, or empty when all are
     * @param fileSizes the size of each regular file in the folder by its path relative to it
     *        ({@code lib/python3.13/os.py}), read in the same look as its owner and mode, so the
     *        size check needs no second one; null when the folder was not walked
     */
    record Judgement(Optional<Distrust> distrust, @Nullable Map<String, Long> fileSizes) {

        boolean trusted() {
            return distrust.isEmpty();
        }
    }

    /**
     * Judges the way from {@code cacheRoot} down to {@code folder}, then everything inside
     * {@code folder} when it exists, and stops at the first thing that is not trusted.
     *
     * @param cacheRoot the cache folder as configured: followed if it is a link
     * @param folder a folder below {@code cacheRoot}
     */
    Judgement check(Path cacheRoot, Path folder) {
        if (!FileStatus.isAvailable(cacheRoot.getFileSystem())) {
            return new Judgement(Optional.empty(), null);
        }
        Path root = cacheRoot.toAbsolutePath().normalize();
        Path target = folder.toAbsolutePath().normalize();
        try {
            // The configured root may be a link (~/.cache → /data/cache): its target is judged.
            Optional<Distrust> problem = judge(root, FileStatus.of(root));
            for (Path step = root; problem.isEmpty() && !step.equals(target) && target.startsWith(step);) {
                step = step.resolve(target.getName(step.getNameCount()));
                if (!Files.exists(step, LinkOption.NOFOLLOW_LINKS)) {
                    // Not made yet: pybridge makes it, writable by its owner only.
                    return new Judgement(Optional.empty(), null);
                }
                problem = judge(step, FileStatus.of(step, LinkOption.NOFOLLOW_LINKS));
            }
            if (problem.isPresent()) {
                return new Judgement(problem, null);
            }
            Map<String, Long> sizes = new HashMap<>();
            return new Judgement(inside(target, "", sizes), sizes);
        }
        catch (IOException | RuntimeException unreadable) {
            return new Judgement(Optional.of(new Distrust(target, "cannot be checked: " + unreadable, false)), null);
        }
    }

    /** Whether {@code path} itself (not followed if a link) belongs to this JVM's user. */
    boolean isOwnedBySelf(Path path) {
        if (!FileStatus.isAvailable(path.getFileSystem())) {
            return true;
        }
        try {
            return self != UNKNOWN && FileStatus.of(path, LinkOption.NOFOLLOW_LINKS).uid() == self;
        }
        catch (IOException | RuntimeException ex) {
            return false;
        }
    }

    /** This JVM's user's name, for messages. */
    String selfName() {
        return selfName;
    }

    /**
     * Every folder and file below {@code folder}, links not followed; stops at the first problem.
     * Each is read once ({@code lstat}: type, mode, owner and size, the size kept for the size
     * check): a file of another user's is refused even when nobody else may write it now, since
     * it was put there when somebody could, and its owner can change its mode back.
     *
     * @param prefix the relative path of {@code folder}, empty or ending in {@code /}
     * @param sizes receives each regular file's size
     */
    private Optional<Distrust> inside(Path folder, String prefix, Map<String, Long> sizes) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(folder)) {
            for (Path child : children) {
                FileStatus status = FileStatus.of(child, LinkOption.NOFOLLOW_LINKS);
                Optional<Distrust> problem = judge(child, status);
                if (problem.isPresent()) {
                    return problem;
                }
                String path = prefix + child.getFileName();
                if (status.isDirectory()) {
                    problem = inside(child, path + "/", sizes);
                    if (problem.isPresent()) {
                        return problem;
                    }
                }
                else if (status.isRegularFile()) {
                    sizes.put(path, status.size());
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Distrust> judge(Path path, FileStatus status) {
        boolean ownedBySelf = self != UNKNOWN && status.uid() == self;
        boolean trustedOwner = ownedBySelf || (rootTrusted && status.uid() == ROOT);
        if (status.isSymbolicLink()) {
            return Optional.of(new Distrust(path, "is a symbolic link (owned by " + ownerName(path, status) + ")",
                    false));
        }
        if (trustedOwner && !status.isWritableByOthers()) {
            return Optional.empty();
        }
        String owners = self == UNKNOWN || (self == ROOT && rootTrusted) ? "root" : selfName + " or root";
        String problem = "is owned by " + ownerName(path, status) + " and has mode " + status.permissions()
                + " (pybridge uses only what " + owners + " owns and nobody else can write)";
        return Optional.of(new Distrust(path, problem, ownedBySelf));
    }

    /** The owner's name (looked up only for a message), else its uid. */
    private static String ownerName(Path path, FileStatus status) {
        try {
            return Files.getOwner(path, LinkOption.NOFOLLOW_LINKS).getName();
        }
        catch (IOException | RuntimeException unknown) {
            return "uid " + status.uid();
        }
    }

    /** Finds this JVM's user once, on first use. */
    private static final class ThisJvm {

        static final FolderTrust TRUST = find();

        /**
         * The owner of a file this JVM creates: its effective user as the file system sees it,
         * right even for a user with no name (a container's arbitrary uid).
         */
        private static FolderTrust find() {
            if (!FileStatus.isAvailable(FileSystems.getDefault())) {
                return new FolderTrust(UNKNOWN, System.getProperty("user.name", "this JVM's user"), true);
            }
            // Named without Files.createTempFile, whose SecureRandom costs ~50 ms at start-up;
            // created exclusively (O_EXCL), so never through a link someone put there.
            Path probe = Path.of(System.getProperty("java.io.tmpdir"), ".pybridge-owner-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + Long.toHexString(System.nanoTime()));
            try {
                Files.createFile(probe);
                try {
                    FileStatus status = FileStatus.of(probe, LinkOption.NOFOLLOW_LINKS);
                    return new FolderTrust(status.uid(), ownerName(probe, status), true);
                }
                finally {
                    Files.deleteIfExists(probe);
                }
            }
            catch (IOException | RuntimeException noTemporaryFile) {
                // No writable temporary folder. On Linux /proc/self belongs to the process's
                // effective user (unless it made itself undumpable, which a JVM does not).
                try {
                    FileStatus process = FileStatus.of(Path.of("/proc/self"));
                    return new FolderTrust(process.uid(), System.getProperty("user.name", "uid " + process.uid()), true);
                }
                catch (IOException | RuntimeException noProc) {
                    // Only root's files are trusted then; any other folder is refused.
                    return new FolderTrust(UNKNOWN, System.getProperty("user.name", "this JVM's user"), true);
                }
            }
        }
    }
}
