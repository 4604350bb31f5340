package io.pybridge.core.exception;

import java.time.Duration;

/**
 * No permit to enter Python became free within the configured acquire timeout: the interpreter
 * is busy with other calls (or, for calls aimed at worker processes, no worker became free).
 * Retry later, raise the timeout, or look at the GIL statistics.
 */
public class PythonBusyException extends PythonBridgeException {

    private static final long serialVersionUID = 1L;

    public PythonBusyException(Duration waited, int permits, int waiting) {
        super("Python is busy: no permit became free within " + waited.toMillis() + " ms (" + permits
                + " permit(s), " + waiting + " other caller(s) waiting); raise the acquire timeout or the permits, "
                + "or find the long-running Python call");
    }

    private PythonBusyException(String message) {
        super(message);
    }

    /** No worker process became free within {@code waited}: each runs one call at a time. */
    public static PythonBusyException noFreeWorker(Duration waited, int workers, int waiting) {
        return new PythonBusyException("Python is busy: no worker process became free within " + waited.toMillis()
                + " ms (" + workers + " worker(s), each running one call; " + waiting + " other caller(s) waiting); "
                + "raise pybridge.processes.acquire-timeout or pybridge.processes.size, or find the long-running Python call");
    }
}
