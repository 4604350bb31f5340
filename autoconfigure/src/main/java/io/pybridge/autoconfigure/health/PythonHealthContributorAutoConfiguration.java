package io.pybridge.autoconfigure.health;

import io.pybridge.autoconfigure.PythonAutoConfiguration;
import io.pybridge.core.PythonRuntime;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@code python} health indicator ({@code management.health.python.enabled}).
 */
// After the availability probes: its HealthEndpointGroupsPostProcessor must run after theirs (see PythonReadinessGroups).
@AutoConfiguration(after = PythonAutoConfiguration.class,
        afterName = "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(PythonRuntime.class)
@ConditionalOnEnabledHealthIndicator("python")
@EnableConfigurationProperties(PythonHealthProperties.class)
public final class PythonHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "pythonHealthIndicator")
    PythonHealthIndicator pythonHealthIndicator(PythonRuntime runtime, PythonHealthProperties health) {
        return new PythonHealthIndicator(runtime, health.getProbeTimeout(), health.getWindow(),
                health.getPermitWaitThreshold(), health.getWaitingThreshold(), new Status(health.getContentionStatus()));
    }

    /** {@code python} in the readiness group (when probes are on), unless opted out. */
    @Bean
    @ConditionalOnClass(HealthEndpointGroupsPostProcessor.class)
    @ConditionalOnBooleanProperty(name = "pybridge.health.include-in-readiness", matchIfMissing = true)
    HealthEndpointGroupsPostProcessor pythonReadinessGroups() {
        return new PythonReadinessGroups();
    }
}
