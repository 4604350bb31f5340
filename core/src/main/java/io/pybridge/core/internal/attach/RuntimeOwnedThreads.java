package io.pybridge.core.internal.attach;

import java.security.AccessController;
import java.security.PrivilegedAction;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Threads the runtime keeps for the life of the JVM, detached from the application thread that
 * happened to start them.
 *
 * <p>A thread holds two things of its creator for life: its context class loader and, before
 * JDK 24, an access control context with the protection domain of every class on the creator's
 * stack, each naming its class loader. The runtime outlives an application restarted in place
 * (Spring DevTools makes a new class loader for the application's classes at each restart): a
 * thread of pybridge's started from the application's code would keep the first restart's
 * classes reachable for good (measured: the first restart class loader stayed reachable through
 * {@code pybridge-interpreter}'s {@code inheritedAccessControlContext} and its context class
 * loader). So these threads are made inside a privileged block, which stops the capture at
 * pybridge's own frame, and take pybridge's class loader as their context class loader.
 */
public final class RuntimeOwnedThreads {

    /** The class loader of pybridge itself, which lives as long as the runtime. */
    private static final ClassLoader RUNTIME = RuntimeOwnedThreads.class.getClassLoader();

    private RuntimeOwnedThreads() {
    }

    /** Makes a thread the runtime keeps: no frame of the caller's in its access context, pybridge's context class loader. */
    public static <T extends Thread> T create(Supplier<T> constructor) {
        T thread = detached(constructor);
        thread.setContextClassLoader(RUNTIME);
        return thread;
    }

    /**
     * Runs {@code action} as pybridge's own: threads it starts, the JDK's and libraries' too
     * (JNA's cleaner, the process reaper), inherit neither the caller's context class loader nor
     * its frames.
     */
    public static <T> T detached(Supplier<T> action) {
        return under(RUNTIME, () -> privileged(action));
    }

    /** Runs {@code action} with {@code loader} as this thread's context class loader, then restores it. */
    public static <T> T under(@Nullable ClassLoader loader, Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        if (previous == loader) {
            return action.get();
        }
        thread.setContextClassLoader(loader);
        try {
            return action.get();
        }
        finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * The privileged block only bounds what a new thread captures (no security manager is
     * involved); on JDK 24+, where threads capture nothing, it just runs the action.
     */
    @SuppressWarnings("removal")
    private static <T> T privileged(Supplier<T> action) {
        return AccessController.doPrivileged((PrivilegedAction<T>) action::get);
    }
}
