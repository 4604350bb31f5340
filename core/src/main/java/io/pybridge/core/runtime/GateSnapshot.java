package io.pybridge.core.runtime;

import java.time.Duration;

/**
 * A point-in-time view of the call gate (permit, then GIL): what health and metrics report.
 *
 * @param permits configured permits
 * @param availablePermits permits free right now
 * @param waiting callers waiting for a permit right now
 * @param inFlight calls inside the layer right now (waiting or running)
 * @param calls completed top-level calls since start
 * @param busyRejections callers turned away after the acquire timeout
 * @param permitWaitTotalNanos summed time spent waiting for a permit (exact: a call that waits is always timed)
 * @param gilWaitTotalNanos summed time spent waiting for the GIL after getting a permit, estimated
 *     from the timed calls ({@link PythonRuntimeConfig#callTimingSample()})
 * @param holdTotalNanos summed time permits were held, estimated from the timed calls
 * @param uptimeNanos time since the layer started (with {@code holdTotalNanos}: utilisation)
 * @param permitWait recent permit waits (see {@code PythonRuntime.gateSnapshot(Duration)}), over the
 *     timed calls, each weighed by the calls it stands for; its maximum is exact over the window
 *     (every caller that waited is kept, to the second), refused callers included
 * @param gilWait recent GIL waits, likewise
 * @param hold recent hold times, likewise
 */
public record GateSnapshot(int permits, int availablePermits, int waiting, int inFlight, long calls,
        long busyRejections, long permitWaitTotalNanos, long gilWaitTotalNanos, long holdTotalNanos, long uptimeNanos,
        LatencySummary permitWait, LatencySummary gilWait, LatencySummary hold) {

    /** Share of wall time the permits were held since start, from 0 to 1. */
    public double holdUtilisation() {
        return uptimeNanos == 0 ? 0 : Math.min(1.0, holdTotalNanos / ((double) uptimeNanos * permits));
    }
}
