package io.pybridge.core.internal.attach;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Which of one thread's calls the gate times, and how many calls each timed one stands for.
 * Reading the clock costs ~20–30 ns on a virtual machine, and timing a call takes three reads:
 * on a call of a few hundred nanoseconds that is a third of its cost. So the gate times a random
 * sample of the calls and weighs each timed call by the calls it stands for; totals and
 * percentiles are then unbiased estimates of what timing every call would give, while the call
 * count stays exact.
 *
 * <p>Each call is timed with probability {@code 1 / oneIn}, independently of the others, and a
 * timed call stands for {@code oneIn} calls: the expected total of a thread's timed durations times
 * their weights is then exactly the total of all its durations, whatever their pattern (a fixed
 * stride would alias with a workload that has a period of its own, and weighing a timed call by
 * the untimed calls before it would leave a thread's last calls uncounted). Drawing a coin per
 * call would cost more than it saves, so the number of untimed calls before the next timed one is
 * drawn once per timed call, from the geometric distribution that independent coins give.
 *
 * <p>A thread's first call is always timed and stands for itself only (which keeps the estimate
 * unbiased), so an interpreter that served a handful of calls shows them. A timed call is one
 * clock read (~26 ns) longer than an untimed one, which the hold time it reports includes.
 *
 * <p>Touched only by its own thread (it lives in the thread's {@link Attachment}, one per thread
 * and interpreter).
 */
final class CallTiming {

    /** Calls still to pass untimed before the next timed one. */
    private int untimed;

    /** Whether no call was counted yet. */
    private boolean first = true;

    /**
     * Counts one call and says whether to time it.
     *
     * @param oneIn the mean number of calls per timed call (1: time every call)
     * @return 0 to leave this call untimed, else the number of calls its timing stands for
     */
    int next(int oneIn) {
        if (untimed > 0) {
            untimed--;
            return 0;
        }
        int weight = first ? 1 : oneIn;
        first = false;
        untimed = oneIn <= 1 ? 0 : untimedBeforeNext(oneIn);
        return weight;
    }

    /**
     * How many calls pass untimed before the next timed one when each is timed with probability
     * {@code 1 / oneIn}: geometric, {@code floor(ln U / ln(1 - 1/oneIn))} for U uniform in (0, 1].
     */
    private static int untimedBeforeNext(int oneIn) {
        double uniform = 1.0 - ThreadLocalRandom.current().nextDouble();
        double skipped = Math.floor(Math.log(uniform) / Math.log1p(-1.0 / oneIn));
        return (int) Math.min(skipped, Integer.MAX_VALUE);
    }
}
