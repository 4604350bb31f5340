package io.pybridge.core.internal.attach;

import io.pybridge.core.exception.DeferredStackTraces;
import io.pybridge.core.exception.PythonClosedException;
import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * One big-stack worker per platform caller whose own stack is too small for CPython (Java's
 * default 1 MiB: a Tomcat request thread, a pool thread). The caller hands each call to its own
 * worker and waits; the worker runs it with the stack CPython's recursion limits assume.
 *
 * <p>One worker per caller, not a shared pool, so that a Java thread keeps one Python thread:
 * {@code threading.local} data, thread-bound objects ({@code sqlite3} connections) and
 * {@code threading.get_ident()} stay the same from one call to the next, as when the caller runs
 * Python itself. A worker ends soon after its caller dies (it looks each {@link #IDLE_CHECK}
 * while idle); the reaper then reclaims its thread state like any dead thread's.
 */
final class DedicatedWorkers {

    /** How often an idle worker checks whether its caller is still alive. */
    static final long IDLE_CHECK = TimeUnit.MILLISECONDS.toNanos(250);

    /**
     * The longest either side spins before it parks, in nanoseconds. A park/unpark round trip
     * costs tens of microseconds here, more than many calls; spinning wins when the other side
     * is running on another core, and loses when other processes keep every core busy (the
     * spinner then holds a core the other side needs). So each side adapts: a spin that ended
     * in time doubles the next budget, one that ran out halves it, and under load the budget
     * falls to a 1 µs probe, which is all but plain parking. No system calls while spinning: {@code Thread.yield()}
     * was tried and gave the core away for whole time slices when the machine was busy.
     */
    private static final long MAX_SPIN_NANOS = Runtime.getRuntime().availableProcessors() > 1
            ? TimeUnit.MICROSECONDS.toNanos(50) : 0;

    private static final long MIN_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(1);

    private final long stackSize;

    private final ThreadLocal<Worker> own = new ThreadLocal<>();

    private final Set<Worker> live = ConcurrentHashMap.newKeySet();

    private volatile boolean shutdown;

    DedicatedWorkers(long stackSize) {
        this.stackSize = stackSize;
    }

    /** Runs {@code work} on the calling thread's own worker (started on first use) and waits for it. */
    <T> T run(Supplier<T> work) {
        Worker worker = own.get();
        if (worker == null || !worker.thread.isAlive()) {
            if (shutdown) {
                throw PythonClosedException.shuttingDown();
            }
            worker = new Worker(Thread.currentThread(), stackSize);
            own.set(worker);
            live.add(worker);
            worker.thread.start();
        }
        return worker.call(work);
    }

    /** How many dedicated workers are running now. */
    int liveCount() {
        return live.size();
    }

    /** Ends every idle worker; one still running a call ends when it returns. */
    void shutdown() {
        shutdown = true;
        live.forEach(worker -> LockSupport.unpark(worker.thread));
    }

    /** Waits until every worker has ended; false if some remain after {@code millis}. */
    boolean awaitTermination(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Worker worker : live) {
            long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (remaining <= 0) {
                return live.isEmpty();
            }
            worker.thread.join(remaining);
        }
        return live.isEmpty();
    }

    /**
     * The worker of one caller. Only that caller hands it work, one call at a time, so a single
     * slot suffices: the caller publishes the task and parks until {@code done}; the worker
     * parks until a task is there. Volatile fields order the hand-over both ways.
     */
    private final class Worker implements Runnable {

        private final WeakReference<Thread> caller;

        final Thread thread;

        private volatile Supplier<?> task;

        private volatile boolean done;

        /** The caller waiting for the current task. */
        private volatile Thread waiter;

        /** The caller's spin budget (ns), read and written only by the caller (one at a time). */
        private long callerSpin = MAX_SPIN_NANOS;

        /** The worker's spin budget (ns), touched only by the worker thread. */
        private long workerSpin = MAX_SPIN_NANOS;

        private Object result;

        private Throwable failure;

        Worker(Thread caller, long stackSize) {
            this.caller = new WeakReference<>(caller);
            this.thread = new WorkerThread(this, "pybridge-for-" + caller.getName(), stackSize);
        }

        @SuppressWarnings("unchecked")
        <T> T call(Supplier<T> work) {
            Thread self = Thread.currentThread();
            result = null;
            failure = null;
            done = false;
            waiter = self;
            task = work;
            LockSupport.unpark(thread);
            // Not interruptible: abandoning a call that already runs Python would leave it holding
            // the permit with nobody to take the result (as for the shared pool).
            callerSpin = spin(callerSpin, () -> done);
            while (!done) {
                if (!thread.isAlive() && !done) {
                    // Ended by shutdown before it took this task (a close() racing this call).
                    task = null;
                    throw PythonClosedException.shuttingDown();
                }
                LockSupport.parkNanos(this, IDLE_CHECK);
            }
            Throwable thrown = failure;
            if (thrown == null) {
                return (T) result;
            }
            if (thrown instanceof RuntimeException runtime) {
                if (!DeferredStackTraces.isPending(runtime)) { // else it takes the caller's stack anyway
                    runtime.addSuppressed(new CallerStack(self));
                }
                throw runtime;
            }
            if (thrown instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(thrown); // a checked exception thrown sneakily
        }

        @Override
        public void run() {
            try {
                boolean spun = false;
                while (true) {
                    if (task == null && !spun) {
                        workerSpin = spin(workerSpin, () -> task != null); // the next call often comes at once
                        spun = true;
                    }
                    Supplier<?> work = task;
                    if (work == null) {
                        Thread owner = caller.get();
                        if (owner == null || !owner.isAlive() || (shutdown && task == null)) {
                            return;
                        }
                        LockSupport.parkNanos(this, IDLE_CHECK);
                        continue;
                    }
                    task = null;
                    try {
                        result = work.get();
                    }
                    catch (Throwable thrown) {
                        failure = thrown;
                    }
                    done = true; // publishes result and failure (written before this volatile write)
                    LockSupport.unpark(waiter);
                    spun = false;
                }
            }
            finally {
                live.remove(this);
            }
        }
    }

    /**
     * Spins until {@code ready} or {@code budget} nanoseconds have passed; returns the next
     * budget: doubled if it became ready, halved if not, within [{@link #MIN_SPIN_NANOS},
     * {@link #MAX_SPIN_NANOS}] (the minimum keeps probing, so the budget recovers after a busy spell).
     */
    private static long spin(long budget, BooleanSupplier ready) {
        if (MAX_SPIN_NANOS == 0) {
            return 0;
        }
        long begin = System.nanoTime();
        do {
            if (ready.getAsBoolean()) {
                return Math.min(MAX_SPIN_NANOS, budget * 2);
            }
            Thread.onSpinWait();
        }
        while (System.nanoTime() - begin < budget);
        return Math.max(MIN_SPIN_NANOS, budget / 2);
    }

    /** Records where the handed-over call came from. */
    private static final class CallerStack extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CallerStack(Thread caller) {
            super("called from " + caller);
        }
    }
}
