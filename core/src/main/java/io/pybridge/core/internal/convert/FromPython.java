package io.pybridge.core.internal.convert;

import io.pybridge.core.NdArray;
import io.pybridge.core.PythonObject;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.internal.capi.OutCells;
import io.pybridge.core.internal.convert.PyTypes.Kind;
import io.pybridge.core.internal.error.ExceptionTranslator;
import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Converts borrowed Python references to Java values of a requested {@link Type}. The natural
 * mapping ({@code Object}) is: None→null, bool→Boolean, int→Long (BigInteger past 64 bits),
 * float→Double, str→String, bytes/bytearray→byte[], list/tuple→List, dict→Map (insertion
 * order kept), set/frozenset→Set. A requested type that cannot hold the value fails with a
 * {@link PythonConversionException}; nothing is silently truncated.
 *
 * <p>Must be used by the thread holding the GIL; the object must stay alive during the call.
 */
public final class FromPython {

    private static final byte[] UTF_16_LE = "utf-16-le\0".getBytes(StandardCharsets.US_ASCII);

    private static final byte[] SURROGATEPASS = "surrogatepass\0".getBytes(StandardCharsets.US_ASCII);

    /** The deepest nesting converted either way (ToPython uses it too). */
    static final int MAX_DEPTH = 512;

    private final CApi api;

    private final PyTypes types;

    private final ExceptionTranslator errors;

    private final long pack;

    /** Set once the runtime's handles exist; null only while the interpreter boots. */
    private volatile ObjectBridge bridge;

    /** @param pack strong reference to {@code _pybridge.pack}, owned by the runtime */
    public FromPython(CApi api, PyTypes types, ExceptionTranslator errors, long pack) {
        this.api = api;
        this.types = types;
        this.errors = errors;
        this.pack = pack;
    }

    private NumpyCodec numpy;

    /**
     * Sets up numpy support; the helpers are strong references owned by the interpreter
     * ({@code _pybridge.numpy_empty}, {@code numpy_export}, {@code numpy_view}, {@code ndarray_type}).
     */
    public void enableNumpy(ToPython toPython, long empty, long export, long view, long ndarrayType) {
        this.numpy = new NumpyCodec(api, errors, empty, export, view, ndarrayType);
        toPython.setNumpy(numpy);
    }

    /** Connects handles: Python objects with no natural Java form come back as handles. */
    public void setBridge(ObjectBridge bridge) {
        this.bridge = bridge;
    }

    /** Converts {@code obj} (borrowed) to {@code type}; {@code void}/{@code Void} give null. */
    public Object convert(long obj, Type type) {
        return convert(obj, type, 0);
    }

    private Object convert(long obj, Type type, int depth) {
        if (depth > MAX_DEPTH) {
            throw new PythonConversionException("Python value nested deeper than " + MAX_DEPTH
                    + " levels (or a container that contains itself)");
        }
        if (type instanceof Class<?> target) {
            return toClass(obj, target, depth);
        }
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (raw == Optional.class) {
                return obj == types.none ? Optional.empty() : Optional.ofNullable(convert(obj, arguments[0], depth));
            }
            if (raw == Map.class || raw == LinkedHashMap.class) {
                return map(obj, arguments[0], arguments[1], depth);
            }
            if (raw == Set.class || raw == LinkedHashSet.class) {
                return set(obj, arguments[0], depth);
            }
            if (raw == List.class || raw == Collection.class || raw == Iterable.class || raw == ArrayList.class) {
                return list(obj, arguments[0], depth);
            }
            return toClass(obj, raw, depth);
        }
        if (type instanceof WildcardType wildcard) {
            return convert(obj, wildcard.getUpperBounds()[0], depth);
        }
        if (type instanceof TypeVariable<?> variable) {
            return convert(obj, variable.getBounds()[0], depth);
        }
        if (type instanceof GenericArrayType array) {
            return array(obj, array.getGenericComponentType(), rawClass(array.getGenericComponentType()), depth);
        }
        throw new PythonConversionException("Unsupported result type " + type.getTypeName());
    }

    private Object toClass(long obj, Class<?> target, int depth) {
        if (target == Object.class) {
            return natural(obj, depth);
        }
        if (target == void.class || target == Void.class) {
            return null;
        }
        Kind kind = types.kindOf(obj);
        if (kind == Kind.NONE) {
            if (target.isPrimitive()) {
                throw new PythonConversionException("Cannot convert Python None to " + target.getName());
            }
            return target == Optional.class ? Optional.empty() : null;
        }
        if (target == PythonObject.class) {
            ObjectBridge objects = bridge;
            if (objects == null) {
                throw new PythonConversionException("Handles are not available while the interpreter boots");
            }
            return objects.handleFor(obj);
        }
        if (target == String.class || target == CharSequence.class) {
            expect(kind == Kind.STR, obj, target);
            return string(obj);
        }
        if (target == Long.class || target == long.class) {
            return integral(obj, kind, target, Long.MIN_VALUE, Long.MAX_VALUE).longValue();
        }
        if (target == Integer.class || target == int.class) {
            return integral(obj, kind, target, Integer.MIN_VALUE, Integer.MAX_VALUE).intValue();
        }
        if (target == Short.class || target == short.class) {
            return integral(obj, kind, target, Short.MIN_VALUE, Short.MAX_VALUE).shortValue();
        }
        if (target == Byte.class || target == byte.class) {
            return integral(obj, kind, target, Byte.MIN_VALUE, Byte.MAX_VALUE).byteValue();
        }
        if (target == BigInteger.class) {
            expect(kind == Kind.INT || kind == Kind.BOOL, obj, target);
            return bigInteger(obj);
        }
        if (target == Double.class || target == double.class) {
            return floating(obj, kind, target);
        }
        if (target == Float.class || target == float.class) {
            double value = floating(obj, kind, target);
            if (Double.isFinite(value) && Math.abs(value) > Float.MAX_VALUE) {
                throw new PythonConversionException("Python float " + value + " does not fit in " + target.getName());
            }
            return (float) value;
        }
        if (target == Boolean.class || target == boolean.class) {
            expect(kind == Kind.BOOL, obj, target);
            return obj == types.trueObject;
        }
        if (target == Character.class || target == char.class) {
            expect(kind == Kind.STR, obj, target);
            String text = string(obj);
            if (text.length() != 1) {
                throw new PythonConversionException("Cannot convert a Python str of length " + text.length()
                        + " to " + target.getName());
            }
            return text.charAt(0);
        }
        if (target == byte[].class) {
            if (kind == Kind.OTHER && numpy.isArray(obj, types.typeOf(obj))) {
                return fromNumpy(numpy.fromNumpy(obj), target); // an int8/uint8 numpy array
            }
            expect(kind == Kind.BYTES || kind == Kind.BYTEARRAY, obj, target);
            return bytes(obj, kind);
        }
        if (target == BigDecimal.class) {
            expect(kind == Kind.INT || kind == Kind.FLOAT, obj, target);
            if (kind == Kind.INT) {
                return new BigDecimal(bigInteger(obj));
            }
            double value = api.PyFloat_AsDouble(obj);
            if (!Double.isFinite(value)) {
                throw new PythonConversionException("Python float " + value + " has no BigDecimal value");
            }
            return BigDecimal.valueOf(value);
        }
        if (target == Number.class) {
            expect(kind == Kind.INT || kind == Kind.FLOAT, obj, target);
            return natural(obj, depth);
        }
        if (target == NdArray.class) {
            if (!numpy.isArray(obj, types.typeOf(obj))) {
                throw new PythonConversionException("Cannot convert Python " + typeName(obj)
                        + " to NdArray: a numpy array is needed");
            }
            return numpy.fromNumpy(obj);
        }
        if (target.isArray()) {
            if (kind == Kind.OTHER && numpy.isArray(obj, types.typeOf(obj))) {
                return fromNumpy(numpy.fromNumpy(obj), target);
            }
            return array(obj, target.getComponentType(), target.getComponentType(), depth);
        }
        if (target.isRecord()) {
            return record(obj, kind, target, depth);
        }
        if (target.isEnum()) {
            expect(kind == Kind.STR, obj, target);
            return enumConstant(target, string(obj));
        }
        if (target == Optional.class) {
            return Optional.ofNullable(natural(obj, depth));
        }
        if (target == List.class || target == Collection.class || target == Iterable.class || target == ArrayList.class) {
            return list(obj, Object.class, depth);
        }
        if (target == Set.class || target == LinkedHashSet.class) {
            return set(obj, Object.class, depth);
        }
        if (target == Map.class || target == LinkedHashMap.class) {
            return map(obj, Object.class, Object.class, depth);
        }
        throw new PythonConversionException("Cannot convert Python " + typeName(obj) + " to " + target.getName()
                + ": no conversion to that Java type is supported");
    }

    /** The natural Java value of {@code obj}. */
    public Object natural(long obj) {
        return natural(obj, 0);
    }

    private Object natural(long obj, int depth) {
        Kind kind = types.kindOf(obj);
        switch (kind) {
            case NONE:
                return null;
            case BOOL:
                return obj == types.trueObject;
            case INT:
                return integer(obj);
            case FLOAT:
                return api.PyFloat_AsDouble(obj);
            case STR:
                return string(obj);
            case BYTES:
            case BYTEARRAY:
                return bytes(obj, kind);
            case LIST:
            case TUPLE:
                return list(obj, Object.class, depth);
            case DICT:
                return map(obj, Object.class, Object.class, depth);
            case SET:
                return set(obj, Object.class, depth);
            default:
                if (numpy.isArray(obj, types.typeOf(obj))) {
                    return numpy.fromNumpy(obj);
                }
                ObjectBridge objects = bridge;
                if (objects != null) {
                    return objects.handleFor(obj);
                }
                throw new PythonConversionException("Python " + typeName(obj)
                        + " has no natural Java equivalent: request a specific Java type, or return "
                        + "a str, number, bytes, list, dict or set from Python");
        }
    }

    private void expect(boolean matches, long obj, Class<?> target) {
        if (!matches) {
            throw new PythonConversionException("Cannot convert Python " + typeName(obj) + " to " + target.getName());
        }
    }

    /** A Python int as Long, or BigInteger when it does not fit in 64 bits. */
    private Object integer(long obj) {
        long value = api.PyLong_AsLongLong(obj);
        if (value == -1 && api.PyErr_Occurred() != 0) {
            api.PyErr_Clear(); // OverflowError: take the arbitrary-precision path
            return bigInteger(obj);
        }
        return value;
    }

    private BigInteger integral(long obj, Kind kind, Class<?> target, long min, long max) {
        expect(kind == Kind.INT || kind == Kind.BOOL, obj, target);
        Object value = integer(obj);
        BigInteger big = value instanceof Long small ? BigInteger.valueOf(small) : (BigInteger) value;
        if (big.compareTo(BigInteger.valueOf(min)) < 0 || big.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new PythonConversionException("Python int " + big + " does not fit in " + target.getName());
        }
        return big;
    }

    private BigInteger bigInteger(long obj) {
        // Hex text: exempt from CPython's int/str digit limit, and exact for any size.
        long text = api.PyNumber_ToBase(obj, 16);
        if (text == 0) {
            throw errors.toException();
        }
        try {
            String hex = string(text);
            boolean negative = hex.startsWith("-");
            BigInteger magnitude = new BigInteger(hex.substring(negative ? 3 : 2), 16);
            return negative ? magnitude.negate() : magnitude;
        }
        finally {
            api.Py_DecRef(text);
        }
    }

    private double floating(long obj, Kind kind, Class<?> target) {
        expect(kind == Kind.FLOAT || kind == Kind.INT, obj, target);
        double value = api.PyFloat_AsDouble(obj);
        if (value == -1.0 && api.PyErr_Occurred() != 0) {
            throw errors.toException(); // an int too large for a double raises OverflowError
        }
        return value;
    }

    /** A str as a Java String; lone surrogates (which UTF-8 cannot carry) cross as UTF-16. */
    String string(long obj) {
        OutCells cells = OutCells.current();
        long utf8 = api.PyUnicode_AsUTF8AndSize(obj, cells.address(OutCells.SIZE));
        if (utf8 != 0) {
            int size = Math.toIntExact(cells.get(OutCells.SIZE));
            return size == 0 ? "" : new String(api.readBytes(utf8, size), StandardCharsets.UTF_8);
        }
        api.PyErr_Clear(); // UnicodeEncodeError: the str holds lone surrogates
        long encoded = api.PyUnicode_AsEncodedString(obj, UTF_16_LE, SURROGATEPASS);
        if (encoded == 0) {
            throw errors.toException();
        }
        try {
            byte[] data = api.readBytes(api.PyBytes_AsString(encoded), Math.toIntExact(api.PyBytes_Size(encoded)));
            char[] chars = new char[data.length / 2];
            for (int i = 0; i < chars.length; i++) {
                chars[i] = (char) ((data[2 * i] & 0xff) | (data[2 * i + 1] & 0xff) << 8);
            }
            return new String(chars);
        }
        finally {
            api.Py_DecRef(encoded);
        }
    }

    private byte[] bytes(long obj, Kind kind) {
        long size = kind == Kind.BYTES ? api.PyBytes_Size(obj) : api.PyByteArray_Size(obj);
        if (size == 0) {
            return new byte[0];
        }
        long data = kind == Kind.BYTES ? api.PyBytes_AsString(obj) : api.PyByteArray_AsString(obj);
        return api.readBytes(data, Math.toIntExact(size));
    }

    private Object enumConstant(Class<?> target, String name) {
        for (Object constant : target.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(name)) {
                return constant;
            }
        }
        throw new PythonConversionException("'" + name + "' is not a constant of " + target.getName());
    }

    /** A record from a dict (by key) or from any object (by attribute), component by component. */
    private Object record(long obj, Kind kind, Class<?> target, int depth) {
        RecordMapping mapping = RecordMapping.of(target);
        Object[] values = new Object[mapping.names.length];
        for (int i = 0; i < values.length; i++) {
            long value;
            boolean borrowed = kind == Kind.DICT;
            if (borrowed) {
                value = api.PyDict_GetItemString(obj, mapping.cNames[i]);
            }
            else {
                value = api.PyObject_GetAttrString(obj, mapping.cNames[i]);
                if (value == 0) {
                    api.PyErr_Clear();
                }
            }
            if (value == 0) {
                if (mapping.rawTypes[i] == Optional.class) {
                    values[i] = Optional.empty();
                    continue;
                }
                throw new PythonConversionException("Cannot convert Python " + typeName(obj) + " to " + target.getName()
                        + ": it has no " + (borrowed ? "key '" : "attribute '") + mapping.names[i] + "'");
            }
            try {
                values[i] = convert(value, mapping.types[i], depth + 1);
                if (values[i] == null && mapping.rawTypes[i].isPrimitive()) {
                    throw new PythonConversionException("Cannot store Python None in " + mapping.rawTypes[i].getName());
                }
            }
            catch (PythonConversionException ex) {
                throw ex.under("." + mapping.names[i]);
            }
            finally {
                if (!borrowed) {
                    api.Py_DecRef(value);
                }
            }
        }
        return mapping.create(values);
    }

    /** A numpy array as a 1-D or 2-D primitive Java array of the matching dtype. */
    private static Object fromNumpy(NdArray array, Class<?> target) {
        int[] shape = array.shape();
        Class<?> flat = array.dtype().arrayType();
        if (target == flat && shape.length == 1) {
            return array.data();
        }
        if (target.getComponentType() == flat && shape.length == 2) {
            Object rows = Array.newInstance(flat, shape[0]);
            for (int i = 0; i < shape[0]; i++) {
                Object row = Array.newInstance(flat.getComponentType(), shape[1]);
                System.arraycopy(array.data(), i * shape[1], row, 0, shape[1]);
                Array.set(rows, i, row);
            }
            return rows;
        }
        throw new PythonConversionException("Cannot convert a numpy array of dtype " + array.dtype() + " and shape "
                + Arrays.toString(shape) + " to " + target.getSimpleName() + ": request "
                + flat.getSimpleName() + (shape.length == 2 ? "[]" : "") + " or NdArray");
    }

    // ---- containers ----

    /** Borrowed items of a list or tuple, read through a callback so no array is built. */
    private interface ItemReader {
        Object read(long item, int index);
    }

    private int sequenceSize(long obj, Kind kind, Type target) {
        if (kind == Kind.LIST) {
            return Math.toIntExact(api.PyList_Size(obj));
        }
        if (kind == Kind.TUPLE) {
            return Math.toIntExact(api.PyTuple_Size(obj));
        }
        throw new PythonConversionException("Cannot convert Python " + typeName(obj) + " to " + target.getTypeName()
                + ": a list or tuple is needed");
    }

    private void forEachItem(long obj, Kind kind, int size, ItemReader reader) {
        for (int i = 0; i < size; i++) {
            long item = kind == Kind.LIST ? api.PyList_GetItem(obj, i) : api.PyTuple_GetItem(obj, i);
            try {
                reader.read(item, i);
            }
            catch (PythonConversionException ex) {
                throw ex.under("[" + i + "]");
            }
        }
    }

    private List<Object> list(long obj, Type element, int depth) {
        Kind kind = types.kindOf(obj);
        if (kind == Kind.SET) {
            return new ArrayList<>(set(obj, element, depth));
        }
        int size = sequenceSize(obj, kind, List.class);
        List<Object> result = new ArrayList<>(size);
        if (size >= ToPython.BULK_THRESHOLD && packable(element) && unpacked(obj, element, result)) {
            return result;
        }
        forEachItem(obj, kind, size, (item, i) -> result.add(convert(item, element, depth + 1)));
        return result;
    }

    private static boolean packable(Type element) {
        return element == Object.class || element == Long.class || element == Integer.class || element == Double.class
                || element == long.class || element == int.class || element == double.class;
    }

    /**
     * Reads a homogeneous list of ints or floats as one packed buffer from {@code _pybridge.pack}.
     * Returns false (adding nothing) when the list is mixed, holds other types, or ints past 64 bits.
     */
    private boolean unpacked(long obj, Type element, List<Object> result) {
        long packed = api.PyObject_VectorcallDict(pack, new long[] { obj }, 1, 0);
        if (packed == 0) {
            throw errors.toException();
        }
        try {
            if (packed == types.none) {
                return false;
            }
            long size = api.PyBytes_Size(packed);
            ByteBuffer data = ByteBuffer.wrap(api.readBytes(api.PyBytes_AsString(packed), Math.toIntExact(size)))
                    .order(ByteOrder.nativeOrder());
            byte code = data.get();
            int count = data.remaining() / Long.BYTES;
            if (code == 'q' && element != Double.class && element != double.class) {
                for (int i = 0; i < count; i++) {
                    long value = data.getLong();
                    if ((element == Integer.class || element == int.class) && (int) value != value) {
                        throw new PythonConversionException("Python int " + value + " does not fit in Integer")
                                .under("[" + i + "]");
                    }
                    result.add(element == Integer.class || element == int.class ? (Object) (int) value : (Object) value);
                }
                return true;
            }
            if (code == 'd' && (element == Object.class || element == Double.class || element == double.class)) {
                for (int i = 0; i < count; i++) {
                    result.add(data.getDouble());
                }
                return true;
            }
            return false;
        }
        finally {
            api.Py_DecRef(packed);
        }
    }

    private Set<Object> set(long obj, Type element, int depth) {
        Kind kind = types.kindOf(obj);
        if (kind == Kind.LIST || kind == Kind.TUPLE) {
            return new LinkedHashSet<>(list(obj, element, depth));
        }
        if (kind != Kind.SET) {
            throw new PythonConversionException("Cannot convert Python " + typeName(obj) + " to a Set");
        }
        Set<Object> result = new LinkedHashSet<>();
        long iterator = api.PyObject_GetIter(obj);
        if (iterator == 0) {
            throw errors.toException();
        }
        try {
            long item;
            while ((item = api.PyIter_Next(iterator)) != 0) {
                try {
                    result.add(convert(item, element, depth + 1));
                }
                finally {
                    api.Py_DecRef(item);
                }
            }
            if (api.PyErr_Occurred() != 0) {
                throw errors.toException();
            }
            return result;
        }
        finally {
            api.Py_DecRef(iterator);
        }
    }

    private Map<Object, Object> map(long obj, Type keyType, Type valueType, int depth) {
        if (types.kindOf(obj) != Kind.DICT) {
            throw new PythonConversionException("Cannot convert Python " + typeName(obj) + " to a Map: a dict is needed");
        }
        Map<Object, Object> result = new LinkedHashMap<>();
        long[] position = new long[1];
        long[] key = new long[1];
        long[] value = new long[1];
        while (api.PyDict_Next(obj, position, key, value) != 0) {
            Object javaKey = convert(key[0], keyType, depth + 1);
            try {
                result.put(javaKey, convert(value[0], valueType, depth + 1));
            }
            catch (PythonConversionException ex) {
                throw ex.under("[" + (javaKey instanceof String ? "\"" + javaKey + "\"" : javaKey) + "]");
            }
        }
        return result;
    }

    private Object array(long obj, Type componentType, Class<?> component, int depth) {
        Kind kind = types.kindOf(obj);
        if (component == byte.class && (kind == Kind.BYTES || kind == Kind.BYTEARRAY)) {
            return bytes(obj, kind);
        }
        List<Object> items = list(obj, component.isPrimitive() ? boxed(component) : componentType, depth);
        Object array = Array.newInstance(component, items.size());
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (item == null && component.isPrimitive()) {
                throw new PythonConversionException("Cannot store Python None in " + component.getName() + "[]")
                        .under("[" + i + "]");
            }
            Array.set(array, i, item);
        }
        return array;
    }

    private static Class<?> boxed(Class<?> primitive) {
        return Array.get(Array.newInstance(primitive, 1), 0).getClass();
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType g) {
            return Array.newInstance(rawClass(g.getGenericComponentType()), 0).getClass();
        }
        return Object.class;
    }

    /** The Python type name of {@code obj}, for messages. */
    String typeName(long obj) {
        long name = api.PyObject_GetAttrString(types.typeOf(obj), "__name__\0".getBytes(StandardCharsets.US_ASCII));
        if (name == 0) {
            api.PyErr_Clear();
            return "object";
        }
        try {
            return "'" + string(name) + "'";
        }
        finally {
            api.Py_DecRef(name);
        }
    }
}
