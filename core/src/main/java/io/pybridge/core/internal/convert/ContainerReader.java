package io.pybridge.core.internal.convert;

import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.internal.convert.PyTypes.Kind;
import io.pybridge.core.internal.error.ExceptionTranslator;
import io.pybridge.core.runtime.NameMapping;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Python containers (list, tuple, set, dict) and objects read as records, as Java collections,
 * arrays and records; each element is converted by {@link FromPython} one level deeper, and a
 * failing element names its place ({@code [3]}, {@code ["key"]}, {@code .field}). GIL held.
 */
final class ContainerReader {

    private final CApi api;

    private final PyTypes types;

    private final ExceptionTranslator errors;

    private final ScalarReader scalars;

    private final FromPython elements;

    /** {@code _pybridge.pack}: a strong reference owned by the interpreter. */
    private final long pack;

    /** Which spellings of a record component's name are read. */
    private final NameMapping names;

    ContainerReader(CApi api, PyTypes types, ExceptionTranslator errors, ScalarReader scalars, FromPython elements,
            long pack, NameMapping names) {
        this.api = api;
        this.names = names;
        this.types = types;
        this.errors = errors;
        this.scalars = scalars;
        this.elements = elements;
        this.pack = pack;
    }

    List<Object> list(long obj, Type element, int depth) {
        Kind kind = types.kindOf(obj);
        if (kind == Kind.SET) {
            return new ArrayList<>(set(obj, element, depth));
        }
        if (kind == Kind.LIST && types.layout.readsLists()) {
            return listFromMemory(obj, element, depth);
        }
        if (kind == Kind.OTHER) {
            return listOfIterable(obj, element, depth);
        }
        int size = sequenceSize(obj, kind, List.class);
        List<Object> result = new ArrayList<>(size);
        if (size >= ToPython.BULK_THRESHOLD && packable(element) && unpacked(obj, element, result)) {
            return result;
        }
        addItems(obj, kind, size, element, depth, result);
        return result;
    }

    /**
     * Every item of an iterable that is not a list or tuple (a generator, a {@code range}, a
     * {@code dict_keys}...), read to the end: what {@code list(obj)} would give. A generator is
     * consumed by it; ask for {@code Stream<T>} or {@code Iterator<T>} to read one lazily.
     */
    private List<Object> listOfIterable(long obj, Type element, int depth) {
        long iterator = api.PyObject_GetIter(obj);
        if (iterator == 0) {
            api.PyErr_Clear(); // not iterable: the TypeError says no more than this
            throw new PythonConversionException("Cannot convert Python " + scalars.typeName(obj)
                    + " to a List: a list, tuple or other iterable is needed");
        }
        try {
            List<Object> result = new ArrayList<>();
            addIterated(iterator, element, depth, result);
            return result;
        }
        finally {
            api.Py_DecRef(iterator);
        }
    }

    /**
     * Every remaining item of {@code iterator} converted to {@code element} into {@code result}; a
     * failed conversion names the item's position, an exception raised by the iterator is thrown.
     */
    private void addIterated(long iterator, Type element, int depth, Collection<Object> result) {
        int index = 0;
        long item;
        while ((item = api.PyIter_Next(iterator)) != 0) {
            try {
                result.add(elements.convert(item, element, depth + 1));
            }
            catch (PythonConversionException ex) {
                throw ex.under("[" + index + "]");
            }
            finally {
                api.Py_DecRef(item);
            }
            index++;
        }
        if (api.PyErr_Occurred() != 0) {
            throw errors.toException();
        }
    }

    Set<Object> set(long obj, Type element, int depth) {
        Kind kind = types.kindOf(obj);
        if (kind == Kind.LIST || kind == Kind.TUPLE) {
            return new LinkedHashSet<>(list(obj, element, depth));
        }
        if (kind != Kind.SET) {
            throw new PythonConversionException("Cannot convert Python " + scalars.typeName(obj) + " to a Set");
        }
        Set<Object> result = new LinkedHashSet<>();
        long iterator = errors.checked(api.PyObject_GetIter(obj));
        try {
            addIterated(iterator, element, depth, result);
            return result;
        }
        finally {
            api.Py_DecRef(iterator);
        }
    }

    Map<Object, Object> map(long obj, Type keyType, Type valueType, int depth) {
        if (types.kindOf(obj) != Kind.DICT) {
            throw new PythonConversionException("Cannot convert Python " + scalars.typeName(obj)
                    + " to a Map: a dict is needed");
        }
        Map<Object, Object> result = new LinkedHashMap<>();
        long[] position = new long[1];
        long[] key = new long[1];
        long[] value = new long[1];
        while (api.PyDict_Next(obj, position, key, value) != 0) {
            // Borrowed from the dict: held while their conversion may run Python code that
            // deletes the entry (a property read for a record, say).
            long pythonKey = key[0];
            long pythonValue = value[0];
            boolean held = !types.isPlainScalarType(types.typeOf(pythonKey))
                    || !types.isPlainScalarType(types.typeOf(pythonValue));
            if (held) {
                api.Py_IncRef(pythonKey);
                api.Py_IncRef(pythonValue);
            }
            try {
                Object javaKey = elements.convert(pythonKey, keyType, depth + 1);
                try {
                    result.put(javaKey, elements.convert(pythonValue, valueType, depth + 1));
                }
                catch (PythonConversionException ex) {
                    throw ex.under("[" + (javaKey instanceof String ? "\"" + javaKey + "\"" : javaKey) + "]");
                }
            }
            finally {
                if (held) {
                    api.Py_DecRef(pythonValue);
                    api.Py_DecRef(pythonKey);
                }
            }
        }
        return result;
    }

    /** A Java array of {@code component} (bytes and bytearray straight into {@code byte[]}). */
    Object array(long obj, Type componentType, Class<?> component, int depth) {
        Kind kind = types.kindOf(obj);
        if (component == byte.class && (kind == Kind.BYTES || kind == Kind.BYTEARRAY)) {
            return scalars.bytes(obj, kind);
        }
        return FromPython.arrayOf(list(obj, FromPython.itemType(componentType, component), depth), component);
    }

    /**
     * A record from a dict (by key) or from any object (by attribute), component by component:
     * each by its name as Java spells it (or its {@code @PythonName}), else by its snake_case name.
     */
    Object record(long obj, Kind kind, Class<?> target, int depth) {
        RecordMapping mapping = RecordMapping.of(target);
        Object[] values = new Object[mapping.names.length];
        boolean borrowed = kind == Kind.DICT;
        for (int i = 0; i < values.length; i++) {
            long value = component(obj, borrowed, mapping.cNames[i]);
            byte[] fallback = mapping.fallbackKey(i, names);
            if (value == 0 && fallback != null) {
                value = component(obj, borrowed, fallback);
            }
            if (value == 0) {
                if (mapping.rawTypes[i] == Optional.class) {
                    values[i] = Optional.empty();
                    continue;
                }
                throw new PythonConversionException("Cannot convert Python " + scalars.typeName(obj) + " to "
                        + target.getName() + ": it has no " + (borrowed ? "key " : "attribute ") + mapping.keysRead(i, names));
            }
            try {
                values[i] = elements.convert(value, mapping.types[i], depth + 1);
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

    /** The dict's item (borrowed) or the object's attribute (new reference) named {@code key}, or 0 if none. */
    private long component(long obj, boolean dict, byte[] key) {
        if (dict) {
            return api.PyDict_GetItemString(obj, key);
        }
        long value = api.PyObject_GetAttrString(obj, key);
        if (value == 0) {
            api.PyErr_Clear();
        }
        return value;
    }

    /**
     * A list read item by item from memory (the binding reads memory inline, see
     * {@link ObjectLayout}): exact ints and floats wanted as their natural type (or as Integer, in
     * range) are read in place, with no C API call; any other item is converted as usual.
     */
    private List<Object> listFromMemory(long list, Type element, int depth) {
        ObjectLayout layout = types.layout;
        boolean asInteger = element == Integer.class || element == int.class;
        boolean ints = layout.readsInts() && (asInteger || element == Object.class || element == Long.class
                || element == long.class);
        boolean floats = layout.readsFloats() && (element == Object.class || element == Double.class
                || element == double.class);
        long size = layout.listSize(list);
        long items = layout.listItems(list);
        List<Object> result = new ArrayList<>(Math.toIntExact(size));
        boolean listHeld = false;
        try {
            for (int i = 0; i < size; i++) {
                long item = layout.item(items, i);
                long type = types.typeOf(item);
                if (ints && type == types.longType) {
                    long tag = layout.intTag(item);
                    if (layout.isCompact(tag)) {
                        long value = layout.compactIntValue(item, tag);
                        if (!asInteger) {
                            result.add(value);
                            continue;
                        }
                        if ((int) value == value) {
                            result.add((int) value);
                            continue;
                        }
                    }
                }
                else if (floats && type == types.floatType) {
                    result.add(layout.floatValue(item));
                    continue;
                }
                // Converting any other item may run Python code (a property read for a record; on
                // 3.11 a collection inside an allocation), which may change the list or drop it:
                // the list and the item are held meanwhile, and the list is read again after it.
                if (!listHeld) {
                    api.Py_IncRef(list);
                    listHeld = true;
                }
                result.add(heldItem(item, element, depth, i));
                if (layout.listSize(list) < size) {
                    throw changedSize();
                }
                items = layout.listItems(list);
            }
            return result;
        }
        finally {
            if (listHeld) {
                api.Py_DecRef(list);
            }
        }
    }

    private static PythonConversionException changedSize() {
        return new PythonConversionException("The Python list changed size while it was converted");
    }

    /** {@link #item}, holding a reference to {@code item} while Python code run by its conversion could drop the list's. */
    private Object heldItem(long item, Type element, int depth, int index) {
        api.Py_IncRef(item);
        try {
            return item(item, element, depth, index);
        }
        finally {
            api.Py_DecRef(item);
        }
    }

    private Object item(long item, Type element, int depth, int index) {
        try {
            return elements.convert(item, element, depth + 1);
        }
        catch (PythonConversionException ex) {
            throw ex.under("[" + index + "]");
        }
    }

    private int sequenceSize(long obj, Kind kind, Type target) {
        if (kind == Kind.LIST) {
            return Math.toIntExact(api.PyList_Size(obj));
        }
        if (kind == Kind.TUPLE) {
            return Math.toIntExact(api.PyTuple_Size(obj));
        }
        throw new PythonConversionException("Cannot convert Python " + scalars.typeName(obj) + " to "
                + target.getTypeName() + ": a list or tuple is needed");
    }

    /** The items of a list or tuple through the C API, converted to {@code element}. */
    private void addItems(long obj, Kind kind, int size, Type element, int depth, List<Object> result) {
        boolean listHeld = false;
        try {
            for (int i = 0; i < size; i++) {
                long item = kind == Kind.LIST ? api.PyList_GetItem(obj, i) : api.PyTuple_GetItem(obj, i);
                if (item == 0) {
                    // IndexError: Python code run while converting an earlier item shrank the list.
                    api.PyErr_Clear();
                    throw changedSize();
                }
                // A tuple's items stay as long as the tuple. A list and its item are held while
                // the item's conversion may run Python code that removes it or drops the list.
                if (kind == Kind.TUPLE || types.isPlainScalarType(types.typeOf(item))) {
                    result.add(item(item, element, depth, i));
                    continue;
                }
                if (!listHeld) {
                    api.Py_IncRef(obj);
                    listHeld = true;
                }
                result.add(heldItem(item, element, depth, i));
            }
        }
        finally {
            if (listHeld) {
                api.Py_DecRef(obj);
            }
        }
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
        long packed = errors.checked(api.PyObject_VectorcallDict(pack, new long[] { obj }, 1, 0));
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
                        throw new PythonConversionException("Python int " + value + " does not fit in java.lang.Integer")
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
}
