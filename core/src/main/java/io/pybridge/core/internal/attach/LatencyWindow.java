package io.pybridge.core.internal.attach;

import io.pybridge.core.runtime.LatencySummary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The most recent samples (a ring of fixed size, each with the time it was recorded and how many
 * calls it stands for) for percentiles over a recent window. A sample may have several columns (a
 * call's permit wait, GIL wait and hold time), written to one slot, so a call costs one atomic
 * increment however many durations it records: each atomic read-modify-write costs several
 * nanoseconds and a contended one far more. Samples older than the asked-for age are left out,
 * so a burst long past does not colour the picture of an idle interpreter.
 *
 * <p>A sample's weight is the number of calls it stands for: the gate times only a random sample
 * of the calls (see {@link CallTiming}), each timed call standing for several, so percentiles are
 * weighted: the p99 is the value that 99% of the weight lies at or below, as if every call had
 * been timed.
 */
final class LatencyWindow {

    private static final int SIZE = 1024;

    /**
     * The time of a slot being written. A writer sets it first and the real time last, and a
     * reader drops a slot whose time is this or changed while it read the values: so a weight
     * never meets a value of another sample (an old 5 s wait weighed as 16 calls, say).
     */
    private static final long WRITING = Long.MIN_VALUE;

    /** Offset in a slot of the time it was recorded; the weight follows, then the columns. */
    private static final int TIME = 0;

    private static final int WEIGHT = 1;

    private static final int VALUES = 2;

    private final int columns;

    private final int stride;

    /** Per slot: the time it was recorded, its weight, then one value per column. */
    private final AtomicLongArray slots;

    /** How many samples were ever recorded; the next slot is this modulo {@link #SIZE}. */
    private final AtomicLong cursor = new AtomicLong();

    /** A window of one column. */
    LatencyWindow() {
        this(1);
    }

    LatencyWindow(int columns) {
        this.columns = columns;
        this.stride = columns + VALUES;
        this.slots = new AtomicLongArray(SIZE * stride);
    }

    /** Records a one-column sample of weight 1 taken at {@code now}. */
    void record(long value, long now) {
        if (columns != 1) {
            throw new IllegalStateException("a window of " + columns + " columns");
        }
        int base = claim();
        slots.set(base + TIME, WRITING);
        slots.lazySet(base + WEIGHT, 1);
        slots.lazySet(base + VALUES, value);
        slots.lazySet(base + TIME, now);
    }

    /** Records a three-column sample taken at {@code now}, standing for {@code weight} calls. */
    void record(long first, long second, long third, long now, int weight) {
        if (columns != 3) {
            throw new IllegalStateException("a window of " + columns + " columns");
        }
        if (weight < 1) {
            throw new IllegalArgumentException("a sample stands for at least one call, was " + weight);
        }
        int base = claim();
        slots.set(base + TIME, WRITING);
        slots.lazySet(base + WEIGHT, weight);
        slots.lazySet(base + VALUES, first);
        slots.lazySet(base + VALUES + 1, second);
        slots.lazySet(base + VALUES + 2, third);
        slots.lazySet(base + TIME, now);
    }

    private int claim() {
        return (int) (cursor.getAndIncrement() & (SIZE - 1)) * stride;
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
        List<Sample> all = first.recent(firstColumn, maxAgeNanos, now);
        long oldestAge = first.oldestAge(now);
        all.addAll(second.recent(secondColumn, oldestAge < 0 ? maxAgeNanos : Math.min(maxAgeNanos, oldestAge), now));
        return summarize(all);
    }

    /** How long before {@code now} the oldest sample still in the ring was recorded; -1 while the ring has not wrapped around. */
    private long oldestAge(long now) {
        if (cursor.get() < SIZE) {
            return -1;
        }
        long age = 0;
        for (int slot = 0; slot < SIZE; slot++) {
            long time = slots.get(slot * stride + TIME);
            if (time != WRITING) {
                age = Math.max(age, now - time);
            }
        }
        return age;
    }

    /** The samples of {@code column} recorded within {@code maxAgeNanos} before {@code now}. */
    private List<Sample> recent(int column, long maxAgeNanos, long now) {
        int filled = (int) Math.min(cursor.get(), SIZE);
        List<Sample> samples = new ArrayList<>(filled);
        for (int slot = 0; slot < filled; slot++) {
            int base = slot * stride;
            long time = slots.get(base + TIME);
            if (time == WRITING || now - time > maxAgeNanos) {
                continue;
            }
            long value = slots.get(base + VALUES + column);
            long weight = slots.get(base + WEIGHT);
            // Rewritten meanwhile: the value and the weight may belong to different samples.
            if (slots.get(base + TIME) == time) {
                samples.add(new Sample(value, weight));
            }
        }
        return samples;
    }

    private static LatencySummary summarize(List<Sample> samples) {
        samples.sort(Comparator.comparingLong(Sample::value));
        int count = samples.size();
        long totalWeight = 0;
        for (Sample sample : samples) {
            totalWeight += sample.weight();
        }
        return new LatencySummary(count, percentile(samples, totalWeight, 0.50), percentile(samples, totalWeight, 0.99),
                count == 0 ? 0 : samples.get(count - 1).value());
    }

    /** Nearest rank by weight: the smallest value with at least {@code quantile} of the weight at or below it. */
    private static long percentile(List<Sample> sorted, long totalWeight, double quantile) {
        long rank = Math.max(1, (long) Math.ceil(quantile * totalWeight));
        long below = 0;
        for (Sample sample : sorted) {
            below += sample.weight();
            if (below >= rank) {
                return sample.value();
            }
        }
        return 0;
    }

    /** One recorded value and how many calls it stands for. */
    private record Sample(long value, long weight) {
    }
}
