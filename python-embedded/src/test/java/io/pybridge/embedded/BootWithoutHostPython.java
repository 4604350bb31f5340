package io.pybridge.embedded;

import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.matrix.ChildJvm;
import io.pybridge.core.matrix.MatrixRuns;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Started by {@link #inChildJvm} in a JVM whose PATH has no Python: boots pybridge with nothing
 * configured, so the bundled CPython is the one chosen, and prints what it finds. Used by this
 * module's tests and by pybridge-python-embedded-3.13's (through this module's test-jar).
 */
public final class BootWithoutHostPython {

    private BootWithoutHostPython() {
    }

    /**
     * Runs {@link #main} on the running JDK with this JVM's test class path, no Python on the
     * PATH, no pybridge or Python environment variables, and {@code cache} as the cache folder.
     * Its output goes to {@code target/boot-without-host-python.log}.
     */
    public static ChildJvm.Result inChildJvm(Path cache) throws IOException, InterruptedException {
        return inChildJvm(cache, BootWithoutHostPython.class.getName(), Path.of("target", "boot-without-host-python.log"));
    }

    /**
     * Runs {@code mainClass} the same way (pybridge-python-embedded-numpy's test boots numpy so).
     *
     * @param log where its output goes
     */
    public static ChildJvm.Result inChildJvm(Path cache, String mainClass, Path log)
            throws IOException, InterruptedException {
        Path emptyPath = Files.createDirectories(Path.of("target", "empty-path").toAbsolutePath());
        // A hang guard: it takes seconds.
        return ChildJvm.run(MatrixRuns.Jdk.current(), List.of(), mainClass, List.of(), log, env -> {
            env.keySet().removeIf(name -> name.startsWith("PYBRIDGE_") || name.startsWith("PYTHON")
                    || name.equals("LD_LIBRARY_PATH"));
            env.put("PATH", emptyPath.toString()); // no python3, no pyenv shims
            env.put(PythonRuntimeConfig.CACHE_DIR_ENV, cache.toString());
        }, Duration.ofMinutes(5));
    }

    public static void main(String[] args) throws Exception {
        long begin = System.nanoTime();
        PythonRuntime runtime = PythonRuntime.start(PythonRuntimeConfig.builder().build());
        try {
            PythonTemplate python = new PythonTemplate(runtime);
            System.out.println("boot-ms " + (System.nanoTime() - begin) / 1_000_000);
            System.out.println("version " + python.eval("'%d.%d.%d' % __import__('sys').version_info[:3]"));
            System.out.println("executable " + python.eval("__import__('sys').executable"));
            // The C modules a service meets first, ctypes with the libffi shipped beside libpython.
            python.exec("import ssl, json, ctypes, sqlite3, decimal, hashlib, zlib, lzma, bz2, uuid, venv");
            System.out.println("ctypes " + python.eval("__import__('ctypes').c_int(41).value + 1"));
            System.out.println("openssl " + python.eval("__import__('ssl').OPENSSL_VERSION"));
            System.out.println("sum " + python.eval("sum(i * i for i in range(1000))"));
        }
        finally {
            runtime.close(Duration.ofSeconds(20));
        }
    }
}
