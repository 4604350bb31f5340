package io.pybridge.core.internal.capi;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;

/**
 * Per-thread native memory for the arguments C wants by pointer (C strings, the argument array
 * of a vectorcall, out-parameters): a stack, so a call that re-enters on the same thread (Python
 * calling Java calling Python) pushes above its caller's arguments instead of overwriting them
 * while the outer C function still reads them.
 *
 * <p>Use: {@code long mark = scratch.mark(); try { ... push ... call ... } finally { scratch.reset(mark); }}.
 * A request that does not fit in the block gets an arena of its own, closed by the reset that
 * pops it. The block is freed with its thread's {@code ThreadLocal} entry ({@link Arena#ofAuto()}).
 */
final class FfmScratch {

    /** Enough for any attribute name and a deep stack of argument arrays; larger text overflows. */
    private static final long BLOCK_SIZE = 16 * 1024;

    private static final ThreadLocal<FfmScratch> CURRENT = ThreadLocal.withInitial(FfmScratch::new);

    private final MemorySegment block = Arena.ofAuto().allocate(BLOCK_SIZE, 16);

    private final long base = block.address();

    /** The first free byte of {@link #block}, as an offset; beyond its size once requests overflow. */
    private long top;

    /** Arenas of requests that did not fit, with the mark each was made at (newest first). */
    private final ArrayDeque<Overflow> overflows = new ArrayDeque<>();

    private record Overflow(long mark, Arena arena) {
    }

    private FfmScratch() {
    }

    static FfmScratch current() {
        return CURRENT.get();
    }

    long mark() {
        return top;
    }

    /** Pops everything pushed since {@code mark}. */
    void reset(long mark) {
        top = mark;
        while (!overflows.isEmpty() && overflows.peekFirst().mark() >= mark) {
            overflows.removeFirst().arena().close();
        }
    }

    /** {@code bytes} (a NUL-terminated C string, or any bytes) copied to native memory; its address. */
    long cString(byte[] bytes) {
        MemorySegment target = push(bytes.length);
        MemorySegment.copy(bytes, 0, target, JAVA_BYTE, 0, bytes.length);
        return target.address();
    }

    /** {@code values} copied to native memory with {@code reserved} free words before them; the address of {@code values[0]}. */
    long words(long[] values, int reserved) {
        MemorySegment target = push((long) (values.length + reserved) * Long.BYTES);
        MemorySegment.copy(values, 0, target, JAVA_LONG, (long) reserved * Long.BYTES, values.length);
        return target.address() + (long) reserved * Long.BYTES;
    }

    /** {@code values} copied to native memory; its address. */
    long ints(int[] values) {
        MemorySegment target = push((long) values.length * Integer.BYTES);
        MemorySegment.copy(values, 0, target, JAVA_INT, 0, values.length);
        return target.address();
    }

    /** Copies {@code values.length} words at {@code address} (pushed here) back into {@code values}. */
    static void copyBack(long address, long[] values) {
        MemorySegment.copy(FfmLibrary.EVERYTHING, JAVA_LONG, address, values, 0, values.length);
    }

    static void copyBack(long address, int[] values) {
        MemorySegment.copy(FfmLibrary.EVERYTHING, JAVA_INT, address, values, 0, values.length);
    }

    /** {@code size} zeroed bytes; their address. */
    long zeroed(long size) {
        MemorySegment target = push(size);
        target.fill((byte) 0);
        return target.address();
    }

    private MemorySegment push(long size) {
        long aligned = (size + 15) & ~15L;
        if (top + aligned <= BLOCK_SIZE) { // top <= BLOCK_SIZE here, so nothing overflows the sum
            MemorySegment target = block.asSlice(top, Math.max(size, 1));
            top += aligned;
            return target;
        }
        // Past the block, top still advances (it only orders marks now): a nested frame's mark
        // is then above this overflow's, and its reset cannot close an arena its caller still uses.
        Arena arena = Arena.ofConfined();
        overflows.addFirst(new Overflow(top, arena));
        top += aligned;
        return arena.allocate(Math.max(size, 1), 16);
    }
}
