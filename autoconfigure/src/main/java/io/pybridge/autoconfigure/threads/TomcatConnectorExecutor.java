package io.pybridge.autoconfigure.threads;

import java.util.concurrent.TimeUnit;
import org.apache.catalina.Lifecycle;
import org.apache.catalina.LifecycleEvent;
import org.apache.catalina.LifecycleListener;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.ProtocolHandler;
import org.apache.tomcat.util.threads.TaskQueue;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.jspecify.annotations.Nullable;

/**
 * The request-thread pool of one Tomcat connector, when its threads need more stack than Java
 * gives them. Just before the connector starts, if it has no executor of its own (Spring Boot's
 * virtual threads set one, and so may the application), it gets the kind Tomcat would make itself:
 * Tomcat's {@link ThreadPoolExecutor} over a {@link TaskQueue}, with the connector's
 * {@code minSpareThreads}, {@code maxThreads}, {@code maxQueueSize}, thread priority and daemon
 * flag, a keep-alive of 60 s and threads named {@code <endpoint>-exec-N}, whose threads have the
 * stack. Tomcat does not stop an executor it was given, so this one is shut down once the
 * connector has stopped, as Tomcat shuts down its own, and a restart makes a new one.
 */
final class TomcatConnectorExecutor implements LifecycleListener {

    static final String THREADS = "Tomcat's request threads";

    /** How long an idle thread above the minimum lives, as in Tomcat's own pool. */
    private static final long KEEP_ALIVE_SECONDS = 60;

    /** How long the stop waits for the threads to end, unless the connector says. */
    private static final long DEFAULT_TERMINATION_MILLIS = 5000;

    private final Connector connector;

    private final CallerStack stack;

    /** The endpoint's name, read before Tomcat binds the port: it ends in that port when it was 0. */
    private @Nullable String endpointName;

    /** The connector's minimum of spare threads, started once it has started. */
    private int coreThreads;

    /** The executor this listener made, while the connector runs. */
    private @Nullable ThreadPoolExecutor executor;

    TomcatConnectorExecutor(Connector connector, CallerStack stack) {
        this.connector = connector;
        this.stack = stack;
    }

    @Override
    public void lifecycleEvent(LifecycleEvent event) {
        switch (event.getType()) {
            case Lifecycle.BEFORE_INIT_EVENT -> {
                if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
                    endpointName = endpointName(protocol);
                }
            }
            case Lifecycle.BEFORE_START_EVENT -> start();
            case Lifecycle.AFTER_START_EVENT -> startCoreThreads();
            case Lifecycle.AFTER_STOP_EVENT -> stop();
            default -> {
            }
        }
    }

    private void start() {
        if (!(connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) || protocol.getExecutor() != null
                || flag("useVirtualThreads", false)) {
            return;
        }
        long bytes = stack.bytesFor(THREADS);
        if (bytes == 0) {
            return;
        }
        String name = endpointName != null ? endpointName : endpointName(protocol);
        TaskQueue queue = new TaskQueue(protocol.getMaxQueueSize());
        // No core threads yet (Tomcat's pool starts them all when made): a connector that fails
        // to start (its port in use) gets no stop event, and its threads would outlive it.
        // They start once it has started (startCoreThreads).
        coreThreads = protocol.getMinSpareThreads();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, protocol.getMaxThreads(),
                KEEP_ALIVE_SECONDS, TimeUnit.SECONDS, queue,
                new TomcatThreadFactory(name + "-exec-", flag("daemon", true), protocol.getThreadPriority(), bytes));
        queue.setParent(pool);
        protocol.setExecutor(pool);
        executor = pool;
    }

    /** The connector started: the pool keeps its minimum of spare threads from now on. */
    private void startCoreThreads() {
        ThreadPoolExecutor pool = executor;
        if (pool != null) {
            pool.setCorePoolSize(coreThreads);
            pool.prestartAllCoreThreads();
        }
    }

    private void stop() {
        ThreadPoolExecutor pool = executor;
        if (pool == null) {
            return;
        }
        executor = null;
        ProtocolHandler protocol = connector.getProtocolHandler();
        if (protocol.getExecutor() == pool) {
            protocol.setExecutor(null);
        }
        pool.shutdownNow();
        long timeout = number("executorTerminationTimeoutMillis", DEFAULT_TERMINATION_MILLIS);
        if (timeout > 0) {
            try {
                pool.awaitTermination(timeout, TimeUnit.MILLISECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The name Tomcat gives the endpoint when it initializes it: the protocol's, unquoted. */
    private static String endpointName(AbstractProtocol<?> protocol) {
        String quoted = protocol.getName();
        return quoted.length() > 1 && quoted.startsWith("\"") && quoted.endsWith("\"")
                ? quoted.substring(1, quoted.length() - 1) : quoted;
    }

    /** An endpoint setting given as a connector property ({@code daemon}, ...), else its default. */
    private boolean flag(String property, boolean otherwise) {
        Object value = connector.getProperty(property);
        return value == null ? otherwise : Boolean.parseBoolean(value.toString());
    }

    private long number(String property, long otherwise) {
        Object value = connector.getProperty(property);
        try {
            return value == null ? otherwise : Long.parseLong(value.toString());
        }
        catch (NumberFormatException ex) {
            return otherwise;
        }
    }
}
