package io.pybridge.core.internal.attach;

import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.internal.capi.LibC;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import org.jspecify.annotations.Nullable;

/**
 * Tells CPython 3.14.2+ where on each thread's stack it may run, so that any platform thread with
 * a quarter of a mebibyte of stack runs Python itself instead of handing each call to a worker.
 *
 * <p>CPython before 3.14 limits recursion through C by counting levels, sized for an 8 MiB main
 * thread: on Java's default 1 MiB stack that overflows before {@code RecursionError} (a SIGSEGV
 * the JVM cannot survive), so such callers hand their calls to workers with big stacks. CPython
 * 3.14 compares the stack pointer with the thread state's stack bounds instead, which it reads
 * from the OS at the state's first attach; on a Java thread those bounds include HotSpot's own
 * zones, where CPython must never go. {@code PyUnstable_ThreadState_SetStackProtection}
 * (3.14.2+) sets the bounds explicitly: each thread state gets its thread's {@link CStackRegion}
 * once, on its own thread, right after it is made. A thread state never moves to another OS
 * thread here (one persistent state per thread, see {@link ThreadStates}), so the bounds stay
 * true for its whole life and are never reset.
 */
final class CStackProtection {

    private static final Logger LOG = System.getLogger(CStackProtection.class.getName());

    /** A Linux main thread's default stack: the most of a thread's stack CPython is given. */
    static final long MAIN_THREAD_STACK = 8L << 20;

    /**
     * CPython's least region ({@code _PyOS_MIN_STACK_SIZE}: three 16 KiB margins on 64-bit
     * builds; a thread-sanitizer build asks for six, which pybridge does not support).
     */
    static final long CPYTHON_MINIMUM = 48 * 1024;

    /** Whether a region below {@link #CPYTHON_MINIMUM} was logged: once per process is enough. */
    private static volatile boolean warnedTooSmall;

    private final CApi api;

    private final JavaStackZones zones;

    private final boolean available;

    CStackProtection(CApi api) {
        this.api = api;
        this.available = api.hasStackProtection();
        this.zones = available ? JavaStackZones.ofThisJvm(LibC.pageSize()) : JavaStackZones.CONSERVATIVE;
    }

    /** Whether this libpython takes explicit stack bounds (CPython 3.14.2+). */
    boolean available() {
        return available;
    }

    /** The least stack a thread needs to run Python itself when {@link #available()}. */
    long minimumStack() {
        return CStackRegion.minimumStack(zones);
    }

    /**
     * Gives {@code tstate}, just made for the calling thread, the part of this thread's stack
     * CPython may use. Without the function, or on a stack that cannot be read, CPython keeps what
     * it measures itself (such a thread is handed to a worker anyway, see the call gate).
     *
     * <p>CPython refuses a region smaller than {@link #CPYTHON_MINIMUM} with a {@code ValueError}
     * it sets through the current thread state: on a path where {@code tstate} is not attached
     * there may be none, so such a region is never passed (the call is skipped, once logged), and
     * on an attached path a refusal's error is cleared, so it does not surface in the next call.
     *
     * @param attached whether {@code tstate} is the calling thread's attached state (the GIL held with it)
     */
    void protect(long tstate, Attachment attachment, boolean attached) {
        if (available) {
            protect(tstate, attachment.stackRegion(zones, MAIN_THREAD_STACK), attached);
        }
    }

    /** {@link #protect(long, Attachment, boolean)} with the region already read; null for none. */
    void protect(long tstate, @Nullable CStackRegion region, boolean attached) {
        if (!available || region == null) {
            return;
        }
        if (region.size() < CPYTHON_MINIMUM) {
            // Not reached with HotSpot's zones (a region is at least CStackRegion.LEAST_REGION);
            // CPython keeps the bounds it measures itself.
            if (!warnedTooSmall) {
                warnedTooSmall = true;
                LOG.log(Level.WARNING, "Left CPython its own stack bounds on thread {0}: its region, {1} bytes, is below"
                        + " CPython''s minimum of {2}", Thread.currentThread().getName(), region.size(), CPYTHON_MINIMUM);
            }
            return;
        }
        if (api.setStackProtection(tstate, region.base(), region.size()) != 0) {
            if (attached) {
                api.PyErr_Clear();
            }
            // Refused: it keeps its own bounds; say so once per thread.
            LOG.log(Level.WARNING, "CPython refused the stack bounds {0} + {1} bytes of thread {2}",
                    Long.toHexString(region.base()), region.size(), Thread.currentThread().getName());
        }
    }
}
