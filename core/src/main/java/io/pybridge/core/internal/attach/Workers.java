package io.pybridge.core.internal.attach;

import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.time.Duration;

/**
 * The big-stack platform threads that run calls for callers that must not run Python themselves
 * (virtual threads, small stacks): one set per runtime, shared by the gates of all its
 * interpreters, so a Tomcat thread calling the main interpreter and the pool has one dedicated
 * worker, not one per interpreter (and keeps its thread affinity across them).
 */
public final class Workers {

    final SharedWorkers shared;

    final DedicatedWorkers dedicated;

    /** @param mainPermits the main interpreter's permits, from which the shared pool's size derives */
    public Workers(PythonRuntimeConfig config, int mainPermits) {
        this.shared = new SharedWorkers(config.workerThreadsFor(mainPermits), config.threadStackSize());
        this.dedicated = new DedicatedWorkers(config.threadStackSize());
    }

    /** Stops them (after every gate is idle); returns whether they ended within {@code timeout}. */
    public boolean shutdown(Duration timeout) throws InterruptedException {
        shared.shutdown();
        dedicated.shutdown();
        return shared.awaitTermination(timeout.toMillis()) && dedicated.awaitTermination(timeout.toMillis());
    }

    /** How many platform callers have a dedicated big-stack worker now. */
    public int dedicatedCount() {
        return dedicated.liveCount();
    }
}
