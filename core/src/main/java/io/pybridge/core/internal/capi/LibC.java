package io.pybridge.core.internal.capi;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.jspecify.annotations.Nullable;

/**
 * The few C library functions pybridge needs besides CPython's: the bounds of the calling
 * thread's stack (so Python runs only where its recursion limits fit, see
 * the call gate) and removing an environment variable before the
 * interpreter reads it at boot (so Python's fault handler never takes the JVM's signals).
 * Direct-mapped like {@link JnaCApi}; bound on first use.
 */
public final class LibC {

    /** Larger than {@code sizeof(pthread_attr_t)} on every 64-bit Linux (56 on x86_64, 64 on aarch64). */
    private static final int PTHREAD_ATTR_SIZE = 128;

    private static final boolean BOUND = bind();

    private LibC() {
    }

    private static boolean bind() {
        if (!Platform.isLinux()) {
            return false; // pthread_getattr_np is a GNU extension; elsewhere stacks count as unknown
        }
        try {
            Native.register(LibC.class, Platform.C_LIBRARY_NAME);
            return true;
        }
        catch (UnsatisfiedLinkError ex) {
            return false;
        }
    }

    private static native long pthread_self();

    private static native int pthread_getattr_np(long thread, Memory attr);

    private static native int pthread_attr_getstack(Memory attr, long[] address, long[] size);

    private static native int pthread_attr_destroy(Memory attr);

    private static native int unsetenv(String name);

    private static native int getpagesize();

    /**
     * The size in bytes of the calling thread's whole stack (guard pages of the JVM included), or
     * -1 if it cannot be told on this platform. One native query; callers cache it per thread.
     */
    public static long currentThreadStackSize() {
        long[] bounds = currentThreadStack();
        return bounds == null ? -1 : bounds[1];
    }

    /**
     * The calling thread's whole stack as {lowest address, size in bytes} (the JVM's guard pages
     * included: they lie at its low end), or null if it cannot be told on this platform.
     */
    public static long @Nullable [] currentThreadStack() {
        if (!BOUND) {
            return null;
        }
        Memory attr = new Memory(PTHREAD_ATTR_SIZE);
        if (pthread_getattr_np(pthread_self(), attr) != 0) {
            return null;
        }
        try {
            long[] address = new long[1];
            long[] size = new long[1];
            return pthread_attr_getstack(attr, address, size) == 0 ? new long[] {address[0], size[0]} : null;
        }
        finally {
            pthread_attr_destroy(attr);
        }
    }

    /** The size of a memory page in bytes, or 4096 if it cannot be told. */
    public static long pageSize() {
        return BOUND ? getpagesize() : 4096;
    }

    /**
     * Removes {@code name} from the process environment; returns false if it could not. Only
     * for boot, before any Python code runs: {@code unsetenv} is not thread-safe against a
     * concurrent {@code setenv}, and Java itself reads the environment only at JVM start.
     */
    public static boolean unsetEnvironmentVariable(String name) {
        return BOUND && unsetenv(name) == 0;
    }
}
