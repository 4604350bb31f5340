package io.pybridge.core.internal.attach;

import io.pybridge.core.runtime.LatencySummary;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The most recent durations (a ring of fixed size, each with the time it was recorded) for
 * percentiles over a recent window, at the cost of one atomic increment and two stores per
 * sample. Samples older than the asked-for age are left out, so a burst long past does not
 * colour the picture of an idle interpreter.
 */
final class LatencyWindow {

    private static final int SIZE = 1024;

    private final AtomicLongArray samples = new AtomicLongArray(SIZE);

    private final AtomicLongArray recordedAt = new AtomicLongArray(SIZE);

    private final AtomicLong cursor = new AtomicLong();

    void record(long nanos, long now) {
        int slot = (int) (cursor.getAndIncrement() & (SIZE - 1));
        recordedAt.lazySet(slot, now);
        samples.lazySet(slot, nanos);
    }

    /** Percentiles over the samples recorded within {@code maxAgeNanos} before now. */
    LatencySummary summary(long maxAgeNanos) {
        int filled = (int) Math.min(cursor.get(), SIZE);
        long now = System.nanoTime();
        long[] copy = new long[filled];
        int count = 0;
        for (int i = 0; i < filled; i++) {
            if (now - recordedAt.get(i) <= maxAgeNanos) {
                copy[count++] = samples.get(i);
            }
        }
        copy = Arrays.copyOf(copy, count);
        Arrays.sort(copy);
        return new LatencySummary(count, percentile(copy, 0.50), percentile(copy, 0.99),
                count == 0 ? 0 : copy[count - 1]);
    }

    private static long percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }
}
