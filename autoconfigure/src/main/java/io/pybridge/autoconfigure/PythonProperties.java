package io.pybridge.autoconfigure;

import io.pybridge.core.runtime.ExecutionMode;
import io.pybridge.core.runtime.NameMapping;
import io.pybridge.core.runtime.NativeBinding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the embedded CPython interpreter ({@code pybridge.*}).
 */
@ConfigurationProperties("pybridge")
public class PythonProperties {

    /**
     * Whether to boot the embedded Python interpreter and register PythonTemplate.
     */
    private boolean enabled = true;

    /**
     * Which Python to embed and where its code comes from.
     */
    private final Python python = new Python();

    /**
     * How many Java threads may run Python in the main interpreter at once (the Java lock taken
     * before the GIL). 0 means 1 with a GIL and the core count on a free-threaded build.
     */
    private int permits = 0;

    /**
     * Whether every waiting caller gets its permit in arrival order at once. By default a free
     * permit goes to whoever asks first until a waiter has waited permit-switch-interval; fair
     * permits hand every permit over to the oldest waiter, which costs a thread wake-up per call
     * under contention.
     */
    private boolean fairPermits = false;

    /**
     * How long a caller waits for a permit before nobody may take one ahead of it any more: from
     * then on each released permit goes to the longest waiter (CPython's forced switching, applied
     * to the permit), so no caller starves behind callers that call again at once.
     */
    private Duration permitSwitchInterval = Duration.ofMillis(5);

    /**
     * How long a caller waits for a permit before PythonBusyException.
     */
    private Duration acquireTimeout = Duration.ofSeconds(30);

    /**
     * Which threads run Python: 'caller' (platform threads run it themselves, virtual threads
     * hand it to the worker pool) or 'workers' (every call runs on the worker pool).
     */
    private ExecutionMode executionMode = ExecutionMode.CALLER;

    /**
     * Size of the platform worker pool that runs Python for virtual threads. 0 means
     * max(2, permits + pool.size + 1).
     */
    private int workerThreads = 0;

    /**
     * Least stack a thread needs to run Python itself, and the stack of pybridge's own threads.
     * Callers with less (Java's default 1 MB: Tomcat and pool threads) hand each call to a
     * dedicated worker with this much, so deep recursion through C raises RecursionError instead
     * of crashing the JVM. At least 8MB.
     */
    private DataSize threadStackSize = DataSize.ofMegabytes(16);

    /**
     * How CPython's C API is called: 'auto' (java.lang.foreign on JDK 22+, else JNA), 'ffm' or
     * 'jna'. Either needs native access: --enable-native-access=ALL-UNNAMED, or
     * 'Enable-Native-Access: ALL-UNNAMED' in the executable jar's manifest.
     */
    private NativeBinding nativeBinding = NativeBinding.AUTO;

    /**
     * How long closing waits for in-flight calls before interrupting them.
     */
    private Duration shutdownTimeout = Duration.ofSeconds(10);

    /**
     * How often thread states of dead threads are reclaimed.
     */
    private Duration threadStateReapInterval = Duration.ofSeconds(1);

    /**
     * About one call in this many has its GIL wait and hold time measured for health and metrics
     * (1: every call). Counts, refusals and permit waits stay exact; GIL-wait and hold totals and
     * percentiles are estimated from the timed calls.
     */
    private int callTimingSample = 16;

    /**
     * Whether closing the last application context finalizes Python even when the JVM keeps
     * running. CPython cannot be initialized twice in one process, so by default the
     * interpreter outlives a closed context (a DevTools restart or the next test context reuses
     * it) and is finalized when the JVM shuts down.
     */
    private boolean finalizeOnContextClose = false;

    /**
     * Routing of Python's logging and output to SLF4J.
     */
    private final Logging logging = new Logging();

    /**
     * The pool of own-GIL sub-interpreters (CPython 3.12+) for calls aimed at it.
     */
    private final Pool pool = new Pool();

    /**
     * The worker processes: separate CPython processes for calls aimed at them.
     */
    private final Processes processes = new Processes();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Python getPython() {
        return python;
    }

    public NativeBinding getNativeBinding() {
        return nativeBinding;
    }

    public void setNativeBinding(NativeBinding nativeBinding) {
        this.nativeBinding = nativeBinding;
    }

    public int getPermits() {
        return permits;
    }

    public void setPermits(int permits) {
        this.permits = permits;
    }

    public boolean isFairPermits() {
        return fairPermits;
    }

    public void setFairPermits(boolean fairPermits) {
        this.fairPermits = fairPermits;
    }

    public Duration getPermitSwitchInterval() {
        return permitSwitchInterval;
    }

    public void setPermitSwitchInterval(Duration permitSwitchInterval) {
        this.permitSwitchInterval = permitSwitchInterval;
    }

    public Duration getAcquireTimeout() {
        return acquireTimeout;
    }

    public void setAcquireTimeout(Duration acquireTimeout) {
        this.acquireTimeout = acquireTimeout;
    }

    public ExecutionMode getExecutionMode() {
        return executionMode;
    }

    public void setExecutionMode(ExecutionMode executionMode) {
        this.executionMode = executionMode;
    }

    public DataSize getThreadStackSize() {
        return threadStackSize;
    }

    public void setThreadStackSize(DataSize threadStackSize) {
        this.threadStackSize = threadStackSize;
    }

    public int getWorkerThreads() {
        return workerThreads;
    }

    public void setWorkerThreads(int workerThreads) {
        this.workerThreads = workerThreads;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public Duration getThreadStateReapInterval() {
        return threadStateReapInterval;
    }

    public void setThreadStateReapInterval(Duration threadStateReapInterval) {
        this.threadStateReapInterval = threadStateReapInterval;
    }

    public int getCallTimingSample() {
        return callTimingSample;
    }

    public void setCallTimingSample(int callTimingSample) {
        this.callTimingSample = callTimingSample;
    }

    public boolean isFinalizeOnContextClose() {
        return finalizeOnContextClose;
    }

    public void setFinalizeOnContextClose(boolean finalizeOnContextClose) {
        this.finalizeOnContextClose = finalizeOnContextClose;
    }

    public Logging getLogging() {
        return logging;
    }

    public Pool getPool() {
        return pool;
    }

    public Processes getProcesses() {
        return processes;
    }

    /**
     * Which Python to embed and where its code comes from.
     */
    public static class Python {

        /** The default {@link #getSources()}: may be absent (an application without Python files). */
        static final String DEFAULT_SOURCES = "classpath:python/";

        /** The default {@link #getPackages()}: absent unless pybridge-maven-plugin installed packages. */
        static final String DEFAULT_PACKAGES = "classpath:python-packages/";

        /**
         * Python executable to ask for its shared library and paths (a path or a command on the
         * PATH). Default: the PYBRIDGE_PYTHON environment variable, else a CPython bundled with
         * the application (pybridge-python-embedded), else 'python3'.
         */
        private String executable;

        /**
         * Folder a bundled CPython is unpacked to. Default: the PYBRIDGE_CACHE_DIR environment
         * variable, else $XDG_CACHE_HOME/pybridge, else ~/.cache/pybridge.
         */
        private String cacheDir;

        /**
         * Path of the shared libpython to load directly, bypassing the executable. Default: the
         * PYBRIDGE_PYTHON_LIBRARY environment variable.
         */
        private String library;

        /**
         * Virtualenv whose interpreter and site-packages to use.
         */
        private String virtualenv;

        /**
         * Extra directories to put at the front of sys.path.
         */
        private List<String> path = new ArrayList<>();

        /**
         * Location of the application's Python sources, importable by module name. Classpath
         * locations work from an executable jar too (unpacked once into the cache folder).
         */
        private String sources = DEFAULT_SOURCES;

        /**
         * Location of the Python packages installed at build time (pybridge-maven-plugin puts
         * them there), first on sys.path, before the sources. Checked against the Python that
         * boots; unpacked once into the cache folder when inside a jar.
         */
        private String packages = DEFAULT_PACKAGES;

        /**
         * How record components and @Keyword parameters are named in Python: 'snake-case'
         * (fromUnit is from_unit; read back, a name spelled as in Java still wins) or 'exact' (as
         * Java declares them). @PythonName names one exactly under either. Map keys always cross
         * as they are.
         */
        private NameMapping nameMapping = NameMapping.SNAKE_CASE;

        public NameMapping getNameMapping() {
            return nameMapping;
        }

        public void setNameMapping(NameMapping nameMapping) {
            this.nameMapping = nameMapping;
        }

        public String getExecutable() {
            return executable;
        }

        public void setExecutable(String executable) {
            this.executable = executable;
        }

        public String getCacheDir() {
            return cacheDir;
        }

        public void setCacheDir(String cacheDir) {
            this.cacheDir = cacheDir;
        }

        public String getLibrary() {
            return library;
        }

        public void setLibrary(String library) {
            this.library = library;
        }

        public String getVirtualenv() {
            return virtualenv;
        }

        public void setVirtualenv(String virtualenv) {
            this.virtualenv = virtualenv;
        }

        public List<String> getPath() {
            return path;
        }

        public void setPath(List<String> path) {
            this.path = path;
        }

        public String getSources() {
            return sources;
        }

        public void setSources(String sources) {
            this.sources = sources;
        }

        public String getPackages() {
            return packages;
        }

        public void setPackages(String packages) {
            this.packages = packages;
        }
    }

    /**
     * Routing of Python's logging and output to SLF4J.
     */
    public static class Logging {

        /**
         * Whether Python logging records go to SLF4J loggers named 'python.<logger>'.
         */
        private boolean enabled = true;

        /**
         * Whether sys.stdout and sys.stderr lines go to the 'python.stdout' (INFO) and
         * 'python.stderr' (WARN) loggers.
         */
        private boolean captureOutput = true;

        /**
         * Whether the caller's MDC (e.g. traceId and spanId) is carried to the worker thread a
         * call is handed to, so Python log records emitted during the call carry it; the same
         * for the records of a worker process's call.
         */
        private boolean propagateMdc = true;

        public boolean isPropagateMdc() {
            return propagateMdc;
        }

        public void setPropagateMdc(boolean propagateMdc) {
            this.propagateMdc = propagateMdc;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public boolean isCaptureOutput() {
            return captureOutput;
        }

        public void setCaptureOutput(boolean captureOutput) {
            this.captureOutput = captureOutput;
        }
    }

    /**
     * The pool of own-GIL sub-interpreters (CPython 3.12+).
     */
    public static class Pool {

        /**
         * How many own-GIL sub-interpreters to make at startup for calls aimed at the pool
         * (PythonTemplate.inPool(), @PythonCall(interpreter = POOL), pybridge.clients.interpreter);
         * each runs one call at a time, in parallel with the others. 0 makes none.
         */
        private int size = 0;

        /**
         * Whether, on a Python without sub-interpreters (before 3.12), pooled calls run in the
         * main interpreter (logged at startup) instead of failing the startup.
         */
        private boolean fallbackToMain = false;

        public int getSize() {
            return size;
        }

        public void setSize(int size) {
            this.size = size;
        }

        public boolean isFallbackToMain() {
            return fallbackToMain;
        }

        public void setFallbackToMain(boolean fallbackToMain) {
            this.fallbackToMain = fallbackToMain;
        }
    }

    /**
     * The worker processes: separate CPython processes, the application's own Python with the
     * same sources and packages, so that a crash in C code ends one worker and not the JVM.
     */
    public static class Processes {

        /**
         * How many worker processes to start for calls aimed at them
         * (PythonTemplate.inProcesses(), @PythonCall(interpreter = PROCESS),
         * pybridge.clients.interpreter); each runs one call at a time. 0 starts none.
         */
        private int size = 0;

        /**
         * Resident memory at which a worker is killed and replaced (its call, if any, fails).
         * Default: no limit.
         */
        private DataSize memoryLimit;

        /**
         * Replace a worker, between calls, after this many calls. 0 never.
         */
        private long recycleAfterCalls = 0;

        /**
         * How long a call stopped by a time limit or a cancel has to end before its worker is
         * killed and replaced.
         */
        private Duration stopGracePeriod = Duration.ofSeconds(5);

        /**
         * How long a worker may take to start and report ready.
         */
        private Duration startTimeout = Duration.ofSeconds(60);

        /**
         * How long a call waits for a free worker before PythonBusyException.
         */
        private Duration acquireTimeout = Duration.ofSeconds(30);

        public int getSize() {
            return size;
        }

        public void setSize(int size) {
            this.size = size;
        }

        public DataSize getMemoryLimit() {
            return memoryLimit;
        }

        public void setMemoryLimit(DataSize memoryLimit) {
            this.memoryLimit = memoryLimit;
        }

        public long getRecycleAfterCalls() {
            return recycleAfterCalls;
        }

        public void setRecycleAfterCalls(long recycleAfterCalls) {
            this.recycleAfterCalls = recycleAfterCalls;
        }

        public Duration getStopGracePeriod() {
            return stopGracePeriod;
        }

        public void setStopGracePeriod(Duration stopGracePeriod) {
            this.stopGracePeriod = stopGracePeriod;
        }

        public Duration getStartTimeout() {
            return startTimeout;
        }

        public void setStartTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
        }

        public Duration getAcquireTimeout() {
            return acquireTimeout;
        }

        public void setAcquireTimeout(Duration acquireTimeout) {
            this.acquireTimeout = acquireTimeout;
        }
    }

}
