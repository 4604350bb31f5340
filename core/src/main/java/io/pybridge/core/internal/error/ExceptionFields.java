package io.pybridge.core.internal.error;

import java.util.function.LongBinaryOperator;

/**
 * Where this libpython keeps the fields of an exception and of a traceback entry, so that a
 * binding whose memory reads cost no native crossing (see {@code CApi.readsMemoryInline}) can
 * read them without a C API call each.
 *
 * <p>Both structs are in CPython's public headers ({@code cpython/pyerrors.h},
 * {@code cpython/traceback.h}) and have had this shape since 3.11. After the object header
 * ({@code ob_type} at {@code t}, so the fields start at {@code h = t + 8}):
 * <ul>
 * <li>{@code PyBaseExceptionObject}: {@code dict}, {@code args}, {@code notes},
 * {@code traceback}, {@code context}, {@code cause} at {@code h}, {@code h + 8} ...
 * {@code h + 40}, then {@code char suppress_context} at {@code h + 48};</li>
 * <li>{@code PyTracebackObject}: {@code tb_next} at {@code h}, {@code tb_frame} at
 * {@code h + 8}, {@code int tb_lasti} at {@code h + 16}.</li>
 * </ul>
 * Nothing is assumed: {@link #probe} reads two exceptions of known fields
 * ({@code _pybridge.exception_probes}) and compares each field with what {@code getattr} gives;
 * on any difference, or on a free-threaded build, nothing is read this way.
 */
final class ExceptionFields {

    /** Where {@code ob_type} lies on a regular (GIL) 64-bit build. */
    private static final long REGULAR_TYPE_OFFSET = 8;

    /** Read nothing from memory. */
    static final ExceptionFields NONE = new ExceptionFields(null, 0);

    private final LongBinaryOperator memory;

    /** Where the fields after the object header start; 0 for {@link #NONE}. */
    private final long start;

    private ExceptionFields(LongBinaryOperator memory, long start) {
        this.memory = memory;
        this.start = start;
    }

    /** What the probe asks Python, through the C API. */
    interface Probes {

        /** {@code getattr(object, name)} as a new reference, or 0 (error cleared). */
        long attribute(long object, String name);

        /** The value of an int or bool, as {@code PyLong_AsLongLong} reads it. */
        long value(long number);

        /** Releases a reference made here. */
        void release(long reference);
    }

    /**
     * The layout this libpython has, checked field by field on {@code full} and {@code bare}
     * (see {@code _pybridge.exception_probes}); {@link #NONE} when reads would cost crossings
     * anyway ({@code inline} false), on a free-threaded build, or when any field differs. GIL held.
     *
     * @param none {@code Py_None}, which getattr gives for a field that is NULL
     */
    static ExceptionFields probe(boolean inline, LongBinaryOperator memory, long typeOffset, long none, long full,
            long bare, Probes probes) {
        // A free-threaded build has a longer header, and other threads change objects while this one reads.
        if (!inline || typeOffset != REGULAR_TYPE_OFFSET || full == 0 || bare == 0) {
            return NONE;
        }
        ExceptionFields fields = new ExceptionFields(memory, typeOffset + 8);
        Checker check = new Checker(probes, none);
        try {
            boolean same = check.pointer(full, "__dict__", fields.dict(full))
                    && check.pointer(full, "__context__", fields.context(full))
                    && check.pointer(full, "__cause__", fields.cause(full))
                    && check.pointer(full, "__traceback__", fields.traceback(full))
                    && check.pointer(bare, "__context__", fields.context(bare))
                    && check.pointer(bare, "__cause__", fields.cause(bare))
                    && check.pointer(bare, "__traceback__", fields.traceback(bare))
                    && fields.dict(bare) == 0
                    && check.value(full, "__suppress_context__", fields.contextSuppressed(full) ? 1 : 0)
                    && check.value(bare, "__suppress_context__", fields.contextSuppressed(bare) ? 1 : 0);
            // A traceback pointer is followed only once getattr confirmed it.
            long first = same ? fields.traceback(full) : 0;
            long second = first == 0 ? 0 : fields.nextEntry(first);
            same = same && second != 0
                    && check.pointer(first, "tb_next", second)
                    && check.pointer(second, "tb_next", fields.nextEntry(second))
                    && fields.nextEntry(second) == 0;
            for (long entry : new long[] { first, second }) {
                same = same && check.pointer(entry, "tb_frame", fields.frame(entry))
                        && check.value(entry, "tb_lasti", fields.lastInstruction(entry));
            }
            return same ? fields : NONE;
        }
        catch (RuntimeException unreadable) {
            return NONE;
        }
    }

    /** Whether fields are read from memory at all. */
    boolean readable() {
        return start != 0;
    }

    /** The instance {@code __dict__}, or 0 while none was made. */
    long dict(long exception) {
        return memory.applyAsLong(exception, start);
    }

    /** {@code __traceback__} (borrowed), or 0. */
    long traceback(long exception) {
        return memory.applyAsLong(exception, start + 24);
    }

    /** {@code __context__} (borrowed), or 0. */
    long context(long exception) {
        return memory.applyAsLong(exception, start + 32);
    }

    /** {@code __cause__} (borrowed), or 0. */
    long cause(long exception) {
        return memory.applyAsLong(exception, start + 40);
    }

    /** {@code __suppress_context__}: the low byte of the word (little-endian), a C {@code char}. */
    boolean contextSuppressed(long exception) {
        return (memory.applyAsLong(exception, start + 48) & 0xFF) != 0;
    }

    /** A traceback entry's {@code tb_next} (borrowed), or 0 for the innermost. */
    long nextEntry(long traceback) {
        return memory.applyAsLong(traceback, start);
    }

    /** A traceback entry's {@code tb_frame} (borrowed). */
    long frame(long traceback) {
        return memory.applyAsLong(traceback, start + 8);
    }

    /** A traceback entry's {@code tb_lasti}: the low 32 bits of the word, a C {@code int}. */
    int lastInstruction(long traceback) {
        return (int) memory.applyAsLong(traceback, start + 16);
    }

    /** Compares fields read from memory with getattr's answer. */
    private record Checker(Probes probes, long none) {

        boolean pointer(long object, String name, long read) {
            long attribute = probes.attribute(object, name);
            try {
                return attribute != 0 && (attribute == none ? read == 0 : attribute == read);
            }
            finally {
                probes.release(attribute);
            }
        }

        boolean value(long object, String name, long read) {
            long attribute = probes.attribute(object, name);
            try {
                return attribute != 0 && probes.value(attribute) == read;
            }
            finally {
                probes.release(attribute);
            }
        }
    }
}
