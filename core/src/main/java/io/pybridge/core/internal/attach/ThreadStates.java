package io.pybridge.core.internal.attach;

import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.runtime.ThreadStateSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

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

    /** The interpreter these states belong to; 0 for the main one (looked up when first needed). */
    private final long interpreter;

    /**
     * For a sub-interpreter, the main interpreter's states: a thread gets its main state before
     * its first sub-interpreter state, so the thread's gilstate slot (which the PyGILState API
     * and C extensions read, and which knows only the main interpreter) never holds a
     * sub-interpreter's state. Null for the main interpreter.
     */
    private final @Nullable ThreadStates main;

    private final ThreadLocal<Attachment> current;

    /** Tells CPython 3.14.2+ each new thread state's stack bounds; shared by all interpreters' states. */
    private final CStackProtection stackProtection;

    /** Attachments of callers that own a thread state; added after the state exists (safe publication). */
    private final Set<Attachment> registry = ConcurrentHashMap.newKeySet();

    /** Attachments of pybridge's own threads (housekeeping): never reaped, deleted only by {@link #deleteAll}. */
    private final Set<Attachment> own = ConcurrentHashMap.newKeySet();

    private final LongAdder created = new LongAdder();

    private final LongAdder reclaimed = new LongAdder();

    /**
     * Which attachment holds a GIL on this thread, kept only once several interpreters live in
     * the process ({@link #severalInterpreters()}): a thread entering one interpreter while it
     * holds another's GIL (a Java callback calling the pool, say) must release that GIL first,
     * and take it back after. Holding two GILs at once could deadlock against a thread doing the
     * opposite, and restoring a second thread state over a current one would lose the first.
     * The one way a thread holds a GIL is {@link #attach}; {@link #releaseHeld},
     * {@link #retake}, {@link #reclaim} and {@link #yieldTo} switch between the ones it is inside.
     */
    private static final ThreadLocal<@Nullable Attachment> HOLDING = new ThreadLocal<>();

    /** Set once at boot, before the first call, when sub-interpreters are made. */
    private static volatile boolean several;

    /** The main interpreter's thread states. */
    public ThreadStates(CApi api) {
        this(api, 0, null);
    }

    private ThreadStates(CApi api, long interpreter, @Nullable ThreadStates main) {
        this.api = api;
        this.interpreter = interpreter;
        this.main = main;
        this.stackProtection = main == null ? new CStackProtection(api) : main.stackProtection;
        boolean gilStateBound = main == null;
        this.current = ThreadLocal.withInitial(() -> new Attachment(Thread.currentThread(), gilStateBound));
    }

    /**
     * The thread states of sub-interpreter {@code interpreter} ({@code PyInterpreterState*}):
     * made with {@code PyThreadState_New} and never through the PyGILState API, which knows only
     * the main interpreter.
     */
    public static ThreadStates forSubInterpreter(CApi api, long interpreter, ThreadStates main) {
        return new ThreadStates(api, interpreter, main);
    }

    /**
     * Gives {@code tstate}, a thread state CPython made for the calling thread and left attached
     * (the boot thread's own, a new sub-interpreter's first), this thread's stack bounds (see
     * {@link CStackProtection}).
     */
    public void protectStack(long tstate) {
        stackProtection.protect(tstate, current.get(), true);
    }

    /**
     * The least stack a thread needs to run Python itself: CPython 3.14.2+'s when this libpython
     * takes explicit stack bounds, else {@code otherwise} (the configured thread stack size).
     */
    long minimumStack(long otherwise) {
        return stackProtection.available() ? stackProtection.minimumStack() : otherwise;
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
        own.add(attachment);
        return attachment;
    }

    /**
     * Makes this thread's persistent thread state current and takes the GIL, creating the state
     * on first use. Blocks while another thread holds the GIL. Call on the attachment's own thread.
     */
    void attach(Attachment attachment) {
        if (several) {
            HOLDING.set(attachment); // whatever this thread held was given up by releaseHeld() first
        }
        long tstate = attachment.tstate;
        if (tstate != 0) {
            api.PyEval_RestoreThread(tstate);
            return;
        }
        if (!attachment.gilStateBound) {
            if (main != null && !own.contains(attachment)) {
                main.bindGilStateSlot();
            }
            attachment.tstate = api.PyThreadState_New(interpreter());
            stackProtection.protect(attachment.tstate, attachment, false);
            api.PyEval_RestoreThread(attachment.tstate);
            if (!own.contains(attachment)) {
                register(attachment);
            }
            return;
        }
        // First call on this OS thread: Ensure creates and binds a thread state and takes the GIL.
        // Its counter stays at 1 forever, so the state is never deleted behind our back.
        api.PyGILState_Ensure();
        attachment.tstate = api.PyThreadState_Get();
        stackProtection.protect(attachment.tstate, attachment, true);
        register(attachment);
    }

    private void register(Attachment attachment) {
        attachment.threadIdent = api.PyThread_get_thread_ident();
        created.increment();
        registry.add(attachment);
    }

    /**
     * Gives the calling thread its main-interpreter state now, without the GIL, if it has none:
     * {@code PyThreadState_New} binds a new state to the thread's empty gilstate slot (3.12+) and
     * starts its gilstate counter at 1, as {@code PyGILState_Ensure} leaves it, so an extension's
     * Ensure/Release pair on this thread never deletes it. Later main calls swap it in as usual.
     */
    private void bindGilStateSlot() {
        Attachment attachment = current.get();
        if (attachment.tstate == 0) {
            attachment.tstate = api.PyThreadState_New(interpreter());
            stackProtection.protect(attachment.tstate, attachment, false);
            register(attachment);
        }
    }

    private long interpreter() {
        return interpreter != 0 ? interpreter : api.PyInterpreterState_Main();
    }

    /** Releases the GIL; the thread state stays this thread's for its next call. */
    void detach(Attachment attachment) {
        api.PyEval_SaveThread();
        if (several) {
            HOLDING.set(null);
        }
    }

    /**
     * Before a thread waits to enter an interpreter (a permit, a free pooled interpreter): gives up
     * the GIL of the interpreter it is inside now, if any (a Java callback calling another
     * interpreter), like {@code Py_BEGIN_ALLOW_THREADS}, so that interpreter's other callers are
     * not held up by the wait, and a thread waiting the other way round cannot deadlock on it.
     *
     * @return the attachment to give to {@link #retake} afterwards, or null if none was held
     */
    public static @Nullable Attachment releaseHeld(CApi api) {
        if (!several) {
            return null;
        }
        @Nullable Attachment holder = HOLDING.get();
        if (holder != null) {
            api.PyEval_SaveThread();
            HOLDING.set(null);
        }
        return holder;
    }

    /** Takes back what {@link #releaseHeld} gave up (blocking until that GIL is free). */
    public static void retake(CApi api, @Nullable Attachment holder) {
        if (holder != null) {
            api.PyEval_RestoreThread(holder.tstate);
            HOLDING.set(holder);
        }
    }

    /**
     * For a nested call in this interpreter ({@code attachment} is inside a call): if the thread
     * switched to another interpreter since, takes this one's GIL back.
     *
     * @return the attachment whose GIL was given up for it, to pass to {@link #yieldTo}; null if
     *     none was (this interpreter's GIL was held all along)
     */
    @Nullable Attachment reclaim(Attachment attachment) {
        if (!several) {
            return null;
        }
        @Nullable Attachment holder = HOLDING.get();
        if (holder == attachment || holder == null) {
            return null;
        }
        api.PyEval_SaveThread();
        api.PyEval_RestoreThread(attachment.tstate);
        HOLDING.set(attachment);
        return holder;
    }

    /** Undoes {@link #reclaim}: gives this interpreter's GIL up again for {@code holder}'s. */
    void yieldTo(Attachment attachment, @Nullable Attachment holder) {
        if (holder != null) {
            api.PyEval_SaveThread();
            api.PyEval_RestoreThread(holder.tstate);
            HOLDING.set(holder);
        }
    }

    /** Several interpreters live in this process from now on (before the first call is made). */
    public static void severalInterpreters() {
        several = true;
    }

    /**
     * Clears and deletes every thread state of this (sub-)interpreter but {@code keep}, live
     * threads' included, before {@code Py_EndInterpreter}, which requires its own to be the last.
     * The interpreter's GIL held through {@code keep}; no call may run in it any more.
     *
     * @return how many were deleted
     */
    public int deleteAllBut(long keep) {
        int count = 0;
        for (Set<Attachment> attachments : List.of(registry, own)) {
            for (Attachment attachment : attachments) {
                if (attachment.tstate != 0 && attachment.tstate != keep) {
                    api.PyThreadState_Clear(attachment.tstate);
                    api.PyThreadState_Delete(attachment.tstate);
                    count++;
                }
                attachment.tstate = 0;
            }
            attachments.clear();
        }
        return count;
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
