package io.pybridge.autoconfigure.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.runtime.GateSnapshot;
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

    private final PythonRuntime runtime;

    public PythonMetrics(PythonRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        timer(registry, "pybridge.permit.wait", "Time callers waited for a permit", GateSnapshot::permitWaitTotalNanos);
        timer(registry, "pybridge.gil.wait", "Time permitted callers waited for the GIL", GateSnapshot::gilWaitTotalNanos);
        timer(registry, "pybridge.gil.hold", "Time permits (and the GIL) were held", GateSnapshot::holdTotalNanos);
        gauge(registry, "pybridge.permits.waiting", "Callers waiting for a permit now", GateSnapshot::waiting);
        gauge(registry, "pybridge.permits.available", "Permits free now", GateSnapshot::availablePermits);
        gauge(registry, "pybridge.calls.in.flight", "Calls inside the permit/GIL layer now", GateSnapshot::inFlight);
        FunctionCounter.builder("pybridge.calls.busy", runtime, r -> r.gateSnapshot().busyRejections())
                .description("Callers turned away after the acquire timeout").register(registry);
        Gauge.builder("pybridge.thread.states.live", runtime, r -> r.threadStateSnapshot().live())
                .description("Python thread states alive (one per thread that called Python)").register(registry);
        FunctionCounter.builder("pybridge.thread.states.created", runtime, r -> r.threadStateSnapshot().created())
                .description("Python thread states created").register(registry);
        FunctionCounter.builder("pybridge.thread.states.reclaimed", runtime, r -> r.threadStateSnapshot().reclaimed())
                .description("Thread states of dead threads deleted").register(registry);
    }

    private void timer(MeterRegistry registry, String name, String description, ToLongFunction<GateSnapshot> total) {
        FunctionTimer.builder(name, runtime, r -> r.gateSnapshot().calls(), r -> total.applyAsLong(r.gateSnapshot()),
                TimeUnit.NANOSECONDS).description(description).register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<GateSnapshot> value) {
        Gauge.builder(name, runtime, r -> value.applyAsDouble(r.gateSnapshot())).description(description)
                .register(registry);
    }
}
