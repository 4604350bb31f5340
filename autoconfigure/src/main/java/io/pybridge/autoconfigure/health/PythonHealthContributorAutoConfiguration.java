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
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;

/**
 * Registers the {@code python} health indicator and the {@code pythonProcesses} contributor (one
 * component per worker process), both under {@code management.health.python.enabled}, as Boot
 * keeps one switch for a technology's indicator and its composite (the {@code db} one, say).
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

    /** The worker processes, one component each; without workers it has none and is not shown. */
    @Bean
    @ConditionalOnMissingBean(name = "pythonProcessesHealthContributor")
    CompositeHealthContributor pythonProcessesHealthContributor(PythonRuntime runtime) {
        return new PythonProcessesHealthContributor(runtime::processSnapshot);
    }

    /** {@code python} and {@code pythonProcesses} in the readiness group (when probes are on), unless opted out. */
    @Bean
    @ConditionalOnClass(HealthEndpointGroupsPostProcessor.class)
    @ConditionalOnBooleanProperty(name = "pybridge.health.include-in-readiness", matchIfMissing = true)
    HealthEndpointGroupsPostProcessor pythonReadinessGroups() {
        return new PythonReadinessGroups();
    }
}
