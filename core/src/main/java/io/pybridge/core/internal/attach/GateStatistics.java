package io.pybridge.core.internal.attach;

import io.pybridge.core.runtime.GateSnapshot;
import io.pybridge.core.runtime.LatencySummary;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and recent windows the call gate records. Recording is on the path of every call, so
 * an untimed call costs one striped increment, and a timed one (see {@link CallTiming}) one atomic
 * increment for the window and one per non-zero total. Counts are exact; the GIL-wait and hold
 * totals are estimates, each timed call adding its duration times the number of calls it stands
 * for. The permit-wait total is exact: a call that waited is always timed, with a weight of one.
 */
final class GateStatistics {

    private static final int PERMIT_WAIT = 0;

    private static final int GIL_WAIT = 1;

    private static final int HOLD = 2;

    private final long startNanos = System.nanoTime();

    /** Every call that got in, timed or not. */
    private final LongAdder calls = new LongAdder();

    /** The timed calls that got in: permit wait, GIL wait, hold, each with its weight. */
    private final LatencyWindow timedCalls = new LatencyWindow(3);

    /** Callers refused for want of a permit, with how long they waited; its count is the number of refusals. */
    private final LatencyWindow rejections = new LatencyWindow();

    private final LongAdder permitWaitTotal = new LongAdder();

    private final LongAdder gilWaitTotal = new LongAdder();

    private final LongAdder holdTotal = new LongAdder();

    /** The longest permit waits, exact: the windows above keep only the last 1,024 timed calls. */
    private final WaitMaxima permitWaitMaxima = new WaitMaxima();

    /** A call that got in and was not timed. */
    void countCall() {
        calls.increment();
    }

    /**
     * A timed call that got in.
     *
     * @param weight how many calls it stands for (1 for a call that waited for its permit)
     */
    void recordCall(long permitWaitNanos, long gilWaitNanos, long holdNanos, long now, int weight) {
        calls.increment();
        timedCalls.record(permitWaitNanos, gilWaitNanos, holdNanos, now, weight);
        // Most calls wait for nothing: skipping a zero add saves an atomic operation.
        if (permitWaitNanos != 0) {
            permitWaitTotal.add(permitWaitNanos);
            permitWaitMaxima.record(permitWaitNanos, now);
        }
        if (gilWaitNanos != 0) {
            gilWaitTotal.add(gilWaitNanos * weight);
        }
        holdTotal.add(holdNanos * weight);
    }

    /** A caller gave up after waiting {@code waitedNanos} for a permit. */
    void recordRejection(long waitedNanos, long now) {
        rejections.record(waitedNanos, now);
        permitWaitMaxima.record(waitedNanos, now);
    }

    GateSnapshot snapshot(int permits, int available, int waiting, int inFlight, long windowNanos) {
        // The permit waits include the refused callers': health must see the worst contention,
        // not only the callers that got in.
        long now = System.nanoTime();
        LatencySummary permitWait = LatencyWindow.merged(timedCalls, PERMIT_WAIT, rejections, 0, windowNanos);
        // The window's maximum is the largest of its samples; the exact one covers every caller that waited.
        long longestWait = Math.max(permitWait.maxNanos(), permitWaitMaxima.max(windowNanos, now));
        return new GateSnapshot(permits, available, waiting, inFlight, calls.sum(), rejections.count(),
                permitWaitTotal.sum(), gilWaitTotal.sum(), holdTotal.sum(), now - startNanos,
                new LatencySummary(permitWait.samples(), permitWait.p50Nanos(), permitWait.p99Nanos(), longestWait),
                timedCalls.summary(GIL_WAIT, windowNanos), timedCalls.summary(HOLD, windowNanos));
    }
}
