package io.pybridge.core.exception;

import org.jspecify.annotations.Nullable;

/**
 * The worker process running a call ended before answering it: a crash in C code (a signal such
 * as {@code SIGSEGV} or {@code SIGABRT}), a hard exit ({@code os._exit}), a kill from outside,
 * or a kill by pybridge itself (its memory passed the configured limit, or it did not stop within
 * the grace period after a time limit). The call may or may not have had effects in Python; it
 * has no result. pybridge replaces the worker; other calls are not affected. The message names
 * what happened and quotes the worker's last output (a fault's Python stack, when it printed one).
 */
public class PythonWorkerDiedException extends PythonBridgeException {

    private static final long serialVersionUID = 1L;

    private final String worker;

    private final long pid;

    private final @Nullable Integer exitCode;

    private final @Nullable Integer signal;

    private final String output;

    /**
     * @param worker the worker's name ({@code process-1})
     * @param exitCode the exit status if it exited, else null
     * @param signal the signal that ended it, else null
     * @param what what happened, in words
     * @param output its last lines on stderr (may be empty)
     */
    public PythonWorkerDiedException(String worker, long pid, @Nullable Integer exitCode, @Nullable Integer signal,
            String what, String output) {
        super(what + (output.isEmpty() ? "" : "; its last output:\n" + output));
        this.worker = worker;
        this.pid = pid;
        this.exitCode = exitCode;
        this.signal = signal;
        this.output = output;
    }

    /** The worker's name, as health and metrics show it ({@code process-1}). */
    public String getWorker() {
        return worker;
    }

    /** The worker's process id. */
    public long getPid() {
        return pid;
    }

    /** The exit status, when the process exited rather than being killed by a signal. */
    public @Nullable Integer getExitCode() {
        return exitCode;
    }

    /** The number of the signal that ended it (11 for {@code SIGSEGV}, 9 for {@code SIGKILL}...), or null. */
    public @Nullable Integer getSignal() {
        return signal;
    }

    /** The worker's last lines on stderr before it ended (the fault handler's dump for a crash). */
    public String getOutput() {
        return output;
    }
}
