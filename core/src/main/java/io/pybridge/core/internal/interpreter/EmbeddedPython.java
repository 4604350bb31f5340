package io.pybridge.core.internal.interpreter;

import io.pybridge.core.PythonCallDescription;
import io.pybridge.core.PythonCallInterceptor;
import io.pybridge.core.PythonCallback;
import io.pybridge.core.exception.PythonInitializationException;
import io.pybridge.core.internal.attach.CallGate;
import io.pybridge.core.internal.attach.CallToken;
import io.pybridge.core.internal.attach.RuntimeOwnedThreads;
import io.pybridge.core.internal.attach.ThreadStates;
import io.pybridge.core.internal.attach.Workers;
import io.pybridge.core.internal.capi.CApiLoader;
import io.pybridge.core.internal.process.WorkerProcesses;
import io.pybridge.core.runtime.GateSnapshot;
import io.pybridge.core.runtime.NativeBinding;
import io.pybridge.core.runtime.PoolSnapshot;
import io.pybridge.core.runtime.PythonInstallation;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import io.pybridge.core.runtime.SourceReload;
import io.pybridge.core.runtime.ThreadStateSnapshot;
import io.pybridge.core.runtime.WorkerProcessSnapshot;
import java.lang.System.Logger.Level;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The booted interpreter behind a {@code PythonRuntime}: boot, the one funnel
 * every operation passes (interceptor, then {@link CallGate}, then a session), and shutdown.
 * The only internal type the public API reaches (through {@code PythonRuntime}), and it never
 * reaches back: its {@link Lifecycle} is its own, which the runtime maps to its public state.
 */
public final class EmbeddedPython {

    /** Where the interpreter is in its life; {@code PythonRuntime.State} shows it to applications. */
    public enum Lifecycle {
        /** Accepting calls. */
        RUNNING,
        /** Refusing new calls, draining the ones in flight. */
        CLOSING,
        /** Finalized: Python is gone. */
        CLOSED,
        /** Closed to callers, but calls could not be stopped so the interpreter was left unfinalized. */
        ABANDONED
    }

    private static final System.Logger LOG = System.getLogger(EmbeddedPython.class.getName());

    private final PythonRuntimeConfig config;

    /** Replaced once, at boot, when the locator knew only {@code major.minor} (see {@link #boot}). */
    private volatile PythonInstallation installation;

    private final BootThread bootThread;

    private final Interpreter interpreter;

    private final Workers workers;

    /** The main interpreter and what serves it. */
    private final InterpreterUnit main;

    private final CallGate gate;

    private final CallFunnel funnel;

    private final Handles handles;

    /** The own-GIL sub-interpreters, or null when none were made. */
    private final @Nullable InterpreterPool pool;

    /** Every interpreter by name: "main" first, then the pool's in order. Fixed at boot. */
    private final Map<String, InterpreterUnit> units;

    /** Reloads changed source files in every interpreter of {@link #units}. */
    private final SourceReloader sourceReloader;

    /** Whether pooled calls run in the main interpreter (a pool asked for on a Python without them, opted in). */
    private final boolean poolInMain;

    private volatile Lifecycle state = Lifecycle.RUNNING;

    /** The worker processes, when configured: started before the interpreter boots, closed first at shutdown. */
    private @Nullable WorkerProcesses processes;

    /** Threads that wait on a worker for {@code callAsync}: made on demand, ended when idle. */
    private final java.util.concurrent.ExecutorService processCallers = new java.util.concurrent.ThreadPoolExecutor(0,
            Integer.MAX_VALUE, 30, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(),
            task -> RuntimeOwnedThreads.create(() -> {
                Thread thread = new Thread(task, "pybridge-process-caller");
                thread.setDaemon(true);
                return thread;
            }));

    private EmbeddedPython(PythonRuntimeConfig config, PythonInstallation installation, BootThread bootThread,
            boolean poolInMain) {
        this.config = config;
        this.installation = installation;
        this.bootThread = bootThread;
        this.interpreter = bootThread.interpreter;
        int mainPermits = config.permitsFor(installation.freeThreaded());
        this.workers = new Workers(config, mainPermits);
        InterceptorScope scope = new InterceptorScope();
        this.main = new InterpreterUnit("main", interpreter, bootThread.threadStates, config, workers, mainPermits, scope);
        this.gate = main.gate;
        this.funnel = main.funnel;
        this.handles = main.handles;
        List<InterpreterUnit> members = new ArrayList<>();
        for (SubInterpreter sub : bootThread.subInterpreters) {
            // One permit each: a second caller would only wait for that interpreter's GIL; the pool
            // sends it to a free interpreter instead.
            members.add(new InterpreterUnit(sub.name(), sub.interpreter(), sub.threadStates(), config, workers, 1, scope));
        }
        this.pool = members.isEmpty() ? null
                : new InterpreterPool(members, config.fairPermits(),
                        config.permitSwitchInterval().toNanos(), config.acquireTimeout().toNanos());
        Map<String, InterpreterUnit> byName = new LinkedHashMap<>();
        byName.put(main.name, main);
        members.forEach(member -> byName.put(member.name, member));
        this.units = Collections.unmodifiableMap(byName);
        this.poolInMain = poolInMain;
        this.sourceReloader = new SourceReloader(units.values(), config.pythonPath());
    }

    /** Locates CPython and boots it on its own thread; returns once it runs. */
    public static EmbeddedPython boot(PythonRuntimeConfig config) {
        // Threads started while booting (JNA's cleaner, the process reaper...) live as long as the
        // runtime: none may hold on to the caller's class loader (see RuntimeOwnedThreads).
        return RuntimeOwnedThreads.detached(() -> locateAndBoot(config));
    }

    private static EmbeddedPython locateAndBoot(PythonRuntimeConfig config) {
        PythonLocator locator = new PythonLocator(config);
        PythonInstallation installation = locator.locate();
        try {
            return boot(config, installation);
        }
        catch (PythonInitializationException ex) {
            // Whatever fails with this Python names the setting that chose it.
            throw locator.choice() == null ? ex : ex.chosenBy(locator.choice());
        }
    }

    private static EmbeddedPython boot(PythonRuntimeConfig config, PythonInstallation installation) {
        PoolPlan plan = PoolPlan.decide(config, installation);
        if (plan.notice() != null) {
            LOG.log(plan.warning() ? Level.WARNING : Level.INFO, plan.notice());
        }
        int poolSize = plan.members();
        boolean poolInMain = plan.inMain();
        if (poolSize > 0) {
            ThreadStates.severalInterpreters();
        }
        PackageFolders.check(config.packages(), installation);
        BundledPackageFolders bundled = BundledPackageFolders.load(installation, config.resolvedCacheDirectory());
        List<Path> path = new ArrayList<>(config.packages());
        path.addAll(bundled.folders());
        path.addAll(config.pythonPath());
        WorkerProcesses processes = config.processes().enabled() ? WorkerProcesses.start(config.processes(), installation,
                path, bundled.libraryFolders(), config.displayRoots(), config.logSink(), config.nameMapping(),
                config.callContext()) : null;
        try {
            EmbeddedPython python = boot(config, installation, plan, poolSize, poolInMain, path);
            python.processes = processes == null ? null : processes.watching();
            return python;
        }
        catch (RuntimeException | Error ex) {
            if (processes != null) {
                processes.close();
            }
            throw ex;
        }
    }

    private static EmbeddedPython boot(PythonRuntimeConfig config, PythonInstallation installation, PoolPlan plan,
            int poolSize, boolean poolInMain, List<Path> path) {
        NativeBinding binding = BindingChoice.resolve(config.nativeBinding(), System.getProperty(NativeBinding.PROPERTY),
                CApiLoader.ffmUnavailable());
        BootThread boot = RuntimeOwnedThreads.create(() -> new BootThread(installation, binding, path, config.displayRoots(),
                config.logSink(), config.threadStackSize(), poolSize, config.nameMapping()));
        boot.start();
        boot.awaitBoot();
        EmbeddedPython python = new EmbeddedPython(config, installation, boot, poolInMain);
        python.learnFullVersion();
        return python;
    }

    /**
     * A library configured without its executable is named {@code libpython3.12.so}: the locator
     * then knows {@code 3.12} only. The booted interpreter tells the full version (health,
     * start-up log and tools show {@code 3.12.1}).
     */
    private void learnFullVersion() {
        PythonInstallation known = installation;
        if (known.version().chars().filter(c -> c == '.').count() >= 2) {
            return;
        }
        String full = funnel.call(null, new PythonCallDescription("eval", "platform", "python_version", "main"), null, true,
                session -> session.eval("__import__('platform').python_version()", String.class));
        if (full != null && full.startsWith(known.version())) {
            installation = new PythonInstallation(known.library(), known.executable(), known.home(), known.prefix(), full,
                    known.sitePackages(), known.freeThreaded());
        }
    }

    /**
     * The funnel (see {@link CallFunnel}): runs an action in a session holding the permit and the
     * GIL, inside an interceptor, stoppable through a token.
     */
    public CallFunnel funnel() {
        return funnel;
    }

    /**
     * Runs {@code action} in whichever pooled interpreter is free (see {@link InterpreterPool}),
     * or in the main one when the pool fell back to it.
     *
     * @throws IllegalStateException if no pool was configured
     */
    public <T> T callPooled(@Nullable PythonCallInterceptor interceptor, PythonCallDescription description,
            @Nullable CallToken token, boolean ownAction, PythonCallback<T> action) {
        if (pool != null) {
            return pool.call(interceptor, description, token, ownAction, action);
        }
        if (poolInMain) {
            return funnel.call(interceptor, description, token, ownAction, action);
        }
        throw new IllegalStateException("No pool of Python interpreters is configured: set its size "
                + "(pybridge.pool.size, or PythonRuntimeConfig.builder().poolSize(n)) to aim calls at it");
    }

    /**
     * Calls {@code module.function} through the main funnel, or the pool's when {@code pooled},
     * like a template call; a result that can be awaited goes to that interpreter's event loop
     * (see {@link EventLoop}), and the permit is given back while it awaits.
     *
     * @return the result, if it came at once, or the awaited call, which reports to {@code completion}
     */
    public AwaitedCall callAwaiting(@Nullable PythonCallInterceptor interceptor, PythonCallDescription description,
            boolean pooled, String module, String function, List<?> args, Map<String, ?> keywords, Type resultType,
            AwaitedCall.Completion completion) {
        PythonCallback<AwaitedCall> action = session -> ((AttachedSession) session).callAwaiting(module, function, args,
                keywords, resultType, completion);
        return pooled ? callPooled(interceptor, description, null, true, action)
                : funnel.call(interceptor, description, null, true, action);
    }

    /**
     * Runs the changed Python files again in every interpreter (see {@link SourceReloader}).
     *
     * @throws IllegalStateException on a thread inside a Python call: the reload enters every
     *     interpreter, and this thread already holds one
     */
    public SourceReload reloadSources(Collection<Path> changedFiles) {
        if (isInsideCall()) {
            throw new IllegalStateException("Python sources cannot be reloaded from inside a Python call");
        }
        SourceReload reload = sourceReloader.reload(changedFiles);
        WorkerProcesses running = processes;
        if (running == null || reload.reloadedModules().isEmpty()) {
            return reload;
        }
        // A worker imports the new sources afresh: each is replaced, the busy ones after their call.
        running.restartAll();
        List<String> interpreters = new ArrayList<>(reload.interpreters());
        interpreters.addAll(running.names());
        return new SourceReload(reload.changedFiles(), reload.reloadedModules(), reload.failures(), interpreters);
    }

    /**
     * Runs {@code action} on a free worker process.
     *
     * @throws IllegalStateException if no worker processes were configured
     */
    public <T> T callInProcess(@Nullable PythonCallInterceptor interceptor, PythonCallDescription description,
            @Nullable CallToken token, boolean ownAction, PythonCallback<T> action) {
        WorkerProcesses running = processes;
        if (running == null) {
            throw new IllegalStateException("No worker processes are configured: set their number (pybridge.processes.size, "
                    + "or PythonRuntimeConfig.builder().processes(...)) to aim calls at them");
        }
        return running.call(interceptor, description, token, ownAction, action);
    }

    /** The threads {@code callAsync} waits on workers with. */
    public java.util.concurrent.Executor processCallers() {
        return processCallers;
    }

    /** The worker processes as they are now; empty without them. */
    public List<WorkerProcessSnapshot> processSnapshot() {
        WorkerProcesses running = processes;
        return running == null ? List.of() : running.snapshot();
    }

    /** The pooled interpreters' names ("pool-1", ...); empty without a pool. */
    public List<String> poolMembers() {
        return pool == null ? List.of() : pool.members().stream().map(member -> member.name).toList();
    }

    /** A token that the funnels bind a call to, so it can be stopped, in whichever interpreter it runs. */
    public CallToken newToken() {
        return new CallToken();
    }

    /** The binding CPython is called through: {@code FFM} or {@code JNA}. */
    public NativeBinding nativeBinding() {
        return bootThread.binding();
    }

    public PythonRuntimeConfig config() {
        return config;
    }

    public PythonInstallation installation() {
        return installation;
    }

    public Lifecycle state() {
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
        return state == Lifecycle.RUNNING ? gate.probeGil(timeout) : -1;
    }

    /** Reclaims dead threads' thread states in every interpreter now; returns how many. */
    public int reapThreadStates() {
        int reaped = 0;
        for (InterpreterUnit unit : units.values()) {
            reaped += unit.gate.reapThreadStates();
        }
        return reaped;
    }

    /** The interpreters' names: "main", then the pool's in order. */
    public List<String> interpreterNames() {
        return List.copyOf(units.keySet());
    }

    /** One interpreter's gate figures over the last {@code window}. */
    public GateSnapshot gateSnapshot(String interpreter, Duration window) {
        return unit(interpreter).gate.snapshot(window);
    }

    /** One interpreter's thread-state counts. */
    public ThreadStateSnapshot threadStateSnapshot(String interpreter) {
        return unit(interpreter).gate.threadStateSnapshot();
    }

    /** Nanoseconds it took to get one interpreter's GIL, or -1 if not running or not in time. */
    public long probeGil(String interpreter, Duration timeout) {
        return state == Lifecycle.RUNNING ? unit(interpreter).gate.probeGil(timeout) : -1;
    }

    /** The least stack a platform thread needs to run Python itself (see {@link CallGate#minimumCallerStack()}). */
    public long minimumCallerStack() {
        return gate.minimumCallerStack();
    }

    /** Callers waiting for a free pooled interpreter now (0 without a pool). */
    public int poolWaiting() {
        return pool == null ? 0 : pool.waiting();
    }

    /** The pool's queue over the last {@code window}; null without a pool. */
    public @Nullable PoolSnapshot poolSnapshot(Duration window) {
        return pool == null ? null : pool.snapshot(window);
    }

    private InterpreterUnit unit(String name) {
        InterpreterUnit unit = units.get(name);
        if (unit != null) {
            return unit;
        }
        throw new IllegalArgumentException("No Python interpreter named '" + name + "' (there are " + interpreterNames() + ")");
    }

    /** Each interpreter's gate figures, by name: "main" first, then the pool's in order. */
    public Map<String, GateSnapshot> gateSnapshots(Duration window) {
        Map<String, GateSnapshot> snapshots = new LinkedHashMap<>();
        for (InterpreterUnit unit : units.values()) {
            snapshots.put(unit.name, unit.gate.snapshot(window));
        }
        return snapshots;
    }

    /** Each interpreter's thread-state counts, by name: "main" first, then the pool's in order. */
    public Map<String, ThreadStateSnapshot> threadStateSnapshots() {
        Map<String, ThreadStateSnapshot> snapshots = new LinkedHashMap<>();
        for (InterpreterUnit unit : units.values()) {
            snapshots.put(unit.name, unit.gate.threadStateSnapshot());
        }
        return snapshots;
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
        state = Lifecycle.CLOSING;
        gate.close();
        if (pool != null) {
            pool.close();
        }
    }

    /**
     * After {@link #beginClosing()}: waits up to {@code timeout} for calls in flight, interrupts
     * those still running, and finalizes Python on the boot thread. Never hangs: calls stuck in
     * C code leave the interpreter unfinalized. The caller records the outcome with
     * {@link #ended(Lifecycle)}, together with its own bookkeeping.
     *
     * @return {@link Lifecycle#CLOSED} if Python was finalized, else {@link Lifecycle#ABANDONED}
     */
    public Lifecycle shutdown(Duration timeout) {
        WorkerProcesses running = processes;
        if (running != null) {
            running.close(timeout);
        }
        processCallers.shutdown();
        try {
            List<InterpreterUnit> busy = new ArrayList<>();
            for (InterpreterUnit unit : units.values()) {
                if (!unit.gate.awaitIdle(timeout)) {
                    busy.add(unit);
                }
            }
            for (InterpreterUnit unit : busy) {
                // Asynchronous: if C code holds the GIL, even raising the interrupt must not block close().
                unit.gate.interruptRunningCalls();
                LOG.log(Level.WARNING, "{0} Python call(s) still running in the {1} interpreter after {2} ms; "
                        + "interrupting them", unit.gate.snapshot().inFlight(), unit.name, timeout.toMillis());
            }
            for (InterpreterUnit unit : busy) {
                if (!unit.gate.awaitIdle(timeout)) {
                    return abandon("Python calls are still running in the " + unit.name + " interpreter (stuck in C code?)");
                }
            }
            for (InterpreterUnit unit : units.values()) {
                // Before the housekeeping thread stops: stopping a loop takes the GIL through it.
                // Coroutines still awaiting fail with PythonClosedException; their tasks are cancelled.
                if (!unit.eventLoop.stop(timeout)) {
                    return abandon("the asyncio event loop of the " + unit.name + " interpreter did not stop");
                }
            }
            for (InterpreterUnit unit : units.values()) {
                if (!unit.gate.shutdown(timeout)) {
                    return abandon("pybridge threads did not stop");
                }
            }
            if (!workers.shutdown(timeout)) {
                return abandon("pybridge threads did not stop");
            }
            if (!bootThread.finalizeInterpreter(timeout)) {
                LOG.log(Level.WARNING, "Python did not finalize within {0} ms (a non-daemon Python thread?)",
                        timeout.toMillis());
                return Lifecycle.ABANDONED;
            }
            return Lifecycle.CLOSED;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return abandon("interrupted while closing");
        }
    }

    /** Records how closing ended ({@link Lifecycle#CLOSED} or {@link Lifecycle#ABANDONED}). */
    public void ended(Lifecycle outcome) {
        state = outcome;
    }

    private static Lifecycle abandon(String why) {
        LOG.log(Level.WARNING, "Python left unfinalized: {0}", why);
        return Lifecycle.ABANDONED;
    }
}
