package io.pybridge.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.pybridge.autoconfigure.PythonAutoConfiguration;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.runtime.WorkerProcessSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.SimpleStatusAggregator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PythonHealthContributorAutoConfigurationTests {

    /** Two workers: the first alive and running a call, the second killed and being replaced. */
    private static final List<WorkerProcessSnapshot> ONE_BEING_REPLACED = List.of(
            new WorkerProcessSnapshot("process-1", 4242, true, 0, 17, 1, 48L << 20, null),
            new WorkerProcessSnapshot("process-2", -1, false, 3, 40, 0, 0, "killed by signal 9 (SIGKILL)"));

    private static final List<WorkerProcessSnapshot> NONE_ALIVE = List.of(
            new WorkerProcessSnapshot("process-1", -1, false, 1, 5, 0, 0, "exited with code 1"),
            new WorkerProcessSnapshot("process-2", -1, false, 1, 5, 0, 0, "exited with code 1"));

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(PythonAutoConfiguration.class, PythonHealthContributorAutoConfiguration.class));

    @Test
    @Order(1)
    void upOnAnIdleInterpreterWithDetails() {
        contextRunner.run(context -> {
            assertThat(context).hasSingleBean(PythonHealthIndicator.class).hasBean("pythonHealthIndicator");
            context.getBean(PythonTemplate.class).eval("1");
            Health health = context.getBean(PythonHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            PythonRuntime runtime = context.getBean(PythonRuntime.class);
            assertThat(health.getDetails()).containsEntry("version", runtime.installation().version())
                    .containsEntry("state", "RUNNING").containsEntry("binding", runtime.nativeBinding().name())
                    .containsEntry("minimumCallerStack", (runtime.minimumCallerStack() >> 10) + " KiB")
                    .containsKeys("home", "executable", "threadStates", "gil");
            @SuppressWarnings("unchecked")
            Map<String, Object> gil = (Map<String, Object>) health.getDetails().get("gil");
            assertThat(gil).containsEntry("permits", 1).containsKeys("waiting", "permitWait", "gilWait", "hold",
                    "holdUtilisation", "probe", "calls");
            assertThat(map(gil.get("permitWait"))).containsOnlyKeys("samples", "p50", "p99", "max");
            assertThat(health.getDetails().get("threadStates").toString()).contains("live", "created", "reclaimed");
            // This JVM's interpreter has no pool (PooledApplicationScenario reports one).
            assertThat(runtime.poolSnapshot(Duration.ofMinutes(1))).isEmpty();
            assertThat(health.getDetails()).doesNotContainKey("pool");
        });
    }

    @Test
    @Order(1)
    void withoutWorkerProcessesThereIsNoProcessesDetail() {
        contextRunner.run(context -> {
            assertThat(context.getBean(PythonRuntime.class).processSnapshot()).isEmpty();
            assertThat(context.getBean(PythonHealthIndicator.class).health(true).getDetails())
                    .doesNotContainKey("processes");
        });
    }

    @Test
    @Order(1)
    void workerProcessesBeingReplacedLeaveItUpAndTheSetIsSummedUp() {
        contextRunner.run(context -> {
            // This JVM's runtime has no worker processes (ProcessApplicationScenario runs real ones):
            // the decision is checked on snapshots as the runtime gives them.
            Health health = indicator(context.getBean(PythonRuntime.class), () -> ONE_BEING_REPLACED).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            // Each worker is a component of pythonProcesses, not a detail here.
            assertThat(map(health.getDetails().get("processes"))).containsOnly(entry("size", 2), entry("alive", 1));
        });
    }

    @Test
    @Order(1)
    void eachWorkerProcessIsAComponentWithItsFigures() {
        PythonProcessesHealthContributor processes = new PythonProcessesHealthContributor(() -> ONE_BEING_REPLACED);
        assertThat(processes.stream().map(HealthContributors.Entry::name)).containsExactly("process-1", "process-2");
        Health alive = health(processes, "process-1");
        assertThat(alive.getStatus()).isEqualTo(Status.UP);
        assertThat(alive.getDetails()).containsOnly(entry("alive", true), entry("pid", 4242L), entry("restarts", 0L),
                entry("calls", 17L), entry("inFlight", 1), entry("residentBytes", 48L << 20));
        Health replaced = health(processes, "process-2");
        assertThat(replaced.getStatus()).isEqualTo(new Status("RESTARTING"));
        assertThat(replaced.getDetails()).containsOnly(entry("alive", false), entry("pid", -1L), entry("restarts", 3L),
                entry("calls", 40L), entry("inFlight", 0), entry("residentBytes", 0L),
                entry("lastEnd", "killed by signal 9 (SIGKILL)"));
        assertThat(processes.getContributor("process-3")).isNull();
    }

    @Test
    @Order(1)
    void aWorkerBeingReplacedIsLeftOutOfBootsAggregate() {
        PythonProcessesHealthContributor processes = new PythonProcessesHealthContributor(() -> ONE_BEING_REPLACED);
        assertThat(aggregate(processes, new SimpleStatusAggregator())).isEqualTo(Status.UP);
        // Unless the application puts RESTARTING into its status order.
        assertThat(aggregate(processes, new SimpleStatusAggregator("DOWN", "RESTARTING", "OUT_OF_SERVICE", "UP")))
                .isEqualTo(new Status("RESTARTING"));
    }

    @Test
    @Order(1)
    void noWorkerProcessAliveMakesEveryComponentAndTheSetDown() {
        PythonProcessesHealthContributor processes = new PythonProcessesHealthContributor(() -> NONE_ALIVE);
        assertThat(health(processes, "process-1").getStatus()).isEqualTo(Status.DOWN);
        assertThat(health(processes, "process-2").getStatus()).isEqualTo(Status.DOWN);
        assertThat(health(processes, "process-2").getDetails()).containsEntry("lastEnd", "exited with code 1");
        assertThat(aggregate(processes, new SimpleStatusAggregator())).isEqualTo(Status.DOWN);
    }

    @Test
    @Order(1)
    void aWorkerGoneFromTheRuntimesListIsDown() {
        AtomicReference<List<WorkerProcessSnapshot>> snapshot = new AtomicReference<>(ONE_BEING_REPLACED);
        PythonProcessesHealthContributor processes = new PythonProcessesHealthContributor(snapshot::get);
        // The runtime lists no workers once it has stopped them.
        snapshot.set(List.of());
        assertThat(health(processes, "process-1").getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    @Order(1)
    void withoutWorkerProcessesPythonProcessesHasNoComponent() {
        contextRunner.run(context -> {
            assertThat(context).hasBean("pythonProcessesHealthContributor");
            assertThat(context.getBean("pythonProcessesHealthContributor", CompositeHealthContributor.class).stream())
                    .isEmpty();
        });
    }

    @Test
    @Order(1)
    void noWorkerProcessAliveIsDown() {
        contextRunner.run(context -> {
            Health health = indicator(context.getBean(PythonRuntime.class), () -> NONE_ALIVE).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(map(health.getDetails().get("processes"))).containsEntry("alive", 0);
            // The main interpreter itself is fine.
            assertThat(health.getDetails()).containsEntry("state", "RUNNING");
        });
    }

    @Test
    @Order(2)
    void disabledByManagementProperty() {
        contextRunner.withPropertyValues("management.health.python.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PythonHealthIndicator.class)
                        .doesNotHaveBean("pythonProcessesHealthContributor"));
    }

    @Test
    @Order(3)
    void absentWhenPybridgeIsDisabled() {
        contextRunner.withPropertyValues("pybridge.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(PythonHealthIndicator.class));
    }

    @Test
    @Order(4)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void contentionStatusWhileCallersWaitPastTheThreshold() {
        contextRunner.withPropertyValues("pybridge.health.waiting-threshold=1",
                "pybridge.health.permit-wait-threshold=200ms", "pybridge.health.window=3s",
                "pybridge.health.contention-status=CONTENDED").run(context -> {
                    PythonTemplate python = context.getBean(PythonTemplate.class);
                    PythonHealthIndicator indicator = context.getBean(PythonHealthIndicator.class);
                    PythonRuntime runtime = context.getBean(PythonRuntime.class);
                    // The holder keeps the permit while Python sleeps (the GIL is free, so the probe passes).
                    Thread holder = new Thread(() -> python.call("time", "sleep", 0.8));
                    holder.start();
                    while (runtime.gateSnapshot().availablePermits() > 0) {
                        Thread.sleep(5);
                    }
                    Thread waiter = new Thread(() -> python.eval("1"));
                    waiter.start();
                    try {
                        while (runtime.gateSnapshot().waiting() == 0) {
                            Thread.sleep(5);
                        }
                        // A caller is waiting now (waiting-threshold=1).
                        assertThat(indicator.health(true).getStatus()).isEqualTo(new Status("CONTENDED"));
                    }
                    finally {
                        holder.join();
                        waiter.join();
                    }
                    // Nobody waits now, but the p99 permit wait of the last 3 s is ~700 ms > 200 ms.
                    Health afterwards = indicator.health(true);
                    assertThat(afterwards.getStatus()).isEqualTo(new Status("CONTENDED"));
                    assertThat(runtime.gateSnapshot(Duration.ofSeconds(3)).permitWait().maxNanos())
                            .isGreaterThan(TimeUnit.MILLISECONDS.toNanos(200));
                    // The longest wait is in the details too.
                    @SuppressWarnings("unchecked")
                    Map<String, Object> gil = (Map<String, Object>) afterwards.getDetails().get("gil");
                    assertThat(millis(map(gil.get("permitWait")).get("max"))).isGreaterThan(200);
                    // Once that wait is older than the window, the interpreter is UP again.
                    Thread.sleep(3_200);
                    python.eval("1");
                    assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
                });
    }

    @Test
    @Order(5)
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void outOfServiceWhenTheProbeCannotGetTheGil() {
        contextRunner.withPropertyValues("pybridge.health.probe-timeout=200ms").run(context -> {
            PythonTemplate python = context.getBean(PythonTemplate.class);
            PythonHealthIndicator indicator = context.getBean(PythonHealthIndicator.class);
            // C code that keeps the GIL: a catastrophic regex runs for seconds in the re engine
            // (2-3 s here; each further 'a' doubles it).
            Thread culprit = new Thread(() -> python.eval("__import__('re').match(r'(a+)+$', 'a' * 25 + 'b')"));
            culprit.start();
            Thread.sleep(300);
            long begin = System.nanoTime();
            Health health = indicator.health(true);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
            assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            assertThat(((Map<?, ?>) health.getDetails().get("gil")).get("probe").toString()).contains("no GIL within 200 ms");
            assertThat(tookMillis).as("the health request itself is never blocked").isLessThan(1_500);
            culprit.join();
            assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
        });
    }

    private static PythonHealthIndicator indicator(PythonRuntime runtime, Supplier<List<WorkerProcessSnapshot>> workers) {
        return new PythonHealthIndicator(runtime, Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(1), 0,
                Status.OUT_OF_SERVICE, workers);
    }

    private static Health health(PythonProcessesHealthContributor processes, String worker) {
        return ((HealthIndicator) processes.getContributor(worker)).health(true);
    }

    /** The set's status as Boot's health endpoint aggregates its components. */
    private static Status aggregate(PythonProcessesHealthContributor processes, SimpleStatusAggregator aggregator) {
        Set<Status> statuses = processes.stream().map(worker -> ((HealthIndicator) worker.contributor()).health().getStatus())
                .collect(Collectors.toSet());
        return aggregator.getAggregateStatus(statuses);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object detail) {
        return (Map<String, Object>) detail;
    }

    /** A duration detail ({@code "2.950 ms"}) in milliseconds. */
    private static double millis(Object detail) {
        String text = detail.toString();
        assertThat(text).endsWith(" ms");
        return Double.parseDouble(text.substring(0, text.length() - " ms".length()));
    }
}
