package io.pybridge.core.internal.process;

import io.pybridge.core.NdArray;
import io.pybridge.core.exception.PythonCancelledException;
import io.pybridge.core.exception.PythonWorkerDiedException;
import io.pybridge.core.internal.attach.RuntimeOwnedThreads;
import io.pybridge.core.internal.capi.LibC;
import io.pybridge.core.runtime.PythonCallContext;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One CPython process that runs calls for the JVM, one at a time, over its stdin and stdout
 * (frames of {@link WireFormat}). Whoever holds it (see {@link WorkerProcesses}) is the only
 * thread that writes a request and reads the answer, so the channel needs no lock and a call is
 * one write and one blocking read on the caller's own thread: no hand-off.
 *
 * <p>A process that ends while a call runs shows as the end of its stdout: the call then fails
 * with {@link PythonWorkerDiedException}, naming the signal or exit status and the reason when
 * pybridge killed it itself.
 */
final class WorkerProcess {

    private static final System.Logger LOG = System.getLogger(WorkerProcess.class.getName());

    /** Its place in the set and its name ({@code process-1}), kept by replacements. */
    final int slot;

    final String name;

    private final Process process;

    private final long pid;

    private final OutputStream toWorker;

    private final InputStream fromWorker;

    private final WorkerOutput output;

    /** The callers' contexts of recent calls, for the log lines written in them. */
    private final CallContexts contexts;

    private final WireWriter writer;

    private final Path folder;

    /** Java's arena (requests); replaced when the worker kept an array over it past a call. */
    private SharedArena inArena;

    private int arenaGeneration;

    /** Whether the worker has been told the current {@link #inArena}'s path. */
    private boolean arenaAnnounced;

    /** The worker's arena (answers), opened when it reports ready. */
    private @Nullable SharedArena outArena;

    /** The worker's result blocks: arrays the caller reads in place as a {@code NumpyView}. */
    private final ResultBlocks blocks;

    /** Released blocks named in the request being built: given back if it is not sent. */
    private List<Long> releasing = List.of();

    /** Whether a request named shared memory ({@link #memoryField}) and has not been sent yet. */
    private boolean memoryPending;

    /** Set once the Java side's files are closed: an arena a view gives back later is closed, not pooled. */
    private volatile boolean filesClosed;

    /**
     * Request arenas a view was lent and has given back: written again before a new file is made
     * (the worker keeps its mapping of each, so neither side pays page faults again). Filled by
     * the views' cleaner thread.
     */
    private final Queue<SharedArena> returnedArenas = new ConcurrentLinkedQueue<>();

    /** Whether the answer being read lent the request arena to a view. */
    private boolean arenaLent;

    private byte[] frame = new byte[4096];

    private final AtomicLong calls = new AtomicLong();

    /** Why pybridge killed it, if it did (said in the exception of the call it was running). */
    private volatile @Nullable String killReason;

    /** The description of the running call ({@code module.function}), or null between calls. */
    private volatile @Nullable String running;

    /**
     * The lease whose call runs, or null; set and cleared with {@link #running} under
     * {@link #signals}, so that a stop signals only a call of the lease it aims at.
     */
    private @Nullable Lease runningLease;

    /** Taken to start and end a call, and to send it SIGTERM: no signal lands on the next caller's call. */
    private final Object signals = new Object();

    /** A counter of calls, so a delayed kill for a stopped call never hits a later one. */
    private volatile long callNumber;

    volatile long residentBytes;

    /** The set's generation when it started (see {@code WorkerProcesses.restartAll}). */
    volatile long generation;

    private WorkerProcess(int slot, String name, Process process, Path folder, WorkerOutput output, CallContexts contexts) {
        this.contexts = contexts;
        this.slot = slot;
        this.name = name;
        this.process = process;
        this.pid = process.pid();
        this.toWorker = process.getOutputStream();
        this.fromWorker = process.getInputStream();
        this.folder = folder;
        this.output = output;
        this.inArena = SharedArena.create(folder.resolve("in-" + pid + "-0"), 1 << 20);
        this.blocks = new ResultBlocks(folder, pid);
        this.writer = new WireWriter(bytes -> {
            inArena.ensure(bytes);
            return inArena;
        });
    }

    /**
     * Starts a worker: the bootstrap on the command line reads the worker's source and its
     * settings from stdin, then reports ready with its pid and arena.
     *
     * @param command the Python executable and its flags, before {@code -c}
     * @param libraryPath folders put before the inherited {@code LD_LIBRARY_PATH}; empty to leave it as it is
     * @param workerSource {@code pybridge_worker.py}
     * @param settings the settings frame (msgpack), for {@code main()}
     * @param workers how many workers the set has: each gets its share of the cores for native thread pools
     * @param callContext what of the caller's thread its log lines carry (the MDC)
     */
    static WorkerProcess start(int slot, String name, List<String> command, List<Path> libraryPath, byte[] workerSource,
            byte[] settings, Path folder, WorkerOutput.Sink sink, long startTimeoutMillis, int workers,
            PythonCallContext callContext) throws IOException {
        java.util.List<String> line = new java.util.ArrayList<>(command);
        line.add("-c");
        line.add(BOOTSTRAP);
        ProcessBuilder builder = new ProcessBuilder(line);
        builder.environment().remove("PYTHONSTARTUP");
        builder.environment().putAll(NativeThreads.forWorker(builder.environment(), Runtime.getRuntime().availableProcessors(),
                workers));
        if (!libraryPath.isEmpty()) {
            // Read by the dynamic linker when the process starts: the bundled packages' extension modules find their libraries.
            List<String> folders = new java.util.ArrayList<>();
            libraryPath.forEach(library -> folders.add(library.toString()));
            String inherited = builder.environment().get("LD_LIBRARY_PATH");
            if (inherited != null && !inherited.isEmpty()) {
                folders.add(inherited);
            }
            builder.environment().put("LD_LIBRARY_PATH", String.join(java.io.File.pathSeparator, folders));
        }
        builder.redirectInput(ProcessBuilder.Redirect.PIPE).redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.PIPE);
        Process process = builder.start();
        CallContexts contexts = new CallContexts(callContext);
        WorkerOutput output = new WorkerOutput(name, process.getErrorStream(), sink, contexts);
        RuntimeOwnedThreads.create(() -> {
            Thread reader = new Thread(output, "pybridge-" + name + "-output");
            reader.setDaemon(true);
            return reader;
        }).start();
        WorkerProcess worker = new WorkerProcess(slot, name, process, folder, output, contexts);
        try {
            worker.handshake(workerSource, settings, startTimeoutMillis);
        }
        catch (IOException | RuntimeException ex) {
            worker.kill("it did not start");
            throw ex;
        }
        return worker;
    }

    /** Sends the source and settings, then waits (bounded) for the ready frame. */
    private void handshake(byte[] workerSource, byte[] settings, long timeoutMillis) throws IOException {
        Thread watchdog = RuntimeOwnedThreads.create(() -> {
            Thread thread = new Thread(() -> {
                try {
                    if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
                        kill("it did not report ready within " + timeoutMillis + " ms");
                    }
                }
                catch (InterruptedException done) {
                    // ready in time
                }
            }, "pybridge-" + name + "-start");
            thread.setDaemon(true);
            return thread;
        });
        watchdog.start();
        try {
            toWorker.write(lengthOf(workerSource));
            toWorker.write(workerSource);
            toWorker.write(lengthOf(settings));
            toWorker.write(settings);
            toWorker.flush();
            List<?> ready = (List<?>) answer();
            List<?> value = (List<?>) ready.get(1);
            if (((Long) ready.get(0)) != WireFormat.OK) {
                throw new IOException("the worker failed to start: " + value);
            }
            // Named here, not by the worker: Java opens (and deletes) only files of its own folder.
            outArena = SharedArena.open(folder.resolve("out-" + pid));
        }
        catch (EOFException | ClassCastException ex) {
            throw died(null);
        }
        finally {
            watchdog.interrupt();
        }
    }

    private static byte[] lengthOf(byte[] data) {
        int n = data.length;
        return new byte[] { (byte) n, (byte) (n >>> 8), (byte) (n >>> 16), (byte) (n >>> 24) };
    }

    long pid() {
        return pid;
    }

    long calls() {
        return calls.get();
    }

    /** Runs {@code action} when the process ends (on the JDK's process reaper: keep it short). */
    void onExit(Runnable action) {
        process.onExit().thenRun(action);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    boolean isRunning() {
        return running != null;
    }

    /** The writer for the next request: the caller writes {@code [kind, memory, ...]} with {@link #memoryField()}. */
    WireWriter request() {
        if (memoryPending) {
            // The last request named the arena and released blocks but was never sent (building
            // it failed, or it was cancelled first): this one names them again (the worker
            // ignores the name of the arena it already has).
            arenaAnnounced = false;
            blocks.giveBack(releasing);
            releasing = List.of();
            memoryPending = false;
        }
        blocks.makeRoom();
        return writer.begin();
    }

    /**
     * What the request tells the worker of shared memory: null for nothing new; the path of
     * Java's arena the first time it is used; {@code [path or null, [block, ...]]} when views
     * have released result blocks the worker may write again.
     */
    @Nullable Object memoryField() {
        String arena = arenaAnnounced ? null : inArena.path().toString();
        arenaAnnounced = true;
        releasing = blocks.takeReleased();
        memoryPending = true;
        return releasing.isEmpty() ? arena : java.util.Arrays.asList(arena, releasing);
    }

    /**
     * Sends the request the writer holds and returns the answer's {@code [status, value]}.
     *
     * @param description what runs ({@code module.function}), for the exception if it dies
     * @throws PythonWorkerDiedException if the process ended before answering
     * @throws NotSent if the request could not even be written (the process was gone): the caller may retry elsewhere
     */
    List<?> exchange(String description, Lease lease) {
        int length = writer.finish();
        synchronized (signals) {
            // After a stop of this lease, nothing more is sent: a stop that came while no call of
            // it ran (between two calls of one action, or before the first) is not lost.
            if (lease.stopped) {
                // Not sent: the next request names the arena and the released blocks again (request()).
                throw new PythonCancelledException("The Python call " + description
                        + " was cancelled before it was sent to worker process " + name);
            }
            running = description;
            runningLease = lease;
            callNumber++;
            // The worker numbers its requests the same way (1, 2, ...) and tags its log lines with it.
            contexts.begin(callNumber);
        }
        calls.incrementAndGet();
        try {
            try {
                toWorker.write(writer.bytes(), 0, length);
                toWorker.flush();
            }
            catch (IOException ex) {
                throw new NotSent(died(description));
            }
            memoryPending = false;
            releasing = List.of();
            SharedArena sent = inArena;
            List<?> answer;
            arenaLent = false;
            try {
                answer = (List<?>) answer();
            }
            catch (IOException ex) {
                throw died(description);
            }
            finally {
                if (arenaLent) {
                    // A view holds the arena, even if reading the rest of the answer failed.
                    inArena = nextArena();
                }
            }
            if (Boolean.TRUE.equals(answer.get(2))) {
                // The call kept a numpy array over Java's arena: a new file for the next request,
                // the worker's mapping of the old one lives as long as that array (a view lent
                // the arena reads it too, and does not give it back: it is closed).
                sent.close();
                if (inArena == sent) {
                    inArena = nextArena();
                }
            }
            return answer;
        }
        finally {
            synchronized (signals) {
                running = null;
                runningLease = null;
            }
        }
    }

    /** Reads one frame and decodes it. */
    private @Nullable Object answer() throws IOException {
        int length = readInt();
        if (frame.length < length) {
            frame = new byte[Math.max(length, frame.length * 2)];
        }
        readFully(frame, length);
        SharedArena arena = outArena;
        return new WireReader(frame, 0, bytes -> {
            if (arena == null) {
                throw new IllegalStateException("the worker named shared memory before reporting ready");
            }
            return (ByteBuffer) arena.ensure(bytes);
        }, this::view).value();
    }

    /**
     * A view of a numpy result the worker left in shared memory: in result block {@code block},
     * or, for block -1, in the request arena, where the argument it returned already was (the
     * arena is then the view's, and the next request goes to another).
     */
    private NdArray.NumpyView view(long block, NdArray.DType dtype, int[] shape, int offset, int length) {
        if (block >= 0) {
            return blocks.view(block, dtype, shape, offset, length);
        }
        if (arenaLent) {
            throw new IllegalStateException("the worker lent the request arena twice in one answer");
        }
        arenaLent = true;
        SharedArena arena = inArena;
        // Given back for reuse unless it was retired meanwhile (the worker kept an array over it).
        return blocks.lend(arena.ensure(offset + length), offset, length, dtype, shape, () -> {
            if (!arena.isOpen()) {
                return; // retired
            }
            if (filesClosed) {
                arena.close(); // the worker is gone
            }
            else {
                returnedArenas.add(arena);
            }
        });
    }

    /** The arena for the next request: one a view gave back, or a new file. */
    private SharedArena nextArena() {
        arenaAnnounced = false;
        for (SharedArena returned = returnedArenas.poll(); returned != null; returned = returnedArenas.poll()) {
            if (returned != inArena && returned.isOpen()) {
                return returned;
            }
        }
        return SharedArena.create(folder.resolve("in-" + pid + "-" + ++arenaGeneration), 1 << 20);
    }

    private int readInt() throws IOException {
        readFully(frame, 4);
        return (frame[0] & 0xff) | (frame[1] & 0xff) << 8 | (frame[2] & 0xff) << 16 | (frame[3] & 0xff) << 24;
    }

    private void readFully(byte[] into, int length) throws IOException {
        int read = 0;
        while (read < length) {
            int n = fromWorker.read(into, read, length - read);
            if (n < 0) {
                throw new EOFException();
            }
            read += n;
        }
    }

    /**
     * Stops {@code lease}: its running call, if any, is asked to stop (SIGTERM: the worker raises
     * {@code _pybridge.Interrupted} in it), and it sends no further call. Returns the running
     * call's number, for {@link #killIfStill}, or -1 if no call of the lease runs.
     */
    long interrupt(Lease lease) {
        lease.stopped = true;
        synchronized (signals) {
            if (running == null || runningLease != lease) {
                return -1;
            }
            // The handle's destroy() sends SIGTERM only; Process.destroy() would also close the pipes.
            process.toHandle().destroy();
            return callNumber;
        }
    }

    /**
     * Asks call {@code number} again to stop, if it still runs: a SIGTERM that arrived before the
     * worker marked the call as running (while it read the request) was ignored.
     */
    void interruptIfStill(long number) {
        synchronized (signals) {
            if (running != null && callNumber == number) {
                process.toHandle().destroy();
            }
        }
    }

    /** Kills the process if call {@code number} still runs (the grace period after a stop passed). */
    void killIfStill(long number, String reason) {
        if (running != null && callNumber == number) {
            kill(reason);
        }
    }

    /**
     * Kills the process (SIGKILL), and the processes it started; the call it runs, if any, fails
     * naming {@code reason}.
     */
    void kill(String reason) {
        if (killReason == null) {
            killReason = reason;
        }
        if (process.isAlive()) {
            // Not reaped yet, so its pid cannot have been reused: the group is the worker's.
            LibC.killProcessGroup(pid);
        }
        process.toHandle().destroyForcibly();
    }

    /** Ends it politely: end of input makes the worker return from its loop and exit. */
    void close(long waitMillis) {
        try {
            toWorker.close();
        }
        catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(waitMillis, TimeUnit.MILLISECONDS)) {
                kill("the runtime closed");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            kill("the runtime closed");
        }
        release();
    }

    /**
     * After the process ended: kills what is left of its process group (processes Python code
     * started, which would otherwise outlive it, as a crash or SIGKILL does not end them), and
     * closes the Java side's files.
     */
    void release() {
        if (!filesClosed && !Files.exists(Path.of("/proc/" + pid))) {
            // Reaped: the group still holds the number while it has members, and a process of
            // that number now would be another one's (pid reused), so its group is left alone.
            LibC.killProcessGroup(pid);
        }
        filesClosed = true;
        inArena.close();
        for (SharedArena returned = returnedArenas.poll(); returned != null; returned = returnedArenas.poll()) {
            returned.close();
        }
        blocks.close();
        if (outArena != null) {
            outArena.close();
        }
        try {
            fromWorker.close();
        }
        catch (IOException ignored) {
            // nothing to do
        }
    }

    /** How it ended, in words (once it has), for the snapshot. */
    @Nullable String ending() {
        if (process.isAlive()) {
            return null;
        }
        return describeEnd(process.exitValue(), killReason);
    }

    /** The exception of a call it was running when it ended (waits a little for the end to be known). */
    PythonWorkerDiedException died(@Nullable String description) {
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                kill("its channel broke");
                process.waitFor(2, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        output.awaitEnd(1000);
        Integer exitCode = null;
        Integer signal = null;
        String end = "is still running but its channel broke";
        if (!process.isAlive()) {
            int status = process.exitValue();
            // Java reports a process ended by signal N as 128 + N.
            if (status > 128 && status < 128 + 65) {
                signal = status - 128;
            }
            else {
                exitCode = status;
            }
            end = describeEnd(status, killReason);
        }
        String what = "Worker process " + name + " (pid " + pid + ") " + end
                + (description == null ? " while starting" : " while running " + description);
        return new PythonWorkerDiedException(name, pid, exitCode, signal, what, output.tail());
    }

    private static String describeEnd(int status, @Nullable String killReason) {
        String end;
        if (status > 128 && status < 128 + 65) {
            int signal = status - 128;
            end = "died from signal " + signal + " (" + signalName(signal) + ")";
        }
        else {
            end = "exited with status " + status;
        }
        if (killReason == null) {
            return end;
        }
        // The signal is said too: the exception's getSignal() and the message agree, and a process
        // that ended on its own before pybridge's kill landed is not said to have been killed.
        return status == 128 + 9 ? "was killed by pybridge with SIGKILL (" + killReason + ")"
                : end + " as pybridge was killing it (" + killReason + ")";
    }

    static String signalName(int signal) {
        return switch (signal) {
            case 1 -> "SIGHUP";
            case 2 -> "SIGINT";
            case 4 -> "SIGILL";
            case 6 -> "SIGABRT";
            case 7 -> "SIGBUS";
            case 8 -> "SIGFPE";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 13 -> "SIGPIPE";
            case 15 -> "SIGTERM";
            default -> "signal " + signal;
        };
    }

    /**
     * One holder's use of the worker (a call's whole action, from taking the worker to giving it
     * back): a stop aims at a lease, never at whichever call the worker runs by then.
     */
    static final class Lease {

        volatile boolean stopped;
    }

    /**
     * The request could not be written: the process had already ended, so the call never
     * started there and may be sent to another worker.
     */
    static final class NotSent extends RuntimeException {

        private static final long serialVersionUID = 1L;

        NotSent(PythonWorkerDiedException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        PythonWorkerDiedException died() {
            return (PythonWorkerDiedException) getCause();
        }
    }

    /**
     * Reads the bootstrap's source and settings from stdin, runs the worker. Kept short: it is on
     * the command line (and in {@code ps}).
     */
    private static final String BOOTSTRAP = "def _pybridge_boot():\n"
            + " import os,sys,types\n"
            + " def r(n):\n"
            + "  b=b''\n"
            + "  while len(b)<n:\n"
            + "   c=os.read(0,n-len(b))\n"
            + "   if not c: os._exit(70)\n"
            + "   b+=c\n"
            + "  return b\n"
            + " s=r(int.from_bytes(r(4),'little'))\n"
            + " f=r(int.from_bytes(r(4),'little'))\n"
            + " m=types.ModuleType('_pybridge_worker')\n"
            + " sys.modules[m.__name__]=m\n"
            + " exec(compile(s,'<pybridge>/pybridge_worker.py','exec'),m.__dict__)\n"
            + " del s\n"
            + " m.main(f)\n"
            + "_pybridge_boot()\n";

    static {
        LOG.log(System.Logger.Level.TRACE, "worker bootstrap of {0} characters", BOOTSTRAP.length());
    }
}
