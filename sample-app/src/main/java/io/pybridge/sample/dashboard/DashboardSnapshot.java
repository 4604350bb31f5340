package io.pybridge.sample.dashboard;

import io.pybridge.core.runtime.GateSnapshot;
import io.pybridge.core.runtime.LatencySummary;
import io.pybridge.core.runtime.ThreadStateSnapshot;
import java.util.List;

/**
 * What the dashboard shows, once a second: per interpreter the permit/GIL layer and the thread
 * states. Counters are cumulative ({@code calls}); the page turns them into rates.
 *
 * @param timeMillis when it was taken, for the page's rates
 * @param windowSeconds how far back the percentiles look
 * @param interpreters "main" first, then the pool's
 */
public record DashboardSnapshot(long timeMillis, long windowSeconds, String pythonVersion,
        List<Interpreter> interpreters) {

    /** One interpreter's figures; waits in microseconds. */
    public record Interpreter(String name, long calls, long busyRejections, int inFlight, int waiting, int permits,
            int availablePermits, long permitWaitP50Micros, long permitWaitP99Micros, long gilWaitP50Micros,
            long gilWaitP99Micros, int threadStatesLive, long threadStatesCreated, long threadStatesReclaimed) {

        static Interpreter of(String name, GateSnapshot gate, ThreadStateSnapshot states) {
            return new Interpreter(name, gate.calls(), gate.busyRejections(), gate.inFlight(), gate.waiting(),
                    gate.permits(), gate.availablePermits(), micros(gate.permitWait(), false),
                    micros(gate.permitWait(), true), micros(gate.gilWait(), false), micros(gate.gilWait(), true),
                    states.live(), states.created(), states.reclaimed());
        }

        private static long micros(LatencySummary latency, boolean p99) {
            return (p99 ? latency.p99Nanos() : latency.p50Nanos()) / 1_000;
        }
    }
}
