package io.pybridge.core.exception;

import java.time.Duration;

/**
 * No permit to enter Python became free within the configured acquire timeout: the interpreter
 * is busy with other calls. Retry later, raise the timeout, or look at the GIL statistics.
 */
public class PythonBusyException extends PythonBridgeException {

    private static final long serialVersionUID = 1L;

    public PythonBusyException(Duration waited, int permits, int waiting) {
        super("Python is busy: no permit became free within " + waited.toMillis() + " ms (" + permits
                + " permit(s), " + waiting + " other caller(s) waiting); raise the acquire timeout or the permits, "
                + "or find the long-running Python call");
    }
}
