package io.pybridge.core.internal.attach;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Which of one thread's calls the gate times, and how many calls each timed one stands for.
 * Reading the clock costs ~20–30 ns on a virtual machine, and timing a call takes three reads:
 * on a call of a few hundred nanoseconds that is a third of its cost. So the gate times about one
 * call in {@code oneIn} and weighs each timed call by the untimed ones before it; totals and
 * percentiles are then estimates of what timing every call would give, while the call count stays
 * exact.
 *
 * <p>The gaps between timed calls are drawn at random, uniform from 1 to {@code 2 × oneIn − 1}
 * (mean {@code oneIn}), not a fixed stride: a workload with a period of its own (one long call,
 * then fifteen short ones) would otherwise be timed always at the same place in its cycle and
 * its totals would be off by up to {@code oneIn} times. A thread's first call is always timed,
 * so an interpreter that served a handful of calls shows them.
 *
 * <p>Touched only by its own thread (it lives in the thread's {@link Attachment}).
 */
final class CallTiming {

    /** Calls still to pass untimed before the next timed one. */
    private int untimed;

    /** How many calls the next timed one stands for: itself and the untimed ones before it. */
    private int weight = 1;

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
        int timed = weight;
        int gap = oneIn <= 1 ? 1 : ThreadLocalRandom.current().nextInt(1, 2 * oneIn);
        untimed = gap - 1;
        weight = gap;
        return timed;
    }
}
