package io.pybridge.core.internal.convert;

import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.internal.capi.CStrings;
import io.pybridge.core.internal.convert.PyTypes.Kind;
import io.pybridge.core.internal.error.ExceptionTranslator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Python scalars (int, float, bool, str, bytes) read as Java values: the natural ones and those
 * of a requested scalar type, with range checks (nothing is silently truncated). GIL held; the
 * object is borrowed.
 */
final class ScalarReader {

    private static final byte[] UTF_16_LE = CStrings.of("utf-16-le");

    private static final byte[] SURROGATEPASS = CStrings.of("surrogatepass");

    private static final byte[] NAME = CStrings.of("__name__");

    /** Reads one requested scalar type. */
    @FunctionalInterface
    private interface Reader {
        Object read(long obj, Kind kind, Class<?> target);
    }

    private final CApi api;

    private final PyTypes types;

    private final ExceptionTranslator errors;

    /** The scalar Java types this reader produces, each with how. */
    private final Map<Class<?>, Reader> readers = new HashMap<>();

    ScalarReader(CApi api, PyTypes types, ExceptionTranslator errors) {
        this.api = api;
        this.types = types;
        this.errors = errors;
        Reader text = (obj, kind, target) -> {
            expect(kind == Kind.STR, obj, target);
            return string(obj);
        };
        readers.put(String.class, text);
        readers.put(CharSequence.class, text);
        both(Long.class, long.class, (obj, kind, target) -> integral(obj, kind, target, Long.MIN_VALUE, Long.MAX_VALUE));
        both(Integer.class, int.class, (obj, kind, target) -> (int) integral(obj, kind, target, Integer.MIN_VALUE,
                Integer.MAX_VALUE));
        both(Short.class, short.class, (obj, kind, target) -> (short) integral(obj, kind, target, Short.MIN_VALUE,
                Short.MAX_VALUE));
        both(Byte.class, byte.class, (obj, kind, target) -> (byte) integral(obj, kind, target, Byte.MIN_VALUE,
                Byte.MAX_VALUE));
        readers.put(BigInteger.class, (obj, kind, target) -> {
            expect(kind == Kind.INT || kind == Kind.BOOL, obj, target);
            return bigInteger(obj);
        });
        both(Double.class, double.class, this::floating);
        both(Float.class, float.class, (obj, kind, target) -> {
            double value = floating(obj, kind, target);
            if (Double.isFinite(value) && Math.abs(value) > Float.MAX_VALUE) {
                throw new PythonConversionException("Python float " + value + " does not fit in " + target.getName());
            }
            return (float) value;
        });
        both(Boolean.class, boolean.class, (obj, kind, target) -> {
            expect(kind == Kind.BOOL, obj, target);
            return obj == types.trueObject;
        });
        both(Character.class, char.class, (obj, kind, target) -> {
            String value = (String) text.read(obj, kind, target);
            if (value.length() != 1) {
                throw new PythonConversionException("Cannot convert a Python str of length " + value.length()
                        + " to " + target.getName());
            }
            return value.charAt(0);
        });
        readers.put(BigDecimal.class, (obj, kind, target) -> {
            expect(kind == Kind.INT || kind == Kind.FLOAT, obj, target);
            if (kind == Kind.INT) {
                return new BigDecimal(bigInteger(obj));
            }
            double value = api.PyFloat_AsDouble(obj);
            if (!Double.isFinite(value)) {
                throw new PythonConversionException("Python float " + value + " has no java.math.BigDecimal value");
            }
            return BigDecimal.valueOf(value);
        });
    }

    private void both(Class<?> boxed, Class<?> primitive, Reader reader) {
        readers.put(boxed, reader);
        readers.put(primitive, reader);
    }

    /** Whether {@link #read} produces {@code target}. */
    boolean reads(Class<?> target) {
        return readers.containsKey(target);
    }

    /** {@code obj} as {@code target}, one of the types {@link #reads} accepts. */
    Object read(long obj, Kind kind, Class<?> target) {
        return readers.get(target).read(obj, kind, target);
    }

    void expect(boolean matches, long obj, Class<?> target) {
        if (!matches) {
            throw new PythonConversionException("Cannot convert Python " + typeName(obj) + " to " + target.getName());
        }
    }

    /** A Python int as Long, or BigInteger when it does not fit in 64 bits. */
    Object integer(long obj) {
        if (types.isSmallInt(obj)) {
            return types.smallIntValue(obj); // -5..256: known by address, no native call
        }
        long value = api.PyLong_AsLongLong(obj);
        if (value == -1 && api.PyErr_Occurred() != 0) {
            api.PyErr_Clear(); // OverflowError: take the arbitrary-precision path
            return bigInteger(obj);
        }
        return value;
    }

    private long integral(long obj, Kind kind, Class<?> target, long min, long max) {
        expect(kind == Kind.INT || kind == Kind.BOOL, obj, target);
        Object value = integer(obj);
        // integer() gives a BigInteger only past 64 bits, beyond every Java integral type.
        if (!(value instanceof Long small) || small < min || small > max) {
            throw new PythonConversionException("Python int " + value + " does not fit in " + target.getName());
        }
        return small;
    }

    private BigInteger bigInteger(long obj) {
        // Hex text: exempt from CPython's int/str digit limit, and exact for any size.
        long text = errors.checked(api.PyNumber_ToBase(obj, 16));
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

    /** A Python float's value (reading an actual float cannot fail). */
    double floatValue(long obj) {
        return api.PyFloat_AsDouble(obj);
    }

    /** A str as a Java String; lone surrogates (which UTF-8 cannot carry) cross as UTF-16. */
    String string(long obj) {
        byte[] utf8 = api.utf8Of(obj);
        if (utf8 != null) {
            return utf8.length == 0 ? "" : new String(utf8, StandardCharsets.UTF_8);
        }
        api.PyErr_Clear(); // UnicodeEncodeError: the str holds lone surrogates
        long encoded = errors.checked(api.PyUnicode_AsEncodedString(obj, UTF_16_LE, SURROGATEPASS));
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

    /** A bytes or bytearray's content. */
    byte[] bytes(long obj, Kind kind) {
        long size = kind == Kind.BYTES ? api.PyBytes_Size(obj) : api.PyByteArray_Size(obj);
        if (size == 0) {
            return new byte[0];
        }
        long data = kind == Kind.BYTES ? api.PyBytes_AsString(obj) : api.PyByteArray_AsString(obj);
        return api.readBytes(data, Math.toIntExact(size));
    }

    /** The enum constant named by a str. */
    Object enumConstant(Class<?> target, String name) {
        for (Object constant : target.getEnumConstants()) {
            if (((Enum<?>) constant).name().equals(name)) {
                return constant;
            }
        }
        throw new PythonConversionException("'" + name + "' is not a constant of " + target.getName());
    }

    /** The Python type name of {@code obj}, quoted, for messages. */
    String typeName(long obj) {
        long name = api.PyObject_GetAttrString(types.typeOf(obj), NAME);
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
