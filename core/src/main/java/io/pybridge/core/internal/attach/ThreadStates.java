package io.pybridge.core.internal.attach;

import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.runtime.ThreadStateSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One persistent {@code PyThreadState} per OS thread that ever called Python, the one way any
 * pybridge thread takes and releases the GIL, and the reclaiming of thread states whose thread
 * died.
 *
 * <p>Why persistent: the usual {@code PyGILState_Ensure}/{@code Release} pair deletes the thread
 * state whenever its counter returns to 0, which costs ~9.6 µs per call through JNA (against
 * ~0.9 µs) and drops {@code threading.local} data between calls. Here a thread's first call
 * creates its state with {@code PyGILState_Ensure} (so C extensions calling
 * {@code PyGILState_Ensure} on this thread find it) and never releases that counter; later calls
 * only swap it in and out with {@code PyEval_RestoreThread}/{@code PyEval_SaveThread}.
 *
 * <p>Java has no thread-exit hook, so the housekeeping thread looks for registered threads that
 * are no longer alive and, holding the GIL through a thread state of its own (never
 * gilstate-bound, see {@link Attachment#gilStateBound}), clears and deletes theirs.
 */
public final class ThreadStates {

    private final CApi api;

    private final ThreadLocal<Attachment> current = ThreadLocal.withInitial(() -> new Attachment(Thread.currentThread(), true));

    /** Attachments of callers that own a thread state; added after the state exists (safe publication). */
    private final Set<Attachment> registry = ConcurrentHashMap.newKeySet();

    private final LongAdder created = new LongAdder();

    private final LongAdder reclaimed = new LongAdder();

    public ThreadStates(CApi api) {
        this.api = api;
    }

    /** This thread's attachment (created lazily; owns no thread state until first attach). */
    public Attachment current() {
        return current.get();
    }

    /**
     * Makes the calling thread's attachment one whose thread state is not gilstate-bound: for the
     * housekeeping thread, which deletes other threads' states (see {@link Attachment#gilStateBound}).
     * Call before the thread first attaches.
     */
    Attachment unbound() {
        Attachment attachment = new Attachment(Thread.currentThread(), false);
        current.set(attachment);
        return attachment;
    }

    /**
     * Makes this thread's persistent thread state current and takes the GIL, creating the state
     * on first use. Blocks while another thread holds the GIL. Call on the attachment's own thread.
     */
    void attach(Attachment attachment) {
        long tstate = attachment.tstate;
        if (tstate != 0) {
            api.PyEval_RestoreThread(tstate);
            return;
        }
        if (!attachment.gilStateBound) {
            attachment.tstate = api.PyThreadState_New(api.PyInterpreterState_Main());
            api.PyEval_RestoreThread(attachment.tstate);
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
    void detach() {
        api.PyEval_SaveThread();
    }

    /**
     * Clears and deletes the thread states of threads that have died. Must be called holding the
     * GIL through an {@link #unbound()} attachment.
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
    ThreadStateSnapshot snapshot() {
        return new ThreadStateSnapshot(registry.size(), created.sum(), reclaimed.sum());
    }
}
