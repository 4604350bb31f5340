package io.pybridge.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

/** Which calls the gate times, and that the weighted sample estimates every call's total. No interpreter. */
class CallTimingTest {

    @Test
    void aThreadsFirstCallIsTimedAndStandsForItself() {
        assertThat(new CallTiming().next(16)).isEqualTo(1);
    }

    @Test
    void laterTimedCallsStandForOneInCallsAndAboutOneInThatManyIsTimed() {
        CallTiming timing = new CallTiming();
        timing.next(16);
        int calls = 160_000;
        int timed = 0;
        for (int call = 0; call < calls; call++) {
            int weight = timing.next(16);
            if (weight != 0) {
                assertThat(weight).isEqualTo(16);
                timed++;
            }
        }
        // Binomial(160,000, 1/16): 10,000 expected, sd ~97.
        assertThat(timed).isBetween(9_200, 10_800);
    }

    @Test
    void theWeightsOfAShortLivedThreadAddUpToItsCallsOnAverage() {
        // Weighing a timed call by the untimed ones before it would leave a thread's last calls
        // uncounted: a thread of 2 calls would show ~1 on average. With independent sampling every
        // thread length is estimated without bias.
        for (int length : new int[] { 1, 2, 5, 17, 40 }) {
            int threads = 40_000;
            long weights = 0;
            for (int thread = 0; thread < threads; thread++) {
                CallTiming timing = new CallTiming();
                for (int call = 0; call < length; call++) {
                    weights += timing.next(16);
                }
            }
            // Per thread the variance is 15 (length - 1): sd of the mean under 0.13 at length 40.
            assertThat((double) weights / threads).as("mean weight of threads of %d calls", length)
                    .isCloseTo(length, offset(0.8));
        }
    }

    @Test
    void aPeriodicWorkloadIsEstimatedWithoutAliasing() {
        // One long call, then 15 short ones, over and over: a fixed stride of 16 would time either
        // every long call or none of them.
        CallTiming timing = new CallTiming();
        long actual = 0;
        long estimated = 0;
        for (int cycle = 0; cycle < 1_000_000; cycle++) {
            for (int call = 0; call < 16; call++) {
                long hold = call == 0 ? 1_000 : 1;
                actual += hold;
                estimated += timing.next(16) * hold;
            }
        }
        // The long calls dominate: ~62,500 of them timed, sd ~0.4% of the total.
        assertThat((double) estimated / actual).isBetween(0.97, 1.03);
    }

    @Test
    void oneInOneTimesEveryCall() {
        CallTiming timing = new CallTiming();
        for (int call = 0; call < 1_000; call++) {
            assertThat(timing.next(1)).isEqualTo(1);
        }
    }
}
