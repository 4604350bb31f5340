package io.pybridge.maven;

import io.pybridge.core.runtime.BundledPython;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import org.apache.maven.plugin.MojoExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * The CPython a goal runs: the one {@code <python>} names (an executable or a virtualenv folder),
 * else the {@link BundledPython} found on the plugin's class path, unpacked into the cache folder
 * the application uses, with its library folder first on {@code LD_LIBRARY_PATH}.
 */
final class BuildPython {

    private BuildPython() {
    }

    /**
     * @param purpose what the goal does with it, for the log line ("installing", "checking")
     */
    static PythonProcess locate(@Nullable String python, @Nullable File cacheDirectory, Path baseDirectory,
            String purpose, Consumer<String> log) throws MojoExecutionException {
        if (python != null && !python.isBlank()) {
            Path given = Path.of(python);
            Path executable = Files.isDirectory(given) ? given.resolve("bin").resolve("python") : given;
            log.accept(purpose + " with " + executable + " (configured)");
            return new PythonProcess(executable, Map.of(), baseDirectory);
        }
        Path cache = cacheDirectory != null ? cacheDirectory.toPath()
                : PythonRuntimeConfig.builder().build().resolvedCacheDirectory();
        Optional<BundledPython> bundled = ServiceLoader.load(BundledPython.class, BuildPython.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).filter(BundledPython::isAvailable).findFirst();
        if (bundled.isEmpty()) {
            throw new MojoExecutionException("No embedded CPython runs on " + System.getProperty("os.name") + " "
                    + System.getProperty("os.arch") + ": name the Python the application boots in <python>");
        }
        Path executable = bundled.get().executable(cache);
        Path home = executable.getParent().getParent();
        log.accept(purpose + " with " + bundled.get().description() + " (" + executable + ")");
        String libraries = System.getenv("LD_LIBRARY_PATH");
        return new PythonProcess(executable,
                Map.of("LD_LIBRARY_PATH", libraries == null || libraries.isBlank() ? home.toString()
                        : home + File.pathSeparator + libraries), baseDirectory);
    }
}
