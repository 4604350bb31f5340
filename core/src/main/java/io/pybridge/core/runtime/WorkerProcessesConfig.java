package io.pybridge.core.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * The worker processes of a runtime: a third place for calls beside the main interpreter and the
 * pool, where each call runs in a separate CPython process (the application's own Python, with
 * the same {@code sys.path}, sources and packages), so that a crash in C code ends that process
 * and not the JVM. Off ({@link #size()} 0) unless configured. Immutable; built with
 * {@link #builder()}.
 *
 * @param size how many worker processes run (calls that find none free wait for one)
 * @param memoryLimitBytes a worker whose resident memory passes this many bytes is killed and
 *     replaced (its call, if any, fails); 0 for no limit
 * @param recycleAfterCalls a worker is replaced, between calls, after this many calls; 0 never
 * @param stopGracePeriod how long a call stopped by a time limit or a cancel has to stop before
 *     its worker is killed and replaced
 * @param startTimeout how long a worker may take to start (import pybridge's worker and report ready)
 * @param acquireTimeout how long a call waits for a free worker before
 *     {@link io.pybridge.core.exception.PythonBusyException}
 */
public record WorkerProcessesConfig(int size, long memoryLimitBytes, long recycleAfterCalls, Duration stopGracePeriod,
        Duration startTimeout, Duration acquireTimeout) {

    /** No worker processes. */
    public static final WorkerProcessesConfig NONE = builder().build();

    public WorkerProcessesConfig {
        if (size < 0 || memoryLimitBytes < 0 || recycleAfterCalls < 0) {
            throw new IllegalArgumentException("worker process size, memory limit and recycling must not be negative");
        }
        positive(stopGracePeriod, "stopGracePeriod");
        positive(startTimeout, "startTimeout");
        positive(acquireTimeout, "acquireTimeout");
    }

    private static void positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("worker process " + name + " must be positive, was " + duration);
        }
    }

    /** Whether any worker process runs. */
    public boolean enabled() {
        return size > 0;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link WorkerProcessesConfig}; every setting has a default. */
    public static final class Builder {

        private int size;

        private long memoryLimitBytes;

        private long recycleAfterCalls;

        private Duration stopGracePeriod = Duration.ofSeconds(5);

        private Duration startTimeout = Duration.ofSeconds(60);

        private Duration acquireTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /** How many worker processes run; 0 (default) for none. */
        public Builder size(int size) {
            this.size = size;
            return this;
        }

        /** Kill and replace a worker whose resident memory passes this many bytes; 0 (default) for no limit. */
        public Builder memoryLimitBytes(long bytes) {
            this.memoryLimitBytes = bytes;
            return this;
        }

        /** Replace a worker after this many calls; 0 (default) never. */
        public Builder recycleAfterCalls(long calls) {
            this.recycleAfterCalls = calls;
            return this;
        }

        /** Time a stopped call has to end before its worker is killed (default 5 s). */
        public Builder stopGracePeriod(Duration period) {
            this.stopGracePeriod = period;
            return this;
        }

        /** Time a worker may take to start (default 60 s). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Time a call waits for a free worker (default 30 s). */
        public Builder acquireTimeout(Duration timeout) {
            this.acquireTimeout = timeout;
            return this;
        }

        public WorkerProcessesConfig build() {
            return new WorkerProcessesConfig(size, memoryLimitBytes, recycleAfterCalls, stopGracePeriod, startTimeout,
                    acquireTimeout);
        }
    }
}
