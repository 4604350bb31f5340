package io.pybridge.core.internal.convert;

import io.pybridge.core.internal.capi.CApi;
import java.util.Arrays;
import java.util.function.LongBinaryOperator;

/**
 * Addresses of the built-in type objects and singletons, read once from libpython's data
 * symbols. Comparing {@code ob_type} against them classifies an object with one memory read
 * instead of a C API crossing per check.
 */
public final class PyTypes {

    /**
     * Where {@code ob_type} lies in the object header of a 64-bit build: after the 8-byte
     * {@code ob_refcnt} in a GIL build; after {@code ob_tid}, the flags, mutex, GC bits and the
     * local and shared reference counts (24 bytes) in a free-threaded one (3.13t, 3.14t).
     */
    static final long[] OB_TYPE_OFFSETS = {8, 24};

    /** Where {@code ob_type} lies in this build's object header, found by {@link #typeOffset}. */
    private final long obTypeOffset;

    /** {@code type(None)}. */
    private final long noneType;

    final long none;
    final long trueObject;
    final long falseObject;
    final long longType;
    final long boolType;
    final long floatType;
    final long unicodeType;
    final long bytesType;
    final long byteArrayType;
    final long listType;
    final long tupleType;
    final long dictType;
    final long setType;
    final long frozenSetType;

    /** CPython keeps the ints -5..256 as shared singletons. */
    private static final int SMALL_INT_MIN = -5;
    private static final int SMALL_INT_MAX = 256;

    private final CApi api;

    /** Address of the singleton for {@link #SMALL_INT_MIN}, or 0 if they are not one array. */
    private final long smallIntBase;

    private final long smallIntStride;

    /** Where ints, floats and lists keep their fields, for reading them without the C API (or not at all). */
    final ObjectLayout layout;

    /** Must run holding the GIL: it takes one reference to each small-int singleton, kept for good. */
    public PyTypes(CApi api) {
        this.api = api;
        this.none = api.symbol("_Py_NoneStruct");
        this.trueObject = api.symbol("_Py_TrueStruct");
        this.falseObject = api.symbol("_Py_FalseStruct");
        this.longType = api.symbol("PyLong_Type");
        this.boolType = api.symbol("PyBool_Type");
        this.floatType = api.symbol("PyFloat_Type");
        this.unicodeType = api.symbol("PyUnicode_Type");
        this.bytesType = api.symbol("PyBytes_Type");
        this.byteArrayType = api.symbol("PyByteArray_Type");
        this.listType = api.symbol("PyList_Type");
        this.tupleType = api.symbol("PyTuple_Type");
        this.dictType = api.symbol("PyDict_Type");
        this.setType = api.symbol("PySet_Type");
        this.frozenSetType = api.symbol("PyFrozenSet_Type");
        this.obTypeOffset = typeOffset(api::readWord, trueObject, boolType);
        this.noneType = typeOf(none);
        long base = api.PyLong_FromLongLong(SMALL_INT_MIN);
        long stride = api.PyLong_FromLongLong(SMALL_INT_MIN + 1) - base;
        boolean contiguous = base != 0 && stride > 0;
        for (int i = SMALL_INT_MIN + 2; i <= SMALL_INT_MAX && contiguous; i++) {
            // One reference each, never released: the singletons can never reach refcount 0.
            contiguous = api.PyLong_FromLongLong(i) == base + (i - SMALL_INT_MIN) * stride;
        }
        this.smallIntBase = contiguous ? base : 0;
        this.smallIntStride = stride;
        this.layout = ObjectLayout.probe(api.readsMemoryInline(), api::readWord, obTypeOffset, new ApiProbes(api));
    }

    /** Where {@code ob_type} lies in an object: 8 on a regular 64-bit build, more on a free-threaded one. */
    public long typeOffset() {
        return obTypeOffset;
    }

    /** The probe objects of {@link ObjectLayout#probe}, made through the C API. */
    private record ApiProbes(CApi api) implements ObjectLayout.Probes {

        @Override
        public long[] ints(long[] values) {
            long[] ints = new long[values.length];
            for (int i = 0; i < values.length; i++) {
                ints[i] = made(api.PyLong_FromLongLong(values[i]));
            }
            return ints;
        }

        @Override
        public long newFloat(double value) {
            return made(api.PyFloat_FromDouble(value));
        }

        @Override
        public long newList(long[] items) {
            long list = made(api.PyList_New(items.length));
            for (int i = 0; list != 0 && i < items.length; i++) {
                api.Py_IncRef(items[i]); // PyList_SetItem steals one
                api.PyList_SetItem(list, i, items[i]);
            }
            return list;
        }

        /** {@code reference}, or 0 with the error cleared (MemoryError at boot): the probe then gives up. */
        private long made(long reference) {
            if (reference == 0) {
                api.PyErr_Clear();
            }
            return reference;
        }

        @Override
        public void release(long reference) {
            api.Py_DecRef(reference);
        }
    }

    /**
     * The offset of {@code ob_type}: the candidate at which {@code known}, an object of type
     * {@code knownType}, shows that type. Read rather than assumed, so a build with another
     * header layout fails at boot instead of misclassifying every object.
     */
    static long typeOffset(LongBinaryOperator readWord, long known, long knownType) {
        for (long offset : OB_TYPE_OFFSETS) {
            if (readWord.applyAsLong(known, offset) == knownType) {
                return offset;
            }
        }
        throw new IllegalStateException("This libpython's object header is of no known layout: the type of True is "
                + "at none of the offsets " + Arrays.toString(OB_TYPE_OFFSETS));
    }

    /**
     * Whether {@code obj} is one of the small int singletons (-5..256), whose value then follows
     * from its address alone ({@link #smallIntValue}): reading such an int needs no native call.
     */
    boolean isSmallInt(long obj) {
        long offset = obj - smallIntBase;
        return smallIntBase != 0 && offset >= 0 && offset <= (SMALL_INT_MAX - SMALL_INT_MIN) * smallIntStride
                && offset % smallIntStride == 0;
    }

    /** The value of a small int singleton ({@link #isSmallInt} must hold). */
    long smallIntValue(long obj) {
        return SMALL_INT_MIN + (obj - smallIntBase) / smallIntStride;
    }

    /**
     * The singleton for a small int, or 0 when {@code value} is outside -5..256. It is
     * <em>permanent</em>: pybridge holds a reference to it for the life of the interpreter.
     */
    long permanentInt(long value) {
        if (smallIntBase == 0 || value < SMALL_INT_MIN || value > SMALL_INT_MAX) {
            return 0;
        }
        return smallIntBase + (value - SMALL_INT_MIN) * smallIntStride;
    }

    /**
     * Whether {@code obj} is None, True, False or a small int: objects that live as long as the
     * interpreter and that pybridge holds a reference to, so passing them needs no incref and
     * dropping a reference to them may skip the decref (on 3.11 that leaves their count a little
     * high, which is harmless for a static object; from 3.12 they are immortal and refcounting
     * them is a no-op anyway). Each skipped refcount saves a native crossing.
     */
    public boolean isPermanent(long obj) {
        if (obj == none || obj == trueObject || obj == falseObject) {
            return true;
        }
        return isSmallInt(obj);
    }

    /** {@code Py_None}, borrowed (immortal in 3.12+, but callers still incref what they return). */
    public long none() {
        return none;
    }

    /** {@code Py_TYPE(obj)}: borrowed. */
    public long typeOf(long obj) {
        return api.readWord(obj, obTypeOffset);
    }

    /**
     * Whether objects of exactly this type convert without running any Python code (None, bool,
     * int, float, str, bytes): anything else (a container, a subclass, an object read as a record)
     * may run Python code while it converts.
     */
    boolean isPlainScalarType(long type) {
        return type == longType || type == floatType || type == unicodeType || type == boolType
                || type == noneType || type == bytesType;
    }

    /** What kind of Java value an object maps to, by exact type first and then by subclass. */
    Kind kindOf(long obj) {
        if (obj == none) {
            return Kind.NONE;
        }
        long type = typeOf(obj);
        if (type == longType) {
            return Kind.INT;
        }
        if (type == unicodeType) {
            return Kind.STR;
        }
        if (type == floatType) {
            return Kind.FLOAT;
        }
        if (type == boolType) {
            return Kind.BOOL;
        }
        if (type == listType) {
            return Kind.LIST;
        }
        if (type == dictType) {
            return Kind.DICT;
        }
        if (type == tupleType) {
            return Kind.TUPLE;
        }
        if (type == bytesType) {
            return Kind.BYTES;
        }
        if (type == byteArrayType) {
            return Kind.BYTEARRAY;
        }
        if (type == setType || type == frozenSetType) {
            return Kind.SET;
        }
        return subclassKind(type);
    }

    private Kind subclassKind(long type) {
        long flags = api.PyType_GetFlags(type);
        if ((flags & CApi.TPFLAGS_LONG_SUBCLASS) != 0) {
            return Kind.INT; // bool is exact-matched above; IntEnum and friends are ints
        }
        if ((flags & CApi.TPFLAGS_UNICODE_SUBCLASS) != 0) {
            return Kind.STR;
        }
        if ((flags & CApi.TPFLAGS_LIST_SUBCLASS) != 0) {
            return Kind.LIST;
        }
        if ((flags & CApi.TPFLAGS_TUPLE_SUBCLASS) != 0) {
            return Kind.TUPLE;
        }
        if ((flags & CApi.TPFLAGS_DICT_SUBCLASS) != 0) {
            return Kind.DICT;
        }
        if ((flags & CApi.TPFLAGS_BYTES_SUBCLASS) != 0) {
            return Kind.BYTES;
        }
        if (api.PyType_IsSubtype(type, floatType) != 0) {
            return Kind.FLOAT;
        }
        if (api.PyType_IsSubtype(type, setType) != 0 || api.PyType_IsSubtype(type, frozenSetType) != 0) {
            return Kind.SET;
        }
        if (api.PyType_IsSubtype(type, byteArrayType) != 0) {
            return Kind.BYTEARRAY;
        }
        return Kind.OTHER;
    }

    /** The Java-relevant kinds of Python objects. */
    enum Kind {
        NONE, BOOL, INT, FLOAT, STR, BYTES, BYTEARRAY, LIST, TUPLE, DICT, SET, OTHER
    }
}
