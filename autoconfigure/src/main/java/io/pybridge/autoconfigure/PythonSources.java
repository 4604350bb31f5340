package io.pybridge.autoconfigure;

import io.pybridge.core.classpath.ClasspathFolder;
import io.pybridge.core.classpath.UntrustedCacheFolderException;
import io.pybridge.core.runtime.DisplayRoot;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * Makes a classpath location of Python files (the application's sources, by default
 * {@code classpath:python/}; the packages the build installed, {@code classpath:python-packages/})
 * a directory Python can import from. A location on the file system (an IDE or
 * {@code mvn spring-boot:run}) is used in place, so edits show up; one inside a jar, including
 * the nested jars of an executable Spring Boot jar, is unpacked once into the cache folder,
 * named by a hash of its content, and reused by later starts (see {@link ClasspathFolder}).
 *
 * <p>Either way the folder comes with the name tracebacks give its files ({@link DisplayRoot}):
 * the classpath location for an unpacked copy ({@code classpath:python/trips.py}), the project's
 * {@code src/main/resources} folder for the copy a build made in {@code target/classes} (Maven) or
 * {@code build/resources/main} (Gradle), when the project has that folder.
 */
final class PythonSources {

    /** The cache's sub-folder for the application's sources. */
    static final String SOURCES = "python-sources";

    /** The cache's sub-folder for installed packages. */
    static final String PACKAGES = "python-packages";

    private final ResourcePatternResolver resolver;

    private final Path cacheRoot;

    PythonSources(ResourcePatternResolver resolver, Path cacheRoot) {
        this.resolver = resolver;
        this.cacheRoot = cacheRoot;
    }

    /**
     * A folder for sys.path and the name its files are reported by, if any.
     *
     * @param shownAs the display root, or null where the folder's own paths are what the developer edits
     */
    record Folder(Path path, @Nullable DisplayRoot shownAs) {

        /** Adds the folder to the python path, with its display root. */
        void addTo(PythonRuntimeConfig.Builder builder) {
            if (shownAs == null) {
                builder.addPythonPath(path);
            }
            else {
                builder.addPythonPath(path, shownAs);
            }
        }
    }

    /**
     * The directory to put on sys.path, or empty if the location holds nothing.
     *
     * @param kind {@link #SOURCES} or {@link #PACKAGES}
     */
    Optional<Path> directory(String location, String kind) {
        return folder(location, kind, null, null).map(Folder::path);
    }

    /**
     * Like {@link #directory(String, String)}, but a location that does not exist is an error
     * naming {@code property}, unless it is {@code optionalDefault} (the default location, which an
     * application without Python files of that kind simply does not have).
     */
    Optional<Path> directory(String location, String kind, @Nullable String property, @Nullable String optionalDefault) {
        return folder(location, kind, property, optionalDefault).map(Folder::path);
    }

    /** Like {@link #directory(String, String, String, String)}, with the folder's display root. */
    Optional<Folder> folder(String location, String kind, @Nullable String property, @Nullable String optionalDefault) {
        Optional<Folder> found = locate(location, kind, property);
        if (found.isEmpty() && property != null && !location.equals(optionalDefault)) {
            throw new PythonConfigurationException(property, property + " is " + location + ", which does not exist",
                    "Point " + property + " at a folder that exists (classpath: locations are looked up in "
                            + "src/main/resources and the jars), or remove it to use the default ("
                            + optionalDefault + ").");
        }
        return found;
    }

    private Optional<Folder> locate(String location, String kind, @Nullable String property) {
        String base = location.endsWith("/") ? location : location + "/";
        try {
            Resource root = resolver.getResource(base);
            if (!root.exists()) {
                return Optional.empty();
            }
            if (root.isFile()) {
                // In place: the build's copy of the project's files, or the project's files themselves.
                Path folder = root.getFile().toPath();
                return Optional.of(new Folder(folder, DisplayRoot.projectSourcesOf(folder).orElse(null)));
            }
            // The cache's copy of the location's files: named by the location, as the developer knows them.
            return Optional.of(new Folder(ClasspathFolder.directory(root.getURL(), cacheRoot, kind),
                    DisplayRoot.named(base)));
        }
        catch (UntrustedCacheFolderException ex) {
            String named = property == null ? location : property + " (" + location + ")";
            throw new PythonConfigurationException(String.valueOf(property), "The Python files of " + named
                    + " were not used from the cache folder " + cacheRoot + ": " + ex.getMessage(), ex.fix(), ex);
        }
        catch (IOException | UncheckedIOException ex) {
            String named = property == null ? location : property + " (" + location + ")";
            throw new PythonConfigurationException(String.valueOf(property), "The Python files of " + named
                    + " cannot be put on disk in the cache folder " + cacheRoot + ": " + ex.getMessage(),
                    "Make the cache folder writable, or point pybridge.python.cache-dir (or PYBRIDGE_CACHE_DIR) at "
                            + "a writable folder.", ex);
        }
    }
}
