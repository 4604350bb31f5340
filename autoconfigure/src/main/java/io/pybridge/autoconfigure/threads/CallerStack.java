package io.pybridge.autoconfigure.threads;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.pybridge.core.PythonRuntime;
import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Whether a kind of thread must be given more stack than Java gives it to run Python itself, and
 * how much: {@link PythonRuntime#minimumCallerStack()} when that is more than a Java thread gets by
 * default (CPython 3.11-3.13: {@code thread-stack-size}, 16 MiB), otherwise none (CPython 3.14.2+
 * needs 256 KiB). Says once per kind of thread, at INFO, what it gave.
 */
final class CallerStack {

    private static final Log logger = LogFactory.getLog(CallerStack.class);

    /** HotSpot's default on 64-bit Linux, assumed where the JVM does not say. */
    private static final long ASSUMED_JAVA_STACK = 1L << 20;

    private final Supplier<PythonRuntime> runtime;

    private final long javaStack;

    private final Set<String> announced = ConcurrentHashMap.newKeySet();

    /**
     * @param runtime the running Python, asked only when a pool of threads is made
     * @param javaStack the stack a Java thread gets when none is asked for, in bytes
     */
    CallerStack(Supplier<PythonRuntime> runtime, long javaStack) {
        this.runtime = runtime;
        this.javaStack = javaStack;
    }

    /**
     * The stack, in bytes, to give {@code threads} (named for the log, e.g. "Tomcat's request
     * threads"), or 0 to leave them Java's default because it is enough.
     */
    long bytesFor(String threads) {
        PythonRuntime python = runtime.get();
        long needed = python.minimumCallerStack();
        if (needed <= javaStack) {
            return 0;
        }
        if (announced.add(threads) && logger.isInfoEnabled()) {
            logger.info("CPython " + python.installation().shortVersion() + " needs " + size(needed)
                    + " of stack per calling thread; giving " + threads + " " + size(needed)
                    + " of stack so they run Python themselves instead of handing each call to a worker"
                    + " (pybridge.threads.stack.enabled=false turns this off)");
        }
        return needed;
    }

    /**
     * The stack a Java thread gets when none is asked for: {@code -Xss}, HotSpot's
     * {@code ThreadStackSize}; 1 MiB where the JVM does not say (0 means the OS default).
     */
    static long javaDefault() {
        try {
            HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            long kib = hotSpot == null ? 0 : Long.parseLong(hotSpot.getVMOption("ThreadStackSize").getValue());
            return kib > 0 ? kib << 10 : ASSUMED_JAVA_STACK;
        }
        catch (RuntimeException | LinkageError ex) {
            // Not HotSpot, or no jdk.management module.
            return ASSUMED_JAVA_STACK;
        }
    }

    static String size(long bytes) {
        return bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
    }
}
