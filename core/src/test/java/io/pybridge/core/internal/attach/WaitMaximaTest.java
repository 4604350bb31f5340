package io.pybridge.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The exact longest waits per second: which seconds a window covers, and the all-time maximum. */
class WaitMaximaTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aWindowCoversTheSecondsItReaches() {
        WaitMaxima maxima = new WaitMaxima();
        long t0 = 1_000 * SECOND;
        maxima.record(7_000, t0);
        maxima.record(3_000, t0 + 10 * SECOND);
        maxima.record(5_000, t0 + 10 * SECOND + 1);
        assertThat(maxima.max(2 * SECOND, t0 + 11 * SECOND)).as("the last two seconds").isEqualTo(5_000);
        assertThat(maxima.max(11 * SECOND, t0 + 11 * SECOND)).as("back to the first wait").isEqualTo(7_000);
        assertThat(maxima.max(SECOND, t0 + 30 * SECOND)).as("nothing lately").isZero();
    }

    @Test
    void aBucketReusedForALaterSecondForgetsTheOldMaximum() {
        WaitMaxima maxima = new WaitMaxima();
        long t0 = 5 * SECOND;
        maxima.record(9_000, t0);
        long later = t0 + WaitMaxima.SECONDS * SECOND;
        maxima.record(1_000, later);
        assertThat(maxima.max(SECOND, later)).isEqualTo(1_000);
    }

    @Test
    void windowsLongerThanTheRingGiveTheAllTimeMaximum() {
        WaitMaxima maxima = new WaitMaxima();
        maxima.record(9_000, 5 * SECOND);
        maxima.record(1_000, 5_000 * SECOND);
        assertThat(maxima.max(Long.MAX_VALUE, 5_000 * SECOND)).isEqualTo(9_000);
        assertThat(maxima.max(60 * SECOND, 5_000 * SECOND)).isEqualTo(1_000);
    }

    @Test
    void negativeClockValuesAreBucketedToo() {
        WaitMaxima maxima = new WaitMaxima();
        maxima.record(2_000, -3 * SECOND - 1);
        assertThat(maxima.max(2 * SECOND, -2 * SECOND)).isEqualTo(2_000);
    }
}
