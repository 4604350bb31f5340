package io.pybridge.core.runtime;

/** Which threads run Python code. */
public enum ExecutionMode {

    /**
     * Platform-thread callers run Python themselves (fastest: no hand-off); virtual-thread
     * callers hand their work to the platform worker pool, since Python must never run on a
     * virtual thread.
     */
    CALLER,

    /** Every caller hands its work to the worker pool, so only the workers ever hold thread states. */
    WORKERS
}
