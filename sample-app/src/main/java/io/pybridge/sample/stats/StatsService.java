package io.pybridge.sample.stats;

import io.pybridge.core.exception.PythonException;
import org.springframework.stereotype.Service;

/** The statistics feature: computed by Python through {@link StatsClient}. */
@Service
public class StatsService {

    private final StatsClient stats;

    public StatsService(StatsClient stats) {
        this.stats = stats;
    }

    /**
     * Mean, median and sample standard deviation of {@code values}.
     *
     * @throws PythonException of Python type {@code statistics.StatisticsError}
     *     (a {@code ValueError}) when there are fewer than two values
     */
    public StatsResponse describe(double[] values) {
        return stats.describe(values);
    }
}
