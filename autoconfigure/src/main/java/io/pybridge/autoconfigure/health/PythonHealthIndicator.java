package io.pybridge.autoconfigure.health;

import io.pybridge.core.PythonRuntime;
import io.pybridge.core.runtime.GateSnapshot;
import io.pybridge.core.runtime.LatencySummary;
import io.pybridge.core.runtime.PoolSnapshot;
import io.pybridge.core.runtime.PythonInstallation;
import io.pybridge.core.runtime.ThreadStateSnapshot;
import io.pybridge.core.runtime.WorkerProcessSnapshot;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the embedded interpreter, like a connection pool's: DOWN when it is not running; a
 * configurable contention status (OUT_OF_SERVICE by default) when the GIL cannot be had within
 * the probe timeout (the probe never blocks the request longer) or callers wait too long for a
 * permit or for a pooled interpreter; UP otherwise. A held GIL is reported as contention rather
 * than DOWN because it passes: the instance should leave the load balancer (readiness) while it
 * lasts, not be restarted. Details: version, home, state, thread-state counts, the permit/GIL
 * layer's statistics and, with a pool, the pool's own queue (callers waiting for a free pooled
 * interpreter before they reach any member's gate) and each member's gate.
 *
 * <p>With worker processes, {@code processes} gives how many of the configured workers are alive;
 * each worker is a component of {@code pythonProcesses} ({@link PythonProcessesHealthContributor}).
 * Workers being replaced while at least one is alive leave the indicator UP (calls wait for the
 * alive ones); none alive makes it DOWN, since no call aimed at the processes can run then.
 */
public class PythonHealthIndicator extends AbstractHealthIndicator {

    private final PythonRuntime runtime;

    private final Duration probeTimeout;

    private final Duration window;

    private final Duration permitWaitThreshold;

    private final int waitingThreshold;

    private final Status contentionStatus;

    private final Supplier<List<WorkerProcessSnapshot>> processes;

    /**
     * @param probeTimeout longest wait for the GIL before the contention status
     * @param window how far back wait percentiles look
     * @param permitWaitThreshold p99 wait (for a permit, or for a pooled interpreter) at which the
     *     interpreter counts as contended
     * @param waitingThreshold callers waiting (for a permit, or for a pooled interpreter) at which
     *     it counts as contended (0: off)
     * @param contentionStatus the status reported while contended
     */
    public PythonHealthIndicator(PythonRuntime runtime, Duration probeTimeout, Duration window,
            Duration permitWaitThreshold, int waitingThreshold, Status contentionStatus) {
        this(runtime, probeTimeout, window, permitWaitThreshold, waitingThreshold, contentionStatus,
                runtime::processSnapshot);
    }

    /** With the worker processes read from {@code processes} rather than from the runtime (tests). */
    PythonHealthIndicator(PythonRuntime runtime, Duration probeTimeout, Duration window, Duration permitWaitThreshold,
            int waitingThreshold, Status contentionStatus, Supplier<List<WorkerProcessSnapshot>> processes) {
        super("Python health check failed");
        this.runtime = runtime;
        this.probeTimeout = probeTimeout;
        this.window = window;
        this.permitWaitThreshold = permitWaitThreshold;
        this.waitingThreshold = waitingThreshold;
        this.contentionStatus = contentionStatus;
        this.processes = processes;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        PythonInstallation installation = runtime.installation();
        builder.withDetail("version", installation.version())
                .withDetail("home", String.valueOf(installation.home()))
                .withDetail("executable", String.valueOf(installation.executable()))
                .withDetail("state", runtime.state().name())
                .withDetail("binding", runtime.nativeBinding().name())
                // Platform threads with less stack hand each call to a worker of their own.
                .withDetail("minimumCallerStack", (runtime.minimumCallerStack() >> 10) + " KiB");
        if (installation.freeThreaded()) {
            builder.withDetail("freeThreaded", true);
        }
        builder.withDetail("threadStates", threadStates(runtime.threadStateSnapshot()));
        boolean running = runtime.state() == PythonRuntime.State.RUNNING;
        GateSnapshot gate = runtime.gateSnapshot(window);
        Map<String, Object> gil = gil(gate);
        boolean contended = running && (!probed(gil, runtime.probeGil(probeTimeout)) || contended(gate));
        builder.withDetail("gil", gil);
        Optional<PoolSnapshot> pool = runtime.poolSnapshot(window);
        if (pool.isPresent()) {
            Map<String, Object> details = pool(pool.get());
            contended |= contended(pool.get());
            contended |= members(details, running);
            builder.withDetail("pool", details);
        }
        boolean workersDown = false;
        List<WorkerProcessSnapshot> workers = processes.get();
        if (!workers.isEmpty()) {
            builder.withDetail("processes", processes(workers));
            workersDown = workers.stream().noneMatch(WorkerProcessSnapshot::alive);
        }
        if (!running || workersDown) {
            builder.down();
        }
        else if (contended) {
            builder.status(contentionStatus);
        }
        else {
            builder.up();
        }
    }

    /** The pool's own queue: callers wait here for a free interpreter before they meet its gate. */
    private static Map<String, Object> pool(PoolSnapshot pool) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("size", pool.size());
        details.put("free", pool.free());
        details.put("waiting", pool.waiting());
        details.put("calls", pool.calls());
        details.put("busyRejections", pool.busyRejections());
        details.put("wait", latency(pool.poolWait()));
        return details;
    }

    /**
     * Adds each pooled interpreter's gate and thread states to the pool's details. Each has its
     * own GIL: reported and probed like the main one.
     *
     * @return whether the probe of a member failed to get its GIL in time
     */
    private boolean members(Map<String, Object> pool, boolean running) {
        boolean stuck = false;
        Map<String, Object> interpreters = new LinkedHashMap<>();
        for (String name : runtime.poolMembers()) {
            Map<String, Object> memberGil = gil(runtime.gateSnapshot(name, window));
            if (running) {
                stuck |= !probed(memberGil, runtime.probeGil(name, probeTimeout));
            }
            interpreters.put(name, Map.of("gil", memberGil, "threadStates", threadStates(runtime.threadStateSnapshot(name))));
        }
        pool.put("interpreters", interpreters);
        return stuck;
    }

    /** How many workers there are and how many are alive; each one is a pythonProcesses component. */
    private static Map<String, Object> processes(List<WorkerProcessSnapshot> workers) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("size", workers.size());
        details.put("alive", (int) workers.stream().filter(WorkerProcessSnapshot::alive).count());
        return details;
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

    /** Adds the probe's outcome to {@code gil}; whether it got the GIL in time. */
    private boolean probed(Map<String, Object> gil, Optional<Duration> probe) {
        gil.put("probe", probe.map(PythonHealthIndicator::millis).orElse("no GIL within " + probeTimeout.toMillis() + " ms"));
        return probe.isPresent();
    }

    private boolean contended(GateSnapshot gate) {
        return contended(gate.permitWait(), gate.waiting());
    }

    private boolean contended(PoolSnapshot pool) {
        return contended(pool.poolWait(), pool.waiting());
    }

    /** Waits too long in the window (p99 at the threshold), or too many callers waiting now. */
    private boolean contended(LatencySummary waits, int waiting) {
        boolean slowWaits = waits.samples() > 0 && waits.p99Nanos() >= permitWaitThreshold.toNanos();
        boolean queue = waitingThreshold > 0 && waiting >= waitingThreshold;
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
