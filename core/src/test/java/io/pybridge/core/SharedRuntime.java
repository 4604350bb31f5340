package io.pybridge.core;

import io.pybridge.core.runtime.DisplayRoot;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import io.pybridge.core.runtime.WorkerProcessesConfig;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The one runtime every test class in a test JVM shares (CPython boots once per process). The
 * interpreter comes from the {@code pybridge.test.python} system property (a Python executable),
 * else the usual discovery ({@code PYBRIDGE_PYTHON}, then {@code python3} on the PATH).
 */
public final class SharedRuntime {

    private static PythonRuntime runtime;

    /** How many pooled interpreters the shared runtime has on Python 3.12+. */
    public static final int POOL_SIZE = 2;

    /** How many worker processes the shared runtime has. */
    public static final int PROCESSES = 2;

    /** Receives everything Python logs or prints in the shared runtime. */
    public static final CollectingLogSink LOG = new CollectingLogSink();

    private SharedRuntime() {
    }

    public static synchronized PythonRuntime get() {
        if (runtime == null) {
            // A pool of two where the Python has own-GIL sub-interpreters (3.12+), so every suite
            // also runs with several interpreters in the process; on older ones pooled calls run
            // in the main interpreter (the fallback, logged).
            // And two worker processes, so the suites that take a placement run out of process too.
            runtime = PythonRuntime.start(config().logSink(LOG).poolSize(POOL_SIZE).poolFallbackToMain(true)
                    .processes(WorkerProcessesConfig.builder().size(PROCESSES).build()).build());
        }
        return runtime;
    }

    public static PythonTemplate template() {
        return new PythonTemplate(get());
    }

    /**
     * The configuration tests start from: the chosen interpreter, short timeouts, fast reaping,
     * and, after the test modules, the folders of {@link ShownSources} with their display roots.
     */
    public static PythonRuntimeConfig.Builder config() {
        return PythonRuntimeConfig.builder()
                .executable(System.getProperty("pybridge.test.python"))
                .addPythonPath(testModules())
                .addPythonPath(ShownSources.unpacked(), DisplayRoot.named(ShownSources.CLASSPATH))
                .addPythonPath(ShownSources.buildOutput(), DisplayRoot.projectSourcesOf(ShownSources.buildOutput())
                        .orElseThrow())
                .acquireTimeout(Duration.ofSeconds(60))
                .reapInterval(Duration.ofMillis(200));
    }

    /** The test modules when they come from the core test-jar: copied out once per JVM. */
    private static Path unpackedModules;

    /**
     * The folder holding the tests' Python modules: test-classes/python, or, when the tests run
     * from the core test-jar (another module's matrix), a copy of them in a temporary folder.
     */
    public static synchronized Path testModules() {
        try {
            URI module = SharedRuntime.class.getResource("/python/pybridge_testmod.py").toURI();
            if (!"jar".equals(module.getScheme())) {
                return Path.of(module).getParent();
            }
            if (unpackedModules == null) {
                Path folder = Files.createTempDirectory("pybridge-test-modules");
                try (FileSystem jar = FileSystems.newFileSystem(module, Map.of());
                        Stream<Path> files = Files.list(jar.getPath("/python"))) {
                    for (Path file : files.toList()) {
                        Files.copy(file, folder.resolve(file.getFileName().toString()));
                    }
                }
                unpackedModules = folder;
            }
            return unpackedModules;
        }
        catch (URISyntaxException | IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
