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

    /**
     * The unit HotSpot's {@code Stack*Pages} flags count in: 4 KiB, whatever the OS page size
     * (HotSpot multiplies each by 4 KiB, then aligns the zone up to the page size).
     */
    static final long FLAG_UNIT = 4096;

    /** This JVM's zones, from its HotSpot flags and an OS page of {@code pageSize} bytes, else {@link #CONSERVATIVE}. */
    static JavaStackZones ofThisJvm(long pageSize) {
        try {
            return fromPages(JavaStackZones::hotSpotFlag, pageSize);
        }
        catch (RuntimeException | LinkageError ex) {
            return CONSERVATIVE;
        }
    }

    /**
     * The zones from the counts read by {@code flag} (a HotSpot flag name to its value), as
     * HotSpot sizes them: each zone is its count of {@link #FLAG_UNIT}s aligned up to the OS page
     * ({@code pageSize}); the red, yellow and reserved zones each on its own, then summed. On
     * 64 KiB pages (some aarch64 and ppc64 kernels) one red page is 64 KiB, not 4.
     */
    static JavaStackZones fromPages(ToLongFunction<String> flag, long pageSize) {
        long red = flag.applyAsLong("StackRedPages");
        long yellow = flag.applyAsLong("StackYellowPages");
        long reserved = flag.applyAsLong("StackReservedPages");
        long shadow = flag.applyAsLong("StackShadowPages");
        if (pageSize <= 0 || red < 0 || yellow < 0 || reserved < 0 || red + yellow + reserved < 0 || shadow <= 0) {
            return CONSERVATIVE;
        }
        long guard = zoneBytes(red, pageSize) + zoneBytes(yellow, pageSize) + zoneBytes(reserved, pageSize);
        return new JavaStackZones(guard, zoneBytes(shadow, pageSize));
    }

    /** {@code units} of {@link #FLAG_UNIT} bytes aligned up to a multiple of {@code pageSize}. */
    static long zoneBytes(long units, long pageSize) {
        long bytes = units * FLAG_UNIT;
        return (bytes + pageSize - 1) / pageSize * pageSize;
    }

    private static long hotSpotFlag(String name) {
        com.sun.management.HotSpotDiagnosticMXBean hotSpot = ManagementFactory
                .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
        return Long.parseLong(hotSpot.getVMOption(name).getValue());
    }
}
