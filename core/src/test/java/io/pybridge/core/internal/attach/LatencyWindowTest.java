package io.pybridge.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
        calls.record(1, 2, 3, now, 1);
        assertThat(LatencyWindow.merged(calls, 0, refusals, 0, HOUR).samples())
                .as("the calls' ring has not wrapped around: everything within the hour").isEqualTo(2);
        for (int i = 0; i < 1024; i++) {
            calls.record(1, 2, 3, now - TimeUnit.MINUTES.toNanos(1), 1);
        }
        refusals.record(7_000_000, now - TimeUnit.SECONDS.toNanos(1));
        LatencySummary merged = LatencyWindow.merged(calls, 0, refusals, 0, HOUR);
        assertThat(merged.samples()).as("1,024 calls and the refusal newer than the oldest of them").isEqualTo(1025);
        assertThat(merged.maxNanos()).isEqualTo(7_000_000);
        assertThat(calls.summary(2, HOUR).maxNanos()).isEqualTo(3);
        assertThat(calls.count()).isEqualTo(1025);
    }

    @Test
    void percentilesWeighEachSampleByTheCallsItStandsFor() {
        LatencyWindow calls = new LatencyWindow(3);
        long now = System.nanoTime();
        // 98 calls of 10 ns stood for by two samples, one of 1 ms and one of 2 ms standing for themselves.
        calls.record(0, 0, 10, now, 60);
        calls.record(0, 0, 10, now, 38);
        calls.record(0, 0, 1_000_000, now, 1);
        calls.record(0, 0, 2_000_000, now, 1);
        LatencySummary hold = calls.summary(2, HOUR);
        assertThat(hold.samples()).isEqualTo(4);
        assertThat(hold.p50Nanos()).isEqualTo(10);
        assertThat(hold.p99Nanos()).as("99 of the 100 calls took at most 1 ms").isEqualTo(1_000_000);
        assertThat(hold.maxNanos()).isEqualTo(2_000_000);
        calls.record(0, 0, 10, now, 100);
        assertThat(calls.summary(2, HOUR).p99Nanos()).as("now 198 of 200 calls took 10 ns").isEqualTo(10);
    }

    @Test
    void aRefusalWeighsAsOneCallAgainstTimedCallsStandingForMany() {
        LatencyWindow calls = new LatencyWindow(3);
        LatencyWindow refusals = new LatencyWindow();
        long now = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            calls.record(0, 0, 5, now, 16);
        }
        refusals.record(30_000_000_000L, now);
        LatencySummary permitWait = LatencyWindow.merged(calls, 0, refusals, 0, HOUR);
        assertThat(permitWait.samples()).isEqualTo(11);
        assertThat(permitWait.p99Nanos()).as("one refusal among 161 calls is under 1%").isZero();
        assertThat(permitWait.maxNanos()).isEqualTo(30_000_000_000L);
    }

    @Test
    void aSampleStandsForAtLeastOneCall() {
        assertThatIllegalArgumentException().isThrownBy(() -> new LatencyWindow(3).record(1, 2, 3, System.nanoTime(), 0));
    }
}
