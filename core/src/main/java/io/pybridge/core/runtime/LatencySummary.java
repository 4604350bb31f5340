package io.pybridge.core.runtime;

import java.time.Duration;

/**
 * Percentiles over the most recent samples (up to 1,024). For the call gate's windows a sample is
 * a timed call weighed by the calls it stands for ({@link PythonRuntimeConfig#callTimingSample()}).
 *
 * @param samples how many samples the window held (timed calls, not all calls)
 * @param p50Nanos median
 * @param p99Nanos 99th percentile
 * @param maxNanos largest sample in the window; for permit waits and pool waits, the exact longest wait
 *     that ended in the window, counted in whole seconds, sampled or not
 */
public record LatencySummary(int samples, long p50Nanos, long p99Nanos, long maxNanos) {

    public Duration p50() {
        return Duration.ofNanos(p50Nanos);
    }

    public Duration p99() {
        return Duration.ofNanos(p99Nanos);
    }

    public Duration max() {
        return Duration.ofNanos(maxNanos);
    }
}
