package io.pybridge.autoconfigure.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.MeterRegistry;
import io.pybridge.autoconfigure.PythonAutoConfiguration;
import io.pybridge.autoconfigure.Slf4jPythonLogSink;
import io.pybridge.autoconfigure.client.PythonClientsAutoConfiguration;
import io.pybridge.autoconfigure.health.PythonHealthContributorAutoConfiguration;
import io.pybridge.autoconfigure.metrics.PythonMetrics;
import io.pybridge.autoconfigure.metrics.PythonMetricsAutoConfiguration;
import io.pybridge.autoconfigure.metrics.PythonObservationAutoConfiguration;
import io.pybridge.autoconfigure.process.app.ProcessTestApplication;
import io.pybridge.autoconfigure.process.app.ProcessWork;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.runtime.WorkerProcessSnapshot;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.CompositeHealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.IndicatedHealthDescriptor;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * A Spring application with two worker processes, end to end: a client aimed at them by
 * configuration, the health components (through Boot's health endpoint), the meters, the call
 * observation and the logging of a worker's records, and a worker killed and replaced. Needs a
 * runtime booted with worker processes in its JVM, so {@link ProcessApplicationTests} runs it in
 * a child JVM ({@code pybridge.test.python} names the interpreter); not named like a test so the
 * module's own run leaves it alone.
 */
@Tag("isolated")
class ProcessApplicationScenario {

    private static final List<String> WORKERS = List.of("process-1", "process-2");

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class, PythonClientsAutoConfiguration.class,
                    PythonHealthContributorAutoConfiguration.class, PythonMetricsAutoConfiguration.class,
                    PythonObservationAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
                    HealthEndpointAutoConfiguration.class))
            .withUserConfiguration(ProcessTestApplication.class)
            .withPropertyValues("pybridge.python.executable=" + System.getProperty("pybridge.test.python"),
                    "pybridge.processes.size=2", "pybridge.clients.interpreter.processWork=process",
                    "management.endpoint.health.show-details=always");

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void clientRunsInTheWorkersAndEachWorkerIsReportedLoggedAndReplaced() {
        contextRunner.run(context -> {
            assertThat(context).hasNotFailed();
            PythonRuntime runtime = context.getBean(PythonRuntime.class);
            assertThat(runtime.config().processes().size()).isEqualTo(2);
            assertThat(runtime.processSnapshot()).extracting(WorkerProcessSnapshot::name).containsExactlyElementsOf(WORKERS);
            PythonTemplate python = context.getBean(PythonTemplate.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            // Boot's metrics auto-configuration binds MeterBinders; this runner has none of it.
            context.getBean(PythonMetrics.class).bindTo(registry);

            // The client runs in a worker, not in this JVM's interpreter.
            long jvmPid = ProcessHandle.current().pid();
            Set<Long> workerPids = new HashSet<>();
            for (WorkerProcessSnapshot worker : runtime.processSnapshot()) {
                workerPids.add(worker.pid());
            }
            ProcessWork work = context.getBean(ProcessWork.class);
            for (int i = 0; i < 6; i++) {
                assertThat(work.pid()).isNotEqualTo(jvmPid).isIn(workerPids);
            }
            assertThat(python.callForObject("process_scenario", "pid", Long.class)).isEqualTo(jvmPid);

            callsInTheWorkersAreObservedWithTheWorkersName(python, registry);
            HealthEndpoint health = context.getBean(HealthEndpoint.class);
            healthReportsEveryWorker(health);
            metersReportEveryWorker(registry);
            aWorkersRecordIsLoggedWithItsName(python);
            aKilledWorkerIsReplacedWhileTheOtherKeepsTheApplicationUp(runtime, health, registry, work);
        });
    }

    private static void callsInTheWorkersAreObservedWithTheWorkersName(PythonTemplate python, MeterRegistry registry) {
        for (int i = 0; i < 4; i++) {
            python.inProcesses().callForObject("process_scenario", "pid", Long.class);
        }
        double inWorkers = 0;
        for (String worker : WORKERS) {
            var timer = registry.find("pybridge.call").tag("module", "process_scenario").tag("function", "pid")
                    .tag("interpreter", worker).tag("outcome", "SUCCESS").timer();
            inWorkers += timer == null ? 0 : timer.count();
        }
        // The 4 template calls and the 6 client calls, each tagged with the worker that ran it.
        assertThat(inWorkers).isEqualTo(10);
        assertThat(registry.get("pybridge.call").tag("function", "pid").tag("interpreter", "main").timer().count())
                .isEqualTo(1);
    }

    /** Through Boot's health endpoint: {@code python} sums the workers up, {@code pythonProcesses} has each. */
    private static void healthReportsEveryWorker(HealthEndpoint health) {
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        IndicatedHealthDescriptor python = (IndicatedHealthDescriptor) health.healthForPath("python");
        assertThat(python.getStatus()).isEqualTo(Status.UP);
        assertThat(map(python.getDetails().get("processes"))).containsOnly(entry("size", 2), entry("alive", 2));
        CompositeHealthDescriptor processes = (CompositeHealthDescriptor) health.healthForPath("pythonProcesses");
        assertThat(processes.getStatus()).isEqualTo(Status.UP);
        assertThat(processes.getComponents()).containsOnlyKeys(WORKERS);
        long calls = 0;
        for (HealthDescriptor each : processes.getComponents().values()) {
            IndicatedHealthDescriptor worker = (IndicatedHealthDescriptor) each;
            assertThat(worker.getStatus()).isEqualTo(Status.UP);
            assertThat(worker.getDetails()).containsEntry("alive", true).containsEntry("restarts", 0L)
                    .containsEntry("inFlight", 0).containsKeys("pid", "residentBytes").doesNotContainKey("lastEnd");
            assertThat((Long) worker.getDetails().get("pid")).isPositive();
            calls += (Long) worker.getDetails().get("calls");
        }
        assertThat(calls).isGreaterThanOrEqualTo(10);
    }

    private static void metersReportEveryWorker(MeterRegistry registry) throws InterruptedException {
        double calls = 0;
        for (String worker : WORKERS) {
            assertThat(registry.get("pybridge.process.alive").tag("interpreter", worker).gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("pybridge.calls.in.flight").tag("interpreter", worker).gauge().value()).isZero();
            assertThat(registry.get("pybridge.process.restarts").tag("interpreter", worker).functionCounter().count())
                    .isZero();
            calls += registry.get("pybridge.process.calls").tag("interpreter", worker).functionCounter().count();
            // Measured every half second.
            await(() -> registry.get("pybridge.process.memory.resident").tag("interpreter", worker).gauge().value() > 0);
            assertThat(registry.get("pybridge.process.memory.resident").tag("interpreter", worker).gauge().getId()
                    .getBaseUnit()).isEqualTo("bytes");
        }
        assertThat(calls).isGreaterThanOrEqualTo(10);
    }

    private static void aWorkersRecordIsLoggedWithItsName(PythonTemplate python) throws InterruptedException {
        Logger logger = (Logger) LoggerFactory.getLogger("python.process_scenario");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            // The caller's MDC (a request's traceId) reaches the record, as it does in-process.
            org.slf4j.MDC.put("traceId", "trace-42");
            try {
                python.inProcesses().call("process_scenario", "log_warning", "from a worker");
                // A thread of the worker's own belongs to no call, even one running.
                python.inProcesses().call("process_scenario", "log_warning_from_a_thread", "from a worker's thread");
            }
            finally {
                org.slf4j.MDC.remove("traceId");
            }
            python.inProcesses().call("process_scenario", "log_warning", "from a worker, no trace");
            // The worker's output is read on a thread of its own (one per worker: the records may
            // come from two workers, in any order).
            await(() -> appender.list.size() >= 3);
            List<ILoggingEvent> events = List.copyOf(appender.list);
            ILoggingEvent event = events.stream().filter(e -> e.getFormattedMessage().endsWith("] from a worker"))
                    .findFirst().orElseThrow();
            String worker = event.getMDCPropertyMap().get(Slf4jPythonLogSink.INTERPRETER_KEY);
            assertThat(worker).isIn(WORKERS);
            assertThat(event.getFormattedMessage()).isEqualTo("[" + worker + "] from a worker");
            assertThat(event.getMDCPropertyMap()).containsEntry("traceId", "trace-42");
            ILoggingEvent untraced = events.stream().filter(e -> e.getFormattedMessage().endsWith("from a worker, no trace"))
                    .findFirst().orElseThrow();
            assertThat(untraced.getMDCPropertyMap()).doesNotContainKey("traceId")
                    .containsKey(Slf4jPythonLogSink.INTERPRETER_KEY);
            ILoggingEvent threaded = events.stream().filter(e -> e.getFormattedMessage().endsWith("from a worker's thread"))
                    .findFirst().orElseThrow();
            assertThat(threaded.getMDCPropertyMap()).doesNotContainKey("traceId");
        }
        finally {
            logger.detachAppender(appender);
        }
    }

    /**
     * A worker killed from outside: the runtime replaces it under the same name. Meanwhile the
     * other is alive, so the application stays UP, and so does the set of workers: the replaced
     * one is RESTARTING, which Boot leaves out of the aggregate; it is reported as one restart.
     */
    private static void aKilledWorkerIsReplacedWhileTheOtherKeepsTheApplicationUp(PythonRuntime runtime,
            HealthEndpoint health, MeterRegistry registry, ProcessWork work) throws InterruptedException {
        WorkerProcessSnapshot victim = runtime.processSnapshot().get(0);
        assertThat(ProcessHandle.of(victim.pid()).orElseThrow().destroyForcibly()).isTrue();
        Set<Status> seen = new HashSet<>();
        Set<Status> victimSeen = new HashSet<>();
        await(() -> {
            seen.add(health.health().getStatus());
            seen.add(health.healthForPath("pythonProcesses").getStatus());
            victimSeen.add(health.healthForPath("pythonProcesses", victim.name()).getStatus());
            WorkerProcessSnapshot now = runtime.processSnapshot().get(0);
            return now.restarts() == 1 && now.alive();
        });
        assertThat(seen).containsOnly(Status.UP);
        // UP until the death is noticed, RESTARTING until the new process is ready (0.2-1 s; polled every 5 ms).
        assertThat(victimSeen).contains(new Status("RESTARTING")).isSubsetOf(Status.UP, new Status("RESTARTING"));
        WorkerProcessSnapshot replaced = runtime.processSnapshot().get(0);
        assertThat(replaced.name()).isEqualTo(victim.name());
        assertThat(replaced.pid()).isNotEqualTo(victim.pid());
        assertThat(replaced.lastEnd()).isNotBlank();
        assertThat(registry.get("pybridge.process.restarts").tag("interpreter", victim.name()).functionCounter().count())
                .isEqualTo(1);
        assertThat(registry.get("pybridge.process.alive").tag("interpreter", victim.name()).gauge().value()).isEqualTo(1.0);
        IndicatedHealthDescriptor python = (IndicatedHealthDescriptor) health.healthForPath("python");
        assertThat(map(python.getDetails().get("processes"))).containsEntry("alive", 2);
        IndicatedHealthDescriptor worker = (IndicatedHealthDescriptor) health.healthForPath("pythonProcesses",
                victim.name());
        assertThat(worker.getStatus()).isEqualTo(Status.UP);
        assertThat(worker.getDetails()).containsEntry("restarts", 1L).containsEntry("pid", replaced.pid())
                .containsKey("lastEnd");
        for (int i = 0; i < 4; i++) {
            assertThat(work.pid()).isNotEqualTo(victim.pid());
        }
    }

    /** Waits up to a minute for {@code condition}. */
    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("in time").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object detail) {
        return (Map<String, Object>) detail;
    }
}
