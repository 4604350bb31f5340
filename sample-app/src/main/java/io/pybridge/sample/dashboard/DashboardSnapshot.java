package io.pybridge.sample.dashboard;

import io.pybridge.core.runtime.GateSnapshot;
import io.pybridge.core.runtime.LatencySummary;
import io.pybridge.core.runtime.PoolSnapshot;
import io.pybridge.core.runtime.ThreadStateSnapshot;
import io.pybridge.core.runtime.WorkerProcessSnapshot;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the dashboard shows, once a second: per interpreter the permit/GIL layer and the thread
 * states, the pool's own queue, and the worker processes. Counters are cumulative
 * ({@code calls}); the page turns them into rates.
 *
 * @param timeMillis when it was taken, for the page's rates
 * @param windowSeconds how far back the percentiles and maxima look
 * @param interpreters "main" first, then the pool's
 * @param pool the queue in front of the pooled interpreters; {@code null} without a pool
 * @param processes the worker processes in order ({@code process-1} first); empty without them
 */
public record DashboardSnapshot(long timeMillis, long windowSeconds, String pythonVersion,
        List<Interpreter> interpreters, @Nullable Pool pool, List<WorkerProcess> processes) {

    /** One interpreter's figures; waits in microseconds. */
    public record Interpreter(String name, long calls, long busyRejections, int inFlight, int waiting, int permits,
            int availablePermits, long permitWaitP50Micros, long permitWaitP99Micros, long permitWaitMaxMicros,
            long gilWaitP50Micros, long gilWaitP99Micros, int threadStatesLive, long threadStatesCreated,
            long threadStatesReclaimed) {

        static Interpreter of(String name, GateSnapshot gate, ThreadStateSnapshot states) {
            LatencySummary permitWait = gate.permitWait();
            return new Interpreter(name, gate.calls(), gate.busyRejections(), gate.inFlight(), gate.waiting(),
                    gate.permits(), gate.availablePermits(), micros(permitWait.p50Nanos()),
                    micros(permitWait.p99Nanos()), micros(permitWait.maxNanos()), micros(gate.gilWait().p50Nanos()),
                    micros(gate.gilWait().p99Nanos()), states.live(), states.created(), states.reclaimed());
        }
    }

    /**
     * The pool's own queue: callers wait here for a free pooled interpreter before they reach
     * its gate, so these waits are not in any interpreter's permit wait. Waits in microseconds.
     */
    public record Pool(int size, int free, int waiting, long calls, long busyRejections, long waitTotalMicros,
            long waitP50Micros, long waitP99Micros, long waitMaxMicros) {

        static Pool of(PoolSnapshot pool) {
            LatencySummary wait = pool.poolWait();
            return new Pool(pool.size(), pool.free(), pool.waiting(), pool.calls(), pool.busyRejections(),
                    micros(pool.waitTotalNanos()), micros(wait.p50Nanos()), micros(wait.p99Nanos()), micros(wait.maxNanos()));
        }
    }

    /**
     * One worker process: a separate CPython that runs one call at a time. A replacement keeps
     * the name; {@code pid} is -1 while none runs in its place.
     */
    public record WorkerProcess(String name, long pid, boolean alive, long restarts, long calls, int inFlight,
            long residentBytes, @Nullable String lastEnd) {

        static WorkerProcess of(WorkerProcessSnapshot worker) {
            return new WorkerProcess(worker.name(), worker.pid(), worker.alive(), worker.restarts(), worker.calls(),
                    worker.inFlight(), worker.residentBytes(), worker.lastEnd());
        }
    }

    private static long micros(long nanos) {
        return nanos / 1_000;
    }
}
