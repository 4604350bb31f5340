package io.pybridge.autoconfigure.threads;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;

/**
 * Gives the request threads of the embedded Jetty the stack the running Python needs: after
 * Spring Boot has made the server's {@link QueuedThreadPool} from {@code server.jetty.threads.*},
 * puts in its place a {@link StackQueuedThreadPool} with the same settings. A pool of another kind
 * (Spring Boot's virtual threads, or the application's own) is left alone.
 */
final class JettyRequestThreads implements WebServerFactoryCustomizer<JettyServletWebServerFactory>, Ordered {

    static final String THREADS = "Jetty's request threads";

    private final CallerStack stack;

    private final @Nullable Integer maxQueueCapacity;

    /**
     * @param maxQueueCapacity {@code server.jetty.threads.max-queue-capacity}, which the pool does
     *     not tell: {@code null} for Jetty's default queue
     */
    JettyRequestThreads(CallerStack stack, @Nullable Integer maxQueueCapacity) {
        this.stack = stack;
        this.maxQueueCapacity = maxQueueCapacity;
    }

    @Override
    public void customize(JettyServletWebServerFactory factory) {
        ThreadPool pool = factory.getThreadPool();
        if (pool != null && pool.getClass() != QueuedThreadPool.class) {
            return;
        }
        // No pool yet: the one Jetty would make itself.
        QueuedThreadPool settings = pool != null ? (QueuedThreadPool) pool : new QueuedThreadPool();
        if (settings.getVirtualThreadsExecutor() != null) {
            return;
        }
        long bytes = stack.bytesFor(THREADS);
        if (bytes > 0) {
            factory.setThreadPool(StackQueuedThreadPool.like(settings, queue(), bytes));
        }
    }

    /** As Spring Boot makes it: 0 hands each job straight to a thread, more bounds the queue. */
    private @Nullable BlockingQueue<Runnable> queue() {
        if (maxQueueCapacity == null) {
            return null;
        }
        return maxQueueCapacity == 0 ? new SynchronousQueue<>() : new BlockingArrayQueue<>(maxQueueCapacity);
    }

    /** After Spring Boot's customizers, which set the pool. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
