package io.pybridge.core.runtime;

import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.internal.capi.LibC;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One persistent {@code PyThreadState} per OS thread that ever called Python, and the reclaiming
 * of those whose thread died.
 *
 * <p>Why persistent: the usual {@code PyGILState_Ensure}/{@code Release} pair deletes the thread
 * state whenever its counter returns to 0, which costs ~9.6 µs per call through JNA (against
 * ~0.9 µs) and drops {@code threading.local} data between calls. Here a thread's first call
 * creates its state with {@code PyGILState_Ensure} (so C extensions calling
 * {@code PyGILState_Ensure} on this thread find it) and never releases that counter; later calls
 * only swap it in and out with {@code PyEval_RestoreThread}/{@code PyEval_SaveThread}.
 *
 * <p>Java has no thread-exit hook, so a reaper thread looks for registered threads that are no
 * longer alive and, holding the GIL through a thread state of its own, clears and deletes
 * theirs. The reaper never uses the PyGILState API: on 3.12+ deleting another thread's
 * gilstate-bound state resets the <em>calling</em> thread's gilstate slot.
 */
public final class ThreadStates {

    private final CApi api;

    private final ThreadLocal<Attachment> current = ThreadLocal.withInitial(() -> new Attachment(Thread.currentThread()));

    /** Attachments that own a thread state; added after the state exists (safe publication). */
    private final Set<Attachment> registry = ConcurrentHashMap.newKeySet();

    private final LongAdder created = new LongAdder();

    private final LongAdder reclaimed = new LongAdder();

    ThreadStates(CApi api) {
        this.api = api;
    }

    /** This thread's attachment (created lazily; owns no thread state until first attach). */
    public Attachment current() {
        return current.get();
    }

    /**
     * Makes this thread's persistent thread state current and takes the GIL, creating the state
     * on first use. Blocks while another thread holds the GIL.
     */
    public void attach(Attachment attachment) {
        long tstate = attachment.tstate;
        if (tstate != 0) {
            api.PyEval_RestoreThread(tstate);
            return;
        }
        // First call on this OS thread: Ensure creates and binds a thread state and takes the GIL.
        // Its counter stays at 1 forever, so the state is never deleted behind our back.
        api.PyGILState_Ensure();
        attachment.tstate = api.PyThreadState_Get();
        attachment.threadIdent = api.PyThread_get_thread_ident();
        created.increment();
        registry.add(attachment);
    }

    /** Releases the GIL; the thread state stays this thread's for its next call. */
    public void detach(Attachment attachment) {
        api.PyEval_SaveThread();
    }

    /**
     * Clears and deletes the thread states of threads that have died. Must be called holding the
     * GIL from a thread state that is not gilstate-managed (the reaper's, see class doc).
     *
     * @return how many were reclaimed
     */
    int reapDeadThreads() {
        int count = 0;
        for (Attachment attachment : deadAttachments()) {
            api.PyThreadState_Clear(attachment.tstate);
            api.PyThreadState_Delete(attachment.tstate);
            attachment.tstate = 0;
            registry.remove(attachment);
            reclaimed.increment();
            count++;
        }
        return count;
    }

    /** Attachments whose thread has died (or been collected); cheap, needs no GIL. */
    List<Attachment> deadAttachments() {
        List<Attachment> dead = new ArrayList<>();
        for (Attachment attachment : registry) {
            Thread thread = attachment.thread.get();
            // Thread termination happens-before isAlive() returning false, so tstate is visible.
            if ((thread == null || !thread.isAlive()) && attachment.depth == 0) {
                dead.add(attachment);
            }
        }
        return dead;
    }

    /**
     * Thread idents of threads that look to be inside a call (read racily: used only to stop
     * stragglers at shutdown, where a miss is retried and a stale hit lands on a closed runtime).
     */
    List<Long> busyThreadIdents() {
        List<Long> idents = new ArrayList<>();
        for (Attachment attachment : registry) {
            if (attachment.depth > 0) {
                idents.add(attachment.threadIdent);
            }
        }
        return idents;
    }

    /** Counts for health and metrics. */
    public ThreadStateSnapshot snapshot() {
        return new ThreadStateSnapshot(registry.size(), created.sum(), reclaimed.sum());
    }

    /**
     * Per-thread bookkeeping: the thread's persistent thread state and how deep it is inside
     * Python calls. Touched only by its own thread, except by the reaper after the thread died.
     */
    public static final class Attachment {

        private final WeakReference<Thread> thread;

        /** The persistent {@code PyThreadState*}, 0 before the first call. */
        private long tstate;

        /** The OS thread ident, which {@code PyThreadState_SetAsyncExc} selects threads by. */
        private long threadIdent;

        /** Nesting depth of calls on this thread; > 0 means permit and GIL are held. */
        int depth;

        /** How many Java callbacks (Python calling Java) are active on this thread. */
        private int callbackDepth;

        /** This thread's whole stack in bytes, read once on first need; 0 before, -1 if unknown. */
        private long stackSize;

        Attachment(Thread thread) {
            this.thread = new WeakReference<>(thread);
        }

        /** The OS thread ident ({@code threading.get_ident()}); 0 before the first call. */
        long threadIdent() {
            return threadIdent;
        }

        /** Whether this thread is inside a Python call (and so holds the permit and the GIL). */
        public boolean inside() {
            return depth > 0;
        }

        /** Enters one nesting level; returns true for the outermost one. */
        public boolean enter() {
            return depth++ == 0;
        }

        /** Leaves one nesting level. */
        public void exit() {
            depth--;
        }

        /**
         * Whether this thread's stack has at least {@code bytes} (an unknown size counts as too
         * small). Read from the OS once per thread; call only on the thread itself.
         */
        public boolean hasStack(long bytes) {
            if (stackSize == 0) {
                stackSize = LibC.currentThreadStackSize();
            }
            return stackSize >= bytes;
        }

        /** Enters a Java callback; returns the callback nesting depth now. */
        int enterCallback() {
            depth++;
            return ++callbackDepth;
        }

        /** Leaves a Java callback. */
        void exitCallback() {
            callbackDepth--;
            depth--;
        }
    }
}
