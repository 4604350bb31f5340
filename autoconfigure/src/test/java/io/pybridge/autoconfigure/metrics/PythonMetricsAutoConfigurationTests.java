package io.pybridge.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.pybridge.autoconfigure.PythonAutoConfiguration;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class PythonMetricsAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class, PythonMetricsAutoConfiguration.class))
            .withUserConfiguration(MetricsConfiguration.class);

    @Test
    void absentWithoutAMeterRegistry() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class, PythonMetricsAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(PythonMetrics.class));
    }

    @Test
    void layerMetersAreBound() {
        contextRunner.run(context -> {
            assertThat(context).hasSingleBean(PythonMetrics.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            context.getBean(PythonMetrics.class).bindTo(registry);
            context.getBean(PythonTemplate.class).eval("1");
            assertThat(registry.get("pybridge.permit.wait").functionTimer().count()).isPositive();
            assertThat(registry.get("pybridge.gil.hold").functionTimer().totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
                    .isPositive();
            assertThat(registry.get("pybridge.permits.available").gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("pybridge.permits.waiting").gauge().value()).isZero();
            assertThat(registry.get("pybridge.thread.states.live").gauge().value()).isPositive();
            assertThat(registry.get("pybridge.thread.states.created").functionCounter().count()).isPositive();
            assertThat(registry.find("pybridge.calls.busy").functionCounter()).isNotNull();
            assertThat(registry.find("pybridge.calls.in.flight").gauge()).isNotNull();
            assertThat(registry.get("pybridge.permit.wait.max").tag("interpreter", "main").timeGauge()).isNotNull();
            // This JVM's interpreter has no pool, so no pool meters (PooledApplicationScenario has them).
            assertThat(registry.find("pybridge.pool.wait").functionTimer()).isNull();
            assertThat(registry.find("pybridge.pool.waiting").gauge()).isNull();
            // Nor worker processes (ProcessApplicationScenario has their meters).
            assertThat(registry.find("pybridge.process.alive").gauge()).isNull();
            assertThat(registry.find("pybridge.calls.in.flight").tagKeys("interpreter").gauges())
                    .extracting(gauge -> gauge.getId().getTag("interpreter")).containsExactly("main");
        });
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void theLongestPermitWaitOfTheLastMinuteIsAGauge() {
        contextRunner.run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            context.getBean(PythonMetrics.class).bindTo(registry);
            PythonTemplate python = context.getBean(PythonTemplate.class);
            PythonRuntime runtime = context.getBean(PythonRuntime.class);
            // The holder keeps the permit while Python sleeps; the waiter waits for it.
            Thread holder = new Thread(() -> python.call("time", "sleep", 0.5));
            holder.start();
            while (runtime.gateSnapshot().availablePermits() > 0) {
                Thread.sleep(5);
            }
            Thread waiter = new Thread(() -> python.eval("1"));
            waiter.start();
            waiter.join();
            holder.join();
            // The wait (~450 ms) is the longest of the last minute, unless an earlier test of this
            // JVM waited longer.
            double max = registry.get("pybridge.permit.wait.max").tag("interpreter", "main").timeGauge()
                    .value(TimeUnit.NANOSECONDS);
            assertThat(max).isGreaterThan(TimeUnit.MILLISECONDS.toNanos(200));
        });
    }
}
