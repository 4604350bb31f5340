package io.pybridge.autoconfigure.client;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;

/**
 * The platform threads that run asynchronous client methods and calls under a time limit (which
 * run apart from the caller so the limit can stop them), shut down with the context. Not itself
 * an {@code Executor} bean, so it never displaces Spring Boot's application task executor.
 */
public final class PythonClientThreads implements DisposableBean {

    private final ThreadPoolExecutor executor;

    /**
     * @param threads the pool size
     * @param stackSize each thread's stack: with at least the runtime's {@code thread-stack-size}
     *     these threads run Python themselves instead of handing every call to a worker
     */
    public PythonClientThreads(int threads, long stackSize) {
        AtomicInteger number = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(null, task, "pybridge-client-" + number.incrementAndGet(), stackSize);
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
    }

    public ExecutorService executor() {
        return executor;
    }

    @Override
    public void destroy() {
        executor.shutdown();
    }
}
