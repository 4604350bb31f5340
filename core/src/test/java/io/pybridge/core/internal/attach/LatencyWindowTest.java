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

    @Test
    void aMergedWindowWeighsTheRarerKindAmongTheSameEvents() {
        LatencyWindow calls = new LatencyWindow(3);
        LatencyWindow refusals = new LatencyWindow();
        long now = System.nanoTime();
        refusals.record(5_000_000, now - TimeUnit.MINUTES.toNanos(5));
        calls.record(1, 2, 3, now);
        assertThat(LatencyWindow.merged(calls, 0, refusals, 0, HOUR).samples())
                .as("the calls' ring has not wrapped around: everything within the hour").isEqualTo(2);
        for (int i = 0; i < 1024; i++) {
            calls.record(1, 2, 3, now - TimeUnit.MINUTES.toNanos(1));
        }
        refusals.record(7_000_000, now - TimeUnit.SECONDS.toNanos(1));
        LatencySummary merged = LatencyWindow.merged(calls, 0, refusals, 0, HOUR);
        assertThat(merged.samples()).as("1,024 calls and the refusal newer than the oldest of them").isEqualTo(1025);
        assertThat(merged.maxNanos()).isEqualTo(7_000_000);
        assertThat(calls.summary(2, HOUR).maxNanos()).isEqualTo(3);
        assertThat(calls.count()).isEqualTo(1025);
    }
}
