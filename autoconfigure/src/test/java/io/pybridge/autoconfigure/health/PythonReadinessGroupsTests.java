package io.pybridge.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.autoconfigure.PythonAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The python contributor joins the readiness group by default, never liveness, and can opt out. */
class PythonReadinessGroupsTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class,
                    PythonHealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
                    HealthEndpointAutoConfiguration.class, AvailabilityHealthContributorAutoConfiguration.class,
                    AvailabilityProbesAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class))
            .withPropertyValues("management.endpoint.health.probes.enabled=true");

    @Test
    void pythonIsInReadinessAndNotInLiveness() {
        contextRunner.run(context -> {
            HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
            assertThat(groups.get("readiness").isMember("python")).isTrue();
            assertThat(groups.get("liveness").isMember("python")).isFalse();
            assertThat(groups.getPrimary().isMember("python")).isTrue();
        });
    }

    @Test
    void aReadinessGroupTheUserConfiguredKeepsItsMembersAndGainsPython() {
        // "db" stands for a contributor of the application's (none here, so membership is not validated).
        contextRunner.withPropertyValues("management.endpoint.health.group.readiness.include=readinessState,db",
                "management.endpoint.health.validate-group-membership=false")
                .run(context -> {
                    HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
                    assertThat(groups.get("readiness").isMember("db")).isTrue();
                    assertThat(groups.get("readiness").isMember("python")).isTrue();
                });
    }

    @Test
    void optOut() {
        contextRunner.withPropertyValues("pybridge.health.include-in-readiness=false").run(context -> {
            HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
            assertThat(groups.get("readiness").isMember("python")).isFalse();
        });
    }

    @Test
    void withoutProbesThereIsNoReadinessGroupToJoin() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class,
                        PythonHealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
                        HealthEndpointAutoConfiguration.class))
                .run(context -> assertThat(context.getBean(HealthEndpointGroups.class).getNames()).doesNotContain("readiness"));
    }
}
