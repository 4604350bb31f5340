package io.pybridge.core.internal.attach;

import io.pybridge.core.runtime.LatencySummary;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The most recent samples (a ring of fixed size, each with the time it was recorded) for
 * percentiles over a recent window. A sample may have several columns (a call's permit wait, GIL
 * wait and hold time), written to one slot, so a call costs one atomic increment however many
 * durations it records: this runs on every call, where each atomic read-modify-write costs
 * several nanoseconds and a contended one far more. Samples older than the asked-for age are
 * left out, so a burst long past does not colour the picture of an idle interpreter.
 */
final class LatencyWindow {

    private static final int SIZE = 1024;

    private final int columns;

    /** Per slot: the time it was recorded, then one value per column. */
    private final AtomicLongArray slots;

    /** How many samples were ever recorded; the next slot is this modulo {@link #SIZE}. */
    private final AtomicLong cursor = new AtomicLong();

    /** A window of one column. */
    LatencyWindow() {
        this(1);
    }

    LatencyWindow(int columns) {
        this.columns = columns;
        this.slots = new AtomicLongArray(SIZE * (columns + 1));
    }

    /** Records a one-column sample taken at {@code now}. */
    void record(long value, long now) {
        if (columns != 1) {
            throw new IllegalStateException("a window of " + columns + " columns");
        }
        int base = claim();
        slots.lazySet(base + 1, value);
        slots.lazySet(base, now);
    }

    /** Records a three-column sample taken at {@code now}. */
    void record(long first, long second, long third, long now) {
        if (columns != 3) {
            throw new IllegalStateException("a window of " + columns + " columns");
        }
        int base = claim();
        slots.lazySet(base + 1, first);
        slots.lazySet(base + 2, second);
        slots.lazySet(base + 3, third);
        slots.lazySet(base, now);
    }

    private int claim() {
        return (int) (cursor.getAndIncrement() & (SIZE - 1)) * (columns + 1);
    }

    /** How many samples were ever recorded (not only those still in the ring). */
    long count() {
        return cursor.get();
    }

    /** Percentiles of the first column over the samples recorded within {@code maxAgeNanos} before now. */
    LatencySummary summary(long maxAgeNanos) {
        return summarize(recent(0, maxAgeNanos, System.nanoTime()));
    }

    /** Percentiles of {@code column} over the samples recorded within {@code maxAgeNanos} before now. */
    LatencySummary summary(int column, long maxAgeNanos) {
        if (column < 0 || column >= columns) {
            throw new IndexOutOfBoundsException("column " + column + " of " + columns);
        }
        return summarize(recent(column, maxAgeNanos, System.nanoTime()));
    }

    /**
     * Percentiles over the recent samples of two windows' columns taken together. Once
     * {@code first} has wrapped around, {@code second}'s samples older than its oldest are left
     * out too, so the rarer kind (refusals beside calls) weighs as it did among the same
     * events, not as all of its own since long before.
     */
    static LatencySummary merged(LatencyWindow first, int firstColumn, LatencyWindow second, int secondColumn,
            long maxAgeNanos) {
        long now = System.nanoTime();
        long[] a = first.recent(firstColumn, maxAgeNanos, now);
        long oldestAge = first.oldestAge(now);
        long[] b = second.recent(secondColumn, oldestAge < 0 ? maxAgeNanos : Math.min(maxAgeNanos, oldestAge), now);
        long[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return summarize(all);
    }

    /** How long before {@code now} the oldest sample still in the ring was recorded; -1 while the ring has not wrapped around. */
    private long oldestAge(long now) {
        if (cursor.get() < SIZE) {
            return -1;
        }
        long age = 0;
        for (int slot = 0; slot < SIZE; slot++) {
            age = Math.max(age, now - slots.get(slot * (columns + 1)));
        }
        return age;
    }

    /** The values of {@code column} recorded within {@code maxAgeNanos} before {@code now}. */
    private long[] recent(int column, long maxAgeNanos, long now) {
        int filled = (int) Math.min(cursor.get(), SIZE);
        long[] values = new long[filled];
        int count = 0;
        for (int slot = 0; slot < filled; slot++) {
            int base = slot * (columns + 1);
            if (now - slots.get(base) <= maxAgeNanos) {
                values[count++] = slots.get(base + 1 + column);
            }
        }
        return Arrays.copyOf(values, count);
    }

    private static LatencySummary summarize(long[] values) {
        Arrays.sort(values);
        int count = values.length;
        return new LatencySummary(count, percentile(values, 0.50), percentile(values, 0.99),
                count == 0 ? 0 : values[count - 1]);
    }

    private static long percentile(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }
}
