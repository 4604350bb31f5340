package io.pybridge.autoconfigure.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.runtime.GateSnapshot;
import io.pybridge.core.runtime.PoolSnapshot;
import io.pybridge.core.runtime.WorkerProcessSnapshot;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Meters of the permit/GIL layer, of the interpreter pool's queue and of thread states, read
 * from the runtime's snapshots when scraped (nothing is added to the call path). Per
 * interpreter, tagged {@code interpreter} ({@code main}, {@code pool-1}, ...):
 * <ul>
 * <li>{@code pybridge.permit.wait}, {@code pybridge.gil.wait}, {@code pybridge.gil.hold}: timers
 * (count and total) of waiting for a permit, waiting for the GIL once permitted, and holding;</li>
 * <li>{@code pybridge.permit.wait.max}: the longest permit wait in the last minute (exact, to the
 * second), busy rejections included;</li>
 * <li>{@code pybridge.permits.waiting}, {@code pybridge.permits.available},
 * {@code pybridge.calls.in.flight}: gauges;</li>
 * <li>{@code pybridge.calls.busy}: callers turned away after the acquire timeout;</li>
 * <li>{@code pybridge.thread.states.live} gauge and {@code pybridge.thread.states.created} /
 * {@code .reclaimed} counters.</li>
 * </ul>
 * With a pool, untagged, its own queue (callers waiting for a free pooled interpreter, before
 * they reach any member's gate):
 * <ul>
 * <li>{@code pybridge.pool.wait}: timer (count = callers that got an interpreter, total = the
 * time they waited for it);</li>
 * <li>{@code pybridge.pool.wait.max}: the longest wait for an interpreter in the last minute
 * (exact, to the second), busy rejections included;</li>
 * <li>{@code pybridge.pool.waiting}, {@code pybridge.pool.free}: gauges;</li>
 * <li>{@code pybridge.pool.calls.busy}: callers turned away after the acquire timeout.</li>
 * </ul>
 * With worker processes, per worker, tagged {@code interpreter} ({@code process-1}, ...; a
 * replacement keeps its predecessor's name and meters):
 * <ul>
 * <li>{@code pybridge.process.alive}: gauge, 1 while a process runs in this place and is ready, 0
 * while it is being replaced;</li>
 * <li>{@code pybridge.calls.in.flight}: gauge, 1 while it runs a call;</li>
 * <li>{@code pybridge.process.memory.resident}: gauge, its resident memory in bytes when last
 * measured;</li>
 * <li>{@code pybridge.process.calls}, {@code pybridge.process.restarts}: counters of the calls run
 * and of the processes replaced in this place (crashes, kills, recycling).</li>
 * </ul>
 * Per-call timers tagged by outcome, module, function and interpreter (a worker's calls with
 * its name) come from the observation ({@code pybridge.call}).
 */
public class PythonMetrics implements MeterBinder {

    /** Cumulative totals: the gate's figures since start, as timers and counters expect. */
    private static final Duration ALL_TIME = Duration.ofNanos(Long.MAX_VALUE);

    /** How far back the {@code .max} gauges look. */
    private static final Duration MAX_WINDOW = Duration.ofMinutes(1);

    /**
     * {@code pybridge.calls.in.flight}'s one description for interpreters and worker processes:
     * registries such as Prometheus keep one per name.
     */
    private static final String IN_FLIGHT = "Calls in flight now: inside an interpreter's permit/GIL layer, "
            + "or run by a worker process";

    private final PythonRuntime runtime;

    public PythonMetrics(PythonRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        // One set per interpreter, tagged with its name: "main", and the pool's "pool-1", ...
        for (String interpreter : runtime.interpreters()) {
            bindGate(registry, interpreter);
        }
        if (runtime.poolSnapshot(ALL_TIME).isPresent()) {
            bindPool(registry);
        }
        // The places are fixed at start: a replaced worker keeps its name, and so its meters.
        for (WorkerProcessSnapshot worker : runtime.processSnapshot()) {
            bindProcess(registry, worker.name());
        }
    }

    private void bindGate(MeterRegistry registry, String interpreter) {
        Tags tags = tags(interpreter);
        timer(registry, interpreter, "pybridge.permit.wait", "Time callers waited for a permit", GateSnapshot::permitWaitTotalNanos);
        timer(registry, interpreter, "pybridge.gil.wait", "Time permitted callers waited for the GIL", GateSnapshot::gilWaitTotalNanos);
        timer(registry, interpreter, "pybridge.gil.hold", "Time permits (and the GIL) were held", GateSnapshot::holdTotalNanos);
        TimeGauge.builder("pybridge.permit.wait.max", runtime, TimeUnit.NANOSECONDS,
                r -> r.gateSnapshot(interpreter, MAX_WINDOW).permitWait().maxNanos()).tags(tags)
                .description("Longest wait for a permit in the last minute").register(registry);
        gauge(registry, interpreter, "pybridge.permits.waiting", "Callers waiting for a permit now", GateSnapshot::waiting);
        gauge(registry, interpreter, "pybridge.permits.available", "Permits free now", GateSnapshot::availablePermits);
        gauge(registry, interpreter, "pybridge.calls.in.flight", IN_FLIGHT, GateSnapshot::inFlight);
        FunctionCounter.builder("pybridge.calls.busy", runtime, r -> gate(r, interpreter).busyRejections()).tags(tags)
                .description("Callers turned away after the acquire timeout").register(registry);
        Gauge.builder("pybridge.thread.states.live", runtime, r -> r.threadStateSnapshot(interpreter).live()).tags(tags)
                .description("Python thread states alive (one per thread that called Python)").register(registry);
        FunctionCounter.builder("pybridge.thread.states.created", runtime, r -> r.threadStateSnapshot(interpreter).created())
                .tags(tags).description("Python thread states created").register(registry);
        FunctionCounter.builder("pybridge.thread.states.reclaimed", runtime,
                r -> r.threadStateSnapshot(interpreter).reclaimed()).tags(tags)
                .description("Thread states of dead threads deleted").register(registry);
    }

    /** The pool's own queue: callers wait here for a free interpreter before they meet its gate. */
    private void bindPool(MeterRegistry registry) {
        FunctionTimer.builder("pybridge.pool.wait", runtime, r -> pool(r, ALL_TIME, PoolSnapshot::calls),
                r -> pool(r, ALL_TIME, PoolSnapshot::waitTotalNanos), TimeUnit.NANOSECONDS)
                .description("Time callers waited for a free pooled interpreter").register(registry);
        TimeGauge.builder("pybridge.pool.wait.max", runtime, TimeUnit.NANOSECONDS,
                r -> pool(r, MAX_WINDOW, snapshot -> snapshot.poolWait().maxNanos()))
                .description("Longest wait for a free pooled interpreter in the last minute").register(registry);
        Gauge.builder("pybridge.pool.waiting", runtime, PythonRuntime::poolWaiting)
                .description("Callers waiting for a pooled interpreter to become free").register(registry);
        Gauge.builder("pybridge.pool.free", runtime, r -> pool(r, ALL_TIME, PoolSnapshot::free))
                .description("Pooled interpreters free now").register(registry);
        FunctionCounter.builder("pybridge.pool.calls.busy", runtime, r -> pool(r, ALL_TIME, PoolSnapshot::busyRejections))
                .description("Callers turned away after waiting the acquire timeout for a pooled interpreter")
                .register(registry);
    }

    private void bindProcess(MeterRegistry registry, String name) {
        Tags tags = tags(name);
        Gauge.builder("pybridge.process.alive", runtime, r -> process(r, name, w -> w.alive() ? 1 : 0)).tags(tags)
                .description("1 while the worker process runs and is ready for calls, 0 while it is being replaced")
                .register(registry);
        Gauge.builder("pybridge.calls.in.flight", runtime, r -> process(r, name, WorkerProcessSnapshot::inFlight))
                .tags(tags).description(IN_FLIGHT).register(registry);
        Gauge.builder("pybridge.process.memory.resident", runtime, r -> process(r, name, WorkerProcessSnapshot::residentBytes))
                .tags(tags).baseUnit(BaseUnits.BYTES).description("Resident memory of the worker process when last measured")
                .register(registry);
        FunctionCounter.builder("pybridge.process.calls", runtime, r -> process(r, name, WorkerProcessSnapshot::calls))
                .tags(tags).description("Calls run by the worker processes in this place").register(registry);
        FunctionCounter.builder("pybridge.process.restarts", runtime,
                r -> process(r, name, WorkerProcessSnapshot::restarts)).tags(tags)
                .description("Worker processes replaced in this place (crashes, kills over the memory limit, recycling)")
                .register(registry);
    }

    /** A figure of the worker process {@code name} (0 once the runtime has none, closed). */
    private static long process(PythonRuntime runtime, String name, ToLongFunction<WorkerProcessSnapshot> figure) {
        for (WorkerProcessSnapshot worker : runtime.processSnapshot()) {
            if (worker.name().equals(name)) {
                return figure.applyAsLong(worker);
            }
        }
        return 0;
    }

    private static GateSnapshot gate(PythonRuntime runtime, String interpreter) {
        return runtime.gateSnapshot(interpreter, ALL_TIME);
    }

    /** A figure of the pool's snapshot over {@code window} (0 without a pool). */
    private static long pool(PythonRuntime runtime, Duration window, ToLongFunction<PoolSnapshot> figure) {
        return runtime.poolSnapshot(window).map(figure::applyAsLong).orElse(0L);
    }

    private void timer(MeterRegistry registry, String interpreter, String name, String description,
            ToLongFunction<GateSnapshot> total) {
        FunctionTimer.builder(name, runtime, r -> gate(r, interpreter).calls(), r -> total.applyAsLong(gate(r, interpreter)),
                TimeUnit.NANOSECONDS).tags(tags(interpreter)).description(description).register(registry);
    }

    private void gauge(MeterRegistry registry, String interpreter, String name, String description,
            ToDoubleFunction<GateSnapshot> value) {
        Gauge.builder(name, runtime, r -> value.applyAsDouble(gate(r, interpreter))).tags(tags(interpreter))
                .description(description).register(registry);
    }

    private static Tags tags(String interpreter) {
        return Tags.of("interpreter", interpreter);
    }
}
