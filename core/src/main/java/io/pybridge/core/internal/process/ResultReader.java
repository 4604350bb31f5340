package io.pybridge.core.internal.process;

import io.pybridge.core.NdArray;
import io.pybridge.core.PythonObject;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.internal.convert.FromPython;
import io.pybridge.core.internal.convert.NumpyCodec;
import io.pybridge.core.internal.convert.RecordMapping;
import io.pybridge.core.runtime.NameMapping;
import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A worker's result tree (shaped by {@link ResultShapes}) as the requested Java {@link Type}, by
 * the rules and with the messages of the in-process {@code FromPython}: the natural mapping for
 * {@code Object}, range-checked numbers, {@code bool} only for {@code Boolean}, one UTF-16 unit for
 * {@code char}, arrays, collections, maps, enums by name, {@code Optional}, records from the list
 * of component values the worker sent, and primitive arrays or {@link NdArray} from numpy arrays.
 * Python type names in messages are those of the tree ({@link WireTree#typeName}).
 */
public final class ResultReader {

    /**
     * The item a worker appends to a record's component values when some are {@link WireTree#MISSING}:
     * {@code [python type name, "key" or "attribute"]}, so the message says what in-process says.
     */
    static final int MISSING_DETAIL = 1;

    private final NameMapping names;

    /** @param names which spellings of a record component the worker read (for messages) */
    public ResultReader(NameMapping names) {
        this.names = names;
    }

    /** {@code tree} as {@code type}; {@code void}/{@code Void} give null. */
    public @Nullable Object read(@Nullable Object tree, Type type) {
        return convert(tree, type, 0);
    }

    private @Nullable Object convert(@Nullable Object tree, Type type, int depth) {
        if (depth > FromPython.MAX_DEPTH) {
            throw new PythonConversionException("Python value nested deeper than " + FromPython.MAX_DEPTH
                    + " levels (or a container that contains itself)");
        }
        if (type instanceof Class<?> target) {
            return toClass(tree, target, depth);
        }
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (raw == Optional.class) {
                return tree == null ? Optional.empty() : Optional.ofNullable(convert(tree, arguments[0], depth));
            }
            if (raw == Map.class || raw == LinkedHashMap.class) {
                return map(tree, arguments[0], arguments[1], depth);
            }
            if (raw == Set.class || raw == LinkedHashSet.class) {
                return set(tree, arguments[0], depth);
            }
            if (isList(raw)) {
                return list(tree, arguments[0], depth);
            }
            return toClass(tree, raw, depth);
        }
        if (type instanceof WildcardType wildcard) {
            return convert(tree, wildcard.getUpperBounds()[0], depth);
        }
        if (type instanceof TypeVariable<?> variable) {
            return convert(tree, variable.getBounds()[0], depth);
        }
        if (type instanceof GenericArrayType array) {
            Type component = array.getGenericComponentType();
            return array(tree, component, FromPython.rawClass(component), depth);
        }
        throw new PythonConversionException("Unsupported result type " + type.getTypeName());
    }

    private static boolean isList(Class<?> raw) {
        return raw == List.class || raw == Collection.class || raw == Iterable.class || raw == ArrayList.class;
    }

    private @Nullable Object toClass(@Nullable Object tree, Class<?> target, int depth) {
        if (target == Object.class) {
            return natural(tree, depth);
        }
        if (target == void.class || target == Void.class) {
            return null;
        }
        if (tree == null) {
            if (target.isPrimitive()) {
                throw new PythonConversionException("Cannot convert Python None to " + target.getName());
            }
            return target == Optional.class ? Optional.empty() : null;
        }
        Object scalar = Scalars.read(tree, target);
        if (scalar != Scalars.NOT_SCALAR) {
            return scalar;
        }
        if (PythonObject.class.isAssignableFrom(target)) {
            throw new PythonConversionException("Cannot convert Python " + WireTree.typeName(tree) + " to "
                    + target.getName() + ": handles stay in-process, a worker process sends data");
        }
        if (target == NdArray.class || target.isArray() && tree instanceof NdArray) {
            if (!(tree instanceof NdArray array)) {
                throw new PythonConversionException("Cannot convert Python " + WireTree.typeName(tree)
                        + " to NdArray: a numpy array is needed");
            }
            return target == NdArray.class ? array : NumpyCodec.toJavaArray(array, target);
        }
        if (target == NdArray.NumpyView.class) {
            if (tree instanceof NdArray.NumpyView view) {
                return view; // read in place from a result block
            }
            if (tree instanceof NdArray array) {
                return NumpyCodec.toDirectView(array); // small: sent in the frame
            }
            throw new PythonConversionException("Cannot convert Python " + WireTree.typeName(tree)
                    + " to NdArray: a numpy array is needed");
        }
        if (target == byte[].class) {
            Scalars.expect(tree instanceof byte[], tree, target);
            return tree;
        }
        if (target.isArray()) {
            return array(tree, target.getComponentType(), target.getComponentType(), depth);
        }
        if (target == Number.class) {
            Scalars.expect(tree instanceof Long || tree instanceof BigInteger || tree instanceof Double, tree, target);
            return tree;
        }
        if (target.isRecord()) {
            return record(tree, target, depth);
        }
        if (target.isEnum()) {
            Scalars.expect(tree instanceof String, tree, target);
            return Scalars.enumConstant(target, (String) tree);
        }
        if (target == Optional.class) {
            return Optional.ofNullable(natural(tree, depth));
        }
        if (isList(target)) {
            return list(tree, Object.class, depth);
        }
        if (target == Set.class || target == LinkedHashSet.class) {
            return set(tree, Object.class, depth);
        }
        if (target == Map.class || target == LinkedHashMap.class) {
            return map(tree, Object.class, Object.class, depth);
        }
        ResultShapes.refuseUnreadable(target); // a Stream, say: the message says what to request instead
        throw new PythonConversionException("Cannot convert Python " + WireTree.typeName(tree) + " to "
                + target.getName() + ": no conversion to that Java type is supported");
    }

    /** The natural Java value: the tree itself, containers copied into ArrayList, LinkedHashMap and LinkedHashSet. */
    private @Nullable Object natural(@Nullable Object tree, int depth) {
        if (tree instanceof List<?>) {
            return list(tree, Object.class, depth);
        }
        if (tree instanceof Map<?, ?>) {
            return map(tree, Object.class, Object.class, depth);
        }
        if (tree instanceof Set<?>) {
            return set(tree, Object.class, depth);
        }
        if (tree == WireTree.MISSING) {
            throw new PythonConversionException("The worker sent MISSING outside a record");
        }
        return tree;
    }

    /** Lists and sets (a worker sends any iterable as a list), item by item. */
    private List<@Nullable Object> list(@Nullable Object tree, Type element, int depth) {
        if (tree instanceof Set<?> set) {
            return new ArrayList<>(set(set, element, depth));
        }
        if (tree instanceof NdArray array) {
            // The worker keeps numpy arrays whole for list-like requests (double[] wants them so).
            tree = rows(array);
        }
        if (!(tree instanceof List<?> items)) {
            // In-process, a str, dict, bytes or number fails the same way: only sequences and iterators are read.
            throw new PythonConversionException("Cannot convert Python " + WireTree.typeName(tree)
                    + " to java.util.List: a list or tuple is needed");
        }
        List<@Nullable Object> result = new ArrayList<>(items.size());
        addItems(items, element, depth, result);
        return result;
    }

    private void addItems(Collection<?> items, Type element, int depth, Collection<@Nullable Object> result) {
        int index = 0;
        for (Object item : items) {
            try {
                result.add(convert(item, element, depth + 1));
            }
            catch (PythonConversionException ex) {
                throw ex.under("[" + index + "]");
            }
            index++;
        }
    }

    private Set<@Nullable Object> set(@Nullable Object tree, Type element, int depth) {
        if (!(tree instanceof Set<?> || tree instanceof List<?>)) {
            throw new PythonConversionException("Cannot convert Python " + WireTree.typeName(tree) + " to a Set");
        }
        Set<@Nullable Object> result = new LinkedHashSet<>();
        addItems((Collection<?>) tree, element, depth, result);
        return result;
    }

    private Map<@Nullable Object, @Nullable Object> map(@Nullable Object tree, Type keyType, Type valueType, int depth) {
        if (!(tree instanceof Map<?, ?> dict)) {
            throw new PythonConversionException("Cannot convert Python " + WireTree.typeName(tree)
                    + " to a Map: a dict is needed");
        }
        Map<@Nullable Object, @Nullable Object> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : dict.entrySet()) {
            Object key = convert(entry.getKey(), keyType, depth + 1);
            try {
                result.put(key, convert(entry.getValue(), valueType, depth + 1));
            }
            catch (PythonConversionException ex) {
                throw ex.under("[" + (key instanceof String ? "\"" + key + "\"" : key) + "]");
            }
        }
        return result;
    }

    /**
     * A numpy array iterated as Python iterates it: the elements of a 1-D array (as Long or
     * Double, like {@code tolist()}), the sub-arrays along the first axis of a deeper one.
     */
    private static List<Object> rows(NdArray array) {
        int[] shape = array.shape();
        List<Object> rows = new ArrayList<>(shape[0]);
        if (shape.length == 1) {
            boolean floating = array.dtype() == NdArray.DType.FLOAT64 || array.dtype() == NdArray.DType.FLOAT32;
            for (int i = 0; i < shape[0]; i++) {
                Number item = (Number) Array.get(array.data(), i);
                rows.add(floating ? (Object) item.doubleValue() : (Object) (array.dtype() == NdArray.DType.UINT8
                        ? item.longValue() & 0xff : item.longValue()));
            }
            return rows;
        }
        int[] rowShape = Arrays.copyOfRange(shape, 1, shape.length);
        int rowSize = Array.getLength(array.data()) / Math.max(1, shape[0]);
        for (int i = 0; i < shape[0]; i++) {
            Object row = Array.newInstance(array.dtype().arrayType().getComponentType(), rowSize);
            System.arraycopy(array.data(), i * rowSize, row, 0, rowSize);
            rows.add(NdArray.ofData(array.dtype(), row, rowShape));
        }
        return rows;
    }

    /** A Java array of {@code component} (bytes straight into {@code byte[]}). */
    private Object array(@Nullable Object tree, Type componentType, Class<?> component, int depth) {
        if (component == byte.class && tree instanceof byte[] bytes) {
            return bytes;
        }
        return FromPython.arrayOf(list(tree, FromPython.itemType(componentType, component), depth), component);
    }

    /**
     * A record from the component values the worker read (by key from a dict, by attribute from
     * anything else), in declaration order; a {@link WireTree#MISSING} one fails as in-process,
     * except for an {@code Optional} component, which becomes {@code Optional.empty()}.
     */
    private Object record(Object tree, Class<?> target, int depth) {
        RecordMapping mapping = RecordMapping.of(target);
        int size = mapping.size();
        if (tree instanceof Map<?, ?> dict) {
            tree = byKey(dict, mapping);
        }
        if (!(tree instanceof List<?> sent) || sent.size() != size && sent.size() != size + MISSING_DETAIL) {
            throw new PythonConversionException("Cannot convert " + WireTree.typeName(tree) + " from a worker process to "
                    + target.getName() + ": a list of its " + size + " component values is needed (was the result "
                    + "shaped for another type?)");
        }
        Object[] values = new Object[size];
        for (int i = 0; i < size; i++) {
            Object value = sent.get(i);
            if (value == WireTree.MISSING) {
                if (mapping.rawType(i) == Optional.class) {
                    values[i] = Optional.empty();
                    continue;
                }
                throw missing(sent, size, target, mapping, i);
            }
            try {
                values[i] = convert(value, mapping.type(i), depth + 1);
                if (values[i] == null && mapping.rawType(i).isPrimitive()) {
                    throw new PythonConversionException("Cannot store Python None in " + mapping.rawType(i).getName());
                }
            }
            catch (PythonConversionException ex) {
                throw ex.under("." + mapping.name(i));
            }
        }
        return mapping.create(values);
    }

    /**
     * The component values of a record sent as a plain dict (a record inside a record of its own
     * type, which {@link ResultShapes} leaves natural), read by key as the worker would have.
     */
    private List<Object> byKey(Map<?, ?> dict, RecordMapping mapping) {
        List<Object> values = new ArrayList<>(mapping.size() + MISSING_DETAIL);
        boolean missing = false;
        for (int i = 0; i < mapping.size(); i++) {
            String fallback = mapping.fallbackName(i, names);
            Object value = dict.containsKey(mapping.readName(i)) ? dict.get(mapping.readName(i))
                    : fallback != null && dict.containsKey(fallback) ? dict.get(fallback) : WireTree.MISSING;
            missing |= value == WireTree.MISSING;
            values.add(value);
        }
        if (missing) {
            values.add(List.of("dict", "key"));
        }
        return values;
    }

    /** The in-process message for a component found under neither name, from the detail the worker appended. */
    private PythonConversionException missing(List<?> sent, int size, Class<?> target, RecordMapping mapping, int i) {
        String typeName = "'dict'";
        boolean byKey = true;
        if (sent.size() == size + MISSING_DETAIL && sent.get(size) instanceof List<?> detail && detail.size() == 2) {
            typeName = "'" + detail.get(0) + "'";
            byKey = !"attribute".equals(detail.get(1));
        }
        return new PythonConversionException("Cannot convert Python " + typeName + " to " + target.getName()
                + ": it has no " + (byKey ? "key " : "attribute ") + mapping.keysRead(i, names));
    }
}
