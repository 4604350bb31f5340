package io.pybridge.core.internal.attach;

import io.pybridge.core.runtime.GateSnapshot;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and recent windows the call gate records on every top-level call. Recording is on
 * the path of every call, so it costs one atomic increment for the window (which also counts the
 * calls) and one per non-zero total.
 */
final class GateStatistics {

    private static final int PERMIT_WAIT = 0;

    private static final int GIL_WAIT = 1;

    private static final int HOLD = 2;

    private final long startNanos = System.nanoTime();

    /** The calls that got in: permit wait, GIL wait, hold; its count is the number of calls. */
    private final LatencyWindow calls = new LatencyWindow(3);

    /** Callers refused for want of a permit, with how long they waited; its count is the number of refusals. */
    private final LatencyWindow rejections = new LatencyWindow();

    private final LongAdder permitWaitTotal = new LongAdder();

    private final LongAdder gilWaitTotal = new LongAdder();

    private final LongAdder holdTotal = new LongAdder();

    void recordCall(long permitWaitNanos, long gilWaitNanos, long holdNanos, long now) {
        calls.record(permitWaitNanos, gilWaitNanos, holdNanos, now);
        // Most calls wait for nothing: skipping a zero add saves an atomic operation per call.
        if (permitWaitNanos != 0) {
            permitWaitTotal.add(permitWaitNanos);
        }
        if (gilWaitNanos != 0) {
            gilWaitTotal.add(gilWaitNanos);
        }
        holdTotal.add(holdNanos);
    }

    /** A caller gave up after waiting {@code waitedNanos} for a permit. */
    void recordRejection(long waitedNanos, long now) {
        rejections.record(waitedNanos, now);
    }

    GateSnapshot snapshot(int permits, int available, int waiting, int inFlight, long windowNanos) {
        // The permit waits include the refused callers': health must see the worst contention,
        // not only the callers that got in.
        return new GateSnapshot(permits, available, waiting, inFlight, calls.count(), rejections.count(),
                permitWaitTotal.sum(), gilWaitTotal.sum(), holdTotal.sum(), System.nanoTime() - startNanos,
                LatencyWindow.merged(calls, PERMIT_WAIT, rejections, 0, windowNanos), calls.summary(GIL_WAIT, windowNanos),
                calls.summary(HOLD, windowNanos));
    }
}
