package io.pybridge.core.internal.convert;

import io.pybridge.core.NdArray;
import io.pybridge.core.PythonObject;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.internal.capi.CStrings;
import io.pybridge.core.internal.error.ExceptionTranslator;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Converts Java values to new Python references. Total and explicit: every supported type maps
 * one way; anything else fails with a {@link PythonConversionException} that names the type and
 * where it sits. Object graphs with cycles are detected instead of recursed forever.
 *
 * <p>Must be used by the thread holding the GIL. Every method returns a <em>new</em> reference
 * that the caller owns; on failure nothing is leaked.
 */
public final class ToPython {

    /** Lists of at least this many numbers cross as one packed buffer instead of item by item. */
    static final int BULK_THRESHOLD = 16;

    private static final byte[] SURROGATEPASS = "surrogatepass\0".getBytes(StandardCharsets.US_ASCII);

    private final CApi api;

    private final PyTypes types;

    private final ExceptionTranslator errors;

    private final long longsFromBytes;

    private final long doublesFromBytes;

    /** Set once the runtime's callables and handles exist; null only while the interpreter boots. */
    private volatile ObjectBridge bridge;

    /**
     * @param longsFromBytes strong reference to {@code _pybridge.longs}, owned by the runtime
     * @param doublesFromBytes strong reference to {@code _pybridge.doubles}, owned by the runtime
     */
    public ToPython(CApi api, PyTypes types, ExceptionTranslator errors, long longsFromBytes, long doublesFromBytes) {
        this.api = api;
        this.types = types;
        this.errors = errors;
        this.longsFromBytes = longsFromBytes;
        this.doublesFromBytes = doublesFromBytes;
    }

    private NumpyCodec numpy;

    /** Connects Java functions (to callables) and handles (to their objects). */
    public void setBridge(ObjectBridge bridge) {
        this.bridge = bridge;
    }

    void setNumpy(NumpyCodec numpy) {
        this.numpy = numpy;
    }

    /** Whether {@code value}'s class can become a Python callable. */
    public static boolean isFunctional(Object value) {
        return FunctionalInterfaces.samOf(value.getClass()) != null;
    }

    /** The single abstract method through which Python calls {@code value}, or null. */
    public static Method functionalMethod(Object value) {
        return FunctionalInterfaces.samOf(value.getClass());
    }

    /** A new reference for {@code value}. */
    public long convert(Object value) {
        return convert(value, null);
    }

    /**
     * A reference for {@code value} to pass as a call argument and give back with
     * {@link #release(long)}: None, booleans and small ints come as their permanent objects with
     * no refcounting at all (two crossings fewer per argument), anything else as a new reference.
     */
    public long argument(Object value) {
        if (value == null) {
            return types.none;
        }
        if (value instanceof Boolean bool) {
            return bool ? types.trueObject : types.falseObject;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            long permanent = types.permanentInt(((Number) value).longValue());
            if (permanent != 0) {
                return permanent;
            }
        }
        return convert(value, null);
    }

    /** Gives back a reference from {@link #argument} (or any owned reference); permanent ones need no decref. */
    public void release(long reference) {
        if (reference != 0 && !types.isPermanent(reference)) {
            api.Py_DecRef(reference);
        }
    }

    private long convert(Object value, IdentityHashMap<Object, Boolean> inProgress) {
        if (value == null) {
            return newNone();
        }
        if (value instanceof String string) {
            return string(string);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
            return errors.checked(api.PyLong_FromLongLong(((Number) value).longValue()));
        }
        if (value instanceof Double || value instanceof Float) {
            return errors.checked(api.PyFloat_FromDouble(((Number) value).doubleValue()));
        }
        if (value instanceof Boolean bool) {
            return api.PyBool_FromLong(bool ? 1 : 0);
        }
        if (value instanceof BigInteger big) {
            return bigInteger(big);
        }
        if (value instanceof Character character) {
            return string(String.valueOf(character.charValue()));
        }
        if (value instanceof CharSequence text) {
            return string(text.toString());
        }
        if (value instanceof byte[] bytes) {
            return errors.checked(api.PyBytes_FromStringAndSize(bytes, bytes.length));
        }
        if (value instanceof Enum<?> constant) {
            return string(constant.name());
        }
        if (value instanceof Optional<?> optional) {
            return optional.isPresent() ? convert(optional.get(), inProgress) : newNone();
        }
        if (value instanceof NdArray array) {
            return numpy.toNumpy(array);
        }
        if (value instanceof NdArray.NumpyView view) {
            if (bridge == null) {
                throw new PythonConversionException("numpy views are not available while the interpreter boots");
            }
            return numpy.view(view, bridge);
        }
        if (value instanceof PythonObject && bridge != null) {
            return bridge.referenceOf(value); // before Iterable: a handle passes as itself
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?> || value instanceof Iterable<?>
                || value.getClass().isArray() || value.getClass().isRecord()) {
            return container(value, inProgress == null ? new IdentityHashMap<>() : inProgress);
        }
        ObjectBridge objects = bridge;
        if (objects != null) {
            long reference = objects.referenceOf(value);
            if (reference == 0) {
                reference = objects.callableFor(value);
            }
            if (reference != 0) {
                return reference;
            }
        }
        throw new PythonConversionException("Cannot convert " + value.getClass().getName()
                + " to Python: supported are null, Boolean, Byte, Short, Integer, Long, BigInteger, Float, Double, "
                + "CharSequence, Character, byte[], enums, records, Optional, Map, Collection, Iterable, arrays, "
                + "PythonObject handles and functional interfaces");
    }

    private long container(Object value, IdentityHashMap<Object, Boolean> inProgress) {
        // The containers being converted are exactly the enclosing ones: their count is the depth.
        if (inProgress.size() >= FromPython.MAX_DEPTH) {
            throw new PythonConversionException("Java value nested deeper than " + FromPython.MAX_DEPTH
                    + " levels: Python would need as many levels of recursion to use it");
        }
        if (inProgress.put(value, Boolean.TRUE) != null) {
            throw new PythonConversionException("Cannot convert a " + value.getClass().getName()
                    + " that contains itself: cycles have no Python equivalent");
        }
        try {
            if (value instanceof Map<?, ?> map) {
                return dict(map, inProgress);
            }
            if (value.getClass().isRecord()) {
                return record(value, inProgress);
            }
            if (value instanceof Set<?> set) {
                return set(set, inProgress);
            }
            if (value instanceof Collection<?> collection) {
                return list(collection, inProgress);
            }
            if (value instanceof Iterable<?> iterable) {
                return iterable(iterable, inProgress);
            }
            return array(value, inProgress);
        }
        finally {
            inProgress.remove(value);
        }
    }

    /** A new None reference (immortal in 3.12+, but the caller owns a reference either way). */
    long newNone() {
        api.Py_IncRef(types.none);
        return types.none;
    }

    /**
     * A new str. ASCII and well-formed text crosses as UTF-8; text with surrogates crosses as
     * UTF-16 with {@code surrogatepass}, so astral characters join up and lone surrogates
     * survive unchanged (Java's UTF-8 encoder would replace them with '?').
     */
    long string(String text) {
        int length = text.length();
        boolean ascii = true;
        boolean surrogates = false;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                ascii = false;
                if (Character.isSurrogate(c)) {
                    surrogates = true;
                    break;
                }
            }
        }
        if (ascii) {
            return errors.checked(api.PyUnicode_FromStringAndSize(text.getBytes(StandardCharsets.ISO_8859_1), length));
        }
        if (!surrogates) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            return errors.checked(api.PyUnicode_FromStringAndSize(utf8, utf8.length));
        }
        byte[] utf16 = new byte[length * 2];
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            utf16[2 * i] = (byte) c;
            utf16[2 * i + 1] = (byte) (c >>> 8);
        }
        return errors.checked(api.PyUnicode_DecodeUTF16(utf16, utf16.length, SURROGATEPASS, new int[] { -1 }));
    }

    private long bigInteger(BigInteger value) {
        if (value.bitLength() < Long.SIZE) {
            return errors.checked(api.PyLong_FromLongLong(value.longValue()));
        }
        // Base 16 is exempt from CPython's limit on int/str conversion digits (3.11+).
        byte[] digits = CStrings.of(value.toString(16));
        return errors.checked(api.PyLong_FromString(digits, 0, 16));
    }

    private long list(Collection<?> collection, IdentityHashMap<Object, Boolean> inProgress) {
        int size = collection.size();
        if (size >= BULK_THRESHOLD) {
            long packed = packedNumbers(collection, size);
            if (packed != 0) {
                return packed;
            }
        }
        long list = errors.checked(api.PyList_New(size));
        int index = 0;
        try {
            Iterator<?> items = collection.iterator();
            for (; index < size && items.hasNext(); index++) {
                api.PyList_SetItem(list, index, item(items.next(), index, inProgress));
            }
            if (index != size || items.hasNext()) {
                throw new PythonConversionException("The collection changed size while it was converted");
            }
            return list;
        }
        catch (Throwable ex) { // Errors too: nothing made so far may leak
            // Slots not yet filled are NULL, which list deallocation tolerates.
            api.Py_DecRef(list);
            throw ex;
        }
    }

    private long iterable(Iterable<?> iterable, IdentityHashMap<Object, Boolean> inProgress) {
        List<Object> items = new ArrayList<>();
        iterable.forEach(items::add);
        return list(items, inProgress);
    }

    private long item(Object value, int index, IdentityHashMap<Object, Boolean> inProgress) {
        try {
            return convert(value, inProgress);
        }
        catch (PythonConversionException ex) {
            throw ex.under("[" + index + "]");
        }
    }

    private long set(Set<?> set, IdentityHashMap<Object, Boolean> inProgress) {
        long result = errors.checked(api.PySet_New(0));
        int index = 0;
        try {
            for (Object element : set) {
                long item = item(element, index++, inProgress);
                int status = api.PySet_Add(result, item);
                api.Py_DecRef(item);
                if (status != 0) {
                    throw errors.toException();
                }
            }
            return result;
        }
        catch (Throwable ex) { // Errors too: nothing made so far may leak
            api.Py_DecRef(result);
            throw ex;
        }
    }

    private long dict(Map<?, ?> map, IdentityHashMap<Object, Boolean> inProgress) {
        long dict = errors.checked(api.PyDict_New());
        try {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String segment = "[" + describeKey(entry.getKey()) + "]";
                long key = keyed(entry.getKey(), segment, inProgress);
                long value;
                try {
                    value = keyed(entry.getValue(), segment, inProgress);
                }
                catch (Throwable ex) { // Errors too: nothing made so far may leak
                    api.Py_DecRef(key);
                    throw ex;
                }
                int status = api.PyDict_SetItem(dict, key, value);
                api.Py_DecRef(key);
                api.Py_DecRef(value);
                if (status != 0) {
                    // An unhashable key (a list, say) raises TypeError here.
                    throw errors.toException();
                }
            }
            return dict;
        }
        catch (Throwable ex) { // Errors too: nothing made so far may leak
            api.Py_DecRef(dict);
            throw ex;
        }
    }

    /** A record as a dict of its components, in declaration order. */
    private long record(Object record, IdentityHashMap<Object, Boolean> inProgress) {
        RecordMapping mapping = RecordMapping.of(record.getClass());
        long dict = errors.checked(api.PyDict_New());
        try {
            for (int i = 0; i < mapping.names.length; i++) {
                putString(dict, mapping.cNames[i], mapping.value(record, i), "." + mapping.names[i], inProgress);
            }
            return dict;
        }
        catch (Throwable ex) { // Errors too: nothing made so far may leak
            api.Py_DecRef(dict);
            throw ex;
        }
    }

    /**
     * Converts {@code value} and stores it as {@code dict[key]} ({@code key} NUL-terminated
     * UTF-8); a conversion failure names {@code segment} in its path. GIL held.
     */
    public void putString(long dict, byte[] key, Object value, String segment) {
        putString(dict, key, value, segment, null);
    }

    private void putString(long dict, byte[] key, Object value, String segment,
            IdentityHashMap<Object, Boolean> inProgress) {
        long converted = keyed(value, segment, inProgress);
        int status = api.PyDict_SetItemString(dict, key, converted);
        api.Py_DecRef(converted);
        if (status != 0) {
            throw errors.toException();
        }
    }

    private long keyed(Object value, String segment, IdentityHashMap<Object, Boolean> inProgress) {
        try {
            return convert(value, inProgress);
        }
        catch (PythonConversionException ex) {
            throw ex.under(segment);
        }
    }

    private static String describeKey(Object key) {
        return key instanceof CharSequence ? "\"" + key + "\"" : String.valueOf(key);
    }

    private long array(Object array, IdentityHashMap<Object, Boolean> inProgress) {
        int length = Array.getLength(array);
        if (array instanceof long[] longs && length >= BULK_THRESHOLD) {
            ByteBuffer buffer = nativeBuffer(length);
            buffer.asLongBuffer().put(longs);
            return unpack(longsFromBytes, buffer.array());
        }
        if (array instanceof int[] ints && length >= BULK_THRESHOLD) {
            ByteBuffer buffer = nativeBuffer(length);
            for (int value : ints) {
                buffer.putLong(value);
            }
            return unpack(longsFromBytes, buffer.array());
        }
        if (array instanceof double[] doubles && length >= BULK_THRESHOLD) {
            ByteBuffer buffer = nativeBuffer(length);
            buffer.asDoubleBuffer().put(doubles);
            return unpack(doublesFromBytes, buffer.array());
        }
        long list = errors.checked(api.PyList_New(length));
        try {
            for (int i = 0; i < length; i++) {
                api.PyList_SetItem(list, i, item(Array.get(array, i), i, inProgress));
            }
            return list;
        }
        catch (Throwable ex) { // Errors too: nothing made so far may leak
            api.Py_DecRef(list);
            throw ex;
        }
    }

    /**
     * A list of Integer/Long (or of Double/Float) packed into one buffer and unpacked by
     * {@code _pybridge} in C-speed code: two crossings instead of two per item. 0 when the
     * collection is not homogeneous.
     */
    private long packedNumbers(Collection<?> collection, int size) {
        Object first = collection.iterator().next();
        boolean integral = first instanceof Integer || first instanceof Long;
        boolean floating = first instanceof Double || first instanceof Float;
        if (!integral && !floating) {
            return 0;
        }
        ByteBuffer buffer = nativeBuffer(size);
        int count = 0;
        for (Object item : collection) {
            if (integral && (item instanceof Integer || item instanceof Long)) {
                buffer.putLong(((Number) item).longValue());
            }
            else if (floating && (item instanceof Double || item instanceof Float)) {
                buffer.putDouble(((Number) item).doubleValue());
            }
            else {
                return 0;
            }
            count++;
        }
        if (count != size) {
            return 0;
        }
        return unpack(integral ? longsFromBytes : doublesFromBytes, buffer.array());
    }

    private static ByteBuffer nativeBuffer(int words) {
        return ByteBuffer.allocate(Math.multiplyExact(words, Long.BYTES)).order(ByteOrder.nativeOrder());
    }

    private long unpack(long helper, byte[] data) {
        long bytes = errors.checked(api.PyBytes_FromStringAndSize(data, data.length));
        try {
            return errors.checked(api.PyObject_VectorcallDict(helper, new long[] { bytes }, 1, 0));
        }
        finally {
            api.Py_DecRef(bytes);
        }
    }

}
