package io.pybridge.autoconfigure.health;

import io.pybridge.core.runtime.WorkerProcessSnapshot;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of one worker process, a component of {@code pythonProcesses}: {@code UP} while it is
 * alive; {@link #RESTARTING} while it is being replaced and another worker is alive; {@code DOWN}
 * when no worker is alive. Details: alive, pid (-1 while none runs), restarts, calls, in-flight
 * call, resident memory and, once a process in this place has ended, how it ended.
 */
final class WorkerProcessHealthIndicator implements HealthIndicator {

    /**
     * A worker being replaced while another is alive. Not in Boot's default status order, so
     * Boot's {@code SimpleStatusAggregator} leaves it out of every aggregate: calls wait for the
     * alive workers meanwhile, and a replacement (after a crash, a kill over the memory limit, or
     * recycling) is routine, so it must not take the instance out of readiness.
     */
    static final Status RESTARTING = new Status("RESTARTING", "being replaced");

    private final String name;

    private final Supplier<List<WorkerProcessSnapshot>> processes;

    /**
     * @param name the worker's name ({@code process-1}, ...; a replacement keeps it)
     * @param processes all the workers as they are now: the status depends on the others too
     */
    WorkerProcessHealthIndicator(String name, Supplier<List<WorkerProcessSnapshot>> processes) {
        this.name = name;
        this.processes = processes;
    }

    @Override
    public Health health() {
        // One snapshot for this worker and the others, so the status is decided on one moment.
        List<WorkerProcessSnapshot> workers = processes.get();
        WorkerProcessSnapshot worker = find(workers);
        if (worker == null) {
            // Not in the runtime's list any more: the runtime has stopped its workers.
            return Health.down().withDetail("alive", false).build();
        }
        Health.Builder builder = Health.status(status(worker, workers)).withDetail("alive", worker.alive())
                .withDetail("pid", worker.pid())
                .withDetail("restarts", worker.restarts())
                .withDetail("calls", worker.calls())
                .withDetail("inFlight", worker.inFlight())
                .withDetail("residentBytes", worker.residentBytes());
        if (worker.lastEnd() != null) {
            builder.withDetail("lastEnd", worker.lastEnd());
        }
        return builder.build();
    }

    private static Status status(WorkerProcessSnapshot worker, List<WorkerProcessSnapshot> workers) {
        if (worker.alive()) {
            return Status.UP;
        }
        // None alive: no call aimed at the processes can run, so every worker says DOWN and the set is DOWN.
        return workers.stream().anyMatch(WorkerProcessSnapshot::alive) ? RESTARTING : Status.DOWN;
    }

    private @Nullable WorkerProcessSnapshot find(List<WorkerProcessSnapshot> workers) {
        for (WorkerProcessSnapshot worker : workers) {
            if (worker.name().equals(name)) {
                return worker;
            }
        }
        return null;
    }
}
