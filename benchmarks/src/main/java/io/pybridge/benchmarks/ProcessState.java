package io.pybridge.benchmarks;

import io.pybridge.core.NdArray;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import io.pybridge.core.runtime.WorkerProcessesConfig;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A runtime with two worker processes beside its main interpreter, and the module both call, put
 * on {@code sys.path}. The numpy benchmark needs numpy in the chosen Python
 * ({@code -jvmArgs -Dpybridge.python=/usr/bin/python3} with Debian's python3-numpy).
 */
@State(Scope.Benchmark)
public class ProcessState {

    static final String MODULE = "pybridge_process_bench";

    PythonRuntime runtime;

    PythonTemplate main;

    PythonTemplate processes;

    /** 1,000,000 float64 (8 MB). */
    NdArray million;

    /** Where {@link ProcessBenchmark#copyMillion} copies it: the memcpy the crossing is measured against. */
    double[] copy;

    private Path folder;

    @Setup(Level.Trial)
    public void start() {
        folder = BenchmarkModule.copied(MODULE);
        runtime = PythonRuntime.start(PythonRuntimeConfig.builder()
                .executable(System.getProperty("pybridge.python"))
                .addPythonPath(folder)
                .processes(WorkerProcessesConfig.builder().size(2).build())
                .build());
        main = new PythonTemplate(runtime);
        processes = main.inProcesses();
        double[] data = new double[1_000_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 0.5;
        }
        million = NdArray.of(data);
        copy = new double[data.length];
    }

    @TearDown(Level.Trial)
    public void stop() {
        if (runtime != null) {
            runtime.close();
        }
        BenchmarkModule.delete(folder);
    }
}
