package io.pybridge.autoconfigure;

import io.pybridge.core.runtime.ExecutionMode;
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
     * How many Java threads may run Python at once (the Java lock taken before the GIL).
     */
    private int permits = 1;

    /**
     * Whether waiting callers get permits in arrival order. Fair hand-offs are slower under
     * contention; unfair ones let a waiter wait longer at the tail.
     */
    private boolean fairPermits = false;

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
     * max(2, permits + 1).
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
     * How long closing waits for in-flight calls before interrupting them.
     */
    private Duration shutdownTimeout = Duration.ofSeconds(10);

    /**
     * How often thread states of dead threads are reclaimed.
     */
    private Duration threadStateReapInterval = Duration.ofSeconds(1);

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
     * The 'python' health indicator.
     */
    private final Health health = new Health();

    /**
     * Call metrics and observations.
     */
    private final Metrics metrics = new Metrics();

    /**
     * {@code @PythonCall} client interfaces.
     */
    private final Clients clients = new Clients();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Python getPython() {
        return python;
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

    public boolean isFinalizeOnContextClose() {
        return finalizeOnContextClose;
    }

    public void setFinalizeOnContextClose(boolean finalizeOnContextClose) {
        this.finalizeOnContextClose = finalizeOnContextClose;
    }

    public Logging getLogging() {
        return logging;
    }

    public Health getHealth() {
        return health;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public Clients getClients() {
        return clients;
    }

    /**
     * Which Python to embed and where its code comes from.
     */
    public static class Python {

        /**
         * Python executable to ask for its shared library and paths (a path or a command on the
         * PATH). Default: the PYBRIDGE_PYTHON environment variable, else 'python3'.
         */
        private String executable;

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
         * locations work from an executable jar too (they are unpacked to a temporary folder).
         */
        private String sources = "classpath:python/";

        public String getExecutable() {
            return executable;
        }

        public void setExecutable(String executable) {
            this.executable = executable;
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
     * The 'python' health indicator.
     */
    public static class Health {

        /**
         * How long the health probe waits for the GIL before reporting DOWN.
         */
        private Duration probeTimeout = Duration.ofSeconds(1);

        /**
         * How far back the wait percentiles in the health details look.
         */
        private Duration window = Duration.ofMinutes(1);

        /**
         * 99th percentile of permit waits within the window above which the interpreter is
         * reported as contended.
         */
        private Duration permitWaitThreshold = Duration.ofSeconds(1);

        /**
         * Number of callers waiting for a permit at which the interpreter is reported as
         * contended. 0 disables this check.
         */
        private int waitingThreshold = 0;

        /**
         * Health status reported while contended (e.g. OUT_OF_SERVICE or a custom status).
         */
        private String contentionStatus = "OUT_OF_SERVICE";

        public Duration getProbeTimeout() {
            return probeTimeout;
        }

        public void setProbeTimeout(Duration probeTimeout) {
            this.probeTimeout = probeTimeout;
        }

        public Duration getWindow() {
            return window;
        }

        public void setWindow(Duration window) {
            this.window = window;
        }

        public Duration getPermitWaitThreshold() {
            return permitWaitThreshold;
        }

        public void setPermitWaitThreshold(Duration permitWaitThreshold) {
            this.permitWaitThreshold = permitWaitThreshold;
        }

        public int getWaitingThreshold() {
            return waitingThreshold;
        }

        public void setWaitingThreshold(int waitingThreshold) {
            this.waitingThreshold = waitingThreshold;
        }

        public String getContentionStatus() {
            return contentionStatus;
        }

        public void setContentionStatus(String contentionStatus) {
            this.contentionStatus = contentionStatus;
        }
    }

    /**
     * Call metrics and observations.
     */
    public static class Metrics {

        /**
         * Whether each PythonTemplate operation is observed (timer 'pybridge.call', and a span
         * when tracing is on).
         */
        private boolean observationsEnabled = true;

        /**
         * Distinct module/function tag values recorded before further ones are tagged 'OTHER'.
         */
        private int maxFunctionTags = 100;

        public boolean isObservationsEnabled() {
            return observationsEnabled;
        }

        public void setObservationsEnabled(boolean observationsEnabled) {
            this.observationsEnabled = observationsEnabled;
        }

        public int getMaxFunctionTags() {
            return maxFunctionTags;
        }

        public void setMaxFunctionTags(int maxFunctionTags) {
            this.maxFunctionTags = maxFunctionTags;
        }
    }

    /**
     * {@code @PythonCall} client interfaces.
     */
    public static class Clients {

        /**
         * When client methods are checked against their Python functions (existence and
         * signature): 'startup' fails the application at startup, 'first-call' checks each
         * method when first called (for modules that load late). @PythonCall(validation = ...)
         * overrides it per interface or method.
         */
        private Validation validation = Validation.STARTUP;

        /**
         * Extra packages to scan for client interfaces, besides the application's.
         */
        private List<String> packages = new ArrayList<>();

        /**
         * Threads that run asynchronous client methods and calls under a time limit.
         */
        private int executorThreads = 16;

        public Validation getValidation() {
            return validation;
        }

        public void setValidation(Validation validation) {
            this.validation = validation;
        }

        public List<String> getPackages() {
            return packages;
        }

        public void setPackages(List<String> packages) {
            this.packages = packages;
        }

        public int getExecutorThreads() {
            return executorThreads;
        }

        public void setExecutorThreads(int executorThreads) {
            this.executorThreads = executorThreads;
        }

        /** When client methods are checked. */
        public enum Validation {
            /** At application startup: a mismatch fails the context. */
            STARTUP,
            /** At the first call of each method. */
            FIRST_CALL
        }
    }
}
