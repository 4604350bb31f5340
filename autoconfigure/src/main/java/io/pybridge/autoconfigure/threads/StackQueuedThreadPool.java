package io.pybridge.autoconfigure.threads;

import java.util.concurrent.BlockingQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * Jetty's {@link QueuedThreadPool} whose threads have {@code stackSize} bytes of stack; otherwise
 * made as Jetty makes them (named {@code <pool name>-<thread id>}, the pool's daemon flag and
 * priority, Jetty's class loader as context class loader).
 */
final class StackQueuedThreadPool extends QueuedThreadPool {

    private final long stackSize;

    private StackQueuedThreadPool(QueuedThreadPool settings, @Nullable BlockingQueue<Runnable> queue, long stackSize) {
        super(settings.getMaxThreads(), settings.getMinThreads(), settings.getIdleTimeout(),
                settings.getReservedThreads(), queue, null);
        this.stackSize = stackSize;
    }

    /** A pool with the settings of {@code settings}, over {@code queue} (Jetty's default if null). */
    static StackQueuedThreadPool like(QueuedThreadPool settings, @Nullable BlockingQueue<Runnable> queue,
            long stackSize) {
        StackQueuedThreadPool pool = new StackQueuedThreadPool(settings, queue, stackSize);
        pool.setName(settings.getName());
        pool.setDaemon(settings.isDaemon());
        pool.setThreadsPriority(settings.getThreadsPriority());
        pool.setStopTimeout(settings.getStopTimeout());
        pool.setDetailedDump(settings.isDetailedDump());
        pool.setLowThreadsThreshold(settings.getLowThreadsThreshold());
        pool.setMaxEvictCount(settings.getMaxEvictCount());
        return pool;
    }

    @Override
    public Thread newThread(Runnable runnable) {
        Thread thread = new Thread(null, runnable, getName(), stackSize);
        thread.setName(getName() + "-" + thread.getId());
        thread.setDaemon(isDaemon());
        thread.setPriority(getThreadsPriority());
        thread.setContextClassLoader(QueuedThreadPool.class.getClassLoader());
        return thread;
    }

    long stackSize() {
        return stackSize;
    }
}
