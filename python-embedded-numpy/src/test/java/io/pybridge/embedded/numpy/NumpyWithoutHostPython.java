package io.pybridge.embedded.numpy;

import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.matrix.ChildJvm;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import io.pybridge.core.runtime.WorkerProcessesConfig;
import io.pybridge.embedded.BootWithoutHostPython;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Started by {@link #inChildJvm} in a JVM whose PATH has no Python and whose environment has no
 * {@code LD_LIBRARY_PATH}: boots pybridge with one worker process and nothing else configured, so
 * the bundled CPython and numpy are the ones used, and prints what numpy computes in the
 * interpreter and in the worker process.
 */
final class NumpyWithoutHostPython {

    /** The same computation both places: BLAS (a matrix product) and LAPACK (a solve), deterministic. */
    static final String COMPUTATION = "(lambda np: (lambda a: '%s %.6f %.6f' % (np.__version__, "
            + "float(np.trace(a @ a.T)), float(np.linalg.solve(a + 60 * np.eye(60), np.ones(60)).sum())))"
            + "(np.arange(3600, dtype=np.float64).reshape(60, 60) % 7))(__import__('numpy'))";

    /** The files of every libopenblas mapped into the process, space-separated. */
    static final String OPENBLAS_MAPPED =
            "' '.join(sorted({l.split()[-1] for l in open('/proc/self/maps') if 'libopenblas' in l}))";

    private NumpyWithoutHostPython() {
    }

    /**
     * Runs {@link #main} on the running JDK with this JVM's test class path, as pybridge-python-embedded's
     * {@link BootWithoutHostPython} runs its own; the output goes to {@code target/numpy-without-host-python.log}.
     */
    static ChildJvm.Result inChildJvm(Path cache) throws IOException, InterruptedException {
        return BootWithoutHostPython.inChildJvm(cache, NumpyWithoutHostPython.class.getName(),
                Path.of("target", "numpy-without-host-python.log"));
    }

    public static void main(String[] args) throws Exception {
        PythonRuntime runtime = PythonRuntime.start(PythonRuntimeConfig.builder()
                .processes(WorkerProcessesConfig.builder().size(1).build()).build());
        try {
            PythonTemplate python = new PythonTemplate(runtime);
            // A library loaded before boot must stay loaded when nothing refers to it any more
            // (JNA closes an unreachable NativeLibrary; the host's OpenBLAS, if any, would be taken).
            System.gc();
            System.gc();
            System.out.println("in-process " + python.eval(COMPUTATION));
            System.out.println("in-process-openblas " + python.eval(OPENBLAS_MAPPED));
            System.out.println("in-process-file " + python.eval("__import__('numpy').__file__"));
            System.out.println("worker " + python.inProcesses().eval(COMPUTATION));
            System.out.println("worker-pid " + python.inProcesses().eval("__import__('os').getpid()"));
            System.out.println("worker-openblas " + python.inProcesses().eval(OPENBLAS_MAPPED));
            System.out.println("jvm-pid " + ProcessHandle.current().pid());
        }
        finally {
            runtime.close(Duration.ofSeconds(20));
        }
    }
}
