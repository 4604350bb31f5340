package io.pybridge.sample.stats;

/**
 * Answer of {@code POST /api/stats}, as computed by Python's {@code statistics} module.
 *
 * @param mean arithmetic mean
 * @param median middle value (mean of the two middle values for an even count)
 * @param stdev sample standard deviation
 */
public record StatsResponse(double mean, double median, double stdev) {
}
