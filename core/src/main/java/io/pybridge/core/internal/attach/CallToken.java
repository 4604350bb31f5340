package io.pybridge.core.internal.attach;

import io.pybridge.core.exception.PythonCancelledException;
import org.jspecify.annotations.Nullable;

/**
 * Lets one submitted Python call be stopped while it runs: {@link #stop()} raises
 * {@code _pybridge.Interrupted} asynchronously in the thread running it
 * ({@code PyThreadState_SetAsyncExc}), so a runaway Python loop unwinds and gives the permit and
 * the GIL back. A call still waiting to start is simply not started.
 *
 * <p>Races are settled under the GIL: {@link #stop()} looks at the running thread while holding
 * it, and {@link #exit()} runs holding it too, clearing an exception that was requested but not
 * yet raised so it can never hit a later, unrelated call on the same thread. Code blocked inside
 * C (which the asynchronous exception cannot interrupt) keeps running until it returns to Python.
 */
public final class CallToken {

    /** Which call the token's call is now: the thread's attachment and the gate of its interpreter. */
    private record Running(Attachment attachment, CallGate gate) {
    }

    private volatile @Nullable Running running;

    private volatile boolean stopRequested;

    /** How to stop the call where it runs out of this process (a worker process), or null. */
    private volatile @Nullable Runnable remote;

    /** A token for one call, in whichever interpreter it will run. */
    public CallToken() {
    }

    /** The call starts in {@code gate}'s interpreter on {@code attachment}'s thread (GIL held). */
    void enter(Attachment attachment, CallGate gate) {
        // Dekker with stop(), both sides volatile: this writes running, then reads stopRequested;
        // stop() writes stopRequested, then reads running. So either this sees the stop, or
        // stop() sees the call and interrupts it (or both: the interrupt then finds the call gone).
        Running call = new Running(attachment, gate);
        running = call;
        if (stopRequested) {
            running = null;
            throw new PythonCancelledException("The Python call was cancelled before it started");
        }
    }

    /** The call ends (GIL still held). */
    void exit() {
        Running call = running;
        running = null;
        if (stopRequested && call != null) {
            // Requested but perhaps not yet raised: must not surface in this thread's next call.
            call.gate().clearInterrupt(call.attachment());
        }
    }

    /**
     * The call starts in a worker process; {@code stopper} stops it there. Same Dekker as
     * {@link #enter}: either this sees the stop, or {@link #stop()} sees the stopper.
     *
     * @throws PythonCancelledException if the call was stopped before it started
     */
    public void enterRemote(Runnable stopper) {
        remote = stopper;
        if (stopRequested) {
            remote = null;
            throw new PythonCancelledException("The Python call was cancelled before it started");
        }
    }

    /** The call in a worker process ended. */
    public void exitRemote() {
        remote = null;
    }

    /**
     * Stops the call: before it starts it will not start; while it runs, {@code _pybridge.Interrupted}
     * is raised in it (in its own interpreter) as soon as the housekeeping thread gets that
     * interpreter's GIL. Never blocks.
     */
    public void stop() {
        stopRequested = true;
        Runnable stopper = remote;
        if (stopper != null) {
            stopper.run();
        }
        Running call = running;
        if (call != null) {
            call.gate().interrupt(call.attachment(), () -> running == call);
        }
    }

    /** Whether {@link #stop()} was called. */
    public boolean isStopRequested() {
        return stopRequested;
    }
}
