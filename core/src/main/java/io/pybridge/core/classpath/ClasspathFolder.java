package io.pybridge.core.classpath;

import io.pybridge.core.classpath.FolderEntries.Listing;
import java.net.URL;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * A folder of the classpath as a folder on disk, for Python to import from or boot out of.
 *
 * <p>A folder that already is a directory (an IDE, {@code mvn spring-boot:run}, a test) is
 * used in place, so edits show up. One inside a jar, including a jar nested in a Spring Boot
 * executable jar, is unpacked into {@code <cache>/<kind>/<name>-<hash>}, the hash taken from
 * the jar's directory (each file's path, size and CRC: nothing is read to compute it): a later
 * start with the same content reuses it after checking each file's size, a new build gets a
 * folder of its own, and the folder of an older build is deleted once no JVM uses it (see
 * {@link UnpackedFolder} for how several JVMs share the cache safely).
 *
 * <p>That quick check is enough only for a folder nobody else can have written: the cache root,
 * the folders down to the unpacked one and everything in it owned by this JVM's user (or root),
 * and nothing there writable by anyone else, as ssh requires of {@code ~/.ssh}. Any other folder
 * is refused ({@link UntrustedCacheFolderException}), and nothing is unpacked under a folder
 * others can write. What pybridge creates in the cache is writable by its owner only.
 */
public final class ClasspathFolder {

    private ClasspathFolder() {
    }

    /**
     * The folder on disk holding the files of the classpath folder at {@code location}.
     *
     * @param location the folder ({@code jar:file:/srv/app.jar!/python/}) or any file directly
     *        in it, as a class loader or Spring's resource resolver finds it
     * @param cacheRoot the cache folder (e.g. {@code PythonRuntimeConfig.resolvedCacheDirectory()})
     * @param kind the cache's sub-folder for this kind of content, e.g. {@code python-packages}
     * @throws java.io.UncheckedIOException if it cannot be read or unpacked
     * @throws UntrustedCacheFolderException (an {@code UncheckedIOException}) if the folder in
     *         the cache could have been written by someone else and is not the jar's content
     */
    public static Path directory(URL location, Path cacheRoot, String kind) {
        if ("file".equals(location.getProtocol())) {
            // Used in place: not walked (another JVM's Python may be writing __pycache__ files there).
            return FolderEntries.directoryOf(location);
        }
        Listing listing = FolderEntries.list(location, path -> true, path -> false);
        // One name per jar and folder, so the next build of the same application replaces this one.
        String name = "app-" + UnpackedFolder.shortHash(listing.source());
        return UnpackedFolder.unpack(cacheRoot, kind, name, listing.entries());
    }

    /**
     * Unpacks the classpath folder at {@code location} (even when it is a directory) into
     * {@code <cacheRoot>/<kind>/<name>-<hash>}: for a distribution that must be laid out on disk
     * with executable files, such as a bundled CPython.
     *
     * @param location the folder or any file directly in it
     * @param name the folder name's readable part, e.g. {@code cpython-3.13.5-linux-x86_64}
     * @param keep which files (paths relative to the folder) to unpack
     * @param executable which of them to mark executable
     * @throws java.io.UncheckedIOException if it cannot be read or unpacked
     * @throws UntrustedCacheFolderException (an {@code UncheckedIOException}) if the folder in
     *         the cache could have been written by someone else and is not the jar's content
     */
    public static Path unpack(URL location, Path cacheRoot, String kind, String name, Predicate<String> keep,
            Predicate<String> executable) {
        Listing listing = FolderEntries.list(location, keep, executable);
        return UnpackedFolder.unpack(cacheRoot, kind, name, listing.entries());
    }
}
