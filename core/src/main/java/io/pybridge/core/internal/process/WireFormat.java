package io.pybridge.core.internal.process;

/**
 * The constants of the channel to a worker process, shared with {@code pybridge_worker.py}: a
 * frame is a 4-byte little-endian length, then one msgpack value. Java sends
 * {@code [kind, arenaPath, ...]} and the worker answers {@code [status, value, retired]}.
 * msgpack's own types carry nil, bool, int (to 64 bits), float64, str, bin, array and map; the
 * extension types below carry the rest of pybridge's conversion.
 */
final class WireFormat {

    /** An int beyond 64 bits: its signed hex text. */
    static final byte EXT_BIGINT = 1;

    /** A set: the msgpack array of its items. */
    static final byte EXT_SET = 2;

    /** A string that is not valid UTF-8 (lone surrogates): UTF-16-LE code units. */
    static final byte EXT_STR16 = 3;

    /** A numpy array: {@code [dtype char, shape, data]}, data bin or {@code [offset, nbytes]} in the sender's arena. */
    static final byte EXT_NDARRAY = 4;

    /** Bytes in the sender's arena: {@code [offset, nbytes]}. */
    static final byte EXT_ARENA_BYTES = 5;

    /** A record component the worker found under neither of its names. */
    static final byte EXT_MISSING = 6;

    /** Byte strings and arrays at least this long go through the arena, not the pipe. */
    static final int ARENA_THRESHOLD = 64 * 1024;

    /** Request kinds. */
    static final int CALL = 1;

    static final int EVAL = 2;

    static final int EXEC = 3;

    static final int VERIFY = 4;

    /** Response statuses. */
    static final int OK = 0;

    static final int RAISED = 1;

    static final int NOT_TRANSFERABLE = 2;

    static final int NOT_FOUND = 3;

    private WireFormat() {
    }
}
