package io.pybridge.core.runtime;

/**
 * A point-in-time view of the interpreter pool's own queue: callers wait here for a free pooled
 * interpreter before they meet that interpreter's gate ({@link GateSnapshot}), so a busy pool
 * shows its waits here, not in the members' permit waits.
 *
 * @param size pooled interpreters
 * @param free interpreters free right now
 * @param waiting callers waiting for a free interpreter right now
 * @param calls callers that got an interpreter since start
 * @param busyRejections callers turned away after the acquire timeout
 * @param waitTotalNanos summed time callers waited for an interpreter (exact: every take is timed)
 * @param poolWait recent waits for an interpreter, refusals included (every take is a sample, up to
 *     the last 1,024); its maximum is exact over the window, to the second
 */
public record PoolSnapshot(int size, int free, int waiting, long calls, long busyRejections, long waitTotalNanos,
        LatencySummary poolWait) {
}
