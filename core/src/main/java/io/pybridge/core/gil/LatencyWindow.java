package io.pybridge.core.gil;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The most recent durations (a ring of fixed size) for percentiles over a recent window, at the
 * cost of one atomic increment and one store per sample.
 */
final class LatencyWindow {

    private static final int SIZE = 1024;

    private final AtomicLongArray samples = new AtomicLongArray(SIZE);

    private final AtomicLong cursor = new AtomicLong();

    void record(long nanos) {
        samples.lazySet((int) (cursor.getAndIncrement() & (SIZE - 1)), nanos);
    }

    LatencySummary summary() {
        int count = (int) Math.min(cursor.get(), SIZE);
        long[] copy = new long[count];
        for (int i = 0; i < count; i++) {
            copy[i] = samples.get(i);
        }
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
