package io.pybridge.core.internal.process;

import io.pybridge.core.PythonCallDescription;
import io.pybridge.core.PythonCallInterceptor;
import io.pybridge.core.PythonCallback;
import io.pybridge.core.exception.PythonBusyException;
import io.pybridge.core.exception.PythonClosedException;
import io.pybridge.core.exception.PythonInitializationException;
import io.pybridge.core.internal.attach.CallToken;
import io.pybridge.core.internal.attach.RuntimeOwnedThreads;
import io.pybridge.core.runtime.DisplayRoot;
import io.pybridge.core.runtime.NameMapping;
import io.pybridge.core.runtime.PythonCallContext;
import io.pybridge.core.runtime.PythonInstallation;
import io.pybridge.core.runtime.PythonLogSink;
import io.pybridge.core.runtime.WorkerProcessSnapshot;
import io.pybridge.core.runtime.WorkerProcessesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The worker processes of a runtime: {@code size} CPython processes, each in its place
 * ({@code process-1}...), that run calls out of the JVM. A call takes whichever worker is free
 * (waiting up to the acquire timeout), runs its whole action in a {@link WorkerSession} on it,
 * and gives it back. A worker that ended (a crash, a kill, a memory limit) is replaced by the
 * supervisor thread, which also starts every process: Linux ties a worker's death signal
 * ({@code PR_SET_PDEATHSIG}) to the thread that started it, so that thread must live as long as
 * the runtime.
 */
public final class WorkerProcesses implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WorkerProcesses.class.getName());

    private static final long MONITOR_MILLIS = 500;

    /** One place of the set: the process now in it, and its history. */
    private static final class Slot {

        final int index;

        final String name;

        volatile @Nullable WorkerProcess current;

        final AtomicLong restarts = new AtomicLong();

        final AtomicLong finishedCalls = new AtomicLong();

        volatile @Nullable String lastEnd;

        Slot(int index) {
            this.index = index;
            this.name = "process-" + (index + 1);
        }
    }

    private final WorkerProcessesConfig config;

    private final List<String> command;

    /** Folders put before the inherited {@code LD_LIBRARY_PATH} of every worker; empty for none. */
    private final List<Path> libraryPath;

    private final byte[] workerSource;

    private final byte[] settings;

    private final Path folder;

    private final WorkerOutput.Sink sink;

    /** What of the caller's thread the workers' log lines carry. */
    private final PythonCallContext callContext;

    private final WireConversions conversions;

    private final Slot[] slots;

    /**
     * One permit per worker, fair: callers are served in the order they came, and a caller
     * looping on calls cannot take a worker back ahead of those already waiting.
     */
    private final Semaphore permits;

    /**
     * Free workers, the last one given back first: one caller's consecutive operations find the
     * worker they just used (its modules and {@code __main__} as they left them), and the others
     * stay cold rather than each getting a share.
     */
    private final LinkedBlockingDeque<WorkerProcess> idle = new LinkedBlockingDeque<>();

    /** Starts and replaces workers, watches their memory, kills stopped calls after the grace period. */
    private final ScheduledExecutorService supervisor;

    private volatile boolean closed;

    /** Raised by {@link #restartAll()}: a worker started before the current generation is replaced after its call. */
    private volatile long generation;

    private WorkerProcesses(WorkerProcessesConfig config, List<String> command, List<Path> libraryPath,
            byte[] workerSource, byte[] settings, Path folder, WorkerOutput.Sink sink, NameMapping names,
            PythonCallContext callContext) {
        this.callContext = callContext;
        this.config = config;
        this.command = command;
        this.libraryPath = List.copyOf(libraryPath);
        this.workerSource = workerSource;
        this.settings = settings;
        this.folder = folder;
        this.sink = sink;
        this.conversions = WireConversions.of(names);
        this.slots = new Slot[config.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot(i);
        }
        this.permits = new Semaphore(config.size(), true);
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = RuntimeOwnedThreads.create(() -> new Thread(task, "pybridge-processes"));
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.supervisor = executor;
    }

    /**
     * Starts every worker and waits until each is ready.
     *
     * @param pythonPath entries put first on {@code sys.path} (packages, then the python path), as in-process
     * @param libraryPath folders of native libraries that bundled packages need (see
     *     {@link io.pybridge.core.runtime.BundledPackages}), put first on each worker's {@code LD_LIBRARY_PATH}
     * @throws PythonInitializationException if the Python has no executable or a worker cannot start
     */
    public static WorkerProcesses start(WorkerProcessesConfig config, PythonInstallation installation, List<Path> pythonPath,
            List<Path> libraryPath, Map<Path, DisplayRoot> displayRoots, @Nullable PythonLogSink logSink, NameMapping names,
            PythonCallContext callContext) {
        if (installation.executable() == null) {
            throw new PythonInitializationException(PythonInitializationException.Reason.WORKERS_FAILED,
                    "Worker processes need the Python executable, and pybridge found only the library "
                            + installation.library(),
                    "Set pybridge.python.executable (PYBRIDGE_PYTHON) to the Python that goes with that library");
        }
        Path folder = PrivateFolder.create();
        WorkerProcesses processes = new WorkerProcesses(config, List.of(installation.executable().toString(), "-P"), libraryPath,
                resource("/io/pybridge/core/internal/process/pybridge_worker.py"),
                settings(installation, pythonPath, displayRoots, logSink, folder), folder, sinkOf(logSink), names, callContext);
        try {
            processes.supervisor.submit(() -> {
                for (Slot slot : processes.slots) {
                    processes.spawn(slot);
                }
                return null;
            }).get();
        }
        catch (java.util.concurrent.ExecutionException ex) {
            processes.close();
            Throwable cause = ex.getCause();
            throw new PythonInitializationException(PythonInitializationException.Reason.WORKERS_FAILED,
                    "A worker process did not start: " + cause.getMessage(),
                    "Read the worker's output above; run the Python with the same sys.path by hand to see it fail", cause);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            processes.close();
            throw new PythonInitializationException(PythonInitializationException.Reason.WORKERS_FAILED,
                    "Interrupted while the worker processes started", "Start the runtime again", ex);
        }
        return processes;
    }

    private static byte[] resource(String name) {
        try (InputStream in = WorkerProcesses.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("pybridge's " + name + " is missing from the jar");
            }
            return in.readAllBytes();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The settings the worker's main() reads: what {@code _pybridge.configure} does in-process, and logging. */
    private static byte[] settings(PythonInstallation installation, List<Path> pythonPath, Map<Path, DisplayRoot> displayRoots,
            @Nullable PythonLogSink logSink, Path folder) {
        Map<Object, Object> settings = new LinkedHashMap<>();
        settings.put("helper", new String(resource("/io/pybridge/core/internal/interpreter/_pybridge.py"),
                java.nio.charset.StandardCharsets.UTF_8));
        settings.put("shapes", new String(resource("/io/pybridge/core/internal/process/pybridge_shapes.py"),
                java.nio.charset.StandardCharsets.UTF_8));
        settings.put("executable", installation.executable() == null ? null : installation.executable().toString());
        settings.put("prefix", installation.prefix() == null ? null : installation.prefix().toString());
        settings.put("site_dirs", installation.sitePackages().stream().map(Object::toString).toList());
        settings.put("extra_paths", pythonPath.stream().map(path -> path.toAbsolutePath().toString()).toList());
        settings.put("display_roots", DisplayRoot.inMatchOrder(displayRoots));
        settings.put("log_level", (long) (logSink == null ? PythonLogSink.WARNING : logSink.rootLevel()));
        settings.put("capture_output", logSink == null || logSink.captureOutput());
        settings.put("folder", folder.toString());
        settings.put("parent", ProcessHandle.current().pid());
        WireWriter writer = new WireWriter(bytes -> {
            throw new IllegalStateException("settings never go through shared memory");
        });
        int length = writer.begin().value(settings).finish();
        return java.util.Arrays.copyOfRange(writer.bytes(), 4, length);
    }

    private static WorkerOutput.Sink sinkOf(@Nullable PythonLogSink logSink) {
        if (logSink != null) {
            return logSink::log;
        }
        return (level, logger, message, worker) -> System.getLogger("python." + logger)
                .log(level >= PythonLogSink.ERROR ? System.Logger.Level.ERROR
                        : level >= PythonLogSink.WARNING ? System.Logger.Level.WARNING
                                : level >= PythonLogSink.INFO ? System.Logger.Level.INFO : System.Logger.Level.DEBUG,
                        "[" + worker + "] " + message);
    }

    /** Starts a process in {@code slot} and makes it free. Supervisor thread only. */
    private void spawn(Slot slot) throws IOException {
        WorkerProcess worker = WorkerProcess.start(slot.index, slot.name, command, libraryPath, workerSource, settings,
                folder, sink, config.startTimeout().toMillis(), slots.length, callContext);
        worker.generation = generation;
        slot.current = worker;
        if (closed) {
            worker.close(0);
            return;
        }
        worker.onExit(() -> ended(slot, worker));
        idle.addFirst(worker);
    }

    /** A worker's process ended: if it was free, it is taken out and replaced at once. */
    private void ended(Slot slot, WorkerProcess worker) {
        if (idle.remove(worker)) {
            replace(slot, worker);
        }
    }

    /** Puts a new process in the place of {@code worker}, once (later calls for the same worker do nothing). */
    private void replace(Slot slot, WorkerProcess worker) {
        synchronized (slot) {
            if (slot.current != worker) {
                return;
            }
            slot.current = null;
            slot.finishedCalls.addAndGet(worker.calls());
            slot.restarts.incrementAndGet();
        }
        String end = worker.ending();
        slot.lastEnd = end == null ? "replaced" : end;
        if (!closed) {
            LOG.log(System.Logger.Level.WARNING, "Worker process {0} (pid {1}) {2}; starting a new one", slot.name,
                    worker.pid(), slot.lastEnd);
        }
        worker.release();
        respawn(slot, 0);
    }

    private void respawn(Slot slot, int failures) {
        if (closed) {
            return;
        }
        long delay = failures == 0 ? 0 : Math.min(30_000, 500L << Math.min(failures, 6));
        try {
            supervisor.schedule(() -> {
                try {
                    spawn(slot);
                }
                catch (IOException | RuntimeException ex) {
                    LOG.log(System.Logger.Level.ERROR, "Worker process " + slot.name + " could not be started again", ex);
                    respawn(slot, failures + 1);
                }
            }, delay, TimeUnit.MILLISECONDS);
        }
        catch (java.util.concurrent.RejectedExecutionException closing) {
            // the runtime is closing
        }
    }

    /**
     * Runs {@code action} on a free worker, inside {@code interceptor} (the description names the
     * worker), stoppable through {@code token}.
     *
     * @param retryable whether the action may run again on another worker if its first request
     *     could not be written (the worker had died while free): the template's own operations
     */
    public <T> T call(@Nullable PythonCallInterceptor interceptor, PythonCallDescription description,
            @Nullable CallToken token, boolean retryable, PythonCallback<T> action) {
        for (int attempt = 0;; attempt++) {
            long deadline = System.nanoTime() + config.acquireTimeout().toNanos();
            acquirePermit(deadline);
            WorkerProcess worker;
            try {
                worker = take(deadline);
            }
            catch (RuntimeException ex) {
                permits.release();
                throw ex;
            }
            try {
                PythonCallDescription named = description.in(worker.name);
                return interceptor == null ? run(worker, token, action)
                        : interceptor.intercept(named, () -> run(worker, token, action));
            }
            catch (WorkerProcess.NotSent notSent) {
                if (!retryable || attempt >= slots.length) {
                    throw notSent.died();
                }
            }
            finally {
                giveBack(worker);
                permits.release();
            }
        }
    }

    private <T> T run(WorkerProcess worker, @Nullable CallToken token, PythonCallback<T> action) {
        WorkerProcess.Lease lease = new WorkerProcess.Lease();
        if (token != null) {
            token.enterRemote(() -> stop(worker, lease));
        }
        try {
            return action.doInPython(new WorkerSession(worker, lease, conversions));
        }
        finally {
            if (token != null) {
                token.exitRemote();
            }
        }
    }

    /**
     * A time limit or a cancel: SIGTERM now and a few times more during the grace period (one that
     * came while the worker was still reading the request is ignored there), SIGKILL if the call
     * still runs after it.
     */
    private void stop(WorkerProcess worker, WorkerProcess.Lease lease) {
        long number = worker.interrupt(lease);
        if (number >= 0) {
            long grace = config.stopGracePeriod().toMillis();
            long every = Math.max(100, grace / 10);
            try {
                for (long at = every; at < grace; at += every) {
                    supervisor.schedule(() -> worker.interruptIfStill(number), at, TimeUnit.MILLISECONDS);
                }
                supervisor.schedule(() -> worker.killIfStill(number, "its call did not stop within " + grace
                        + " ms of being stopped by a time limit or a cancel"), grace, TimeUnit.MILLISECONDS);
            }
            catch (java.util.concurrent.RejectedExecutionException closing) {
                // closing: close() kills what still runs
            }
        }
    }

    /** Waits for a permit, in slices so that close() is noticed by callers waiting for one. */
    private void acquirePermit(long deadline) {
        try {
            while (!permits.tryAcquire(Math.min(deadline - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(100)),
                    TimeUnit.NANOSECONDS)) {
                if (closed) {
                    throw PythonClosedException.shuttingDown();
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw PythonBusyException.noFreeWorker(config.acquireTimeout(), slots.length, permits.getQueueLength());
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new PythonClosedException("Interrupted while waiting for a free worker process");
        }
        if (closed) {
            permits.release();
            throw PythonClosedException.shuttingDown();
        }
    }

    /**
     * A free worker, for a caller holding a permit: there is one unless a worker is being
     * replaced, then the caller waits for the replacement (until the deadline).
     */
    private WorkerProcess take(long deadline) {
        while (true) {
            if (closed) {
                throw PythonClosedException.shuttingDown();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw PythonBusyException.noFreeWorker(config.acquireTimeout(), slots.length, permits.getQueueLength());
            }
            WorkerProcess worker;
            try {
                worker = idle.pollFirst(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new PythonClosedException("Interrupted while waiting for a free worker process");
            }
            if (worker == null) {
                continue;
            }
            if (worker.isAlive()) {
                return worker;
            }
            replace(slots[worker.slot], worker);
        }
    }

    private void giveBack(WorkerProcess worker) {
        Slot slot = slots[worker.slot];
        if (!worker.isAlive()) {
            replace(slot, worker);
        }
        else if (closed) {
            worker.close(1000);
        }
        else if (worker.generation < generation
                || config.recycleAfterCalls() > 0 && worker.calls() >= config.recycleAfterCalls()) {
            worker.close(5000);
            replace(slot, worker);
        }
        else {
            idle.addFirst(worker);
        }
    }

    /**
     * Replaces every worker, the free ones now and the busy ones after their call, so that the
     * next calls run the application's sources as they are now (a live reload: a worker's
     * modules are imported afresh by its replacement).
     */
    public void restartAll() {
        generation++;
        List<WorkerProcess> free = new ArrayList<>();
        idle.drainTo(free);
        for (WorkerProcess worker : free) {
            giveBack(worker);
        }
    }

    /** Kills workers whose resident memory passed the limit; records every worker's. Supervisor thread. */
    private void watchMemory() {
        for (Slot slot : slots) {
            WorkerProcess worker = slot.current;
            if (worker == null) {
                continue;
            }
            long resident = ResidentMemory.of(worker.pid());
            worker.residentBytes = resident;
            long limit = config.memoryLimitBytes();
            if (limit > 0 && resident > limit) {
                worker.kill("its resident memory, " + (resident >> 20) + " MiB, passed the limit of " + (limit >> 20)
                        + " MiB");
            }
        }
    }

    /** Starts the memory watch (after start, so a slow start is not counted). */
    public WorkerProcesses watching() {
        supervisor.scheduleWithFixedDelay(this::watchMemory, 0, MONITOR_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Each worker as health and metrics show it. */
    public List<WorkerProcessSnapshot> snapshot() {
        List<WorkerProcessSnapshot> list = new ArrayList<>(slots.length);
        for (Slot slot : slots) {
            WorkerProcess worker = slot.current;
            boolean alive = worker != null && worker.isAlive();
            list.add(new WorkerProcessSnapshot(slot.name, worker == null ? -1 : worker.pid(), alive && !closed,
                    slot.restarts.get(), slot.finishedCalls.get() + (worker == null ? 0 : worker.calls()),
                    worker != null && worker.isRunning() ? 1 : 0, worker == null ? 0 : worker.residentBytes, slot.lastEnd));
        }
        return list;
    }

    /** The names of the workers ({@code process-1}...), in order. */
    public List<String> names() {
        List<String> list = new ArrayList<>(slots.length);
        for (Slot slot : slots) {
            list.add(slot.name);
        }
        return list;
    }

    /**
     * Refuses new calls, waits up to {@code timeout} for the running ones to end, then ends every
     * worker (killing those still running) and deletes the shared memory.
     */
    public void close(java.time.Duration timeout) {
        closed = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && java.util.Arrays.stream(slots).anyMatch(slot -> {
            WorkerProcess worker = slot.current;
            return worker != null && worker.isRunning();
        })) {
            try {
                Thread.sleep(20);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        close();
    }

    /** Ends every worker at once (a running call's worker is killed) and deletes the shared memory. */
    @Override
    public void close() {
        closed = true;
        // The workers first, the supervisor after: its thread started them, and its end sends each
        // one its death signal (SIGKILL), which would cut short the polite end of the idle ones.
        // Closed is set, so a worker ending now is not replaced, and one being started is closed.
        for (Slot slot : slots) {
            WorkerProcess worker = slot.current;
            if (worker != null && !worker.isRunning()) {
                worker.close(2000);
            }
            else if (worker != null) {
                worker.kill("the runtime closed while its call ran");
            }
        }
        supervisor.shutdownNow();
        try {
            supervisor.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        idle.clear();
        PrivateFolder.delete(folder);
    }
}
