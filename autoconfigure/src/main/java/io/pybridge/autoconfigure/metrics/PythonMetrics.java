package io.pybridge.autoconfigure.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.runtime.GateSnapshot;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Meters of the permit/GIL layer and of thread states, read from the runtime's snapshots when
 * scraped (nothing is added to the call path):
 * <ul>
 * <li>{@code pybridge.permit.wait}, {@code pybridge.gil.wait}, {@code pybridge.gil.hold}: timers
 * (count and total) of waiting for a permit, waiting for the GIL once permitted, and holding;</li>
 * <li>{@code pybridge.permits.waiting}, {@code pybridge.permits.available},
 * {@code pybridge.calls.in.flight}: gauges;</li>
 * <li>{@code pybridge.calls.busy}: callers turned away after the acquire timeout;</li>
 * <li>{@code pybridge.thread.states.live} gauge and {@code pybridge.thread.states.created} /
 * {@code .reclaimed} counters.</li>
 * </ul>
 * Per-call timers tagged by outcome, module and function come from the observation
 * ({@code pybridge.call}).
 */
public class PythonMetrics implements MeterBinder {

    /** Cumulative totals: the gate's figures since start, as timers and counters expect. */
    private static final Duration ALL_TIME = Duration.ofNanos(Long.MAX_VALUE);

    private final PythonRuntime runtime;

    public PythonMetrics(PythonRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        // One set per interpreter, tagged with its name: "main", and the pool's "pool-1", ...
        for (String interpreter : runtime.interpreters()) {
            Tags tags = tags(interpreter);
            timer(registry, interpreter, "pybridge.permit.wait", "Time callers waited for a permit", GateSnapshot::permitWaitTotalNanos);
            timer(registry, interpreter, "pybridge.gil.wait", "Time permitted callers waited for the GIL", GateSnapshot::gilWaitTotalNanos);
            timer(registry, interpreter, "pybridge.gil.hold", "Time permits (and the GIL) were held", GateSnapshot::holdTotalNanos);
            gauge(registry, interpreter, "pybridge.permits.waiting", "Callers waiting for a permit now", GateSnapshot::waiting);
            gauge(registry, interpreter, "pybridge.permits.available", "Permits free now", GateSnapshot::availablePermits);
            gauge(registry, interpreter, "pybridge.calls.in.flight", "Calls inside the permit/GIL layer now", GateSnapshot::inFlight);
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
        if (!runtime.poolMembers().isEmpty()) {
            Gauge.builder("pybridge.pool.waiting", runtime, PythonRuntime::poolWaiting)
                    .description("Callers waiting for a pooled interpreter to become free").register(registry);
        }
    }

    private static GateSnapshot gate(PythonRuntime runtime, String interpreter) {
        return runtime.gateSnapshot(interpreter, ALL_TIME);
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
