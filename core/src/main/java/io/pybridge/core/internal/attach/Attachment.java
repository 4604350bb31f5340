package io.pybridge.core.internal.attach;

import io.pybridge.core.internal.capi.LibC;
import java.lang.ref.WeakReference;
import org.jspecify.annotations.Nullable;

/**
 * One thread's bookkeeping: its persistent thread state and how deep it is inside Python calls.
 * Touched only by its own thread, except by the reaper once the thread has died.
 */
public final class Attachment {

    final WeakReference<Thread> thread;

    /**
     * Whether the thread state is made with {@code PyGILState_Ensure}, so C extensions calling
     * {@code PyGILState_Ensure} on this thread find it (main-interpreter callers), or with
     * {@code PyThreadState_New} and never through the PyGILState API (sub-interpreter callers,
     * since that API knows only the main interpreter; and the housekeeping thread, which deletes
     * other threads' states: on 3.12+ deleting a gilstate-bound state resets the
     * <em>deleting</em> thread's gilstate slot). CPython 3.12+ binds even a {@code PyThreadState_New} state to its thread's
     * empty gilstate slot; what matters is that this thread never calls the PyGILState API.
     */
    final boolean gilStateBound;

    /** The persistent {@code PyThreadState*}, 0 before the first call. */
    long tstate;

    /** The OS thread ident, which {@code PyThreadState_SetAsyncExc} selects threads by. */
    long threadIdent;

    /** Nesting depth of calls on this thread; > 0 means permit and GIL are held. */
    int depth;

    /** How many Java callbacks (Python calling Java) are active on this thread. */
    private int callbackDepth;

    /** Which of this thread's calls the gate times. */
    final CallTiming timing = new CallTiming();

    /** This thread's whole stack in bytes, read once on first need; 0 before, -1 if unknown. */
    private long stackSize;

    /** The lowest address of this thread's stack, read with {@link #stackSize}; 0 if unknown. */
    private long stackLow;

    Attachment(Thread thread, boolean gilStateBound) {
        this.thread = new WeakReference<>(thread);
        this.gilStateBound = gilStateBound;
    }

    /** Whether this thread is inside a Python call (and so holds the permit and the GIL). */
    public boolean inside() {
        return depth > 0;
    }

    /** Enters one nesting level. */
    void enter() {
        depth++;
    }

    /** Leaves one nesting level. */
    void exit() {
        depth--;
    }

    /**
     * Whether this thread's stack has at least {@code bytes} (an unknown size counts as too
     * small). Read from the OS once per thread; call only on the thread itself.
     */
    boolean hasStack(long bytes) {
        readStack();
        return stackSize >= bytes;
    }

    /**
     * This thread's stack as the part CPython may use, or null if it is unknown or too small; call
     * only on the thread itself.
     */
    @Nullable CStackRegion stackRegion(JavaStackZones zones, long largest) {
        readStack();
        return CStackRegion.of(stackLow, stackSize, zones, largest);
    }

    private void readStack() {
        if (stackSize == 0) {
            long[] stack = LibC.currentThreadStack();
            stackLow = stack == null ? 0 : stack[0];
            stackSize = stack == null ? -1 : stack[1];
        }
    }

    /**
     * Enters a Java callback (Python calling Java while this thread holds the GIL): the thread
     * counts as inside a call, so Java code in the callback that calls Python again re-enters
     * directly instead of waiting for a permit it could never get.
     *
     * @return the callback nesting depth now
     */
    public int enterCallback() {
        depth++;
        return ++callbackDepth;
    }

    /** Leaves a Java callback. */
    public void exitCallback() {
        callbackDepth--;
        depth--;
    }
}
