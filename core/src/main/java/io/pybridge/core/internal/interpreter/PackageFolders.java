package io.pybridge.core.internal.interpreter;

import io.pybridge.core.exception.PythonInitializationException;
import io.pybridge.core.exception.PythonInitializationException.Reason;
import io.pybridge.core.runtime.PythonInstallation;
import io.pybridge.core.runtime.PythonPackagesManifest;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The check, before anything is loaded, that the configured package folders fit the located Python. */
final class PackageFolders {

    private static final System.Logger LOG = System.getLogger(PackageFolders.class.getName());

    private PackageFolders() {
    }

    /**
     * @throws PythonInitializationException ({@link Reason#INCOMPATIBLE_PACKAGES}) if a folder's
     *         manifest names another ABI, or extension modules of another platform
     */
    static void check(List<Path> folders, PythonInstallation python) {
        for (Path folder : folders) {
            Optional<PythonPackagesManifest> manifest = PythonPackagesManifest.read(folder);
            if (manifest.isEmpty()) {
                LOG.log(Level.WARNING, "The Python packages in {0} have no {1} (not installed by pybridge-maven-plugin): "
                        + "not checked against CPython {2}", folder, PythonPackagesManifest.FILE, python.version());
                continue;
            }
            Optional<String> why = manifest.get().incompatibility(python, PythonPackagesManifest.jvmPlatform());
            if (why.isPresent()) {
                throw new PythonInitializationException(Reason.INCOMPATIBLE_PACKAGES,
                        "The Python packages in " + folder + " cannot be used: " + why.get(),
                        "Install them with the Python the application boots: pybridge-maven-plugin uses the embedded "
                                + "CPython unless its <python> names another, so name the same executable there and in "
                                + "pybridge.python.executable (or remove the one that does not belong)");
            }
            LOG.log(Level.DEBUG, "Python packages {0} (for CPython {1}): {2}", folder, manifest.get().pythonVersion(),
                    manifest.get().installed());
        }
    }
}
