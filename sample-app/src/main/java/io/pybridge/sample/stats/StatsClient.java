package io.pybridge.sample.stats;

import io.pybridge.core.client.PythonCall;
import io.pybridge.core.exception.PythonException;

/**
 * {@code stats_service.py} as a Java interface: the starter finds it in the application's
 * package and makes it a bean; each call runs the Python function of the same name.
 */
@PythonCall(module = "stats_service")
public interface StatsClient {

    /**
     * Mean, median and sample standard deviation; the Python dict becomes the record.
     *
     * @throws PythonException of Python type {@code statistics.StatisticsError}
     *     (a {@code ValueError}) when there are fewer than two values
     */
    StatsResponse describe(double[] values);
}
