package io.pybridge.core.internal.process;

import io.pybridge.core.NdArray;
import io.pybridge.core.PythonObject;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.internal.convert.FromPython;
import io.pybridge.core.internal.convert.RecordMapping;
import io.pybridge.core.internal.convert.ToPython;
import io.pybridge.core.runtime.NameMapping;
import java.lang.reflect.Array;
import java.math.BigInteger;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Java arguments as wire trees for a worker process, by the rules of the in-process
 * {@code ToPython}: scalars to their tree types, records to maps keyed as the runtime's
 * {@link NameMapping} spells them, collections, iterables and arrays to lists, sets to sets, maps
 * to maps with their keys converted (never renamed). What cannot leave this JVM is refused with a
 * {@link PythonConversionException} that names its place: {@link PythonObject} handles (the object
 * is in this JVM's interpreter) and Java functions (the worker cannot call back). A
 * {@link NdArray.NumpyView} is copied into an {@link NdArray}: the worker cannot see this
 * process's memory, so writes on either side are not seen by the other.
 */
public final class ArgumentTrees {

    private final NameMapping names;

    /** @param names how record components are spelled as keys (the runtime's setting) */
    public ArgumentTrees(NameMapping names) {
        this.names = names;
    }

    /** Positional arguments as a list of trees; a failure names {@code args[i]}. */
    public List<@Nullable Object> arguments(@Nullable Object[] args) {
        List<@Nullable Object> trees = new ArrayList<>(args.length);
        for (int i = 0; i < args.length; i++) {
            try {
                trees.add(tree(args[i]));
            }
            catch (PythonConversionException ex) {
                throw ex.under("args[" + i + "]");
            }
        }
        return trees;
    }

    /** One value as a tree; a failure names where inside it. */
    public @Nullable Object tree(@Nullable Object value) {
        return convert(value, new IdentityHashMap<>());
    }

    /** {@code value} as a tree; {@code inProgress}: the enclosing containers. */
    private @Nullable Object convert(@Nullable Object value, IdentityHashMap<Object, Boolean> inProgress) {
        if (value == null || value instanceof String || value instanceof Long || value instanceof Boolean
                || value instanceof Double || value instanceof byte[] || value instanceof NdArray) {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        if (value instanceof BigInteger big) {
            return big.bitLength() < Long.SIZE ? (Object) big.longValue() : big;
        }
        if (value instanceof Character || value instanceof CharSequence) {
            return value.toString();
        }
        if (value instanceof Enum<?> constant) {
            return constant.name();
        }
        if (value instanceof Optional<?> optional) {
            return optional.isPresent() ? convert(optional.get(), inProgress) : null;
        }
        if (value instanceof NdArray.NumpyView view) {
            return copy(view);
        }
        if (value instanceof PythonObject) {
            // Before Iterable, which a handle also is.
            throw new PythonConversionException("Cannot convert " + value.getClass().getName() + " to Python: a "
                    + "PythonObject handle refers to an object in this JVM's interpreter; a worker process cannot see "
                    + "it: pass data");
        }
        if (value instanceof Map<?, ?> || value instanceof Iterable<?> || value.getClass().isArray()
                || value.getClass().isRecord()) {
            return container(value, inProgress);
        }
        if (ToPython.isFunctional(value)) {
            throw new PythonConversionException("Cannot convert " + value.getClass().getName() + " to Python: Java "
                    + "functions cannot be called from a worker process: pass data, or call the function in Java");
        }
        throw new PythonConversionException("Cannot convert " + value.getClass().getName()
                + " to Python: supported are null, Boolean, Byte, Short, Integer, Long, BigInteger, Float, Double, "
                + "CharSequence, Character, byte[], enums, records, Optional, Map, Collection, Iterable, arrays and "
                + "NdArray (PythonObject handles and functional interfaces only in-process)");
    }

    /** A map, record, set, list, iterable or array, guarded against cycles and depth as in-process. */
    private Object container(Object value, IdentityHashMap<Object, Boolean> inProgress) {
        ToPython.enter(value, inProgress);
        try {
            if (value instanceof Map<?, ?> map) {
                return map(map, inProgress);
            }
            if (value.getClass().isRecord()) {
                return record(value, inProgress);
            }
            if (value instanceof Set<?> set) {
                Set<@Nullable Object> result = new LinkedHashSet<>();
                int index = 0;
                for (Object item : set) {
                    result.add(item(item, "[" + index++ + "]", inProgress));
                }
                return result;
            }
            if (value instanceof Iterable<?> iterable) {
                List<@Nullable Object> result = new ArrayList<>(iterable instanceof Collection<?> c ? c.size() : 10);
                int index = 0;
                for (Object item : iterable) {
                    result.add(item(item, "[" + index++ + "]", inProgress));
                }
                return result;
            }
            int length = Array.getLength(value);
            List<@Nullable Object> result = new ArrayList<>(length);
            for (int i = 0; i < length; i++) {
                // char[] gives Characters, which become 1-character strings.
                result.add(item(Array.get(value, i), "[" + i + "]", inProgress));
            }
            return result;
        }
        catch (StackOverflowError ex) {
            throw FromPython.nestedDeeperThanTheStack("Java");
        }
        finally {
            inProgress.remove(value);
        }
    }

    private Map<@Nullable Object, @Nullable Object> map(Map<?, ?> map, IdentityHashMap<Object, Boolean> inProgress) {
        Map<@Nullable Object, @Nullable Object> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            Object key = entry.getKey();
            String segment = "[" + (key instanceof CharSequence ? "\"" + key + "\"" : String.valueOf(key)) + "]";
            result.put(item(key, segment, inProgress), item(entry.getValue(), segment, inProgress));
        }
        return result;
    }

    /** A record as a map of its components in declaration order, keyed as {@link #names} spells them. */
    private Map<Object, @Nullable Object> record(Object record, IdentityHashMap<Object, Boolean> inProgress) {
        RecordMapping mapping = RecordMapping.of(record.getClass());
        Map<Object, @Nullable Object> result = new LinkedHashMap<>();
        for (int i = 0; i < mapping.size(); i++) {
            result.put(mapping.writtenName(i, names), item(mapping.value(record, i), "." + mapping.name(i), inProgress));
        }
        return result;
    }

    private @Nullable Object item(@Nullable Object value, String segment, IdentityHashMap<Object, Boolean> inProgress) {
        try {
            return convert(value, inProgress);
        }
        catch (PythonConversionException ex) {
            throw ex.under(segment);
        }
    }

    /**
     * The elements a view covers (position onwards, as many as its shape holds) copied into an
     * {@link NdArray} of the same dtype and shape.
     */
    private static NdArray copy(NdArray.NumpyView view) {
        int[] shape = view.shape();
        int elements = 1;
        for (int dimension : shape) {
            elements = Math.multiplyExact(elements, dimension);
        }
        Buffer buffer = view.buffer().duplicate(); // its own position: the caller's is left alone
        Object data = Array.newInstance(view.dtype().arrayType().getComponentType(), elements);
        if (buffer instanceof DoubleBuffer b) {
            b.get((double[]) data);
        }
        else if (buffer instanceof FloatBuffer b) {
            b.get((float[]) data);
        }
        else if (buffer instanceof LongBuffer b) {
            b.get((long[]) data);
        }
        else if (buffer instanceof IntBuffer b) {
            b.get((int[]) data);
        }
        else {
            ((ByteBuffer) buffer).get((byte[]) data);
        }
        return NdArray.ofData(view.dtype(), data, shape);
    }
}
