package io.pybridge.core.internal.attach;

import java.util.Arrays;

/**
 * The exact longest wait per second, for the last {@link #SECONDS} seconds, and since start. The
 * percentile windows hold a bounded number of samples (1,024, of which most stand for 16 calls),
 * so under load a long wait of a minute ago has left them; the longest wait is what a starving
 * caller shows, so it is kept here for every caller that waited, to the second.
 *
 * <p>Only callers that waited record (they read the clock anyway and already lost far more
 * time than this lock costs), so the lock is off the path of a call that got in at once.
 */
final class WaitMaxima {

    /** How many one-second buckets: windows up to this long are exact; longer ones use the all-time maximum. */
    static final int SECONDS = 1024;

    private static final long SECOND = 1_000_000_000L;

    /** Per bucket, the second ({@code nanoTime / 1 s}) it holds; {@link Long#MIN_VALUE} if none yet. */
    private final long[] seconds = new long[SECONDS];

    private final long[] maxima = new long[SECONDS];

    private long allTime;

    WaitMaxima() {
        Arrays.fill(seconds, Long.MIN_VALUE);
    }

    /** A caller waited {@code waitedNanos}, and stopped waiting at {@code now} ({@link System#nanoTime()}). */
    synchronized void record(long waitedNanos, long now) {
        long second = Math.floorDiv(now, SECOND);
        int bucket = (int) Math.floorMod(second, (long) SECONDS);
        if (seconds[bucket] != second) {
            seconds[bucket] = second;
            maxima[bucket] = waitedNanos;
        }
        else if (waitedNanos > maxima[bucket]) {
            maxima[bucket] = waitedNanos;
        }
        if (waitedNanos > allTime) {
            allTime = waitedNanos;
        }
    }

    /**
     * The longest wait that ended within {@code windowNanos} before {@code now}, counted in whole
     * seconds (the second the window starts in is included); 0 if none.
     */
    synchronized long max(long windowNanos, long now) {
        if (windowNanos >= (SECONDS - 1) * SECOND) {
            return allTime;
        }
        long last = Math.floorDiv(now, SECOND);
        long first = Math.floorDiv(now - windowNanos, SECOND);
        long max = 0;
        for (long second = first; second <= last; second++) {
            int bucket = (int) Math.floorMod(second, (long) SECONDS);
            if (seconds[bucket] == second && maxima[bucket] > max) {
                max = maxima[bucket];
            }
        }
        return max;
    }
}
