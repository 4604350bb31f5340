package io.pybridge.benchmarks;

import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.nio.file.Path;
import java.util.Random;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A runtime with a pool of two own-GIL sub-interpreters (needs CPython 3.12+: pass
 * {@code -jvmArgs -Dpybridge.python=/path/to/python3.12}), and the module the pool benchmarks
 * call, put on {@code sys.path} so every interpreter imports it.
 */
@State(Scope.Benchmark)
public class PoolState {

    static final String MODULE = "pybridge_bench";

    PythonRuntime runtime;

    PythonTemplate main;

    PythonTemplate pool;

    /** Two 2 kB strings that differ in places, for difflib. */
    String left;

    String right;

    private Path folder;

    @Setup(Level.Trial)
    public void start() {
        folder = BenchmarkModule.copied(MODULE);
        runtime = PythonRuntime.start(PythonRuntimeConfig.builder()
                .executable(System.getProperty("pybridge.python"))
                .addPythonPath(folder)
                .poolSize(2)
                .build());
        main = new PythonTemplate(runtime);
        pool = main.inPool();
        Random random = new Random(42);
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 2048; i++) {
            char c = (char) ('a' + random.nextInt(26));
            a.append(c);
            b.append(random.nextInt(10) == 0 ? (char) ('a' + random.nextInt(26)) : c);
        }
        left = a.toString();
        right = b.toString();
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (runtime != null) {
            runtime.close();
        }
        BenchmarkModule.delete(folder);
    }
}
