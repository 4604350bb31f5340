package io.pybridge.core.internal.attach;

import io.pybridge.core.runtime.GateSnapshot;
import java.util.concurrent.atomic.LongAdder;

/** Counters and recent windows the call gate records on every top-level call. */
final class GateStatistics {

    private final long startNanos = System.nanoTime();

    final LongAdder calls = new LongAdder();

    final LongAdder busyRejections = new LongAdder();

    final LongAdder permitWaitTotal = new LongAdder();

    final LongAdder gilWaitTotal = new LongAdder();

    final LongAdder holdTotal = new LongAdder();

    final LatencyWindow permitWait = new LatencyWindow();

    final LatencyWindow gilWait = new LatencyWindow();

    final LatencyWindow hold = new LatencyWindow();

    void recordCall(long permitWaitNanos, long gilWaitNanos, long holdNanos, long now) {
        calls.increment();
        permitWaitTotal.add(permitWaitNanos);
        gilWaitTotal.add(gilWaitNanos);
        holdTotal.add(holdNanos);
        permitWait.record(permitWaitNanos, now);
        gilWait.record(gilWaitNanos, now);
        hold.record(holdNanos, now);
    }

    GateSnapshot snapshot(int permits, int available, int waiting, int inFlight, long windowNanos) {
        return new GateSnapshot(permits, available, waiting, inFlight, calls.sum(), busyRejections.sum(),
                permitWaitTotal.sum(), gilWaitTotal.sum(), holdTotal.sum(), System.nanoTime() - startNanos,
                permitWait.summary(windowNanos), gilWait.summary(windowNanos), hold.summary(windowNanos));
    }
}
