package io.pybridge.sample.stats;

import io.pybridge.core.PythonOperations;
import io.pybridge.core.TypeRef;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The statistics feature's only access to Python: {@code stats_service.describe} in
 * {@code src/main/resources/python/stats_service.py}.
 */
@Service
public class StatsService {

    private static final TypeRef<Map<String, Double>> SUMMARY = new TypeRef<Map<String, Double>>() {
    };

    private final PythonOperations python;

    public StatsService(PythonOperations python) {
        this.python = python;
    }

    /**
     * Mean, median and sample standard deviation of {@code values}.
     *
     * @throws io.pybridge.core.PythonException of Python type {@code statistics.StatisticsError}
     *     (a {@code ValueError}) when there are fewer than two values
     */
    public StatsResponse describe(double[] values) {
        Map<String, Double> summary = python.callForObject("stats_service", "describe", SUMMARY, (Object) values);
        return new StatsResponse(summary.get("mean"), summary.get("median"), summary.get("stdev"));
    }
}
