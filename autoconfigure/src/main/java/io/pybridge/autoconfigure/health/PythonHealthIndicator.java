package io.pybridge.autoconfigure.health;

import io.pybridge.core.PythonRuntime;
import io.pybridge.core.runtime.GateSnapshot;
import io.pybridge.core.runtime.LatencySummary;
import io.pybridge.core.runtime.PythonInstallation;
import io.pybridge.core.runtime.ThreadStateSnapshot;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the embedded interpreter, like a connection pool's: DOWN when it is not running; a
 * configurable contention status (OUT_OF_SERVICE by default) when the GIL cannot be had within
 * the probe timeout (the probe never blocks the request longer) or callers wait too long for a
 * permit; UP otherwise. A held GIL is reported as contention rather than DOWN because it passes:
 * the instance should leave the load balancer (readiness) while it lasts, not be restarted.
 * Details: version, home, state, thread-state counts, and the permit/GIL layer's statistics.
 */
public class PythonHealthIndicator extends AbstractHealthIndicator {

    private final PythonRuntime runtime;

    private final Duration probeTimeout;

    private final Duration window;

    private final Duration permitWaitThreshold;

    private final int waitingThreshold;

    private final Status contentionStatus;

    /**
     * @param probeTimeout longest wait for the GIL before DOWN
     * @param window how far back wait percentiles look
     * @param permitWaitThreshold p99 permit wait at which the interpreter counts as contended
     * @param waitingThreshold callers waiting at which it counts as contended (0: off)
     * @param contentionStatus the status reported while contended
     */
    public PythonHealthIndicator(PythonRuntime runtime, Duration probeTimeout, Duration window,
            Duration permitWaitThreshold, int waitingThreshold, Status contentionStatus) {
        super("Python health check failed");
        this.runtime = runtime;
        this.probeTimeout = probeTimeout;
        this.window = window;
        this.permitWaitThreshold = permitWaitThreshold;
        this.waitingThreshold = waitingThreshold;
        this.contentionStatus = contentionStatus;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        PythonInstallation installation = runtime.installation();
        builder.withDetail("version", installation.version())
                .withDetail("home", String.valueOf(installation.home()))
                .withDetail("executable", String.valueOf(installation.executable()))
                .withDetail("state", runtime.state().name())
                .withDetail("binding", runtime.nativeBinding().name());
        if (installation.freeThreaded()) {
            builder.withDetail("freeThreaded", true);
        }
        builder.withDetail("threadStates", threadStates(runtime.threadStateSnapshot()));
        GateSnapshot gate = runtime.gateSnapshot(window);
        Map<String, Object> gil = gil(gate);
        boolean running = runtime.state() == PythonRuntime.State.RUNNING;
        boolean down = !running;
        boolean contended = false;
        if (running) {
            Optional<Duration> probe = runtime.probeGil(probeTimeout);
            gil.put("probe", probe(probe));
            contended = probe.isEmpty() || contended(gate);
        }
        builder.withDetail("gil", gil);
        List<String> pooled = runtime.poolMembers();
        if (!pooled.isEmpty()) {
            // Each pooled interpreter has its own GIL: reported, probed and judged like the main one.
            Map<String, Object> interpreters = new LinkedHashMap<>();
            for (String name : pooled) {
                GateSnapshot member = runtime.gateSnapshot(name, window);
                Map<String, Object> memberGil = gil(member);
                if (running) {
                    Optional<Duration> probe = runtime.probeGil(name, probeTimeout);
                    memberGil.put("probe", probe(probe));
                    contended |= probe.isEmpty();
                }
                interpreters.put(name, Map.of("gil", memberGil, "threadStates", threadStates(runtime.threadStateSnapshot(name))));
            }
            int waiting = runtime.poolWaiting();
            contended |= waitingThreshold > 0 && waiting >= waitingThreshold;
            Map<String, Object> pool = new LinkedHashMap<>();
            pool.put("size", pooled.size());
            pool.put("waiting", waiting);
            pool.put("interpreters", interpreters);
            builder.withDetail("pool", pool);
        }
        if (down) {
            builder.down();
        }
        else if (contended) {
            builder.status(contentionStatus);
        }
        else {
            builder.up();
        }
    }

    private Map<String, Object> gil(GateSnapshot gate) {
        Map<String, Object> gil = new LinkedHashMap<>();
        gil.put("permits", gate.permits());
        gil.put("availablePermits", gate.availablePermits());
        gil.put("waiting", gate.waiting());
        gil.put("inFlight", gate.inFlight());
        gil.put("calls", gate.calls());
        gil.put("busyRejections", gate.busyRejections());
        gil.put("window", window.toString());
        gil.put("permitWait", latency(gate.permitWait()));
        gil.put("gilWait", latency(gate.gilWait()));
        gil.put("hold", latency(gate.hold()));
        gil.put("holdUtilisation", Math.round(gate.holdUtilisation() * 1000) / 1000.0);
        return gil;
    }

    private static Map<String, Object> threadStates(ThreadStateSnapshot threadStates) {
        return Map.of("live", threadStates.live(), "created", threadStates.created(), "reclaimed", threadStates.reclaimed());
    }

    private Object probe(Optional<Duration> probe) {
        return probe.map(PythonHealthIndicator::millis).orElse("no GIL within " + probeTimeout.toMillis() + " ms");
    }

    private boolean contended(GateSnapshot gate) {
        boolean slowWaits = gate.permitWait().samples() > 0 && gate.permitWait().p99Nanos() >= permitWaitThreshold.toNanos();
        boolean queue = waitingThreshold > 0 && gate.waiting() >= waitingThreshold;
        return slowWaits || queue;
    }

    private static Map<String, Object> latency(LatencySummary summary) {
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("samples", summary.samples());
        latency.put("p50", millis(summary.p50()));
        latency.put("p99", millis(summary.p99()));
        latency.put("max", millis(summary.max()));
        return latency;
    }

    private static String millis(Duration duration) {
        return String.format(Locale.ROOT, "%.3f ms", duration.toNanos() / 1e6);
    }
}
