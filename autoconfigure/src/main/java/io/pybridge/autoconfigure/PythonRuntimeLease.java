package io.pybridge.autoconfigure;

import io.pybridge.core.PythonRuntime;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.security.AccessController;
import java.security.PrivilegedAction;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * One application context's use of the process-wide Python runtime.
 *
 * <p>CPython can be initialized only once per process, so the runtime outlives any single
 * context: the first lease boots it, later ones (a DevTools restart, another test context, a
 * second context in the same JVM) reuse it. When the JVM shuts down, the context closing last
 * drains in-flight calls and finalizes Python; a context closed while the JVM keeps running
 * leaves the interpreter for the next one unless {@code pybridge.finalize-on-context-close}
 * says otherwise. A JVM shutdown hook finalizes an interpreter no context closed.
 */
public final class PythonRuntimeLease implements DisposableBean {

    private static final Log logger = LogFactory.getLog(PythonRuntimeLease.class);

    private static final Object LOCK = new Object();

    private static int leases;

    private static boolean shutdownHookRegistered;

    private final PythonRuntime runtime;

    private final Duration shutdownTimeout;

    private final boolean finalizeOnContextClose;

    private PythonRuntimeLease(PythonRuntime runtime, Duration shutdownTimeout, boolean finalizeOnContextClose) {
        this.runtime = runtime;
        this.shutdownTimeout = shutdownTimeout;
        this.finalizeOnContextClose = finalizeOnContextClose;
    }

    /** Reuses the live runtime of this JVM, or starts one with {@code config}. */
    public static PythonRuntimeLease acquire(PythonRuntimeConfig config, boolean finalizeOnContextClose) {
        synchronized (LOCK) {
            PythonRuntime runtime = PythonRuntime.current().orElse(null);
            if (runtime != null) {
                logger.info("Reusing the running Python " + runtime.installation().version()
                        + " interpreter (CPython starts once per JVM; interpreter settings changed since need a JVM restart)");
            }
            else {
                runtime = PythonRuntime.start(config);
            }
            leases++;
            registerShutdownHook();
            return new PythonRuntimeLease(runtime, config.shutdownTimeout(), finalizeOnContextClose);
        }
    }

    public PythonRuntime runtime() {
        return runtime;
    }

    @Override
    public void destroy() {
        synchronized (LOCK) {
            leases--;
            if (leases > 0) {
                return;
            }
        }
        if (finalizeOnContextClose || jvmShuttingDown()) {
            runtime.close(shutdownTimeout);
        }
    }

    private static void registerShutdownHook() {
        if (shutdownHookRegistered) {
            return;
        }
        shutdownHookRegistered = true;
        // Finalizes only an interpreter no context holds: a live context closes it itself, after
        // Spring's graceful shutdown has drained its requests.
        Thread hook = detachedThread(() -> {
            synchronized (LOCK) {
                if (leases > 0) {
                    return;
                }
            }
            PythonRuntime.current().ifPresent(PythonRuntime::close);
        }, "pybridge-shutdown");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        catch (IllegalStateException alreadyShuttingDown) {
            // Nothing to add: the closing context finalizes.
        }
    }

    /**
     * The hook is registered once per JVM, from whichever context came first, and is kept until
     * the JVM ends: made as it would be, it would keep that context's class loader (under DevTools
     * the first restart class loader) reachable for good, as its context class loader and, before
     * JDK 24, through the protection domains of the creating stack. A privileged block stops that
     * capture at this frame (no security manager is involved); pybridge's own loader is its
     * context class loader.
     */
    @SuppressWarnings("removal")
    private static Thread detachedThread(Runnable task, String name) {
        Thread thread = AccessController.doPrivileged((PrivilegedAction<Thread>) () -> new Thread(task, name));
        thread.setContextClassLoader(PythonRuntimeLease.class.getClassLoader());
        return thread;
    }

    /** Adding a hook is refused once shutdown has begun: the standard way to ask. */
    private static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        }
        catch (IllegalStateException ex) {
            return true;
        }
    }
}
