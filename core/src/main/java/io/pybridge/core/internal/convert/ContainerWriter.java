package io.pybridge.core.internal.convert;

import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.internal.error.ExceptionTranslator;
import io.pybridge.core.runtime.NameMapping;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Java collections, maps, records and arrays written as Python lists, sets and dicts; each
 * element is converted by {@link ToPython}, and a failing element names its place. Containers
 * being converted are tracked, so a cycle or a nesting deeper than {@link FromPython#MAX_DEPTH}
 * fails with a clear error. On any failure, Errors included, every Python object made so far is
 * released. GIL held.
 */
final class ContainerWriter {

    private final CApi api;

    private final ExceptionTranslator errors;

    private final ToPython elements;

    /** {@code _pybridge.longs}: a strong reference owned by the interpreter. */
    private final long longsFromBytes;

    /** {@code _pybridge.doubles}: a strong reference owned by the interpreter. */
    private final long doublesFromBytes;

    /** How a record component's name is spelled as a key. */
    private final NameMapping names;

    ContainerWriter(CApi api, ExceptionTranslator errors, ToPython elements, long longsFromBytes, long doublesFromBytes,
            NameMapping names) {
        this.api = api;
        this.names = names;
        this.errors = errors;
        this.elements = elements;
        this.longsFromBytes = longsFromBytes;
        this.doublesFromBytes = doublesFromBytes;
    }

    /** A list, set, dict (maps and records) or list of an array or iterable, guarded against cycles and depth. */
    long container(Object value, IdentityHashMap<Object, Boolean> inProgress) {
        ToPython.enter(value, inProgress);
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
        catch (StackOverflowError ex) {
            // Less stack than MAX_DEPTH levels need (a small thread running Python itself, 3.14+):
            // the levels below have released what they made; the ones above add their place.
            throw FromPython.nestedDeeperThanTheStack("Java");
        }
        finally {
            inProgress.remove(value);
        }
    }

    private long list(Collection<?> collection, IdentityHashMap<Object, Boolean> inProgress) {
        int size = collection.size();
        if (size >= ToPython.BULK_THRESHOLD) {
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
            return elements.convert(value, inProgress);
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

    /**
     * A record as a dict of its components, in declaration order, keyed by their names as the
     * {@link NameMapping} spells them (or their {@code @PythonName}).
     */
    private long record(Object record, IdentityHashMap<Object, Boolean> inProgress) {
        RecordMapping mapping = RecordMapping.of(record.getClass());
        long dict = errors.checked(api.PyDict_New());
        try {
            for (int i = 0; i < mapping.names.length; i++) {
                putString(dict, mapping.writtenKey(i, names), mapping.value(record, i), "." + mapping.names[i], inProgress);
            }
            return dict;
        }
        catch (Throwable ex) { // Errors too: nothing made so far may leak
            api.Py_DecRef(dict);
            throw ex;
        }
    }

    void putString(long dict, byte[] key, Object value, String segment, IdentityHashMap<Object, Boolean> inProgress) {
        long converted = keyed(value, segment, inProgress);
        int status = api.PyDict_SetItemString(dict, key, converted);
        api.Py_DecRef(converted);
        if (status != 0) {
            throw errors.toException();
        }
    }

    private long keyed(Object value, String segment, IdentityHashMap<Object, Boolean> inProgress) {
        try {
            return elements.convert(value, inProgress);
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
        if (array instanceof long[] longs && length >= ToPython.BULK_THRESHOLD) {
            return unpack(longsFromBytes, longs, length);
        }
        if (array instanceof int[] ints && length >= ToPython.BULK_THRESHOLD) {
            long[] longs = new long[length];
            for (int i = 0; i < length; i++) {
                longs[i] = ints[i];
            }
            return unpack(longsFromBytes, longs, length);
        }
        if (array instanceof double[] doubles && length >= ToPython.BULK_THRESHOLD) {
            return unpack(doublesFromBytes, doubles, length);
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
     * {@code _pybridge} in C-speed code: a few crossings instead of two per item. 0 when the
     * collection is not homogeneous.
     */
    private long packedNumbers(Collection<?> collection, int size) {
        Object first = collection.iterator().next();
        if (first instanceof Integer || first instanceof Long) {
            long[] values = new long[size];
            int count = 0;
            for (Object item : collection) {
                if (count == size || !(item instanceof Integer || item instanceof Long)) {
                    return 0;
                }
                values[count++] = ((Number) item).longValue();
            }
            return count == size ? unpack(longsFromBytes, values, size) : 0;
        }
        if (first instanceof Double || first instanceof Float) {
            double[] values = new double[size];
            int count = 0;
            for (Object item : collection) {
                if (count == size || !(item instanceof Double || item instanceof Float)) {
                    return 0;
                }
                values[count++] = ((Number) item).doubleValue();
            }
            return count == size ? unpack(doublesFromBytes, values, size) : 0;
        }
        return 0;
    }

    /**
     * Calls {@code helper} with a bytes object holding {@code words} ({@code long[]} or
     * {@code double[]} of {@code count} items) in native order: the bytes object is made empty and
     * filled in place, so the numbers are copied once, straight from the Java array.
     */
    private long unpack(long helper, Object words, int count) {
        long bytes = errors.checked(api.PyBytes_FromStringAndSize(null, Math.multiplyExact((long) count, Long.BYTES)));
        try {
            // A bytes object made from NULL is ours to fill until it is shared.
            api.copyToNative(words, api.PyBytes_AsString(bytes));
            return errors.checked(api.PyObject_VectorcallDict(helper, new long[] { bytes }, 1, 0));
        }
        finally {
            api.Py_DecRef(bytes);
        }
    }
}
