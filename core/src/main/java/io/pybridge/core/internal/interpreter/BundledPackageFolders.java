package io.pybridge.core.internal.interpreter;

import com.sun.jna.NativeLibrary;
import io.pybridge.core.exception.PythonInitializationException;
import io.pybridge.core.exception.PythonInitializationException.Reason;
import io.pybridge.core.runtime.BundledPackages;
import io.pybridge.core.runtime.PythonInstallation;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link BundledPackages} on the classpath, checked against the located Python, unpacked,
 * and their native libraries loaded into this process, before CPython boots.
 *
 * @param folders the folders to put on {@code sys.path}, in the order the services were found
 * @param libraryFolders the folders of their native libraries, for a worker process's
 *     {@code LD_LIBRARY_PATH}
 */
record BundledPackageFolders(List<Path> folders, List<Path> libraryFolders) {

    private static final System.Logger LOG = System.getLogger(BundledPackageFolders.class.getName());

    static final BundledPackageFolders NONE = new BundledPackageFolders(List.of(), List.of());

    /**
     * The libraries loaded, held for the JVM's life: JNA closes a {@link NativeLibrary} that is
     * no longer reachable ({@code dlclose}), and the dynamic linker would then take the host's
     * library of that name, if any, for the next extension module that needs it.
     */
    private static final Set<NativeLibrary> LOADED = ConcurrentHashMap.newKeySet();

    /**
     * @throws PythonInitializationException ({@link Reason#INCOMPATIBLE_PACKAGES}) if packages on
     *         the classpath were built for another Python, or cannot be unpacked or loaded
     */
    static BundledPackageFolders load(PythonInstallation python, Path cacheRoot) {
        List<Path> folders = new ArrayList<>();
        Set<Path> libraryFolders = new LinkedHashSet<>();
        for (BundledPackages bundled : ServiceLoader.load(BundledPackages.class,
                BundledPackageFolders.class.getClassLoader())) {
            Optional<String> why = bundled.incompatibility(python);
            if (why.isPresent()) {
                throw new PythonInitializationException(Reason.INCOMPATIBLE_PACKAGES, bundled.description()
                        + " is on the classpath but cannot be used with CPython " + python.version() + " ("
                        + python.library() + "): " + why.get(), "Boot the Python it was built for (with "
                                + "pybridge-python-embedded, configure no other), or remove it from the dependencies");
            }
            BundledPackages.Unpacked unpacked;
            try {
                unpacked = bundled.unpack(cacheRoot);
                for (Path library : unpacked.libraries()) {
                    // By path, before any extension module: their NEEDED entries then resolve to it by soname.
                    LOADED.add(NativeLibrary.getInstance(library.toString()));
                    libraryFolders.add(library.getParent());
                }
            }
            catch (RuntimeException | UnsatisfiedLinkError ex) {
                throw new PythonInitializationException(Reason.INCOMPATIBLE_PACKAGES, bundled.description()
                        + " could not be unpacked to " + cacheRoot + " or loaded: " + ex.getMessage(),
                        "Make the cache folder writable or point it elsewhere (pybridge.python.cache-dir), "
                                + "or remove it from the dependencies", ex);
            }
            LOG.log(Level.INFO, "Python packages {0}, bundled with the application: {1}", bundled.description(),
                    unpacked.folder());
            folders.add(unpacked.folder());
        }
        return folders.isEmpty() ? NONE : new BundledPackageFolders(List.copyOf(folders), List.copyOf(libraryFolders));
    }
}
