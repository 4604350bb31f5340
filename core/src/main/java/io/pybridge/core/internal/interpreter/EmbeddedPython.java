package io.pybridge.core.internal.interpreter;

import io.pybridge.core.PythonCallDescription;
import io.pybridge.core.PythonCallInterceptor;
import io.pybridge.core.PythonCallback;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonRuntime.State;
import io.pybridge.core.internal.attach.CallGate;
import io.pybridge.core.internal.attach.CallToken;
import io.pybridge.core.runtime.GateSnapshot;
import io.pybridge.core.runtime.PythonInstallation;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import io.pybridge.core.runtime.ThreadStateSnapshot;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * The booted interpreter behind a {@link PythonRuntime}: boot, the one funnel
 * every operation passes (interceptor, then {@link CallGate}, then a session), and shutdown.
 * The only internal type the public API reaches (through {@code PythonRuntime}).
 */
public final class EmbeddedPython {

    private static final System.Logger LOG = System.getLogger(EmbeddedPython.class.getName());

    private final PythonRuntimeConfig config;

    private final PythonInstallation installation;

    private final BootThread bootThread;

    private final Interpreter interpreter;

    private final CallGate gate;

    private final CallFunnel funnel;

    private final Handles handles;

    private volatile State state = State.RUNNING;

    private EmbeddedPython(PythonRuntimeConfig config, PythonInstallation installation, BootThread bootThread) {
        this.config = config;
        this.installation = installation;
        this.bootThread = bootThread;
        this.interpreter = bootThread.interpreter;
        this.gate = new CallGate(interpreter.api, bootThread.threadStates, interpreter.deferredDecrefs, config,
                interpreter.interrupted);
        InterceptorScope scope = new InterceptorScope();
        this.funnel = new CallFunnel(gate, interpreter, scope);
        this.handles = new Handles(interpreter, funnel, scope);
        interpreter.toPython.setBridge(handles);
        interpreter.fromPython.setBridge(handles);
    }

    /** Locates CPython and boots it on its own thread; returns once it runs. */
    public static EmbeddedPython boot(PythonRuntimeConfig config) {
        PythonInstallation installation = new PythonLocator(config).locate();
        BootThread boot = new BootThread(installation, config.pythonPath(), config.logSink(), config.threadStackSize());
        boot.start();
        boot.awaitBoot();
        return new EmbeddedPython(config, installation, boot);
    }

    /**
     * The funnel (see {@link CallFunnel}): runs an action in a session holding the permit and the
     * GIL, inside an interceptor, stoppable through a token.
     */
    public CallFunnel funnel() {
        return funnel;
    }

    /** A token that the {@link #funnel()} binds its call to, so it can be stopped. */
    public CallToken newToken() {
        return gate.newToken();
    }

    public PythonRuntimeConfig config() {
        return config;
    }

    public PythonInstallation installation() {
        return installation;
    }

    public State state() {
        return state;
    }

    public GateSnapshot gateSnapshot(Duration window) {
        return gate.snapshot(window);
    }

    public ThreadStateSnapshot threadStateSnapshot() {
        return gate.threadStateSnapshot();
    }

    /** Nanoseconds it took to get the GIL, or -1 if not running or not in time. */
    public long probeGil(Duration timeout) {
        return state == State.RUNNING ? gate.probeGil(timeout) : -1;
    }

    public int reapThreadStates() {
        return gate.reapThreadStates();
    }

    public long liveHandleCount() {
        return handles.liveCount();
    }

    public int liveJavaFunctionCount() {
        return interpreter.callables.liveCount();
    }

    public int liveJavaExceptionCount() {
        return interpreter.errors.rememberedCount();
    }

    public boolean isInsideCall() {
        return gate.isInside();
    }

    /** Refuses new calls from now on; the caller then runs {@link #shutdown}. */
    public void beginClosing() {
        state = State.CLOSING;
        gate.close();
    }

    /**
     * After {@link #beginClosing()}: waits up to {@code timeout} for calls in flight, interrupts
     * those still running, and finalizes Python on the boot thread. Never hangs: calls stuck in
     * C code leave the interpreter unfinalized. The caller records the outcome with
     * {@link #ended(State)}, together with its own bookkeeping.
     *
     * @return {@link State#CLOSED} if Python was finalized, else {@link State#ABANDONED}
     */
    public State shutdown(Duration timeout) {
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
            if (!bootThread.finalizeInterpreter(timeout)) {
                LOG.log(Level.WARNING, "Python did not finalize within {0} ms (a non-daemon Python thread?)",
                        timeout.toMillis());
                return State.ABANDONED;
            }
            return State.CLOSED;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return abandon("interrupted while closing");
        }
    }

    /** Records how closing ended ({@link State#CLOSED} or {@link State#ABANDONED}). */
    public void ended(State outcome) {
        state = outcome;
    }

    private static State abandon(String why) {
        LOG.log(Level.WARNING, "Python left unfinalized: {0}", why);
        return State.ABANDONED;
    }
}
