package io.pybridge.autoconfigure.threads;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.util.CustomizableThreadCreator;

/**
 * The threads of a Spring executor or scheduler as it makes them itself (its group, name prefix
 * and a number from 1, priority, daemon flag, each read when the thread is made, so settings
 * applied after this factory still count) but with {@code stackSize} bytes of stack.
 */
final class StackThreadFactory implements ThreadFactory {

    private final CustomizableThreadCreator settings;

    private final long stackSize;

    private final AtomicInteger number = new AtomicInteger();

    StackThreadFactory(CustomizableThreadCreator settings, long stackSize) {
        this.settings = settings;
        this.stackSize = stackSize;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(settings.getThreadGroup(), task,
                settings.getThreadNamePrefix() + number.incrementAndGet(), stackSize);
        thread.setPriority(settings.getThreadPriority());
        thread.setDaemon(settings.isDaemon());
        return thread;
    }

    long stackSize() {
        return stackSize;
    }
}
