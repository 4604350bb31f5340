package io.pybridge.core.runtime;

import io.pybridge.core.PythonCallback;
import io.pybridge.core.exception.PythonInitializationException;
import io.pybridge.core.exception.PythonInitializationException.Reason;
import io.pybridge.core.internal.attach.CallGate;
import io.pybridge.core.internal.attach.CallToken;
import io.pybridge.core.internal.attach.DeferredDecrefs;
import io.pybridge.core.internal.attach.ThreadStates;
import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.internal.capi.JnaCApi;
import com.sun.jna.WString;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one embedded CPython interpreter of this process: locates libpython, boots it once on a
 * dedicated platform thread, runs calls through the dual layer, and shuts it down.
 *
 * <p>CPython cannot be re-initialized reliably in one process (extension modules keep global
 * state), so at most one runtime is ever started per JVM: {@link #start} refuses a second one
 * while the first is live and after it was finalized. Code that may run twice in a JVM (a
 * Spring DevTools restart) asks {@link #current()} first and reuses the live runtime.
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

    private final PythonRuntimeConfig config;

    private final PythonInstallation installation;

    private final Interpreter interpreter;

    private final CallGate gate;

    private final Handles handles;

    private final BootThread bootThread;

    private volatile State state = State.RUNNING;

    private PythonRuntime(PythonRuntimeConfig config, PythonInstallation installation, BootThread bootThread) {
        this.config = config;
        this.installation = installation;
        this.bootThread = bootThread;
        this.interpreter = bootThread.interpreter;
        this.gate = new CallGate(interpreter.api, bootThread.threadStates, interpreter.deferredDecrefs, config,
                interpreter.interrupted);
        this.handles = new Handles(this, interpreter);
        interpreter.toPython.setBridge(handles);
        interpreter.fromPython.setBridge(handles);
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
                        "A Python runtime (" + live.installation.library() + ") is already running in this JVM",
                        "Reuse it through PythonRuntime.current(): CPython cannot host two interpreters of this kind "
                                + "in one process.");
            }
            if (finalizedOnce) {
                throw new PythonInitializationException(Reason.ALREADY_RUNNING,
                        "CPython was already finalized in this JVM and cannot be initialized again reliably",
                        "Keep one runtime for the life of the process and close it only at shutdown.");
            }
            PythonInstallation installation = new PythonLocator(config).locate();
            BootThread boot = new BootThread(installation, config.pythonPath(), config.logSink(), config.threadStackSize());
            boot.start();
            boot.awaitBoot();
            live = new PythonRuntime(config, installation, boot);
            LOG.log(Level.INFO, "Python {0} started from {1}", installation.version(), installation.library());
            return live;
        }
    }

    /** The live runtime of this JVM, if one is running. */
    public static Optional<PythonRuntime> current() {
        synchronized (START_LOCK) {
            return Optional.ofNullable(live);
        }
    }

    /** Runs {@code callback} holding the permit and the GIL (see {@link CallGate}). */
    public <T> T execute(PythonCallback<T> callback) {
        return gate.run(() -> {
            AttachedSession session = new AttachedSession(interpreter);
            try {
                return callback.doInPython(session);
            }
            finally {
                session.close();
            }
        });
    }

    /** A token that {@link #execute(PythonCallback, CallToken)} binds its call to, so it can be stopped. */
    public CallToken newCallToken() {
        return gate.newToken();
    }

    /**
     * Runs {@code callback} like {@link #execute(PythonCallback)}, stoppable through {@code token}
     * (see {@link CallToken#stop()}).
     */
    public <T> T execute(PythonCallback<T> callback, CallToken token) {
        return gate.run(token, () -> {
            AttachedSession session = new AttachedSession(interpreter);
            try {
                return callback.doInPython(session);
            }
            finally {
                session.close();
            }
        });
    }

    public PythonInstallation installation() {
        return installation;
    }

    public PythonRuntimeConfig config() {
        return config;
    }

    public State state() {
        return state;
    }

    /** Permit and GIL statistics (windows: the last 1,024 calls); never blocks. */
    public GateSnapshot gateSnapshot() {
        return gate.snapshot();
    }

    /** Permit and GIL statistics whose windows hold only calls that ended within {@code window}. */
    public GateSnapshot gateSnapshot(Duration window) {
        return gate.snapshot(window);
    }

    /** Thread-state counts; never blocks. */
    public ThreadStateSnapshot threadStateSnapshot() {
        return gate.threadStateSnapshot();
    }

    /**
     * Checks that the GIL can be had within {@code timeout}, without taking a permit and without
     * ever blocking the caller longer than that (a probe still waiting is shared, not repeated).
     *
     * @return the time it took to get the GIL, or empty if the runtime is not running or the
     *     GIL did not come in time (C code holding it, a stuck call)
     */
    public Optional<Duration> probeGil(Duration timeout) {
        if (state != State.RUNNING) {
            return Optional.empty();
        }
        long nanos = gate.probeGil(timeout);
        return nanos < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
    }

    /** Reclaims thread states of dead threads now instead of at the next interval; returns how many. */
    public int reapThreadStates() {
        return gate.reapThreadStates();
    }

    /** {@link io.pybridge.core.PythonObject} handles open now (neither closed nor collected). */
    public long liveHandleCount() {
        return handles.liveCount();
    }

    /** Java functions Python holds now (passed as callables and not yet freed by Python). */
    public int liveJavaFunctionCount() {
        return interpreter.callables.liveCount();
    }

    /**
     * Java exceptions thrown by callbacks that Python still holds (raised as
     * {@code _pybridge.JavaException} and not yet freed); each is released with its Python exception.
     */
    public int liveJavaExceptionCount() {
        return interpreter.errors.rememberedCount();
    }

    /** Whether the current thread is inside a Python call. */
    public boolean isInsideCall() {
        return gate.isInside();
    }

    /** Closes with the configured shutdown timeout. */
    @Override
    public void close() {
        close(config.shutdownTimeout());
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
        if (gate.isInside()) {
            // Waiting for in-flight calls would wait for this very call: fail at once instead.
            throw new IllegalStateException("PythonRuntime.close() was called from inside a Python call (an execute() "
                    + "block or a Java callback Python called); close the runtime from outside any call");
        }
        synchronized (START_LOCK) {
            if (state != State.RUNNING) {
                return state == State.CLOSED;
            }
            state = State.CLOSING;
        }
        gate.close();
        try {
            boolean idle = gate.awaitIdle(timeout);
            if (!idle) {
                // Asynchronous: if C code holds the GIL, even raising the interrupt must not block close().
                gate.interruptRunningCalls();
                LOG.log(Level.WARNING, "{0} Python call(s) still running after {1} ms; interrupting them",
                        gate.snapshot().inFlight(), timeout.toMillis());
                idle = gate.awaitIdle(timeout);
            }
            if (!idle) {
                return abandon("Python calls are still running (stuck in C code?)");
            }
            if (!gate.shutdown(timeout)) {
                return abandon("pybridge threads did not stop");
            }
            boolean finalized = bootThread.finalizeInterpreter(timeout);
            synchronized (START_LOCK) {
                live = null;
                finalizedOnce = true;
                state = finalized ? State.CLOSED : State.ABANDONED;
            }
            if (!finalized) {
                LOG.log(Level.WARNING, "Python did not finalize within {0} ms (a non-daemon Python thread?)",
                        timeout.toMillis());
            }
            return finalized;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return abandon("interrupted while closing");
        }
    }

    private boolean abandon(String why) {
        LOG.log(Level.WARNING, "Python left unfinalized: {0}", why);
        synchronized (START_LOCK) {
            live = null;
            finalizedOnce = true; // its threads may still run: never boot another over it
            state = State.ABANDONED;
        }
        return false;
    }

    /**
     * The platform thread that initializes CPython, then releases the GIL and waits to finalize
     * it: {@code Py_FinalizeEx} must run on the thread that called {@code Py_InitializeEx}.
     */
    private static final class BootThread extends Thread {

        /** Environment variables that make CPython install its fault handler at boot. */
        private static final List<String> FAULT_HANDLER_VARIABLES = List.of("PYTHONFAULTHANDLER", "PYTHONDEVMODE");

        private final PythonInstallation installation;

        private final List<Path> pythonPath;

        private final io.pybridge.core.PythonLogSink logSink;

        private final CompletableFuture<Void> booted = new CompletableFuture<>();

        private final CountDownLatch finalizeRequested = new CountDownLatch(1);

        private final CountDownLatch finished = new CountDownLatch(1);

        private Interpreter interpreter;

        private ThreadStates threadStates;

        private volatile boolean finalized;

        BootThread(PythonInstallation installation, List<Path> pythonPath, io.pybridge.core.PythonLogSink logSink,
                long stackSize) {
            // Imports at boot and finalization (module teardown, __del__) run Python code here.
            super(null, null, "pybridge-interpreter", stackSize);
            setDaemon(true); // never keeps the JVM alive; close() finalizes explicitly
            this.installation = installation;
            this.pythonPath = pythonPath;
            this.logSink = logSink;
        }

        @Override
        public void run() {
            CApi api;
            long mainThreadState;
            try {
                api = JnaCApi.load(installation.library());
                api.Py_SetPythonHome(new WString(installation.home().toString()));
                if (installation.executable() != null) {
                    api.Py_SetProgramName(new WString(installation.executable().toString()));
                }
                keepFaultHandlerOff();
                api.Py_InitializeEx(0); // 0: no Python signal handlers, the JVM owns signals
                threadStates = new ThreadStates(api);
                interpreter = Interpreter.load(api, threadStates, new DeferredDecrefs(api));
                interpreter.configure(installation, pythonPath.stream().map(p -> p.toAbsolutePath().toString()).toList());
                if (logSink != null) {
                    interpreter.installLogging(logSink);
                }
                mainThreadState = api.PyEval_SaveThread();
                booted.complete(null);
            }
            catch (Throwable ex) {
                booted.completeExceptionally(ex);
                return;
            }
            try {
                finalizeRequested.await();
                api.PyEval_RestoreThread(mainThreadState);
                interpreter.release();
                int status = api.Py_FinalizeEx();
                finalized = true;
                if (status != 0) {
                    LOG.log(Level.WARNING, "Py_FinalizeEx reported an error flushing buffered data ({0})", status);
                }
            }
            catch (InterruptedException ex) {
                // Asked to stop without finalizing: leave Python as it is.
            }
            finally {
                finished.countDown();
            }
        }

        /**
         * Removes {@code PYTHONFAULTHANDLER} and {@code PYTHONDEVMODE} from the process
         * environment before CPython reads it: either makes {@code Py_InitializeEx} enable the
         * fault handler, whose SIGSEGV handler then receives the JVM's own faults (implicit null
         * checks, safepoint polls) and aborts the process. Removing them before boot leaves no
         * window at all; {@code _pybridge.configure} then refuses {@code faulthandler.enable()}.
         */
        private static void keepFaultHandlerOff() {
            for (String name : FAULT_HANDLER_VARIABLES) {
                String value = System.getenv(name);
                if (value != null && !value.isEmpty()) {
                    if (io.pybridge.core.internal.capi.LibC.unsetEnvironmentVariable(name)) {
                        LOG.log(Level.WARNING, "{0}={1} is not applied to the embedded Python: its fault handler "
                                + "would take the JVM''s signals (removed from the process environment)", name, value);
                    }
                }
            }
        }

        void awaitBoot() {
            try {
                booted.get(2, TimeUnit.MINUTES);
            }
            catch (ExecutionException ex) {
                Throwable cause = ex.getCause();
                if (cause instanceof PythonInitializationException init) {
                    throw init;
                }
                throw new PythonInitializationException(Reason.BOOT_FAILED,
                        "Python " + installation.version() + " from " + installation.library() + " failed to start: " + cause,
                        "Check that the library and its standard library belong to the same installation.", cause);
            }
            catch (TimeoutException ex) {
                throw new PythonInitializationException(Reason.BOOT_FAILED, "Python did not start within 2 minutes",
                        "Look for import-time work in sitecustomize or .pth files.", ex);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new PythonInitializationException(Reason.BOOT_FAILED, "Interrupted while Python started", "", ex);
            }
        }

        boolean finalizeInterpreter(Duration timeout) throws InterruptedException {
            finalizeRequested.countDown();
            finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return finalized;
        }
    }
}
