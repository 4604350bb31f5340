package io.pybridge.core.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * How to find, boot and run the interpreter. Immutable; build one with {@link #builder()}.
 * Every setting has a default that works for a service with one interpreter lock.
 */
public final class PythonRuntimeConfig {

    /** Environment variable naming libpython directly (after an explicit {@code libraryPath}). */
    public static final String LIBRARY_ENV = "PYBRIDGE_PYTHON_LIBRARY";

    /** Environment variable naming the Python executable (after an explicit {@code executable}). */
    public static final String EXECUTABLE_ENV = "PYBRIDGE_PYTHON";

    /** Environment variable naming the folder a bundled CPython is unpacked to (see {@link #cacheDirectory()}). */
    public static final String CACHE_DIR_ENV = "PYBRIDGE_CACHE_DIR";

    /** Default {@link #callTimingSample()}: about one call in 16 is timed. */
    public static final int DEFAULT_CALL_TIMING_SAMPLE = 16;

    /** The largest {@link #callTimingSample()} accepted (a timed call's hold time times its weight must not overflow). */
    public static final int MAXIMUM_CALL_TIMING_SAMPLE = 1024;

    /** Default {@link #permitSwitchInterval()}: CPython's own default switch interval. */
    public static final Duration DEFAULT_PERMIT_SWITCH_INTERVAL = Duration.ofMillis(5);

    /** Default {@link #threadStackSize()}: 16 MiB. */
    public static final long DEFAULT_THREAD_STACK_SIZE = 16L << 20;

    /** The smallest {@link #threadStackSize()} accepted: a Linux main thread's 8 MiB. */
    public static final long MINIMUM_THREAD_STACK_SIZE = 8L << 20;

    private final @Nullable Path libraryPath;
    private final @Nullable String executable;
    private final @Nullable String executableSetting;
    private final @Nullable Path virtualenv;
    private final List<Path> pythonPath;
    private final Map<Path, DisplayRoot> displayRoots;
    private final List<Path> packages;
    private final int permits;
    private final boolean fairPermits;
    private final Duration permitSwitchInterval;
    private final Duration acquireTimeout;
    private final ExecutionMode executionMode;
    private final int workerThreads;
    private final long threadStackSize;
    private final Duration shutdownTimeout;
    private final Duration reapInterval;
    private final int callTimingSample;
    private final UnaryOperator<String> environment;
    private final @Nullable PythonLogSink logSink;
    private final PythonCallContext callContext;
    private final int poolSize;
    private final boolean poolFallbackToMain;
    private final @Nullable Path cacheDirectory;
    private final NativeBinding nativeBinding;
    private final NameMapping nameMapping;
    private final WorkerProcessesConfig processes;

    private PythonRuntimeConfig(Builder builder) {
        this.libraryPath = builder.libraryPath;
        this.executable = builder.executable;
        this.executableSetting = builder.executableSetting;
        this.virtualenv = builder.virtualenv;
        this.pythonPath = List.copyOf(builder.pythonPath);
        this.displayRoots = Map.copyOf(builder.displayRoots);
        this.packages = List.copyOf(builder.packages);
        this.permits = builder.permits;
        this.fairPermits = builder.fairPermits;
        this.permitSwitchInterval = builder.permitSwitchInterval;
        this.acquireTimeout = builder.acquireTimeout;
        this.executionMode = builder.executionMode;
        this.workerThreads = builder.workerThreads;
        this.threadStackSize = builder.threadStackSize;
        this.shutdownTimeout = builder.shutdownTimeout;
        this.reapInterval = builder.reapInterval;
        this.callTimingSample = builder.callTimingSample;
        this.environment = builder.environment;
        this.logSink = builder.logSink;
        this.callContext = builder.callContext;
        this.poolSize = builder.poolSize;
        this.poolFallbackToMain = builder.poolFallbackToMain;
        this.cacheDirectory = builder.cacheDirectory;
        this.nativeBinding = builder.nativeBinding;
        this.nameMapping = builder.nameMapping;
        this.processes = builder.processes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Explicit libpython path, or null to look further. */
    public @Nullable Path libraryPath() {
        return libraryPath;
    }

    /** Explicit Python executable (path or command name), or null to look further. */
    public @Nullable String executable() {
        return executable;
    }

    /**
     * The setting that gave {@link #executable()}, as the start-up log and failures name it (a
     * property, an environment variable), or null when it was given in code.
     */
    public @Nullable String executableSetting() {
        return executableSetting;
    }

    /** A virtualenv whose interpreter and site-packages to use, or null. */
    public @Nullable Path virtualenv() {
        return virtualenv;
    }

    /** Extra entries put at the front of {@code sys.path}, after {@link #packages()}. */
    public List<Path> pythonPath() {
        return pythonPath;
    }

    /**
     * The {@link DisplayRoot}s of the {@link #pythonPath()} folders that have one, by folder: how
     * pybridge names the files under each in tracebacks and syntax errors.
     */
    public Map<Path, DisplayRoot> displayRoots() {
        return displayRoots;
    }

    /**
     * Folders of installed packages (what {@code pybridge-maven-plugin} installs), first on
     * {@code sys.path}, before the application's sources. Each one's {@link PythonPackagesManifest}
     * is checked against the Python that boots.
     */
    public List<Path> packages() {
        return packages;
    }

    /**
     * How many Java threads may be inside the main interpreter at once (the Java lock in front of
     * the GIL), as configured; 0 (the default) leaves it to {@link #permitsFor(boolean)}.
     */
    public int permits() {
        return permits;
    }

    /**
     * The main interpreter's permits on a build with or without a GIL: the configured count, else
     * 1 with a GIL (a second thread inside would only wait for it) and the machine's core count on
     * a free-threaded build, where that many calls really run at once.
     */
    public int permitsFor(boolean freeThreaded) {
        if (permits > 0) {
            return permits;
        }
        return freeThreaded ? Runtime.getRuntime().availableProcessors() : 1;
    }

    /**
     * Whether every waiting caller gets its permit in arrival order at once (slower under
     * contention), rather than after waiting {@link #permitSwitchInterval()}.
     */
    public boolean fairPermits() {
        return fairPermits;
    }

    /**
     * How long a caller waits for a permit before nobody may take one ahead of it any more: from
     * then on each permit released goes to the longest waiter, as CPython's forced switching does
     * for its GIL. Below it a free permit goes to whoever asks first, which keeps the uncontended
     * and the lightly contended call fast. See the threading model in the docs for the bound this
     * puts on a wait.
     */
    public Duration permitSwitchInterval() {
        return permitSwitchInterval;
    }

    /** How long a caller waits for a permit before a {@code PythonBusyException}. */
    public Duration acquireTimeout() {
        return acquireTimeout;
    }

    /** Which threads run Python: the caller's (virtual threads excepted) or always the workers. */
    public ExecutionMode executionMode() {
        return executionMode;
    }

    /** Size of the platform worker pool that runs Python for virtual-thread callers, as configured (0: derived). */
    public int workerThreads() {
        return workerThreads;
    }

    /**
     * The worker pool's size when the main interpreter has {@code mainPermits}: the configured
     * size, else one worker per thread that can be inside Python at once (the main interpreter's
     * permits and one per pooled interpreter) plus one, at least 2.
     */
    public int workerThreadsFor(int mainPermits) {
        return workerThreads > 0 ? workerThreads : Math.max(2, mainPermits + poolSize + 1);
    }

    /**
     * The least stack, in bytes, a thread must have for Python to run on it; also the stack
     * pybridge gives its own threads. CPython's recursion limits assume a main-thread stack
     * (8 MiB on Linux); a caller with less (Java's default is 1 MiB) hands its calls to a worker
     * with this much, so deep recursion through C raises {@code RecursionError} instead of
     * overflowing the thread's stack and killing the JVM.
     */
    public long threadStackSize() {
        return threadStackSize;
    }

    /** How long {@code close()} waits for in-flight calls before interrupting them. */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /** How often thread states of dead threads are looked for and reclaimed. */
    public Duration reapInterval() {
        return reapInterval;
    }

    /**
     * About one call in this many has its GIL wait and hold time measured (default
     * {@value #DEFAULT_CALL_TIMING_SAMPLE}; 1 measures every call). Timing a call reads the clock
     * three times, a third of the cost of a trivial call, so the statistics time a random sample
     * and weigh each timed call by the calls it stands for: call counts, refusals and the
     * permit-wait total stay exact (a call that waited for its permit is always timed), while the
     * GIL-wait and hold totals and the recent percentiles are estimates.
     */
    public int callTimingSample() {
        return callTimingSample;
    }

    /** Where Python's logging and stdout/stderr go, or null to leave them as Python has them. */
    public @Nullable PythonLogSink logSink() {
        return logSink;
    }

    /** What is carried from a caller's thread to the worker that runs its call ({@link PythonCallContext#NONE} by default). */
    public PythonCallContext callContext() {
        return callContext;
    }

    /**
     * How many own-GIL sub-interpreters are made at boot for calls aimed at the pool (CPython
     * 3.12+); 0 (the default) makes none.
     */
    public int poolSize() {
        return poolSize;
    }

    /** The worker processes: {@link WorkerProcessesConfig#NONE} unless configured. */
    public WorkerProcessesConfig processes() {
        return processes;
    }

    /**
     * Whether, on a Python without own-GIL sub-interpreters (before 3.12), pooled calls run in the
     * main interpreter (logged at boot) instead of failing the start.
     */
    public boolean poolFallbackToMain() {
        return poolFallbackToMain;
    }

    /** How Java's names are spelled in Python; {@link NameMapping#SNAKE_CASE} unless turned off (see {@link Builder#nameMapping}). */
    public NameMapping nameMapping() {
        return nameMapping;
    }

    /** The binding asked for; {@link NativeBinding#AUTO} unless forced (see {@link Builder#nativeBinding}). */
    public NativeBinding nativeBinding() {
        return nativeBinding;
    }

    /**
     * The folder a bundled CPython ({@link BundledPython}) is unpacked to, as configured, or null
     * for the default: {@value #CACHE_DIR_ENV}, else {@code $XDG_CACHE_HOME/pybridge}, else
     * {@code ~/.cache/pybridge}.
     */
    public @Nullable Path cacheDirectory() {
        return cacheDirectory;
    }

    /** {@link #cacheDirectory()} with its default applied. */
    public Path resolvedCacheDirectory() {
        if (cacheDirectory != null) {
            return cacheDirectory;
        }
        String fromEnv = env(CACHE_DIR_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        String xdg = env("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "pybridge");
        }
        return Path.of(System.getProperty("user.home"), ".cache", "pybridge");
    }

    /** Environment lookup (System::getenv unless replaced, e.g. in tests). */
    public String env(String name) {
        return environment.apply(name);
    }

    /** Builder for {@link PythonRuntimeConfig}. */
    public static final class Builder {

        private @Nullable Path libraryPath;
        private @Nullable String executable;
        private @Nullable String executableSetting;
        private @Nullable Path virtualenv;
        private final List<Path> pythonPath = new ArrayList<>();
        private final Map<Path, DisplayRoot> displayRoots = new LinkedHashMap<>();
        private final List<Path> packages = new ArrayList<>();
        private int permits;
        private boolean fairPermits;
        private Duration permitSwitchInterval = DEFAULT_PERMIT_SWITCH_INTERVAL;
        private Duration acquireTimeout = Duration.ofSeconds(30);
        private ExecutionMode executionMode = ExecutionMode.CALLER;
        private int workerThreads;
        private long threadStackSize = DEFAULT_THREAD_STACK_SIZE;
        private Duration shutdownTimeout = Duration.ofSeconds(10);
        private Duration reapInterval = Duration.ofSeconds(1);
        private int callTimingSample = DEFAULT_CALL_TIMING_SAMPLE;
        private UnaryOperator<String> environment = System::getenv;
        private @Nullable PythonLogSink logSink;
        private PythonCallContext callContext = PythonCallContext.NONE;
        private int poolSize;
        private boolean poolFallbackToMain;
        private @Nullable Path cacheDirectory;
        private NativeBinding nativeBinding = NativeBinding.AUTO;
        private NameMapping nameMapping = NameMapping.SNAKE_CASE;
        private WorkerProcessesConfig processes = WorkerProcessesConfig.NONE;

        private Builder() {
        }

        /**
         * Runs worker processes beside the interpreter (see {@link WorkerProcessesConfig}): calls
         * aimed at {@code PythonInterpreter.PROCESS} run in them, out of the JVM.
         */
        public Builder processes(WorkerProcessesConfig processes) {
            this.processes = Objects.requireNonNull(processes, "processes");
            return this;
        }

        /**
         * How record components and {@code @Keyword} parameters are named in Python:
         * {@link NameMapping#SNAKE_CASE} (default: {@code fromUnit} is {@code from_unit}) or
         * {@link NameMapping#EXACT} (as Java declares them). {@code @PythonName} wins over either.
         */
        public Builder nameMapping(NameMapping mapping) {
            this.nameMapping = Objects.requireNonNull(mapping, "nameMapping");
            return this;
        }

        /** Carries thread-bound context (e.g. SLF4J's MDC) to the workers calls are handed to. */
        public Builder callContext(PythonCallContext context) {
            this.callContext = Objects.requireNonNull(context, "callContext");
            return this;
        }

        /**
         * How to call the C API: {@link NativeBinding#AUTO} (default: FFM on JDK 22+, else JNA),
         * or forces {@code FFM} or {@code JNA}.
         */
        public Builder nativeBinding(NativeBinding binding) {
            this.nativeBinding = Objects.requireNonNull(binding, "nativeBinding");
            return this;
        }

        /** Routes Python's logging records and stdout/stderr lines to {@code sink} (null: leave them). */
        public Builder logSink(@Nullable PythonLogSink sink) {
            this.logSink = sink;
            return this;
        }

        public Builder libraryPath(@Nullable Path libraryPath) {
            this.libraryPath = libraryPath;
            return this;
        }

        public Builder executable(@Nullable String executable) {
            return executable(executable, null);
        }

        /**
         * The Python executable, and the setting it came from, which the start-up log and any
         * failure name as what chose the Python ({@code pybridge.python.executable}, or the
         * environment variable {@value PythonRuntimeConfig#EXECUTABLE_ENV} a framework bound to it).
         */
        public Builder executable(@Nullable String executable, @Nullable String setting) {
            this.executable = executable;
            this.executableSetting = setting;
            return this;
        }

        public Builder virtualenv(@Nullable Path virtualenv) {
            this.virtualenv = virtualenv;
            return this;
        }

        public Builder pythonPath(List<Path> entries) {
            this.pythonPath.addAll(entries);
            return this;
        }

        public Builder addPythonPath(Path entry) {
            this.pythonPath.add(entry);
            return this;
        }

        /**
         * Adds a folder to {@code sys.path} whose files pybridge reports by the name
         * {@code shownAs} gives them (see {@link DisplayRoot}): the classpath resource for
         * sources unpacked from a jar, the project's file for sources a build copied.
         */
        public Builder addPythonPath(Path entry, DisplayRoot shownAs) {
            this.pythonPath.add(entry);
            this.displayRoots.put(entry, Objects.requireNonNull(shownAs, "shownAs"));
            return this;
        }

        /** Adds a folder of installed packages (see {@link PythonRuntimeConfig#packages()}). */
        public Builder addPackages(Path folder) {
            this.packages.add(Objects.requireNonNull(folder, "folder"));
            return this;
        }

        /** The main interpreter's permits; 0 (the default) means 1 with a GIL, the core count without. */
        public Builder permits(int permits) {
            if (permits < 0) {
                throw new IllegalArgumentException("permits must not be negative, was " + permits);
            }
            this.permits = permits;
            return this;
        }

        public Builder fairPermits(boolean fair) {
            this.fairPermits = fair;
            return this;
        }

        /** See {@link PythonRuntimeConfig#permitSwitchInterval()}; positive, default 5 ms. */
        public Builder permitSwitchInterval(Duration interval) {
            this.permitSwitchInterval = positive(interval, "permitSwitchInterval");
            return this;
        }

        public Builder acquireTimeout(Duration timeout) {
            this.acquireTimeout = positive(timeout, "acquireTimeout");
            return this;
        }

        public Builder executionMode(ExecutionMode mode) {
            this.executionMode = Objects.requireNonNull(mode, "executionMode");
            return this;
        }

        /** Worker pool size; 0 (default) means {@code max(2, permits + pool size + 1)}. */
        public Builder workerThreads(int workers) {
            if (workers < 0) {
                throw new IllegalArgumentException("workerThreads must not be negative, was " + workers);
            }
            this.workerThreads = workers;
            return this;
        }

        /**
         * The least stack a thread needs to run Python itself, and the stack of pybridge's own
         * threads (default 16 MiB: twice a Linux main thread, so Java frames below the call
         * never eat into what CPython's limits assume). At least 8 MiB.
         */
        public Builder threadStackSize(long bytes) {
            if (bytes < MINIMUM_THREAD_STACK_SIZE) {
                throw new IllegalArgumentException("threadStackSize must be at least " + MINIMUM_THREAD_STACK_SIZE
                        + " bytes (CPython's recursion limits assume a main-thread stack of 8 MiB), was " + bytes);
            }
            this.threadStackSize = bytes;
            return this;
        }

        public Builder shutdownTimeout(Duration timeout) {
            this.shutdownTimeout = positive(timeout, "shutdownTimeout");
            return this;
        }

        public Builder reapInterval(Duration interval) {
            this.reapInterval = positive(interval, "reapInterval");
            return this;
        }

        /** About one call in {@code oneIn} is timed for the statistics (see {@link PythonRuntimeConfig#callTimingSample()}). */
        public Builder callTimingSample(int oneIn) {
            if (oneIn < 1 || oneIn > MAXIMUM_CALL_TIMING_SAMPLE) {
                throw new IllegalArgumentException("callTimingSample must be between 1 and " + MAXIMUM_CALL_TIMING_SAMPLE
                        + ", was " + oneIn);
            }
            this.callTimingSample = oneIn;
            return this;
        }

        public Builder environment(UnaryOperator<String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /**
         * Makes {@code size} own-GIL sub-interpreters at boot (CPython 3.12+; 0, the default,
         * none). Each has its own GIL, modules and globals; see {@link PythonRuntimeConfig#poolSize()}.
         */
        public Builder poolSize(int size) {
            if (size < 0) {
                throw new IllegalArgumentException("poolSize must not be negative, was " + size);
            }
            this.poolSize = size;
            return this;
        }

        /** See {@link PythonRuntimeConfig#poolFallbackToMain()} (default false: a pool on an older Python fails the start). */
        /** Where a bundled CPython is unpacked; null (the default) for {@link PythonRuntimeConfig#resolvedCacheDirectory()}'s. */
        public Builder cacheDirectory(@Nullable Path directory) {
            this.cacheDirectory = directory;
            return this;
        }

        public Builder poolFallbackToMain(boolean fallback) {
            this.poolFallbackToMain = fallback;
            return this;
        }

        public PythonRuntimeConfig build() {
            return new PythonRuntimeConfig(this);
        }

        private static Duration positive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
            }
            return value;
        }
    }
}
