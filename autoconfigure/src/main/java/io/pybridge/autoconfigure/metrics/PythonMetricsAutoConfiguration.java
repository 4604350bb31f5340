package io.pybridge.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.pybridge.autoconfigure.PythonAutoConfiguration;
import io.pybridge.core.PythonRuntime;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Binds {@link PythonMetrics} to the meter registry when Micrometer is present.
 */
@AutoConfiguration(after = PythonAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ PythonRuntime.class, MeterRegistry.class })
public final class PythonMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    PythonMetrics pythonMetrics(PythonRuntime runtime) {
        return new PythonMetrics(runtime);
    }
}
