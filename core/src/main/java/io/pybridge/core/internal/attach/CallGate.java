package io.pybridge.core.internal.attach;

import io.pybridge.core.exception.PythonBusyException;
import io.pybridge.core.exception.PythonClosedException;
import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.runtime.ExecutionMode;
import io.pybridge.core.runtime.GateSnapshot;
import io.pybridge.core.runtime.PythonCallContext;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import io.pybridge.core.runtime.ThreadStateSnapshot;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The one way into Python: every call passes this gate, which takes a Java permit first, then
 * the GIL through the calling thread's persistent thread state ({@link ThreadStates}), drains
 * the {@link DeferredDecrefs}, and gives both back in {@code finally}. It also owns what else
 * attaching needs: the workers that run calls for threads that must not run Python themselves,
 * and the housekeeping thread (reaping, GIL probes, asynchronous interrupts).
 *
 * <p>Rules, in the order a call meets them:
 * <ol>
 * <li>A thread already inside a call (Python called back into Java) runs at once: it holds
 * both already, so Python → Java → Python never waits or deadlocks.</li>
 * <li>Virtual threads and every caller in {@link ExecutionMode#WORKERS} hand the whole call to
 * the shared pool of platform workers; a platform thread with less stack than CPython needs
 * (Java's default 1 MiB) hands it to its own dedicated worker. Workers have big stacks: Python
 * never runs on a virtual thread nor on a stack it could overflow.</li>
 * <li>The permit is taken, waiting at most the acquire timeout: whoever asks first while nobody
 * has waited the switch interval, the longest waiter once somebody has ({@link SwitchingPermits}),
 * so no caller starves behind one that calls again at once. Lock order is always permit,
 * then GIL, and nobody waits for a permit while holding the GIL — so no lock-order deadlock.</li>
 * <li>The GIL is taken by restoring the thread's own thread state, references queued for release
 * are released, the work runs, the thread state is saved (GIL released) and the permit released,
 * each in {@code finally}.</li>
 * </ol>
 */
public final class CallGate {

    private final CApi api;

    private final ThreadStates threadStates;

    private final DeferredDecrefs deferredDecrefs;

    private final Housekeeping housekeeping;

    /** {@code _pybridge.Interrupted}, borrowed from the interpreter: raised to stop calls. */
    private final long interruptType;

    /** Fast while nobody waits long, in arrival order once somebody does (see {@link SwitchingPermits}). */
    private final SwitchingPermits permits;

    private final int permitCount;

    private final long acquireTimeoutNanos;

    private final ExecutionMode mode;

    private final Workers workers;

    /** Carried from the caller's thread to the worker on a hand-off (the MDC, under Spring). */
    private final PythonCallContext callContext;

    /** This gate's interpreter, for logs and snapshots ("main", "pool-1", ...). */
    private final String name;

    /** The least stack (bytes) a caller needs to run Python itself rather than on a worker. */
    private final long minimumStack;

    /** About one call in this many is timed ({@link PythonRuntimeConfig#callTimingSample()}). */
    private final int timingSample;

    /** The stack of the threads this gate starts (housekeeping, event loops). */
    private final long threadStackSize;

    private final GateStatistics statistics = new GateStatistics();

    private final AtomicInteger waiting = new AtomicInteger();

    /** Top-level calls past the open check and not yet finished; close() waits for 0. */
    private final AtomicInteger inFlight = new AtomicInteger();

    private final Object idleSignal = new Object();

    private volatile boolean closing;

    /**
     * @param name the interpreter's name ("main", "pool-1", ...)
     * @param interruptType {@code _pybridge.Interrupted} of this interpreter (borrowed; the
     *     interpreter outlives the gate)
     * @param workers the runtime's workers, shared by the gates of all its interpreters
     * @param permits how many calls may hold a permit at once
     */
    public CallGate(String name, CApi api, ThreadStates threadStates, DeferredDecrefs deferredDecrefs,
            PythonRuntimeConfig config, long interruptType, Workers workers, int permits) {
        this.name = name;
        this.api = api;
        this.threadStates = threadStates;
        this.deferredDecrefs = deferredDecrefs;
        this.interruptType = interruptType;
        this.permits = new SwitchingPermits(permits, config.permitSwitchInterval().toNanos(), config.fairPermits());
        this.permitCount = permits;
        this.acquireTimeoutNanos = config.acquireTimeout().toNanos();
        this.mode = config.executionMode();
        // CPython 3.14.2+ is told each thread's stack bounds: a quarter of a mebibyte will do.
        // Before, its recursion limits assume a main thread's stack: small stacks hand off.
        this.minimumStack = threadStates.minimumStack(config.threadStackSize());
        this.timingSample = config.callTimingSample();
        this.workers = workers;
        this.callContext = config.callContext();
        this.threadStackSize = config.threadStackSize();
        this.housekeeping = new Housekeeping(name, threadStates, config.reapInterval(), threadStackSize);
    }

    /** Runs {@code work} holding the permit and the GIL, stoppable through {@code token}. */
    public <T> T run(CallToken token, Supplier<T> work) {
        return run(() -> {
            token.enter(threadStates.current(), this);
            try {
                return work.get();
            }
            finally {
                token.exit();
            }
        });
    }

    /** Runs {@code work} holding the permit and the GIL. */
    public <T> T run(Supplier<T> work) {
        Attachment attachment = threadStates.current();
        if (attachment.inside()) {
            return nested(attachment, work);
        }
        switch (CallRoute.of(attachment, mode == ExecutionMode.WORKERS, minimumStack)) {
            case SHARED_WORKER:
                return handOff(workers.shared::run, work);
            case DEDICATED_WORKER:
                return handOff(workers.dedicated::run, work);
            default:
                return enter(attachment, work, 0, false);
        }
    }

    /**
     * Runs the call on a worker: the shared pool (virtual threads, {@link ExecutionMode#WORKERS}),
     * or, for a platform thread whose stack is smaller than the configured minimum, that thread's
     * own dedicated worker. CPython sizes its recursion limits for a main-thread stack; recursion
     * through C ({@code sorted(key=...)}, {@code json}, {@code repr}) would overflow a 1 MiB Java
     * stack before {@code RecursionError} is raised: a SIGSEGV the JVM cannot survive. Workers
     * have the minimum stack by construction.
     */
    private <T> T handOff(Function<Supplier<T>, T> executor, Supplier<T> work) {
        if (closing) {
            throw PythonClosedException.shuttingDown();
        }
        long deadline = System.nanoTime() + acquireTimeoutNanos;
        @Nullable Object context = callContext.capture();
        return executor.apply(() -> {
            try (PythonCallContext.Scope restored = callContext.restore(context)) {
                return enter(threadStates.current(), work, deadline, true);
            }
        });
    }

    /** Whether the current thread is inside a call (holds the permit and the GIL). */
    public boolean isInside() {
        return threadStates.current().inside();
    }

    private <T> T nested(Attachment attachment, Supplier<T> work) {
        // Inside a call of this interpreter, but perhaps holding another one's GIL now (a callback
        // that called a pooled interpreter, whose callback calls back here): switch back for this.
        @Nullable Attachment holder = threadStates.reclaim(attachment);
        attachment.enter();
        try {
            return work.get();
        }
        finally {
            attachment.exit();
            threadStates.yieldTo(attachment, holder);
        }
    }

    /**
     * Takes the permit and the GIL, runs {@code work}, gives both back.
     *
     * @param deadline when waiting for the permit ends, if {@code handedOff} (the wait for the
     *     worker counts too); otherwise the acquire timeout runs from the moment this has to wait
     */
    private <T> T enter(Attachment attachment, Supplier<T> work, long deadline, boolean handedOff) {
        // Inside another interpreter's call (a callback)? Its GIL is not held while this waits.
        @Nullable Attachment held = ThreadStates.releaseHeld(api);
        inFlight.incrementAndGet();
        boolean permitted = false;
        try {
            // Checked after counting ourselves in, so close() either sees us or we see it.
            if (closing) {
                throw PythonClosedException.shuttingDown();
            }
            // A free permit is taken without reading the clock: at ~26 ns a read, the clock would
            // cost a call more than the permit itself. Only a caller that has to wait times it.
            boolean waited = !permits.tryAcquire();
            long permitWait = waited ? awaitPermit(deadline, handedOff) : 0;
            permitted = true;
            // Timing the rest takes three more reads, so only a sample of calls is timed (see
            // CallTiming); a call that waited is always timed, as the waits are what health watches.
            int weight = waited ? 1 : attachment.timing.next(timingSample);
            long acquired = weight == 0 ? 0 : System.nanoTime();
            threadStates.attach(attachment);
            long attached = weight == 0 ? 0 : System.nanoTime();
            attachment.enter();
            try {
                deferredDecrefs.drain();
                return work.get();
            }
            finally {
                attachment.exit();
                threadStates.detach(attachment);
                if (weight == 0) {
                    statistics.countCall();
                }
                else {
                    long now = System.nanoTime();
                    statistics.recordCall(permitWait, attached - acquired, now - acquired, now, weight);
                }
            }
        }
        finally {
            // Counted out before the permit goes back: whoever gets the permit next (a caller
            // that then reads the statistics, say) sees this call as ended, not still in flight.
            leave();
            if (permitted) {
                permits.release();
            }
            ThreadStates.retake(api, held);
        }
    }

    private void leave() {
        if (inFlight.decrementAndGet() == 0 && closing) {
            synchronized (idleSignal) {
                idleSignal.notifyAll();
            }
        }
    }

    /**
     * Waits for a permit until the deadline (the hand-off's, else the acquire timeout from now);
     * returns how long it waited, or throws
     * {@link PythonBusyException} when none came in time.
     */
    private long awaitPermit(long handOffDeadline, boolean handedOff) {
        long start = System.nanoTime();
        long deadline = handedOff ? handOffDeadline : start + acquireTimeoutNanos;
        waiting.incrementAndGet();
        try {
            long remaining = deadline - start;
            if (remaining > 0 && permits.tryAcquire(remaining)) {
                return System.nanoTime() - start;
            }
            long now = System.nanoTime();
            // The wait counts too: health must see the worst contention, not only the callers that got in.
            statistics.recordRejection(acquireTimeoutNanos, now);
            throw new PythonBusyException(Duration.ofNanos(acquireTimeoutNanos), permitCount, waiting.get() - 1);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new PythonBusyException(Duration.ofNanos(acquireTimeoutNanos - Math.max(0, deadline - System.nanoTime())),
                    permitCount, waiting.get() - 1);
        }
        finally {
            waiting.decrementAndGet();
        }
    }

    /**
     * Statistics for health and metrics, windows over the last 1,024 timed calls (and the refusals
     * among them); never blocks.
     */
    public GateSnapshot snapshot() {
        return snapshot(Duration.ofNanos(Long.MAX_VALUE));
    }

    /** Statistics whose recent windows hold only calls that ended within {@code window}; never blocks. */
    public GateSnapshot snapshot(Duration window) {
        return statistics.snapshot(permitCount, permits.available(), waiting.get(), inFlight.get(),
                window.toNanos());
    }

    /** Refuses new top-level calls from now on; calls already inside go on. */
    public void close() {
        closing = true;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosing() {
        return closing;
    }

    /** Waits until no call is in flight; returns false if calls remain after {@code timeout}. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idleSignal) {
            while (inFlight.get() > 0) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idleSignal, remaining);
            }
            return true;
        }
    }

    /**
     * Raises {@code _pybridge.Interrupted} in every thread inside a call, from the housekeeping
     * thread; never blocks (C code holding the GIL must not hold up the caller).
     */
    public void interruptRunningCalls() {
        housekeeping.submitWithGil(() -> {
            for (long ident : threadStates.busyThreadIdents()) {
                api.PyThreadState_SetAsyncExc(ident, interruptType);
            }
        });
    }

    /**
     * Stops the housekeeping thread and the workers (after {@link #awaitIdle}); returns whether
     * they stopped within {@code timeout}.
     */
    public boolean shutdown(Duration timeout) throws InterruptedException {
        return housekeeping.shutdown(timeout);
    }

    /** This thread's attachment (for Java callbacks, which count as inside the call). */
    public Attachment current() {
        return threadStates.current();
    }

    /** Thread-state counts; never blocks. */
    public ThreadStateSnapshot threadStateSnapshot() {
        return threadStates.snapshot();
    }

    /**
     * Takes and releases the GIL on the housekeeping thread, without a permit, waiting at most
     * {@code timeout} (a probe still waiting is shared, not repeated).
     *
     * @return how long getting the GIL took in nanoseconds, or -1 if it did not come in time
     */
    public long probeGil(Duration timeout) {
        return housekeeping.probe(timeout);
    }

    /** Reclaims thread states of dead threads now; returns how many. */
    public int reapThreadStates() {
        return housekeeping.reapNow();
    }

    /**
     * Starts a daemon thread pybridge owns that runs {@code body} holding this interpreter's GIL
     * but no permit, as the housekeeping thread does: for an asyncio event loop, which gives the
     * GIL up whenever it waits (select/epoll) and so only ever contends for the GIL, never holding
     * up a permit while coroutines await. The thread counts as inside a call while {@code body}
     * runs, so Python code on it that calls Java that calls Python again re-enters at once.
     */
    public Thread startPermitFree(String threadName, Runnable body) {
        Thread thread = RuntimeOwnedThreads.create(() -> new WorkerThread(() -> {
            Attachment attachment = threadStates.current();
            threadStates.attach(attachment);
            attachment.enter();
            try {
                body.run();
            }
            finally {
                attachment.exit();
                threadStates.detach(attachment);
            }
        }, threadName, threadStackSize));
        thread.start();
        return thread;
    }

    /**
     * Runs {@code job} holding this interpreter's GIL, without a permit, on the housekeeping
     * thread; never blocks the caller (C code holding the GIL must not hold it up). Dropped once
     * the gate is shut down.
     */
    public void laterWithGil(Runnable job) {
        housekeeping.submitWithGil(job);
    }

    /** Queues a reference for release by the next thread that attaches; any thread, never blocks. */
    public void deferDecref(long reference) {
        deferredDecrefs.add(reference);
    }

    /**
     * Raises {@code _pybridge.Interrupted} in {@code attachment}'s thread if {@code stillRunning}
     * holds once the housekeeping thread has this interpreter's GIL ({@code PyThreadState_SetAsyncExc}
     * only reaches threads of the interpreter it is called in). Never blocks.
     */
    void interrupt(Attachment attachment, BooleanSupplier stillRunning) {
        if (!closing) {
            housekeeping.submitWithGil(() -> {
                if (stillRunning.getAsBoolean()) {
                    api.PyThreadState_SetAsyncExc(attachment.threadIdent, interruptType);
                }
            });
        }
    }

    /**
     * Withdraws an interrupt requested for {@code attachment}'s thread but perhaps not raised yet,
     * so it cannot hit that thread's next call. Called by that thread, holding this interpreter's GIL.
     */
    void clearInterrupt(Attachment attachment) {
        api.PyThreadState_SetAsyncExc(attachment.threadIdent, 0);
    }

    /**
     * The least stack a platform thread needs to run Python itself; a thread with less hands
     * each call to its own worker.
     */
    public long minimumCallerStack() {
        return minimumStack;
    }

    /** This gate's interpreter ("main", "pool-1", ...). */
    public String name() {
        return name;
    }
}
