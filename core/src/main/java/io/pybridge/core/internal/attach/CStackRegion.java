package io.pybridge.core.internal.attach;

import org.jspecify.annotations.Nullable;

/**
 * The part of a thread's stack CPython 3.14.2+ is told it may use
 * ({@code PyUnstable_ThreadState_SetStackProtection}): the whole stack but its low end, where the
 * JVM's zones lie ({@link JavaStackZones}) and where a Java callback called from CPython's deepest
 * point still needs room for its own frames. CPython raises {@code RecursionError} once the stack
 * pointer comes within 32 KiB of the region's base, and stops the process (a fatal error) within
 * 16 KiB: so the region's base must lie above everything the JVM needs, and nothing of the region
 * may be needed by the JVM.
 *
 * <pre>
 *   high  +-------------------------+  top of the thread's stack (its first frames)
 *         |   Java frames, then      |
 *         |   CPython's frames  ...  |  region CPython may use
 *   base  +-------------------------+  ... RecursionError 32 KiB above, fatal 16 KiB above
 *         |  callback room           |  a Java callback's frames at CPython's deepest point
 *         |  HotSpot shadow zone     |  free stack HotSpot checks for on entering Java
 *         |  HotSpot guard zones     |  reserved, yellow, red pages
 *   low   +-------------------------+
 * </pre>
 *
 * @param base the lowest address CPython may count as its stack
 * @param size bytes from {@code base} up to the top of the thread's stack
 */
record CStackRegion(long base, long size) {

    /** Room for the Java frames of a callback made at CPython's deepest point, past the shadow zone. */
    static final long CALLBACK_ROOM = 32 * 1024;

    /**
     * The least region worth running Python in: CPython's two 16 KiB margins and the stack a
     * call's own frames take (pybridge's entry, conversion, a few levels of Python through C).
     */
    static final long LEAST_REGION = 128 * 1024;

    /** What is held back at the low end of a stack with these zones. */
    static long reserve(JavaStackZones zones) {
        return zones.guardBytes() + zones.shadowBytes() + CALLBACK_ROOM;
    }

    /** The least whole stack a thread needs to run Python itself: the reserve and the least region. */
    static long minimumStack(JavaStackZones zones) {
        return reserve(zones) + LEAST_REGION;
    }

    /**
     * The region of the stack from {@code low} (its lowest address) spanning {@code stackSize}
     * bytes, at most {@code largest} bytes below the stack's top, or null if the stack is unknown
     * or too small to run Python on. The cap keeps a big stack from letting recursion through C
     * go deeper than under {@code python3} on its main thread (8 MiB), which code is written for.
     */
    static @Nullable CStackRegion of(long low, long stackSize, JavaStackZones zones, long largest) {
        if (low <= 0 || stackSize < minimumStack(zones)) {
            return null;
        }
        long reserve = reserve(zones);
        long size = Math.min(stackSize - reserve, largest);
        long top = low + stackSize;
        return new CStackRegion(top - size, size);
    }
}
