package io.pybridge.core.internal.interpreter;

import io.pybridge.core.exception.PythonClosedException;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.internal.attach.CallGate;
import io.pybridge.core.internal.capi.CApi;
import java.lang.System.Logger.Level;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One interpreter's asyncio event loop, started on the first awaitable handed to it, and run by
 * a Java thread pybridge owns ({@link CallGate#startPermitFree}): never a Python
 * {@code threading.Thread}, so a Java callback a coroutine makes comes from a JVM thread like any
 * other. The loop thread holds no permit; asyncio releases the GIL while it waits for I/O or a
 * timer, so thousands of coroutines can await at once while other callers take turns on the permit.
 *
 * <p>A caller holding the permit and the GIL hands an awaitable over with {@link #submit} and
 * leaves the gate at once. When the task ends, the loop thread (holding the GIL) calls one Java
 * callable, reads the outcome (the result converted to the requested type, or the exception
 * translated with its Python traceback) and hands it to the common pool, which completes the
 * caller's future: dependent stages never run on the loop thread, which holds the GIL.
 *
 * <p>Fields marked "GIL" are read and written only by threads holding this interpreter's GIL
 * (callers inside a call, the loop thread, the housekeeping thread), which orders them.
 */
final class EventLoop {

    private static final System.Logger LOG = System.getLogger(EventLoop.class.getName());

    /** Where outcomes are delivered: never the loop thread, which holds the GIL. */
    private static final Executor COMPLETIONS = ForkJoinPool.commonPool();

    /** One awaitable handed to the loop and not yet reported. */
    final class Pending {

        private final long ident;

        private final Type resultType;

        private final AwaitedCall.Completion completion;

        /** GIL. The {@code _pybridge._Submitted} (strong), 0 once the outcome was read. */
        private volatile long submitted;

        /** Whether the completion was called: once, by the loop or by close, whichever comes first. */
        private final AtomicBoolean reported = new AtomicBoolean();

        private Pending(long ident, Type resultType, AwaitedCall.Completion completion) {
            this.ident = ident;
            this.resultType = resultType;
            this.completion = completion;
        }

        /**
         * Cancels the task (it sees {@code CancelledError} at its next await, its {@code finally}
         * runs); never blocks: the housekeeping thread takes the GIL for it. The completion is
         * still called once the task has ended.
         */
        boolean waitingWouldDeadlock() {
            // Inside a call of this interpreter, the thread holds (or is nested under) the GIL the loop needs.
            return gate.isInside();
        }

        void cancel() {
            gate.laterWithGil(() -> {
                if (submitted != 0) {
                    call(cancelFunction, submitted);
                }
            });
        }
    }

    private final String name;

    private final Interpreter interpreter;

    private final CApi api;

    private final CallGate gate;

    /** Awaitables handed over and not yet reported, by ident. */
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

    private final AtomicLong nextIdent = new AtomicLong();

    /**
     * GIL. The {@code _pybridge._Loop}: the asyncio loop and its inbox (strong), 0 before the
     * first submit and once its thread has ended.
     */
    private volatile long loop;

    /** GIL. The Java callable the loop calls with a task's ident when it ends (strong, with {@link #loop}). */
    private long done;

    /** GIL. {@code _pybridge.loop_*} (kept by the helper module), looked up on first use. */
    private long prepareFunction;

    private long startFunction;

    private long cancelFunction;

    private long outcomeFunction;

    private long stopFunction;

    private long awaitableCheck;

    /** GIL. {@code types.CoroutineType} (kept by the helper module). */
    private long coroutineType;

    /** GIL. Set once the loop is stopping: nothing more is handed to it. */
    private volatile boolean stopped;

    private volatile @Nullable Thread thread;

    /** How long the loop waits, once stopped, for its cancelled tasks to end. */
    private final Duration closeTimeout;

    EventLoop(String name, Interpreter interpreter, CallGate gate, Duration closeTimeout) {
        this.name = name;
        this.closeTimeout = closeTimeout;
        this.interpreter = interpreter;
        this.api = interpreter.api;
        this.gate = gate;
    }

    /** Whether {@code value} (borrowed) can be awaited. GIL held. */
    boolean isAwaitable(long value) {
        if (awaitableCheck == 0) {
            coroutineType = interpreter.helper("CoroutineType");
            awaitableCheck = interpreter.helper("is_awaitable");
        }
        if (interpreter.types.typeOf(value) == coroutineType) {
            return true; // an async def's coroutine: no Python call needed to know
        }
        long answer = interpreter.errors.checked(api.PyObject_VectorcallDict(awaitableCheck, new long[] { value }, 1, 0));
        try {
            return (Boolean) interpreter.fromPython.convert(answer, Boolean.class);
        }
        finally {
            api.Py_DecRef(answer);
        }
    }

    /**
     * Hands {@code awaitable} (borrowed) to the loop, starting it on first use; returns at once.
     * The caller holds the permit and the GIL of this interpreter; it gives both up as soon as it
     * returns, while the task awaits.
     *
     * @throws PythonClosedException if the loop is stopping (the runtime is closing)
     */
    Pending submit(long awaitable, Type resultType, AwaitedCall.Completion completion) {
        if (stopped) {
            throw PythonClosedException.shuttingDown();
        }
        if (loop == 0) {
            start();
        }
        Pending call = new Pending(nextIdent.incrementAndGet(), resultType, completion);
        long ident = api.PyLong_FromLongLong(call.ident);
        try {
            // Held before the loop may see it: running Python code can give the GIL to the loop's
            // thread between any two bytecodes, and the task could end before a later assignment.
            call.submitted = interpreter.errors.checked(
                    api.PyObject_VectorcallDict(prepareFunction, new long[] { loop, awaitable, ident, done }, 4, 0));
            pending.put(call.ident, call);
            api.Py_DecRef(interpreter.errors.checked(
                    api.PyObject_VectorcallDict(startFunction, new long[] { call.submitted }, 1, 0)));
            return call;
        }
        catch (RuntimeException ex) {
            if (pending.remove(call.ident) != null) {
                api.Py_DecRef(call.submitted);
                call.submitted = 0;
            }
            throw ex;
        }
        finally {
            api.Py_DecRef(ident);
        }
    }

    /**
     * GIL held, on a caller's thread: makes the loop and starts its thread, which waits for the
     * GIL meanwhile. Two callers may be here at once (several permits): Python code run on the
     * way may give the GIL to the other one. So everything that may run Python comes first
     * ({@code _pybridge.loop_get} makes one loop, under a lock), and the check and the
     * assignments after it run none, which makes them atomic under the GIL.
     */
    private void start() {
        prepareFunction = interpreter.helper("loop_prepare");
        startFunction = interpreter.helper("loop_start");
        cancelFunction = interpreter.helper("loop_cancel");
        outcomeFunction = interpreter.helper("loop_outcome");
        stopFunction = interpreter.helper("loop_stop");
        long runFunction = interpreter.helper("loop_run");
        long runner = interpreter.errors.checked(api.PyObject_VectorcallDict(interpreter.helper("loop_get"), new long[0], 0, 0));
        long callable = interpreter.callables.newCallable(args -> {
            ended((Long) args.get(0));
            return null;
        });
        long seconds = api.PyFloat_FromDouble(closeTimeout.toNanos() / 1e9);
        if (loop != 0) {
            // The other caller started it meanwhile.
            api.Py_DecRef(seconds);
            api.Py_DecRef(callable);
            api.Py_DecRef(runner);
            return;
        }
        done = callable;
        loop = runner;
        String threadName = name.equals("main") ? "pybridge-asyncio" : "pybridge-asyncio-" + name;
        thread = gate.startPermitFree(threadName, () -> run(runFunction, runner, seconds));
    }

    /** The loop thread, holding the GIL but no permit, until the loop is stopped. */
    private void run(long runFunction, long runningLoop, long closeTimeout) {
        try {
            api.Py_DecRef(interpreter.errors.checked(
                    api.PyObject_VectorcallDict(runFunction, new long[] { runningLoop, closeTimeout }, 2, 0)));
        }
        catch (RuntimeException ex) {
            LOG.log(Level.WARNING, "The asyncio event loop of the " + name + " interpreter ended with an error", ex);
        }
        finally {
            stopped = true;
            api.Py_DecRef(closeTimeout);
            api.Py_DecRef(done);
            api.Py_DecRef(runningLoop);
            loop = 0;
            done = 0;
            // Nothing is reported once the loop is gone: whatever is left fails, never hangs.
            for (Pending call : pending.values()) {
                pending.remove(call.ident);
                api.Py_DecRef(call.submitted);
                call.submitted = 0;
                report(call, null, PythonClosedException.shuttingDown());
            }
        }
    }

    /** On the loop thread, holding the GIL: the task {@code ident} has ended. */
    private void ended(long ident) {
        Pending call = pending.remove(ident);
        if (call == null) {
            return;
        }
        long submitted = call.submitted;
        call.submitted = 0;
        Object value = null;
        Throwable error = null;
        try {
            long result = interpreter.errors.checked(api.PyObject_VectorcallDict(outcomeFunction, new long[] { submitted }, 1, 0));
            try {
                value = interpreter.fromPython.convert(result, call.resultType);
            }
            catch (PythonConversionException ex) {
                error = ex.under("the awaited result");
            }
            finally {
                interpreter.toPython.release(result);
            }
        }
        catch (RuntimeException | Error ex) {
            error = ex;
        }
        finally {
            api.Py_DecRef(submitted);
        }
        report(call, value, error);
    }

    /** Completes {@code call} on the common pool, unless close already did. */
    private static void report(Pending call, @Nullable Object value, @Nullable Throwable error) {
        if (!call.reported.compareAndSet(false, true)) {
            return;
        }
        AwaitedCall.Completion completion = call.completion;
        COMPLETIONS.execute(() -> {
            if (error == null) {
                completion.succeeded(value);
            }
            else {
                completion.failed(error);
            }
        });
    }

    /** Calls {@code function(argument)} for its effect, GIL held; a Python error is logged, not thrown. */
    private void call(long function, long argument) {
        long result = api.PyObject_VectorcallDict(function, new long[] { argument }, 1, 0);
        if (result == 0) {
            LOG.log(Level.WARNING, "asyncio event loop of the " + name + " interpreter: " + interpreter.errors.toException());
            return;
        }
        api.Py_DecRef(result);
    }

    /**
     * At close, after the calls in flight have ended: fails every pending awaitable with
     * {@link PythonClosedException}, then stops the loop (its tasks are cancelled, their
     * {@code finally} blocks run) and waits for its thread, at most {@code timeout}.
     *
     * @return whether the loop thread has ended (or never started)
     */
    boolean stop(Duration timeout) throws InterruptedException {
        failAll();
        Thread running = thread;
        if (running == null) {
            return true;
        }
        gate.laterWithGil(() -> {
            stopped = true;
            if (loop != 0) {
                call(stopFunction, loop);
            }
        });
        running.join(Math.max(1, timeout.toMillis()));
        failAll(); // handed over while it stopped
        return !running.isAlive();
    }

    private void failAll() {
        // Left in the map: the loop thread still releases each one's reference under the GIL.
        for (Pending call : pending.values()) {
            report(call, null, PythonClosedException.shuttingDown());
        }
    }

    /** Awaitables handed over and not yet reported. */
    int pendingCount() {
        return pending.size();
    }
}
