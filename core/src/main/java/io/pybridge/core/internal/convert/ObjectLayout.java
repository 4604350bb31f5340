package io.pybridge.core.internal.convert;

import java.util.function.LongBinaryOperator;

/**
 * Where this libpython keeps the fields of ints, floats and lists, so a binding whose memory
 * reads cost no native crossing (see {@code CApi.readsMemoryInline}) can read a list of numbers
 * item by item without a C API call per item. Reading 1,000 ints this way costs a few
 * microseconds; through the C API (or a Python helper) it costs tens.
 *
 * <p>Nothing here is assumed: {@link #probe} reads objects of known value made through the C
 * API and keeps only a layout under which every one of them reads back exactly; a libpython whose
 * layout is none of the known ones (a build with 15-bit digits, a future version) is read
 * through the C API as before. Known layouts, after the object header ({@code ob_type} at
 * {@code t}, 8 bytes on a regular 64-bit build, 24 on a free-threaded one):
 * <ul>
 * <li>float: {@code double ob_fval} at {@code t + 8}, in every version;</li>
 * <li>list: {@code Py_ssize_t ob_size} at {@code t + 8}, {@code PyObject **ob_item} at {@code t + 16};</li>
 * <li>int, 3.12+: {@code uintptr_t lv_tag} at {@code t + 8} (digit count {@code << 3}, sign in the
 * low two bits: 0 positive, 1 zero, 2 negative), 30-bit digits in 32-bit words from {@code t + 16};</li>
 * <li>int, 3.11: the signed digit count {@code ob_size} at {@code t + 8}, the same digits from {@code t + 16}.</li>
 * </ul>
 * Only ints of at most two digits (magnitude below 2<sup>60</sup>) are read from memory; larger
 * ones go through the C API.
 */
final class ObjectLayout {

    /** How ints keep their digit count and sign. */
    enum IntTag {
        /** 3.12+: {@code lv_tag}. */
        TAGGED,
        /** 3.11: signed {@code ob_size}. */
        SIGNED_SIZE
    }

    private static final long DIGIT_MASK = (1L << 30) - 1;

    /** Where {@code ob_type} lies on a regular (GIL) 64-bit build. */
    private static final long REGULAR_TYPE_OFFSET = 8;

    /** Read nothing from memory: every read goes through the C API. */
    static final ObjectLayout NONE = new ObjectLayout(null, 0, null, false, false);

    private final LongBinaryOperator memory;

    private final long typeOffset;

    /** How ints are tagged, or null when ints are not read from memory. */
    private final IntTag intTag;

    private final boolean floats;

    private final boolean lists;

    private ObjectLayout(LongBinaryOperator memory, long typeOffset, IntTag intTag, boolean floats, boolean lists) {
        this.memory = memory;
        this.typeOffset = typeOffset;
        this.intTag = intTag;
        this.floats = floats;
        this.lists = lists;
    }

    /** Known objects made through the C API, to check a layout against before trusting it. */
    interface Probes {

        /** New ints of these values (references the caller releases); values from -2^61 to 2^61. */
        long[] ints(long[] values);

        /** A new float of this value. */
        long newFloat(double value);

        /** A new list holding these (borrowed) items. */
        long newList(long[] items);

        /** Releases a reference made here. */
        void release(long reference);
    }

    /** Values whose ints have zero, one, two and three 30-bit digits, of either sign, next to the digit boundaries. */
    static final long[] PROBE_INTS = { 0, 1, -1, -5, 256, 257, -6, 1000, -1000, (1L << 30) - 1, 1L << 30,
        -((1L << 30) + 5), (1L << 59) + 12_345, -((1L << 59) + 3), (1L << 60) - 1, 1L << 60, -(1L << 61) };

    /**
     * The layout this libpython has, checked object by object; {@link #NONE} when reading memory
     * would cost crossings anyway ({@code inline} false) or nothing matched. GIL held.
     */
    static ObjectLayout probe(boolean inline, LongBinaryOperator memory, long typeOffset, Probes probes) {
        if (!inline) {
            return NONE;
        }
        long[] ints = probes.ints(PROBE_INTS);
        long list = 0;
        long aFloat = 0;
        try {
            for (long reference : ints) {
                if (reference == 0) {
                    return NONE;
                }
            }
            IntTag tag = null;
            for (IntTag candidate : IntTag.values()) {
                if (new ObjectLayout(memory, typeOffset, candidate, false, false).readsAll(ints)) {
                    tag = candidate;
                    break;
                }
            }
            aFloat = probes.newFloat(-1.25e-3);
            boolean floats = aFloat != 0
                    && Double.longBitsToDouble(memory.applyAsLong(aFloat, typeOffset + 8)) == -1.25e-3;
            list = probes.newList(ints);
            // Not on a free-threaded build (a longer header): other threads change lists there
            // while this one reads, and only the C API's per-object locking makes that safe.
            boolean lists = typeOffset == REGULAR_TYPE_OFFSET && list != 0
                    && memory.applyAsLong(list, typeOffset + 8) == ints.length;
            for (int i = 0; lists && i < ints.length; i++) {
                lists = memory.applyAsLong(memory.applyAsLong(list, typeOffset + 16), 8L * i) == ints[i];
            }
            return new ObjectLayout(memory, typeOffset, tag, floats, lists);
        }
        finally {
            probes.release(list);
            probes.release(aFloat);
            for (long reference : ints) {
                probes.release(reference);
            }
        }
    }

    /** Whether each probe reads back as its value (the large ones as not compact). */
    private boolean readsAll(long[] ints) {
        for (int i = 0; i < ints.length; i++) {
            long expected = PROBE_INTS[i];
            boolean compact = Math.abs(expected) < (1L << 60);
            if (isCompactInt(ints[i]) != compact || compact && compactIntValue(ints[i]) != expected) {
                return false;
            }
        }
        return true;
    }

    /** Whether ints (exact {@code int} objects) are read from memory at all. */
    boolean readsInts() {
        return intTag != null;
    }

    /** Whether floats are read from memory. */
    boolean readsFloats() {
        return floats;
    }

    /** Whether lists' items are read from memory. */
    boolean readsLists() {
        return lists;
    }

    /** The digit count and sign word of the exact int {@code obj}; {@link #readsInts} must hold. */
    long intTag(long obj) {
        return memory.applyAsLong(obj, typeOffset + 8);
    }

    /** Whether an int of this {@link #intTag} has at most two digits, so {@link #compactIntValue} reads it. */
    boolean isCompact(long tag) {
        return digitCount(tag) <= 2;
    }

    /** Whether the exact int {@code obj} has at most two digits; {@link #readsInts} must hold. */
    boolean isCompactInt(long obj) {
        return isCompact(intTag(obj));
    }

    /** The value of the exact int {@code obj}, which {@link #isCompactInt} accepted. */
    long compactIntValue(long obj) {
        return compactIntValue(obj, intTag(obj));
    }

    /** The value of the exact int {@code obj} whose {@link #intTag} is {@code tag}, which {@link #isCompact} accepted. */
    long compactIntValue(long obj, long tag) {
        long count = digitCount(tag);
        if (count == 0) {
            return 0;
        }
        // Two 32-bit digit words in one read, low digit first (little-endian). With one digit the
        // high half is the object's padding: a one-digit int takes 28 bytes and is allocated in
        // 32 (pymalloc, and the static small ints' 32-byte array stride) or more (malloc,
        // mimalloc); the half is masked out.
        long words = memory.applyAsLong(obj, typeOffset + 16);
        long magnitude = words & DIGIT_MASK;
        if (count == 2) {
            magnitude |= ((words >>> 32) & DIGIT_MASK) << 30;
        }
        boolean negative = intTag == IntTag.TAGGED ? (tag & 3) == 2 : tag < 0;
        return negative ? -magnitude : magnitude;
    }

    private long digitCount(long tag) {
        if (intTag == IntTag.TAGGED) {
            return tag >>> 3; // unsigned: a garbled tag gives a huge count, never a small one
        }
        return tag == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(tag);
    }

    /** The value of the exact float {@code obj}; {@link #readsFloats} must hold. */
    double floatValue(long obj) {
        return Double.longBitsToDouble(memory.applyAsLong(obj, typeOffset + 8));
    }

    /** The current length of the exact list {@code list}; {@link #readsLists} must hold. */
    long listSize(long list) {
        return memory.applyAsLong(list, typeOffset + 8);
    }

    /** The item array ({@code ob_item}) of the exact list {@code list}, valid until Python code runs. */
    long listItems(long list) {
        return memory.applyAsLong(list, typeOffset + 16);
    }

    /** Item {@code index} (borrowed) of an item array from {@link #listItems}. */
    long item(long items, long index) {
        return memory.applyAsLong(items, 8 * index);
    }
}
