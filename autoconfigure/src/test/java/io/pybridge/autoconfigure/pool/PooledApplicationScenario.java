package io.pybridge.autoconfigure.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.MeterRegistry;
import io.pybridge.autoconfigure.PythonAutoConfiguration;
import io.pybridge.autoconfigure.client.PythonClientsAutoConfiguration;
import io.pybridge.autoconfigure.health.PythonHealthContributorAutoConfiguration;
import io.pybridge.autoconfigure.health.PythonHealthIndicator;
import io.pybridge.autoconfigure.metrics.PythonMetrics;
import io.pybridge.autoconfigure.metrics.PythonMetricsAutoConfiguration;
import io.pybridge.autoconfigure.pool.app.MainWork;
import io.pybridge.autoconfigure.pool.app.PooledTestApplication;
import io.pybridge.autoconfigure.pool.app.PooledWork;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A Spring application with a pool of two own-GIL sub-interpreters, end to end: a client aimed
 * at the pool by configuration, a client of the same module in the main interpreter, the health
 * indicator and the meters. Needs CPython 3.12+ booted fresh in its JVM, so
 * {@link PooledApplicationTests} runs it in a child JVM ({@code pybridge.test.python} names
 * the interpreter); not named like a test so the module's own run leaves it alone.
 */
@Tag("isolated")
class PooledApplicationScenario {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class, PythonClientsAutoConfiguration.class,
                    PythonHealthContributorAutoConfiguration.class, PythonMetricsAutoConfiguration.class))
            .withUserConfiguration(PooledTestApplication.class)
            .withPropertyValues("pybridge.python.executable=" + System.getProperty("pybridge.test.python"),
                    "pybridge.pool.size=2", "pybridge.clients.interpreter.pooledWork=pool");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void pooledClientRunsInThePoolInParallelAndEveryInterpreterIsReported() {
        contextRunner.run(context -> {
            assertThat(context).hasNotFailed();
            PythonRuntime runtime = context.getBean(PythonRuntime.class);
            assertThat(runtime.poolMembers()).containsExactly("pool-1", "pool-2");
            PooledWork pooled = context.getBean(PooledWork.class);
            MainWork main = context.getBean(MainWork.class);

            // Module globals are per interpreter: the pool's counting never moves main's counter.
            assertThat(main.count()).isEqualTo(1);
            for (int i = 0; i < 10; i++) {
                assertThat(pooled.count()).isBetween(1L, 10L);
            }
            assertThat(main.count()).isEqualTo(2);

            // 8 threads at once, every result checked.
            ExecutorService callers = Executors.newFixedThreadPool(8);
            try {
                List<Future<Long>> results = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    int n = 1_000 + i;
                    results.add(callers.submit(() -> pooled.squares(n)));
                }
                for (int i = 0; i < results.size(); i++) {
                    long n = 1_000 + i;
                    assertThat(results.get(i).get(2, TimeUnit.MINUTES)).isEqualTo((n - 1) * n * (2 * n - 1) / 6);
                }
            }
            finally {
                callers.shutdownNow();
            }

            Health health = context.getBean(PythonHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            @SuppressWarnings("unchecked")
            Map<String, Object> pool = (Map<String, Object>) health.getDetails().get("pool");
            assertThat(pool).containsEntry("size", 2).containsKey("waiting");
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Map<String, Object>>> members =
                    (Map<String, Map<String, Map<String, Object>>>) pool.get("interpreters");
            assertThat(members).containsOnlyKeys("pool-1", "pool-2");
            long pooledCalls = 0;
            for (Map<String, Map<String, Object>> member : members.values()) {
                assertThat(member.get("gil")).containsKeys("permits", "calls", "gilWait", "probe");
                assertThat(member.get("threadStates")).containsKeys("live", "created", "reclaimed");
                pooledCalls += ((Number) member.get("gil").get("calls")).longValue();
            }
            // The 74 client calls ran in the pool (the health probes add their own).
            assertThat(pooledCalls).isGreaterThanOrEqualTo(74);

            MeterRegistry registry = context.getBean(MeterRegistry.class);
            // Boot's metrics auto-configuration binds MeterBinders; this runner has none of it.
            context.getBean(PythonMetrics.class).bindTo(registry);
            for (String interpreter : List.of("main", "pool-1", "pool-2")) {
                assertThat(registry.find("pybridge.gil.wait").tag("interpreter", interpreter).functionTimer())
                        .as("pybridge.gil.wait for " + interpreter).isNotNull();
                assertThat(registry.get("pybridge.permit.wait").tag("interpreter", interpreter).functionTimer().count())
                        .as("calls counted for " + interpreter).isPositive();
            }
            assertThat(registry.find("pybridge.pool.waiting").gauge()).isNotNull();

            poolQueueIsReported(pool, registry, runtime);
            poolQueueIsContention(runtime, context.getBean(PythonTemplate.class));
        });
    }

    /** The pool's own queue, after the load: in the health details and in the meters. */
    private static void poolQueueIsReported(Map<String, Object> pool, MeterRegistry registry, PythonRuntime runtime) {
        // The 74 client calls each took a pooled interpreter.
        assertThat(pool).containsEntry("busyRejections", 0L).containsKeys("free", "wait");
        assertThat((Long) pool.get("calls")).isGreaterThanOrEqualTo(74);
        assertThat(map(pool.get("wait"))).containsOnlyKeys("samples", "p50", "p99", "max");
        assertThat(registry.get("pybridge.pool.wait").functionTimer().count()).isGreaterThanOrEqualTo(74);
        assertThat(registry.get("pybridge.pool.free").gauge().value()).isEqualTo(2.0);
        assertThat(registry.get("pybridge.pool.calls.busy").functionCounter().count()).isZero();
        // The gauge reports seconds: back in nanoseconds the double may be off in its last bit.
        assertThat(registry.get("pybridge.pool.wait.max").timeGauge().value(TimeUnit.NANOSECONDS))
                .isCloseTo(runtime.poolSnapshot(Duration.ofMinutes(1)).orElseThrow().poolWait().maxNanos(),
                        within(0.5));
        for (String interpreter : List.of("main", "pool-1", "pool-2")) {
            assertThat(registry.find("pybridge.permit.wait.max").tag("interpreter", interpreter).timeGauge())
                    .as("pybridge.permit.wait.max for " + interpreter).isNotNull();
        }
    }

    /**
     * Both pooled interpreters busy and a third caller waiting for one: the caller waits in the
     * pool's queue, not at a member's gate, and the health reports it (issue 24: the gates said
     * nobody waited).
     */
    private static void poolQueueIsContention(PythonRuntime runtime, PythonTemplate python) throws Exception {
        Duration window = Duration.ofSeconds(2);
        PythonHealthIndicator indicator = new PythonHealthIndicator(runtime, Duration.ofSeconds(1), window,
                Duration.ofMillis(200), 1, new Status("CONTENDED"));
        // The load's waits leave the window first.
        Thread.sleep(window.toMillis() + 200);
        PythonTemplate pooled = python.inPool();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            callers.add(started(() -> pooled.call("time", "sleep", 1.0)));
        }
        try {
            while (runtime.poolSnapshot(window).orElseThrow().free() > 0) {
                Thread.sleep(5);
            }
            callers.add(started(() -> pooled.eval("1")));
            while (runtime.poolSnapshot(window).orElseThrow().waiting() == 0) {
                Thread.sleep(5);
            }
            Health waiting = indicator.health(true);
            assertThat(waiting.getStatus()).isEqualTo(new Status("CONTENDED"));
            assertThat(poolDetails(waiting)).containsEntry("waiting", 1).containsEntry("free", 0);
            for (Map<String, Map<String, Object>> member : members(poolDetails(waiting)).values()) {
                assertThat(member.get("gil")).as("the gates have nobody waiting").containsEntry("waiting", 0);
            }
        }
        finally {
            for (Thread caller : callers) {
                caller.join();
            }
        }
        // Nobody waits now, but the p99 wait for an interpreter in the window is ~1 s > 200 ms.
        Health afterwards = indicator.health(true);
        assertThat(afterwards.getStatus()).isEqualTo(new Status("CONTENDED"));
        Map<String, Object> wait = map(poolDetails(afterwards).get("wait"));
        assertThat(millis(wait.get("max"))).isGreaterThan(200).isGreaterThanOrEqualTo(millis(wait.get("p99")));
        // Once that wait is older than the window, the pool is UP again.
        Thread.sleep(window.toMillis() + 200);
        pooled.eval("1");
        assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
    }

    private static Thread started(Runnable task) {
        Thread thread = new Thread(task);
        thread.start();
        return thread;
    }

    private static Map<String, Object> poolDetails(Health health) {
        return map(health.getDetails().get("pool"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object detail) {
        return (Map<String, Object>) detail;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Map<String, Object>>> members(Map<String, Object> pool) {
        return (Map<String, Map<String, Map<String, Object>>>) pool.get("interpreters");
    }

    /** A duration detail ({@code "2.950 ms"}) in milliseconds. */
    private static double millis(Object detail) {
        String text = detail.toString();
        assertThat(text).endsWith(" ms");
        return Double.parseDouble(text.substring(0, text.length() - " ms".length()));
    }
}
