package io.pybridge.core;

/**
 * Which interpreter a call runs in.
 *
 * <p>The main interpreter runs everything, numpy and every other C extension included, one
 * call at a time (one GIL). The pool is a set of own-GIL sub-interpreters (CPython 3.12+,
 * {@code pybridge.pool.size}) that run calls in parallel, one per interpreter and core, for
 * pure-Python code and standard-library modules; each interpreter has its own modules and
 * globals, and extension modules that cannot be loaded more than once per process (numpy,
 * PyO3-based ones) fail there with {@link io.pybridge.core.exception.PythonIsolationException}.
 * The worker processes are separate CPython processes ({@code pybridge.processes.size}): numpy and
 * every C extension, in parallel, and a crash in C code ends a worker, not the JVM; arguments and
 * results are copied between processes, so nothing but data crosses.
 */
public enum PythonInterpreter {

    /** The main interpreter (the default). */
    MAIN,

    /** Whichever interpreter of the pool is free; see {@link io.pybridge.core.runtime.PythonRuntimeConfig#poolSize()}. */
    POOL,

    /**
     * Whichever worker process is free; see
     * {@link io.pybridge.core.runtime.PythonRuntimeConfig#processes()}.
     */
    PROCESS
}
