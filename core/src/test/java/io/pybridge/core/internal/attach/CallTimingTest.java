package io.pybridge.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which calls the gate times, without an interpreter. */
class CallTimingTest {

    @Test
    void aThreadsFirstCallIsTimedAndStandsForItself() {
        assertThat(new CallTiming().next(16)).isEqualTo(1);
    }

    @Test
    void aTimedCallStandsForItselfAndTheUntimedCallsBeforeIt() {
        CallTiming timing = new CallTiming();
        int untimedSince = 0;
        long represented = 0;
        int calls = 200_000;
        int timed = 0;
        Set<Integer> weights = new HashSet<>();
        for (int call = 0; call < calls; call++) {
            int weight = timing.next(16);
            if (weight == 0) {
                untimedSince++;
                continue;
            }
            assertThat(weight).isEqualTo(untimedSince + 1).isBetween(1, 31);
            weights.add(weight);
            represented += weight;
            untimedSince = 0;
            timed++;
        }
        assertThat(represented + untimedSince).as("every call stood for exactly once").isEqualTo(calls);
        // Gaps are uniform over 1..31 (mean 16): 12,500 timed calls expected, sd ~50.
        assertThat(timed).isBetween(11_500, 13_500);
        assertThat(weights).as("random gaps, not a fixed stride a periodic workload could alias with").hasSizeGreaterThan(20);
    }

    @Test
    void oneInOneTimesEveryCall() {
        CallTiming timing = new CallTiming();
        for (int call = 0; call < 1_000; call++) {
            assertThat(timing.next(1)).isEqualTo(1);
        }
    }
}
