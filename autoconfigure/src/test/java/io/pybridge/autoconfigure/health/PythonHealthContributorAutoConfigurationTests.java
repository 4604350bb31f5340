package io.pybridge.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.autoconfigure.PythonAutoConfiguration;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.runtime.WorkerProcessSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PythonHealthContributorAutoConfigurationTests {

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
    void workerProcessesBeingReplacedLeaveItUpAndEachIsReported() {
        contextRunner.run(context -> {
            // This JVM's runtime has no worker processes (ProcessApplicationScenario runs real ones):
            // the decision is checked on snapshots as the runtime gives them.
            List<WorkerProcessSnapshot> workers = List.of(
                    new WorkerProcessSnapshot("process-1", 4242, true, 0, 17, 1, 48L << 20, null),
                    new WorkerProcessSnapshot("process-2", -1, false, 3, 40, 0, 0, "killed by signal 9 (SIGKILL)"));
            Health health = indicator(context.getBean(PythonRuntime.class), () -> workers).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            Map<String, Object> processes = map(health.getDetails().get("processes"));
            assertThat(processes).containsEntry("size", 2).containsEntry("alive", 1);
            Map<String, Object> each = map(processes.get("workers"));
            assertThat(each).containsOnlyKeys("process-1", "process-2");
            assertThat(map(each.get("process-1"))).containsEntry("status", "UP").containsEntry("pid", 4242L)
                    .containsEntry("restarts", 0L).containsEntry("calls", 17L).containsEntry("inFlight", 1)
                    .containsEntry("residentBytes", 48L << 20).doesNotContainKey("lastEnd");
            assertThat(map(each.get("process-2"))).containsEntry("status", "OUT_OF_SERVICE").containsEntry("pid", -1L)
                    .containsEntry("restarts", 3L).containsEntry("lastEnd", "killed by signal 9 (SIGKILL)");
        });
    }

    @Test
    @Order(1)
    void noWorkerProcessAliveIsDown() {
        contextRunner.run(context -> {
            List<WorkerProcessSnapshot> workers = List.of(
                    new WorkerProcessSnapshot("process-1", -1, false, 1, 5, 0, 0, "exited with code 1"),
                    new WorkerProcessSnapshot("process-2", -1, false, 1, 5, 0, 0, "exited with code 1"));
            Health health = indicator(context.getBean(PythonRuntime.class), () -> workers).health(true);
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
                .run(context -> assertThat(context).doesNotHaveBean(PythonHealthIndicator.class));
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
