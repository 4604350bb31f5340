package io.pybridge.core.classpath;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A set of files (a distribution or a folder inside a jar) unpacked once into a cache folder
 * and reused.
 *
 * <p>The folder's name carries a hash of every entry's path, size and checksum, so other content
 * never reuses it. Unpacking goes to a private temporary folder beside it, which is renamed into
 * place in one atomic step only once complete, so no JVM ever sees a half-written folder. The
 * list of files is written last; a later start checks that every listed file is there with its
 * size (no re-extraction), and replaces a folder that fails the check.
 *
 * <p>Only a folder nobody else can have written is reused on that check ({@link FolderTrust}:
 * the cache root, the folders down to this one and those in it owned by this JVM's user or root,
 * and nothing there writable by anyone else), and only there is anything unpacked. Any other
 * folder, and any folder under a cache root or folder others can write, is refused with an
 * {@link UntrustedCacheFolderException} whatever it holds: never run, never replaced, never
 * deleted. Comparing its files with the application's would not help: whoever can write there
 * can change a file after the comparison and before Python imports it. What pybridge creates is
 * writable by its owner only ({@link OwnerWritableFiles}), so the normal case is trusted.
 *
 * <p>Each folder has a lock file beside it ({@code <folder>.lock}). A JVM that uses the folder
 * holds a shared lock on its first byte for as long as it lives; checking and unpacking happen
 * under an exclusive lock on its second byte, so JVMs starting at once unpack it once, one after
 * the other. Older folders of the same name (an earlier version of the same jar) are deleted
 * once no JVM holds their first byte: a folder in use is never deleted. The lock files, empty,
 * stay: deleting one would let a JVM waiting on the old file and a JVM creating a new one both
 * believe they were alone.
 */
final class UnpackedFolder {

    /** The list of files, written last; its presence and content make the folder intact. */
    static final String MANIFEST = ".pybridge-unpacked";

    private static final String LOCK_SUFFIX = ".lock";

    /** Where Python writes a folder's bytecode; made beforehand so that the umask cannot loosen it. */
    private static final String BYTECODE_FOLDER = "__pycache__";

    private static final System.Logger LOG = System.getLogger(UnpackedFolder.class.getName());

    /**
     * In-use locks this JVM holds, one per folder, kept for the JVM's life (a lock dies with its
     * channel). Static, so per class loader: two copies of pybridge in one JVM (two web
     * applications in one container) must not share a cache folder.
     */
    private static final Map<Path, FileChannel> IN_USE = new ConcurrentHashMap<>();

    /** File locks are per JVM: threads of one JVM are kept apart by this monitor per folder. */
    private static final Map<Path, Object> MONITORS = new ConcurrentHashMap<>();

    private UnpackedFolder() {
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
     * The folder {@code <cacheRoot>/<kind>/<name>-<hash>} holding {@code entries}, unpacked now
     * unless an intact copy is there; older folders of the same {@code name} that no JVM uses
     * are deleted.
     *
     * @param kind the cache's sub-folder for this kind of content, e.g. {@code cpython}
     * @param name the folder name's readable part, e.g. {@code cpython-3.13.5-linux-x86_64}
     * @throws UntrustedCacheFolderException if someone else could write the folder, or one on
     *         the way to it from {@code cacheRoot}
     */
    static Path unpack(Path cacheRoot, String kind, String name, List<Entry> entries) {
        return unpack(cacheRoot, kind, name, entries, FolderTrust.forThisJvm());
    }

    /** {@link #unpack(Path, String, String, List)} judged by {@code trust} (tests choose whose files are trusted). */
    static Path unpack(Path cacheRoot, String kind, String name, List<Entry> entries, FolderTrust trust) {
        Path parent = cacheRoot.resolve(kind).toAbsolutePath().normalize();
        Path target = parent.resolve(name + "-" + fingerprint(entries));
        try {
            OwnerWritableFiles.createDirectories(parent);
            synchronized (monitor(target)) {
                // A FileChannel is interruptible: a pending interrupt would close the channel that
                // holds this JVM's in-use lock. The flag is set aside around the lock calls.
                boolean interrupted = Thread.interrupted();
                try {
                    FileChannel lock = inUse(target);
                    // The exclusive byte: JVMs starting at once check and unpack one after the other.
                    try (FileLock writing = lock == null ? null : lock.lock(1, 1, false)) {
                        useOrUnpack(cacheRoot, target, entries, trust);
                    }
                }
                finally {
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            pruneOlder(parent, name, target, trust);
            return target;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not unpack " + name + " to " + target + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Reuses {@code target} (the quick check: sizes), unpacks it, or refuses it. A folder that
     * someone else could write, or under such a folder, is refused whatever it holds: whoever
     * can write it can change its files after any check and before Python imports them, or swap
     * a fresh copy for their own by a rename in the writable folder above. So nothing is
     * unpacked, compared, replaced or deleted there. Called under the exclusive lock.
     */
    private static void useOrUnpack(Path cacheRoot, Path target, List<Entry> entries, FolderTrust trust)
            throws IOException {
        FolderTrust.Judgement judgement = trust.check(cacheRoot, target);
        Optional<FolderTrust.Distrust> distrust = judgement.distrust();
        if (judgement.trusted()) {
            if (!isIntact(target, judgement.fileSizes())) {
                replace(target, entries);
            }
            return;
        }
        throw new UntrustedCacheFolderException(target, distrust.get().describe(), fix(target, distrust.get(), trust));
    }

    /** What to do about a folder that is not trusted; names the settings and the folder. */
    private static String fix(Path target, FolderTrust.Distrust distrust, FolderTrust trust) {
        String user = trust.selfName();
        String own = "Use a cache folder that only " + user + " can write: point pybridge.python.cache-dir (or "
                + "PYBRIDGE_CACHE_DIR) at a folder of " + user + "'s with mode 700 or 755, or at one that does not "
                + "exist yet (pybridge creates it so)";
        if (distrust.tooOpenButOwn()) {
            return own + ", or run chmod -R go-w on " + distrust.path() + ".";
        }
        return own + ". Nothing was deleted: " + target + " is not " + user + "'s to delete; its owner or an "
                + "administrator can.";
    }

    private static void replace(Path target, List<Entry> entries) throws IOException {
        Path parent = target.getParent();
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            // Broken (files deleted by hand or by a cleaner): moved aside, then replaced.
            Path broken = parent.resolve(".broken-" + UUID.randomUUID());
            moveQuietly(target, broken);
            deleteTree(broken);
        }
        // Made owner-only (rwx------), so nobody else can write it while it is filled.
        Path temporary = Files.createTempDirectory(parent, ".unpacking-");
        try {
            write(temporary, entries);
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (IOException lost) {
                // Another process without working file locks renamed its copy into place first
                // (rename(2) onto a non-empty folder fails): use that one if it is whole.
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
    }

    /**
     * Takes (once per JVM) the shared lock that marks {@code folder} as in use, taken before the
     * folder is checked so that no other JVM can delete it between the check and its use.
     *
     * <p>Called under the folder's monitor, as is every other opening of its lock file in this
     * JVM ({@link #pruneOlder}): on Linux, closing any channel of a file drops all of the JVM's
     * locks on it, so no second channel may be opened and closed while this one holds the lock.
     *
     * @return the lock file's channel, or null where the file system has no locks (unpacking
     *         still works, through the atomic rename; older folders are then never deleted)
     */
    private static @Nullable FileChannel inUse(Path folder) {
        Path lockFile = folder.resolveSibling(folder.getFileName() + LOCK_SUFFIX);
        FileChannel held = IN_USE.get(folder);
        if (held != null && held.isOpen()) {
            return held;
        }
        try {
            // Not through a link: in a folder others can write, one could point anywhere.
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            try {
                channel.lock(0, 1, true);
            }
            catch (IOException | OverlappingFileLockException unsupported) {
                channel.close();
                return null;
            }
            IN_USE.put(folder, channel);
            return channel;
        }
        catch (IOException ex) {
            return null;
        }
    }

    /** Deletes the folders {@code name-<hash>} other than {@code keep} that no JVM holds in use. */
    static void pruneOlder(Path parent, String name, Path keep) {
        pruneOlder(parent, name, keep, FolderTrust.forThisJvm());
    }

    /** As above; a folder that is not this user's own is never deleted. */
    private static void pruneOlder(Path parent, String name, Path keep, FolderTrust trust) {
        Pattern sibling = Pattern.compile(Pattern.quote(name) + "-[0-9a-f]{12}");
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(parent)) {
            for (Path child : children) {
                Path absolute = child.toAbsolutePath().normalize();
                if (!absolute.equals(keep) && sibling.matcher(child.getFileName().toString()).matches()
                        && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS) && !IN_USE.containsKey(absolute)
                        && trust.isOwnedBySelf(absolute)) {
                    candidates.add(absolute);
                }
            }
        }
        catch (IOException ex) {
            return; // pruning is housekeeping: never a reason to fail a start
        }
        for (Path old : candidates) {
            // Under the folder's monitor and only if this JVM does not use it: then no channel of
            // this JVM holds its lock file, and opening and closing one here drops nobody's lock.
            synchronized (monitor(old)) {
                if (IN_USE.containsKey(old)) {
                    continue;
                }
                Path lockFile = old.resolveSibling(old.getFileName() + LOCK_SUFFIX);
                try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS); FileLock unused = channel.tryLock(0, 1, false)) {
                    if (unused != null) {
                        Path doomed = parent.resolve(".deleting-" + UUID.randomUUID());
                        moveQuietly(old, doomed);
                        deleteTree(doomed);
                    }
                }
                catch (IOException | OverlappingFileLockException inUseOrNoLocks) {
                    // used by another JVM, or no locks on this file system: left alone
                }
            }
        }
    }

    private static void write(Path folder, List<Entry> entries) throws IOException {
        for (Entry entry : entries) {
            Path file = folder.resolve(entry.path()).normalize();
            if (!file.startsWith(folder)) {
                throw new IOException("entry " + entry.path() + " points outside the folder");
            }
            OwnerWritableFiles.createDirectories(file.getParent());
            if (entry.path().endsWith(".py")) {
                // Python would make it with the umask's mode (group-writable under umask 002).
                OwnerWritableFiles.createDirectories(file.resolveSibling(BYTECODE_FOLDER));
            }
            try (InputStream in = entry.opener().open(); OutputStream out = OwnerWritableFiles.newFile(file,
                    entry.executable())) {
                in.transferTo(out);
            }
            if (Files.size(file) != entry.size()) {
                throw new IOException(entry.path() + " has " + Files.size(file) + " bytes, expected " + entry.size());
            }
        }
        try (OutputStream out = OwnerWritableFiles.newFile(folder.resolve(MANIFEST), false)) {
            out.write(manifest(entries).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The list of files written last into the folder: each entry's size and path, one a line. */
    static String manifest(List<Entry> entries) {
        StringBuilder manifest = new StringBuilder();
        for (Entry entry : entries) {
            manifest.append(entry.size()).append('\t').append(entry.path()).append('\n');
        }
        return manifest.toString();
    }

    private static Object monitor(Path folder) {
        return MONITORS.computeIfAbsent(folder, key -> new Object());
    }

    /**
     * Whether {@code folder} has its manifest and every file it lists, with the listed size. A
     * manifest that cannot be read or parsed makes the folder broken (replaced), never a failed start.
     */
    static boolean isIntact(Path folder) throws IOException {
        return isIntact(folder, null);
    }

    /**
     * As {@link #isIntact(Path)}, with the sizes of the folder's regular files already read
     * ({@link FolderTrust.Judgement#fileSizes()}), or null to read each listed file's.
     */
    static boolean isIntact(Path folder, @Nullable Map<String, Long> sizes) throws IOException {
        try {
            return listsOnlyPresentFiles(folder, sizes);
        }
        catch (IOException | RuntimeException unreadable) {
            return false;
        }
    }

    private static boolean listsOnlyPresentFiles(Path folder, @Nullable Map<String, Long> sizes) throws IOException {
        Path manifest = folder.resolve(MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return false;
        }
        for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            int tab = line.indexOf('\t');
            if (tab <= 0) {
                return false;
            }
            String path = line.substring(tab + 1);
            // A path the walk would spell otherwise (an entry named "./x") is looked at directly.
            Long size = sizes != null && sizes.containsKey(path) ? sizes.get(path) : sizeOf(folder.resolve(path));
            if (size == null || size != Long.parseLong(line.substring(0, tab))) {
                return false;
            }
        }
        return true;
    }

    private static @Nullable Long sizeOf(Path file) throws IOException {
        return Files.isRegularFile(file) ? Files.size(file) : null;
    }

    /** A short hash (12 hex digits) of the entries' paths, sizes and checksums. */
    static String fingerprint(List<Entry> entries) {
        MessageDigest digest = sha256();
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::path));
        for (Entry entry : sorted) {
            digest.update((entry.path() + '\0' + entry.size() + '\0' + entry.checksum() + '\n')
                    .getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 6);
    }

    /** A short hash (8 hex digits) of a text, e.g. where a jar lies. */
    static String shortHash(String text) {
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)), 0, 4);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
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
