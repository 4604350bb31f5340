package io.pybridge.autoconfigure.metrics;

import io.micrometer.observation.ObservationRegistry;
import io.pybridge.core.PythonCallInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Observes every {@code PythonTemplate} operation when an {@link ObservationRegistry} exists
 * ({@code pybridge.metrics.observations-enabled=false} turns it off).
 */
@AutoConfiguration(beforeName = "io.pybridge.autoconfigure.PythonAutoConfiguration",
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnProperty(prefix = "pybridge.metrics", name = "observations-enabled", matchIfMissing = true)
@EnableConfigurationProperties(PythonMetricsProperties.class)
public final class PythonObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(PythonCallInterceptor.class)
    ObservationPythonCallInterceptor pythonObservationInterceptor(ObservationRegistry registry,
            PythonMetricsProperties properties, ObjectProvider<PythonObservationConvention> customConvention) {
        return new ObservationPythonCallInterceptor(registry,
                new DefaultPythonObservationConvention(properties.getMaxFunctionTags()),
                customConvention.getIfAvailable());
    }
}
