package io.pybridge.core.internal.attach;

import io.pybridge.core.runtime.LatencySummary;
import java.util.concurrent.atomic.LongAdder;

/**
 * What callers waited for a resource handed out one caller at a time (a pooled interpreter): how
 * many got it, how long they waited (total, recent percentiles, exact longest), and how many gave
 * up. Every take is recorded, waited or not: the resource is held for a whole Python call, far
 * longer than a clock read, so nothing is sampled here (unlike the gate's {@link CallTiming}).
 */
public final class WaitStatistics {

    private final LongAdder takes = new LongAdder();

    private final LongAdder waitTotal = new LongAdder();

    /** Every take's wait (0 for one that got in at once), for percentiles. */
    private final LatencyWindow waits = new LatencyWindow();

    /** Callers that gave up, with how long they waited; its count is the number of refusals. */
    private final LatencyWindow rejections = new LatencyWindow();

    private final WaitMaxima maxima = new WaitMaxima();

    /** A caller got the resource after waiting {@code waitedNanos} (0: at once), at {@code now}. */
    public void recordTake(long waitedNanos, long now) {
        takes.increment();
        waits.record(waitedNanos, now);
        if (waitedNanos != 0) {
            waitTotal.add(waitedNanos);
            maxima.record(waitedNanos, now);
        }
    }

    /** A caller gave up after waiting {@code waitedNanos}, at {@code now}. */
    public void recordRejection(long waitedNanos, long now) {
        rejections.record(waitedNanos, now);
        maxima.record(waitedNanos, now);
    }

    /** Callers that got the resource since start. */
    public long takes() {
        return takes.sum();
    }

    /** Callers that gave up since start. */
    public long rejections() {
        return rejections.count();
    }

    /** Time callers that got the resource spent waiting for it, since start. */
    public long waitTotalNanos() {
        return waitTotal.sum();
    }

    /**
     * Percentiles of the waits that ended within {@code windowNanos}, refusals included (health
     * must see the worst, not only the callers that got in); the maximum is exact.
     */
    public LatencySummary summary(long windowNanos) {
        long now = System.nanoTime();
        LatencySummary recent = LatencyWindow.merged(waits, 0, rejections, 0, windowNanos);
        return new LatencySummary(recent.samples(), recent.p50Nanos(), recent.p99Nanos(),
                Math.max(recent.maxNanos(), maxima.max(windowNanos, now)));
    }
}
