package io.pybridge.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.runtime.GateSnapshot;
import org.junit.jupiter.api.Test;

/** What the gate's statistics report from timed and untimed calls, without an interpreter. */
class GateStatisticsTest {

    @Test
    void countsAreExactAndTotalsWeighTimedCallsByTheCallsTheyStandFor() {
        GateStatistics statistics = new GateStatistics();
        long now = System.nanoTime();
        statistics.recordCall(0, 100, 1_000, now, 1);
        for (int i = 0; i < 15; i++) {
            statistics.countCall();
        }
        statistics.recordCall(0, 0, 2_000, now, 16);
        statistics.recordCall(5_000_000, 300, 3_000, now, 1);
        statistics.recordRejection(30_000_000, now);
        GateSnapshot snapshot = statistics.snapshot(1, 1, 0, 0, Long.MAX_VALUE);
        assertThat(snapshot.calls()).as("every call that got in, timed or not").isEqualTo(18);
        assertThat(snapshot.busyRejections()).isEqualTo(1);
        assertThat(snapshot.permitWaitTotalNanos()).as("exact: a call that waited is always timed").isEqualTo(5_000_000);
        assertThat(snapshot.gilWaitTotalNanos()).isEqualTo(100 + 300);
        assertThat(snapshot.holdTotalNanos()).isEqualTo(1_000 + 16 * 2_000 + 3_000);
        assertThat(snapshot.hold().samples()).isEqualTo(3);
        assertThat(snapshot.hold().p50Nanos()).as("16 of the 18 calls are stood for by the 2 µs sample").isEqualTo(2_000);
        assertThat(snapshot.permitWait().samples()).isEqualTo(4);
        assertThat(snapshot.permitWait().maxNanos()).isEqualTo(30_000_000);
    }

    @Test
    void theLongestPermitWaitIsExactAfterTheSampledWindowHasMovedOn() {
        GateStatistics statistics = new GateStatistics();
        long now = System.nanoTime();
        statistics.recordCall(40_000_000, 0, 1_000, now, 1);
        // 2,000 later timed calls push the long wait out of the 1,024-sample ring.
        for (int i = 0; i < 2_000; i++) {
            statistics.recordCall(0, 0, 1_000, now, 16);
        }
        GateSnapshot snapshot = statistics.snapshot(1, 1, 0, 0, Long.MAX_VALUE);
        assertThat(snapshot.permitWait().p99Nanos()).isZero();
        assertThat(snapshot.permitWait().maxNanos()).as("every wait is kept for the maximum").isEqualTo(40_000_000);
    }
}
