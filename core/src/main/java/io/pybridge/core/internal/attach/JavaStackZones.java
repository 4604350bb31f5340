package io.pybridge.core.internal.attach;

import java.lang.management.ManagementFactory;
import java.util.function.ToLongFunction;

/**
 * The parts of a Java thread's stack that native code must leave to the JVM, in bytes. HotSpot
 * puts its guard zones at the far (low) end of every Java thread's stack (red, yellow and reserved
 * pages: touching them is a {@code StackOverflowError} or a crash), and before it enters Java from
 * native code, or calls native code from Java, it expects a shadow zone of free stack below the
 * current frame ({@code -XX:StackShadowPages}). CPython 3.14 cannot know either: the stack bounds
 * pybridge gives it end above both, with room left for the Java frames of a callback.
 *
 * @param guardBytes the red, yellow and reserved zones together
 * @param shadowBytes the shadow zone
 */
record JavaStackZones(long guardBytes, long shadowBytes) {

    /**
     * What is assumed when the JVM does not say (not HotSpot, or no management module): more
     * than HotSpot's defaults on x86-64 and aarch64 with 4 KiB pages (16 KiB and 80 KiB).
     */
    static final JavaStackZones CONSERVATIVE = new JavaStackZones(64 * 1024, 160 * 1024);

    /** This JVM's zones, from its HotSpot flags in pages of {@code pageSize} bytes, else {@link #CONSERVATIVE}. */
    static JavaStackZones ofThisJvm(long pageSize) {
        try {
            return fromPages(JavaStackZones::hotSpotFlag, pageSize);
        }
        catch (RuntimeException | LinkageError ex) {
            return CONSERVATIVE;
        }
    }

    /** The zones from page counts read by {@code flag} (a HotSpot flag name to its value). */
    static JavaStackZones fromPages(ToLongFunction<String> flag, long pageSize) {
        long guardPages = flag.applyAsLong("StackRedPages") + flag.applyAsLong("StackYellowPages")
                + flag.applyAsLong("StackReservedPages");
        long shadowPages = flag.applyAsLong("StackShadowPages");
        if (pageSize <= 0 || guardPages < 0 || shadowPages <= 0) {
            return CONSERVATIVE;
        }
        return new JavaStackZones(guardPages * pageSize, shadowPages * pageSize);
    }

    private static long hotSpotFlag(String name) {
        com.sun.management.HotSpotDiagnosticMXBean hotSpot = ManagementFactory
                .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        return Long.parseLong(hotSpot.getVMOption(name).getValue());
    }
}
