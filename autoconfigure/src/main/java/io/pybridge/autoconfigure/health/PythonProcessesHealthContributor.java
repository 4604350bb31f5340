package io.pybridge.autoconfigure.health;

import io.pybridge.core.runtime.WorkerProcessSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;

/**
 * The worker processes as health components: {@code pythonProcesses}, with one
 * {@link WorkerProcessHealthIndicator} per worker, named as the runtime names them
 * ({@code process-1}, ...). The workers are the runtime's when this is made: their number is
 * fixed for the runtime's life, and a replacement keeps its worker's name. Boot aggregates the
 * components' statuses into the set's: UP while any worker is alive (a worker being replaced
 * reports a status outside the aggregate), DOWN when none is. Without worker processes there is
 * no component, and Boot's health endpoint shows no {@code pythonProcesses} at all.
 */
final class PythonProcessesHealthContributor implements CompositeHealthContributor {

    private final Map<String, WorkerProcessHealthIndicator> workers = new LinkedHashMap<>();

    /** @param processes the workers as they are now ({@code PythonRuntime::processSnapshot}) */
    PythonProcessesHealthContributor(Supplier<List<WorkerProcessSnapshot>> processes) {
        for (WorkerProcessSnapshot worker : processes.get()) {
            workers.put(worker.name(), new WorkerProcessHealthIndicator(worker.name(), processes));
        }
    }

    @Override
    public @Nullable HealthContributor getContributor(String name) {
        return workers.get(name);
    }

    @Override
    public Stream<HealthContributors.Entry> stream() {
        return workers.entrySet().stream().map(worker -> new HealthContributors.Entry(worker.getKey(), worker.getValue()));
    }
}
