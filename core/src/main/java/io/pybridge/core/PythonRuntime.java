package io.pybridge.core;

import io.pybridge.core.exception.PythonInitializationException.Reason;
import io.pybridge.core.exception.PythonInitializationException;
import io.pybridge.core.internal.attach.CallToken;
import io.pybridge.core.internal.interpreter.AwaitedCall;
import io.pybridge.core.internal.interpreter.CallFunnel;
import io.pybridge.core.internal.interpreter.EmbeddedPython.Lifecycle;
import io.pybridge.core.internal.interpreter.EmbeddedPython;
import io.pybridge.core.runtime.GateSnapshot;
import io.pybridge.core.runtime.NativeBinding;
import io.pybridge.core.runtime.PoolSnapshot;
import io.pybridge.core.runtime.PythonInstallation;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import io.pybridge.core.runtime.SourceReload;
import io.pybridge.core.runtime.ThreadStateSnapshot;
import java.lang.System.Logger.Level;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * The one embedded CPython interpreter of this process: locates libpython, boots it once on a
 * dedicated platform thread, and shuts it down. Calls go through a {@link PythonTemplate} made
 * on it.
 *
 * <p>CPython cannot be re-initialized reliably in one process (extension modules keep global
 * state), so at most one runtime is ever started per JVM: {@link #start} refuses a second one
 * while the first is live and after it was finalized. Code that may run twice in a JVM (a
 * Spring DevTools restart) asks {@link #current()} first and reuses the live runtime.
 *
 * <p>This class is the one seam between pybridge's public API and its implementation
 * ({@code io.pybridge.core.internal}); nothing else in the API reaches inside.
 */
public final class PythonRuntime implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PythonRuntime.class.getName());

    private static final Object START_LOCK = new Object();

    private static PythonRuntime live;

    private static boolean finalizedOnce;

    /** Lifecycle states. */
    public enum State {
        /** Accepting calls. */
        RUNNING,
        /** Refusing new calls, draining the ones in flight. */
        CLOSING,
        /** Finalized: Python is gone. */
        CLOSED,
        /** Closed to callers, but calls could not be stopped so the interpreter was left unfinalized. */
        ABANDONED
    }

    /** How observations name a pooled call's interpreter before one is taken. */
    private static final String POOL = "pool";

    private final EmbeddedPython python;

    /** Held here so a call goes from the template straight into the funnel (one frame fewer per stack trace). */
    private final CallFunnel funnel;

    private PythonRuntime(EmbeddedPython python) {
        this.python = python;
        this.funnel = python.funnel();
    }

    /**
     * Locates and boots CPython.
     *
     * @throws PythonInitializationException if Python cannot be found or booted, or a runtime
     *     already lives (or lived) in this JVM
     */
    public static PythonRuntime start(PythonRuntimeConfig config) {
        synchronized (START_LOCK) {
            if (live != null) {
                throw new PythonInitializationException(Reason.ALREADY_RUNNING,
                        "A Python runtime (" + live.installation().library() + ") is already running in this JVM",
                        "Reuse it through PythonRuntime.current(): CPython cannot host two interpreters of this kind "
                                + "in one process.");
            }
            if (finalizedOnce) {
                throw new PythonInitializationException(Reason.ALREADY_RUNNING,
                        "CPython was already finalized in this JVM and cannot be initialized again reliably",
                        "Keep one runtime for the life of the process and close it only at shutdown.");
            }
            live = new PythonRuntime(EmbeddedPython.boot(config));
            LOG.log(Level.INFO, "Python {0} started from {1} (binding {2}){3}", live.installation().version(),
                    live.installation().library(), live.nativeBinding(), startedWith(config, live.installation()));
            return live;
        }
    }

    /**
     * How this runtime calls CPython: {@link NativeBinding#FFM} ({@code java.lang.foreign}) or
     * {@link NativeBinding#JNA}, as chosen at start (see {@link PythonRuntimeConfig.Builder#nativeBinding}).
     */
    public NativeBinding nativeBinding() {
        return python.nativeBinding();
    }

    /** The worker processes as they are now, in order; empty without them. */
    public List<io.pybridge.core.runtime.WorkerProcessSnapshot> processSnapshot() {
        return python.processSnapshot();
    }

    /** The names of the pooled interpreters ("pool-1", ...), in order; empty without a pool. */
    public List<String> poolMembers() {
        return python.poolMembers();
    }

    /** The start-up log's tail: the virtualenv, package folders and sources in use, when there are any. */
    private static String startedWith(PythonRuntimeConfig config, io.pybridge.core.runtime.PythonInstallation python) {
        StringBuilder text = new StringBuilder();
        if (python.prefix() != null && !python.prefix().equals(python.home())) {
            text.append("; virtualenv ").append(python.prefix());
        }
        if (!config.packages().isEmpty()) {
            text.append("; packages ").append(config.packages());
        }
        if (!config.pythonPath().isEmpty()) {
            text.append("; sys.path starts with ").append(config.pythonPath());
        }
        return text.toString();
    }

    /** The live runtime of this JVM, if one is running. */
    public static Optional<PythonRuntime> current() {
        synchronized (START_LOCK) {
            return Optional.ofNullable(live);
        }
    }

    /** The template's funnel: interceptor, permit and GIL, session (see {@link PythonTemplate}). */
    <T> @Nullable T call(@Nullable PythonCallInterceptor interceptor, PythonCallDescription description,
            PythonInterpreter target, boolean ownAction, PythonCallback<T> action) {
        return switch (target) {
            case MAIN -> funnel.call(interceptor, description, null, ownAction, action);
            case POOL -> python.callPooled(interceptor, interceptor == null ? description : description.in(POOL), null,
                    ownAction, action);
            case PROCESS -> python.callInProcess(interceptor, description, null, ownAction, action);
        };
    }

    /** The template's submit: the same funnel on {@code executor}, stoppable through the returned future. */
    <T> PythonFuture<T> submit(@Nullable PythonCallInterceptor interceptor, PythonCallDescription description,
            PythonInterpreter target, PythonCallback<T> action, Executor executor) {
        Objects.requireNonNull(action, "action");
        CallToken token = python.newToken();
        PythonFuture<T> future = new PythonFuture<>(token::stop);
        try {
            executor.execute(() -> {
                try {
                    if (future.isDone()) {
                        return; // cancelled while queued
                    }
                    future.complete(switch (target) {
                        case MAIN -> funnel.call(interceptor, description, token, false, action);
                        case POOL -> python.callPooled(interceptor, description.in(POOL), token, false, action);
                        case PROCESS -> python.callInProcess(interceptor, description, token, false, action);
                    });
                }
                catch (Throwable ex) {
                    future.completeExceptionally(ex);
                }
                finally {
                    future.markFinished();
                }
            });
        }
        catch (RejectedExecutionException ex) {
            future.completeExceptionally(ex);
            future.markFinished();
        }
        return future;
    }

    /**
     * The template's asynchronous call: the function is called through the funnel as
     * {@link #call} does; an awaitable result (an {@code async def}'s coroutine) is handed to the
     * interpreter's event loop and the permit given back, and the returned future completes when
     * it ends. Cancelling the future cancels the task. A plain result completes it at once;
     * whatever the call itself throws completes it exceptionally.
     */
    @SuppressWarnings("unchecked")
    <T> PythonFuture<T> callAsync(@Nullable PythonCallInterceptor interceptor, PythonCallDescription description,
            PythonInterpreter target, String module, String function, List<?> args, Map<String, ?> keywords,
            Type resultType) {
        if (target == PythonInterpreter.PROCESS) {
            // A worker runs an async def's coroutine to its end itself; the caller's thread is one
            // of the runtime's, waiting on the worker's answer.
            return (PythonFuture<T>) submit(interceptor, description, target,
                    session -> session.call(module, function, args, keywords, resultType), python.processCallers());
        }
        // The future exists before the call starts, which may be cancelled before it returns.
        AtomicReference<@Nullable AwaitedCall> started = new AtomicReference<>();
        PythonFuture<T> future = new PythonFuture<>(() -> {
            AwaitedCall call = started.get();
            if (call != null) {
                call.cancel();
            }
        }, () -> {
            AwaitedCall call = started.get();
            return call != null && call.waitingWouldDeadlock();
        });
        AwaitedCall.Completion completion = new AwaitedCall.Completion() {
            @Override
            public void succeeded(@Nullable Object value) {
                future.complete((T) value);
                future.markFinished();
            }

            @Override
            public void failed(Throwable error) {
                future.completeExceptionally(error);
                future.markFinished();
            }
        };
        AwaitedCall call;
        try {
            boolean pooled = target == PythonInterpreter.POOL;
            call = python.callAwaiting(interceptor, pooled && interceptor != null ? description.in(POOL) : description,
                    pooled, module, function, args, keywords, resultType, completion);
        }
        catch (RuntimeException | Error ex) {
            completion.failed(ex);
            return future;
        }
        if (call.isImmediate()) {
            completion.succeeded(call.value());
            return future;
        }
        started.set(call);
        if (future.isCancelled()) {
            call.cancel(); // cancelled while the call started: stop() found nothing to cancel then
        }
        return future;
    }

    public PythonInstallation installation() {
        return python.installation();
    }

    public PythonRuntimeConfig config() {
        return python.config();
    }

    public State state() {
        return stateOf(python.state());
    }

    /** The interpreter's lifecycle as the API names it (the implementation never sees {@link State}). */
    private static State stateOf(Lifecycle lifecycle) {
        return switch (lifecycle) {
            case RUNNING -> State.RUNNING;
            case CLOSING -> State.CLOSING;
            case CLOSED -> State.CLOSED;
            case ABANDONED -> State.ABANDONED;
        };
    }

    /** Permit and GIL statistics (windows: the last 1,024 calls); never blocks. */
    public GateSnapshot gateSnapshot() {
        return gateSnapshot(Duration.ofNanos(Long.MAX_VALUE));
    }

    /** Permit and GIL statistics whose windows hold only calls that ended within {@code window}. */
    public GateSnapshot gateSnapshot(Duration window) {
        return python.gateSnapshot(window);
    }

    /** Thread-state counts; never blocks. */
    public ThreadStateSnapshot threadStateSnapshot() {
        return python.threadStateSnapshot();
    }

    /**
     * The gate figures of every interpreter, by name: {@code "main"} first, then the pool's
     * ({@code "pool-1"}, ...); over the last {@code window}.
     */
    public Map<String, GateSnapshot> gateSnapshots(Duration window) {
        return python.gateSnapshots(window);
    }

    /** The interpreters' names: {@code "main"}, then the pool's ({@code "pool-1"}, ...). */
    public List<String> interpreters() {
        return python.interpreterNames();
    }

    /**
     * One interpreter's gate figures over the last {@code window}.
     *
     * @throws IllegalArgumentException if there is no interpreter of that name
     */
    public GateSnapshot gateSnapshot(String interpreter, Duration window) {
        return python.gateSnapshot(interpreter, window);
    }

    /** One interpreter's thread-state counts. */
    public ThreadStateSnapshot threadStateSnapshot(String interpreter) {
        return python.threadStateSnapshot(interpreter);
    }

    /**
     * How long the housekeeping thread of {@code interpreter} took to get its GIL, if it did
     * within {@code timeout}; empty if not, or if the runtime is not running.
     */
    public Optional<Duration> probeGil(String interpreter, Duration timeout) {
        long nanos = python.probeGil(interpreter, timeout);
        return nanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
    }

    /**
     * The least stack, in bytes, a platform thread needs to run Python itself: 256 KiB on CPython
     * 3.14.2+, which pybridge tells each thread's stack bounds; {@code thread-stack-size} (16 MiB)
     * before. A platform thread with less hands each call to a worker of its own (see the threading
     * model in the docs); virtual threads always hand their calls to the shared workers.
     */
    public long minimumCallerStack() {
        return python.minimumCallerStack();
    }

    /** Callers waiting now for a pooled interpreter to become free (0 without a pool). */
    public int poolWaiting() {
        return python.poolWaiting();
    }

    /**
     * The pool's own queue (callers waiting for a free pooled interpreter, before any member's
     * gate), with percentiles over the last {@code window}; empty without a pool.
     */
    public Optional<PoolSnapshot> poolSnapshot(Duration window) {
        return Optional.ofNullable(python.poolSnapshot(window));
    }

    /** The thread-state counts of every interpreter, by name: {@code "main"} first, then the pool's. */
    public Map<String, ThreadStateSnapshot> threadStateSnapshots() {
        return python.threadStateSnapshots();
    }

    /**
     * Checks that the GIL can be had within {@code timeout}, without taking a permit and without
     * ever blocking the caller longer than that (a probe still waiting is shared, not repeated).
     *
     * @return the time it took to get the GIL, or empty if the runtime is not running or the
     *     GIL did not come in time (C code holding it, a stuck call)
     */
    public Optional<Duration> probeGil(Duration timeout) {
        long nanos = python.probeGil(timeout);
        return nanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
    }

    /** Reclaims thread states of dead threads now instead of at the next interval; returns how many. */
    public int reapThreadStates() {
        return python.reapThreadStates();
    }

    /** {@link PythonObject} handles open now (neither closed nor collected). */
    public long liveHandleCount() {
        return python.liveHandleCount();
    }

    /** Java functions Python holds now (passed as callables and not yet freed by Python). */
    public int liveJavaFunctionCount() {
        return python.liveJavaFunctionCount();
    }

    /**
     * Java exceptions thrown by callbacks that Python still holds (raised as
     * {@code _pybridge.JavaException} and not yet freed); each is released with its Python exception.
     */
    public int liveJavaExceptionCount() {
        return python.liveJavaExceptionCount();
    }

    /**
     * Runs changed Python source files again, in the main interpreter and in every pooled one, so
     * the next call of any thread runs the new code; for development (the Spring starter calls it
     * when a file of the sources changes, see "Live Python reload" in the docs).
     *
     * <p>What it does: modules loaded from one of {@code changedFiles} under the python path,
     * and the modules of the python path that hold one of them or something defined in one, are
     * run again with {@code importlib.reload}, dependencies first, each in its own namespace; a
     * new file is found by the next import. What it does not: objects made from old classes keep
     * them, handles and Python objects hold what they held, a name deleted from the source stays
     * defined until the JVM restarts, installed packages and the standard library are never
     * reloaded. A module whose new source fails (a syntax error, an exception at import) keeps its
     * previous code; the failure is in the result, not thrown. Calls in flight finish with the
     * code they started with.
     *
     * @param changedFiles the {@code .py} files that changed, were added or were deleted
     * @throws IllegalStateException if called from inside a Python call
     */
    public SourceReload reloadSources(Collection<Path> changedFiles) {
        return python.reloadSources(changedFiles);
    }

    /** Whether the current thread is inside a Python call. */
    public boolean isInsideCall() {
        return python.isInsideCall();
    }

    /** Closes with the configured shutdown timeout. */
    @Override
    public void close() {
        close(config().shutdownTimeout());
    }

    /**
     * Refuses new calls, waits up to {@code timeout} for calls in flight, interrupts those still
     * running with an asynchronous {@code _pybridge.Interrupted} exception, and finalizes Python
     * on the boot thread. Never hangs: calls stuck in C code (which an asynchronous exception
     * cannot reach) leave the interpreter unfinalized ({@link State#ABANDONED}) rather than
     * finalizing under them.
     *
     * @return true if Python was finalized
     * @throws IllegalStateException if called from inside a Python call on this thread (it would
     *     wait for itself); the runtime is left running
     */
    public boolean close(Duration timeout) {
        if (python.isInsideCall()) {
            // Waiting for in-flight calls would wait for this very call: fail at once instead.
            throw new IllegalStateException("PythonRuntime.close() was called from inside a Python call (an execute() "
                    + "block or a Java callback Python called); close the runtime from outside any call");
        }
        synchronized (START_LOCK) {
            if (python.state() != Lifecycle.RUNNING) {
                return python.state() == Lifecycle.CLOSED;
            }
            python.beginClosing();
        }
        Lifecycle outcome = Lifecycle.ABANDONED;
        try {
            outcome = python.shutdown(timeout);
            return outcome == Lifecycle.CLOSED;
        }
        finally {
            synchronized (START_LOCK) {
                // One step, so current() never hands out a runtime that has ended. Finalized or
                // abandoned, its threads may still run: never boot another over it.
                python.ended(outcome);
                if (live == this) {
                    live = null;
                }
                finalizedOnce = true;
            }
        }
    }
}
