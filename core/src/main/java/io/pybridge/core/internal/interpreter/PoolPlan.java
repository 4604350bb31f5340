package io.pybridge.core.internal.interpreter;

import io.pybridge.core.exception.PythonInitializationException;
import io.pybridge.core.exception.PythonInitializationException.Reason;
import io.pybridge.core.runtime.PythonInstallation;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import org.jspecify.annotations.Nullable;

/**
 * What becomes of a configured pool on the located Python, decided before boot: made as asked
 * (3.12+ with a GIL), not made because it is unnecessary (a free-threaded build runs calls in
 * parallel in the main interpreter), not made with the opt-in fallback (before 3.12), or refused.
 * Pure: no interpreter.
 *
 * @param members how many own-GIL sub-interpreters to make
 * @param inMain whether calls aimed at the pool run in the main interpreter
 * @param notice what to log at boot about the pool, or null when there is nothing to say
 * @param warning whether {@code notice} is a warning (parallelism asked for and lost)
 */
record PoolPlan(int members, boolean inMain, @Nullable String notice, boolean warning) {

    /** @throws PythonInitializationException if a pool is asked for where it cannot be made and no fallback is allowed */
    static PoolPlan decide(PythonRuntimeConfig config, PythonInstallation installation) {
        int size = config.poolSize();
        String version = installation.version();
        if (installation.freeThreaded()) {
            // No GIL: the main interpreter already runs as many calls at once as it has permits,
            // so a pool would add boot time and memory and no parallelism.
            return new PoolPlan(0, size > 0, "Python " + version + " is a free-threaded build (no GIL): the main "
                    + "interpreter runs up to " + config.permitsFor(true) + " calls at once"
                    + (size > 0 ? "; the pool of " + size + " is not made and pooled calls run in the main interpreter"
                            : "")
                    + ". pybridge's own test suite has not run on a free-threaded build unless its interpreter matrix "
                    + "found one", false);
        }
        if (size == 0) {
            return new PoolPlan(0, false, null, false);
        }
        if (installation.hasOwnGilSubInterpreters()) {
            return new PoolPlan(size, false, null, false);
        }
        if (!config.poolFallbackToMain()) {
            throw new PythonInitializationException(Reason.UNSUPPORTED_VERSION, "A pool of " + size
                    + " own-GIL sub-interpreters was asked for, but Python " + version
                    + " has none (they came with CPython 3.12)",
                    "Use CPython 3.12 or newer, set the pool size to 0, or allow pooled calls to run in the main "
                            + "interpreter (pybridge.pool.fallback-to-main=true).");
        }
        return new PoolPlan(0, true, "Python " + version + " has no own-GIL sub-interpreters (CPython 3.12+): the pool "
                + "of " + size + " is not made and pooled calls run in the main interpreter", true);
    }
}
