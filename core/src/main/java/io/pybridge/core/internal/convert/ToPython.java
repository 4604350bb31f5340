package io.pybridge.core.internal.convert;

import io.pybridge.core.NdArray;
import io.pybridge.core.PythonObject;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.internal.capi.CStrings;
import io.pybridge.core.internal.error.ExceptionTranslator;
import io.pybridge.core.runtime.NameMapping;
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

    private static final byte[] SURROGATEPASS = CStrings.of("surrogatepass");

    private final CApi api;

    private final PyTypes types;

    private final ExceptionTranslator errors;

    private final ContainerWriter containers;

    private final NumpyCodec numpy;

    /** Set once the runtime's callables and handles exist; null only while the interpreter boots. */
    private volatile ObjectBridge bridge;

    /**
     * @param longsFromBytes strong reference to {@code _pybridge.longs}, owned by the runtime
     * @param doublesFromBytes strong reference to {@code _pybridge.doubles}, owned by the runtime
     * @param names how record components are named as dict keys
     */
    public ToPython(CApi api, PyTypes types, ExceptionTranslator errors, NumpyCodec numpy, long longsFromBytes,
            long doublesFromBytes, NameMapping names) {
        this.api = api;
        this.types = types;
        this.errors = errors;
        this.numpy = numpy;
        this.containers = new ContainerWriter(api, errors, this, longsFromBytes, doublesFromBytes, names);
    }

    /** Connects Java functions (to callables) and handles (to their objects). */
    public void setBridge(ObjectBridge bridge) {
        this.bridge = bridge;
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

    /** {@code value} as a new reference; {@code inProgress}: the enclosing containers (null at the top). */
    long convert(Object value, IdentityHashMap<Object, Boolean> inProgress) {
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
            // Before Iterable: a handle passes as itself. Only pybridge's own handles hold a
            // reference; any other implementation would pass NULL into the C API.
            long reference = bridge.referenceOf(value);
            if (reference == 0) {
                throw new PythonConversionException("Cannot convert " + value.getClass().getName()
                        + " to Python: only PythonObject handles made by pybridge stand for Python objects");
            }
            return reference;
        }
        if (value instanceof Map<?, ?> || value instanceof Collection<?> || value instanceof Iterable<?>
                || value.getClass().isArray() || value.getClass().isRecord()) {
            return containers.container(value, inProgress == null ? new IdentityHashMap<>() : inProgress);
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

    /**
     * Marks {@code value}, a container about to be converted, as in progress in {@code inProgress}
     * (the enclosing containers, whose count is the depth): a container that contains itself, or a
     * nesting deeper than {@link FromPython#MAX_DEPTH}, fails. The caller removes it when done.
     */
    public static void enter(Object value, IdentityHashMap<Object, Boolean> inProgress) {
        if (inProgress.size() >= FromPython.MAX_DEPTH) {
            throw new PythonConversionException("Java value nested deeper than " + FromPython.MAX_DEPTH
                    + " levels: Python would need as many levels of recursion to use it");
        }
        if (inProgress.put(value, Boolean.TRUE) != null) {
            throw new PythonConversionException("Cannot convert a " + value.getClass().getName()
                    + " that contains itself: cycles have no Python equivalent");
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

    /**
     * Converts {@code value} and stores it as {@code dict[key]} ({@code key} NUL-terminated
     * UTF-8); a conversion failure names {@code segment} in its path. GIL held.
     */
    public void putString(long dict, byte[] key, Object value, String segment) {
        containers.putString(dict, key, value, segment, null);
    }
}
