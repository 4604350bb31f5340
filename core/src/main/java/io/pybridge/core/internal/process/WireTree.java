package io.pybridge.core.internal.process;

import io.pybridge.core.NdArray;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The values that cross the pipe to a worker process, and back: {@code null}, {@link Boolean},
 * {@link Long} (a Python int of 64 bits), {@link BigInteger} (past 64 bits), {@link Double},
 * {@link String}, {@code byte[]}, {@link List} (Python list), {@link Map} (a {@code LinkedHashMap},
 * Python dict), {@link Set} (a {@code LinkedHashSet}, Python set), {@link NdArray} (numpy array)
 * and {@link #MISSING}. The codec turns msgpack into these and back; {@link ArgumentTrees},
 * {@link ResultShapes} and {@link ResultReader} convert between them and Java values.
 */
public final class WireTree {

    /**
     * A record component the worker found under neither of its names (Python's
     * {@code pybridge_shapes.MISSING}).
     */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "MISSING";
        }
    };

    private WireTree() {
    }

    /**
     * The Python type name of a tree value, quoted as in-process messages quote it
     * ({@code 'int'}, {@code 'dict'}...). Subclasses are gone by the time a value is a tree, so an
     * {@code IntEnum} is {@code 'int'} here where in-process it would be its own name.
     */
    static String typeName(@Nullable Object value) {
        String name;
        if (value == null) {
            name = "NoneType";
        }
        else if (value instanceof Boolean) {
            name = "bool";
        }
        else if (value instanceof Long || value instanceof BigInteger) {
            name = "int";
        }
        else if (value instanceof Double) {
            name = "float";
        }
        else if (value instanceof String) {
            name = "str";
        }
        else if (value instanceof byte[]) {
            name = "bytes";
        }
        else if (value instanceof List<?>) {
            name = "list";
        }
        else if (value instanceof Map<?, ?>) {
            name = "dict";
        }
        else if (value instanceof Set<?>) {
            name = "set";
        }
        else if (value instanceof NdArray) {
            name = "ndarray"; // type(a).__name__, as in-process messages have it
        }
        else {
            name = value == MISSING ? "MISSING" : value.getClass().getName();
        }
        return "'" + name + "'";
    }
}
