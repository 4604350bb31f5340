package io.pybridge.core.internal.process;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How many threads the native libraries under numpy and its kin (OpenBLAS, OpenMP, MKL, BLIS,
 * numexpr) may start in each worker process. Each would otherwise start one per core in every
 * worker, so N workers on C cores would run N×C threads for C cores: matrix work would get
 * slower with more workers, not faster. Each worker gets its share, cores divided by workers (at
 * least 1), for every variable the JVM's environment does not already set (PySpark does the same
 * for its Python workers with {@code OMP_NUM_THREADS}). Pure.
 */
final class NativeThreads {

    /** The variables the common native thread pools read when they start. */
    static final List<String> VARIABLES = List.of("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
            "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS");

    private NativeThreads() {
    }

    /** The variables to add to a worker's environment: those {@code inherited} does not set. */
    static Map<String, String> forWorker(Map<String, String> inherited, int cores, int workers) {
        String share = Integer.toString(Math.max(1, cores / Math.max(1, workers)));
        Map<String, String> added = new LinkedHashMap<>();
        for (String variable : VARIABLES) {
            if (!inherited.containsKey(variable)) {
                added.put(variable, share);
            }
        }
        return added;
    }
}
