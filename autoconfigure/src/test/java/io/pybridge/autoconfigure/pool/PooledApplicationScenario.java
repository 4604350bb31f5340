package io.pybridge.autoconfigure.pool;

import static org.assertj.core.api.Assertions.assertThat;

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
        });
    }
}
