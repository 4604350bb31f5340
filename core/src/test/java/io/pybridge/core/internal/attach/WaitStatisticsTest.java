package io.pybridge.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.runtime.LatencySummary;
import org.junit.jupiter.api.Test;

/** The pool's wait statistics: every take counted and sampled, refusals among the waits, an exact maximum. */
class WaitStatisticsTest {

    @Test
    void takesWaitsAndRefusals() {
        WaitStatistics statistics = new WaitStatistics();
        long now = System.nanoTime();
        for (int i = 0; i < 98; i++) {
            statistics.recordTake(0, now);
        }
        statistics.recordTake(2_000_000, now);
        statistics.recordRejection(30_000_000, now);
        assertThat(statistics.takes()).isEqualTo(99);
        assertThat(statistics.rejections()).isEqualTo(1);
        assertThat(statistics.waitTotalNanos()).as("the refused caller's wait is not a take's").isEqualTo(2_000_000);
        LatencySummary summary = statistics.summary(Long.MAX_VALUE);
        assertThat(summary.samples()).isEqualTo(100);
        assertThat(summary.p50Nanos()).isZero();
        assertThat(summary.p99Nanos()).isEqualTo(2_000_000);
        assertThat(summary.maxNanos()).isEqualTo(30_000_000);
    }

    @Test
    void theMaximumOutlivesTheSampleRing() {
        WaitStatistics statistics = new WaitStatistics();
        long now = System.nanoTime();
        statistics.recordTake(9_000_000, now);
        for (int i = 0; i < 3_000; i++) {
            statistics.recordTake(0, now);
        }
        assertThat(statistics.summary(Long.MAX_VALUE).p99Nanos()).isZero();
        assertThat(statistics.summary(Long.MAX_VALUE).maxNanos()).isEqualTo(9_000_000);
    }
}
