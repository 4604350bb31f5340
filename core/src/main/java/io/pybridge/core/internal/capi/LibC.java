package io.pybridge.core.internal.capi;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import org.jspecify.annotations.Nullable;

/**
 * The few C library functions pybridge needs besides CPython's: the bounds of the calling
 * thread's stack (so Python runs only where its recursion limits fit, see
 * the call gate), removing an environment variable before the
 * interpreter reads it at boot (so Python's fault handler never takes the JVM's signals), and
 * killing a worker process's group (so the processes it started end with it).
 * Direct-mapped like {@link JnaCApi}; bound on first use.
 */
public final class LibC {

    /** Larger than {@code sizeof(pthread_attr_t)} on every 64-bit Linux (56 on x86_64, 64 on aarch64). */
    private static final int PTHREAD_ATTR_SIZE = 128;

    private static final boolean BOUND = bind();

    /** {@code SYS_gettid} on x86_64. */
    static final long SYS_GETTID_X86_64 = 186;

    /** {@code SYS_gettid} on aarch64 (the generic syscall table). */
    static final long SYS_GETTID_AARCH64 = 178;

    /**
     * Reads the calling thread's kernel id: glibc's {@code gettid} (2.30+), else
     * {@code syscall(SYS_gettid)}; null where neither can be called (then no thread counts as
     * the main one).
     */
    private static final @Nullable ThreadIdReader THREAD_ID = BOUND ? threadIdReader(Platform.ARCH) : null;

    @FunctionalInterface
    private interface ThreadIdReader {
        long read();
    }

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

    private static native int getpid();

    private static native int kill(int pid, int signal);

    /**
     * Sends SIGKILL to every process of the process group {@code leader} leads (a worker process
     * puts itself and so its children in a group of its own). False if there is none or it
     * cannot be done here.
     */
    public static boolean killProcessGroup(long leader) {
        return BOUND && leader > 1 && kill(-(int) leader, 9) == 0;
    }

    private static @Nullable ThreadIdReader threadIdReader(String arch) {
        try {
            NativeLibrary c = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
            try {
                Function gettid = c.getFunction("gettid");
                return () -> gettid.invokeInt(new Object[0]);
            }
            catch (UnsatisfiedLinkError olderGlibc) {
                long number = gettidSyscall(arch);
                if (number < 0) {
                    return null;
                }
                Function syscall = c.getFunction("syscall");
                return () -> syscall.invokeLong(new Object[] {number});
            }
        }
        catch (UnsatisfiedLinkError ex) {
            return null;
        }
    }

    /** {@code SYS_gettid} on {@code arch} (JNA's name for it), or -1 if pybridge does not know it. */
    static long gettidSyscall(String arch) {
        return switch (arch) {
            case "x86-64" -> SYS_GETTID_X86_64;
            case "aarch64" -> SYS_GETTID_AARCH64;
            default -> -1;
        };
    }

    /**
     * Whether the calling thread is the process's main (primordial) thread: its kernel thread id
     * is the process id. False if that cannot be told.
     */
    public static boolean onProcessMainThread() {
        ThreadIdReader threadId = THREAD_ID;
        return threadId != null && isMainThread(threadId.read(), getpid());
    }

    /** Whether kernel thread {@code tid} of process {@code pid} is the process's main thread. */
    static boolean isMainThread(long tid, long pid) {
        return tid > 0 && tid == pid;
    }

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
     *
     * <p>Null, too, on the process's main thread. The {@code java} launcher never runs Java
     * there, but a host that calls {@code JNI_CreateJavaVM} from its own {@code main()} does.
     * For that thread {@code pthread_getattr_np} reports the stack rlimit (8 MiB by default),
     * a size the stack may grow to, while HotSpot places its guard zones where its own, smaller
     * cap for the primordial thread ends: a region measured from glibc's answer would reach past
     * HotSpot's zones. Unknown, the thread's calls go to a worker.
     */
    public static long @Nullable [] currentThreadStack() {
        if (!BOUND || onProcessMainThread()) {
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
