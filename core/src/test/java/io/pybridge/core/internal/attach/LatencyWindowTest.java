package io.pybridge.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.runtime.LatencySummary;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Percentiles over the recent samples, without an interpreter. */
class LatencyWindowTest {

    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    @Test
    void emptyWindowIsAllZero() {
        assertThat(new LatencyWindow().summary(HOUR)).isEqualTo(new LatencySummary(0, 0, 0, 0));
    }

    @Test
    void percentilesAreNearestRankOverTheSamples() {
        LatencyWindow window = new LatencyWindow();
        long now = System.nanoTime();
        for (int value = 1; value <= 100; value++) {
            window.record(value, now);
        }
        LatencySummary summary = window.summary(HOUR);
        assertThat(summary.samples()).isEqualTo(100);
        assertThat(summary.p50Nanos()).isEqualTo(50);
        assertThat(summary.p99Nanos()).isEqualTo(99);
        assertThat(summary.maxNanos()).isEqualTo(100);
    }

    @Test
    void samplesOlderThanTheWindowAreLeftOut() {
        LatencyWindow window = new LatencyWindow();
        long now = System.nanoTime();
        window.record(1_000_000, now - TimeUnit.MINUTES.toNanos(10));
        window.record(5, now);
        LatencySummary recent = window.summary(TimeUnit.MINUTES.toNanos(1));
        assertThat(recent.samples()).isEqualTo(1);
        assertThat(recent.maxNanos()).isEqualTo(5);
        assertThat(window.summary(HOUR).maxNanos()).isEqualTo(1_000_000);
    }

    @Test
    void theRingKeepsTheLast1024Samples() {
        LatencyWindow window = new LatencyWindow();
        long now = System.nanoTime();
        for (int i = 0; i < 1024; i++) {
            window.record(1_000, now);
        }
        for (int i = 0; i < 1024; i++) {
            window.record(7, now);
        }
        LatencySummary summary = window.summary(HOUR);
        assertThat(summary.samples()).isEqualTo(1024);
        assertThat(summary.maxNanos()).isEqualTo(7);
    }
}
