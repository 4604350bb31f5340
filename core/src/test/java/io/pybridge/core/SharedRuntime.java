package io.pybridge.core;

import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The one runtime every test class in a test JVM shares (CPython boots once per process). The
 * interpreter comes from the {@code pybridge.test.python} system property (a Python executable),
 * else the usual discovery ({@code PYBRIDGE_PYTHON}, then {@code python3} on the PATH).
 */
public final class SharedRuntime {

    private static PythonRuntime runtime;

    /** How many pooled interpreters the shared runtime has on Python 3.12+. */
    public static final int POOL_SIZE = 2;

    /** Receives everything Python logs or prints in the shared runtime. */
    public static final CollectingLogSink LOG = new CollectingLogSink();

    private SharedRuntime() {
    }

    public static synchronized PythonRuntime get() {
        if (runtime == null) {
            // A pool of two where the Python has own-GIL sub-interpreters (3.12+), so every suite
            // also runs with several interpreters in the process; on older ones pooled calls run
            // in the main interpreter (the fallback, logged).
            runtime = PythonRuntime.start(config().logSink(LOG).poolSize(POOL_SIZE).poolFallbackToMain(true).build());
        }
        return runtime;
    }

    public static PythonTemplate template() {
        return new PythonTemplate(get());
    }

    /** The configuration tests start from: the chosen interpreter, short timeouts, fast reaping. */
    public static PythonRuntimeConfig.Builder config() {
        return PythonRuntimeConfig.builder()
                .executable(System.getProperty("pybridge.test.python"))
                .addPythonPath(testModules())
                .acquireTimeout(Duration.ofSeconds(60))
                .reapInterval(Duration.ofMillis(200));
    }

    /** The folder holding the tests' Python modules (copied to test-classes/python). */
    public static Path testModules() {
        try {
            return Path.of(SharedRuntime.class.getResource("/python/pybridge_testmod.py").toURI()).getParent();
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
