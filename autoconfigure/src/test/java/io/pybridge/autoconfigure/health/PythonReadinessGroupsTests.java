package io.pybridge.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.autoconfigure.PythonAutoConfiguration;
import io.pybridge.core.runtime.WorkerProcessSnapshot;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The python and pythonProcesses contributors join the readiness group by default, never
 * liveness, and can opt out; the workers' statuses reach readiness through Boot's own endpoint.
 */
class PythonReadinessGroupsTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class,
                    PythonHealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
                    HealthEndpointAutoConfiguration.class, AvailabilityHealthContributorAutoConfiguration.class,
                    AvailabilityProbesAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class))
            .withPropertyValues("management.endpoint.health.probes.enabled=true");

    @Test
    void pythonAndPythonProcessesAreInReadinessAndNotInLiveness() {
        contextRunner.run(context -> {
            HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
            assertThat(groups.get("readiness").isMember("python")).isTrue();
            assertThat(groups.get("liveness").isMember("python")).isFalse();
            assertThat(groups.getPrimary().isMember("python")).isTrue();
            // Boot asks a group about a composite's components by path, never about the composite.
            assertThat(groups.get("readiness").isMember("pythonProcesses/process-1")).isTrue();
            assertThat(groups.get("readiness").isMember("pythonProcesses")).isTrue();
            assertThat(groups.get("liveness").isMember("pythonProcesses/process-1")).isFalse();
            assertThat(groups.get("readiness").isMember("pythonProcessesOfMine/process-1")).isFalse();
        });
    }

    @Test
    void aWorkerBeingReplacedLeavesReadinessUpAndNoneAliveTakesItDown() {
        AtomicReference<List<WorkerProcessSnapshot>> workers = new AtomicReference<>(List.of(worker("process-1", true),
                worker("process-2", true)));
        // This JVM's runtime has no worker processes: the contributor reads snapshots given here.
        contextRunner.withBean("pythonProcessesHealthContributor", CompositeHealthContributor.class,
                () -> new PythonProcessesHealthContributor(workers::get))
                .withPropertyValues("management.endpoint.health.show-components=always").run(context -> {
                    // A runner's context is neither live nor ready by itself (the states' defaults).
                    AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
                    AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
                    HealthEndpoint health = context.getBean(HealthEndpoint.class);
                    assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
                    assertThat(components(health.health())).containsKeys("python", "pythonProcesses");

                    workers.set(List.of(worker("process-1", true), worker("process-2", false)));
                    CompositeHealthDescriptor processes = (CompositeHealthDescriptor) health.healthForPath("pythonProcesses");
                    assertThat(processes.getStatus()).isEqualTo(Status.UP);
                    assertThat(processes.getComponents().get("process-2").getStatus()).isEqualTo(new Status("RESTARTING"));
                    assertThat(health.healthForPath("pythonProcesses", "process-2").getStatus())
                            .isEqualTo(new Status("RESTARTING"));
                    assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);

                    workers.set(List.of(worker("process-1", false), worker("process-2", false)));
                    assertThat(health.healthForPath("pythonProcesses").getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.healthForPath("liveness").getStatus()).isEqualTo(Status.UP);
                });
    }

    @Test
    void withoutWorkerProcessesTheEndpointShowsNoPythonProcesses() {
        contextRunner.withPropertyValues("management.endpoint.health.show-components=always").run(context -> {
            AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
            HealthEndpoint health = context.getBean(HealthEndpoint.class);
            assertThat(components(health.health())).containsKey("python").doesNotContainKey("pythonProcesses");
            assertThat(health.healthForPath("pythonProcesses")).isNull();
            assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
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
                    assertThat(groups.get("readiness").isMember("pythonProcesses/process-1")).isTrue();
                });
    }

    @Test
    void optOut() {
        contextRunner.withPropertyValues("pybridge.health.include-in-readiness=false").run(context -> {
            HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
            assertThat(groups.get("readiness").isMember("python")).isFalse();
            assertThat(groups.get("readiness").isMember("pythonProcesses/process-1")).isFalse();
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

    private static WorkerProcessSnapshot worker(String name, boolean alive) {
        return new WorkerProcessSnapshot(name, alive ? 4242 : -1, alive, alive ? 0 : 1, 3, 0, 0,
                alive ? null : "died from signal 9 (SIGKILL)");
    }

    private static Map<String, HealthDescriptor> components(HealthDescriptor health) {
        return ((CompositeHealthDescriptor) health).getComponents();
    }
}
