package io.pybridge.autoconfigure.threads;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.tomcat.util.threads.TaskThread;

/**
 * Request threads as a Tomcat connector makes them ({@link TaskThread}s named
 * {@code <endpoint>-exec-N} from 1, in the group of the thread that made the connector's executor,
 * with the class loader that loaded Tomcat) but with {@code stackSize} bytes of stack.
 */
final class TomcatThreadFactory implements ThreadFactory {

    private final ThreadGroup group = Thread.currentThread().getThreadGroup();

    private final String namePrefix;

    private final boolean daemon;

    private final int priority;

    private final long stackSize;

    private final AtomicInteger number = new AtomicInteger();

    TomcatThreadFactory(String namePrefix, boolean daemon, int priority, long stackSize) {
        this.namePrefix = namePrefix;
        this.daemon = daemon;
        this.priority = priority;
        this.stackSize = stackSize;
    }

    @Override
    public Thread newThread(Runnable task) {
        TaskThread thread = new TaskThread(group, task, namePrefix + number.incrementAndGet(), stackSize);
        thread.setDaemon(daemon);
        thread.setPriority(priority);
        // Not the loader of whichever web application happens to be running: Tomcat's own.
        thread.setContextClassLoader(TaskThread.class.getClassLoader());
        return thread;
    }

    long stackSize() {
        return stackSize;
    }
}
