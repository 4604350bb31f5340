package io.pybridge.core.internal.attach;

import io.pybridge.core.exception.PythonCancelledException;
import io.pybridge.core.internal.capi.CApi;
import java.util.function.BooleanSupplier;

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

    private final CApi api;

    private final Housekeeping housekeeping;

    /** Whether the runtime still takes calls: once it closes, its own shutdown stops what runs. */
    private final BooleanSupplier open;

    /** {@code _pybridge.Interrupted}, borrowed from the interpreter (which outlives every call). */
    private final long interruptType;

    /** The attachment of the thread running the call, set and cleared under the GIL. */
    private volatile Attachment running;

    private volatile boolean stopRequested;

    CallToken(CApi api, Housekeeping housekeeping, long interruptType, BooleanSupplier open) {
        this.api = api;
        this.housekeeping = housekeeping;
        this.open = open;
        this.interruptType = interruptType;
    }

    /** Called by the running thread as the call starts, holding the GIL. */
    void enter(Attachment attachment) {
        if (stopRequested) {
            throw new PythonCancelledException("The Python call was cancelled before it started");
        }
        running = attachment;
    }

    /** Called by the running thread as the call ends, holding the GIL. */
    void exit() {
        Attachment attachment = running;
        running = null;
        if (stopRequested && attachment != null) {
            // Requested but perhaps not yet raised: must not surface in this thread's next call.
            api.PyThreadState_SetAsyncExc(attachment.threadIdent, 0);
        }
    }

    /**
     * Stops the call: not started yet, it never starts; running, Python raises Interrupted in it
     * (from the housekeeping thread, which takes the GIL for it). Never blocks.
     */
    public void stop() {
        stopRequested = true;
        if (open.getAsBoolean()) {
            housekeeping.submitWithGil(this::raiseIfRunning);
        }
    }

    /** Whether {@link #stop()} was called. */
    public boolean isStopRequested() {
        return stopRequested;
    }

    /** Under the GIL, on the housekeeping thread: raise in the running thread, if any. */
    private void raiseIfRunning() {
        Attachment attachment = running;
        if (attachment != null) {
            api.PyThreadState_SetAsyncExc(attachment.threadIdent, interruptType);
        }
    }
}
