package io.pybridge.core.internal.convert;

import io.pybridge.core.NdArray;
import io.pybridge.core.PythonObject;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.internal.capi.CApi;
import io.pybridge.core.internal.convert.PyTypes.Kind;
import io.pybridge.core.internal.error.ExceptionTranslator;
import io.pybridge.core.runtime.NameMapping;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Converts borrowed Python references to Java values of a requested {@link Type}. The natural
 * mapping ({@code Object}) is: None→null, bool→Boolean, int→Long (BigInteger past 64 bits),
 * float→Double, str→String, bytes/bytearray→byte[], list/tuple→List, dict→Map (insertion
 * order kept), set/frozenset→Set, numpy array→NdArray, anything else→a {@link PythonObject}
 * handle. A requested type that cannot hold the value fails with a
 * {@link PythonConversionException}; nothing is silently truncated. Scalars are read by
 * {@link ScalarReader}, containers and records by {@link ContainerReader}, numpy arrays by
 * {@link NumpyCodec}; this class decides which.
 *
 * <p>Must be used by the thread holding the GIL; the object must stay alive during the call.
 */
public final class FromPython {

    /** The deepest nesting converted either way (ToPython and the worker-process conversion use it too). */
    public static final int MAX_DEPTH = 512;

    private final CApi api;

    private final PyTypes types;

    private final ScalarReader scalars;

    private final ContainerReader containers;

    private final NumpyCodec numpy;

    /**
     * Set once the runtime's handles exist; null only while the interpreter boots. A setter, not
     * a constructor argument: handles and Java callables convert values themselves, so they are
     * made after the converters.
     */
    private volatile ObjectBridge bridge;

    /**
     * @param pack strong reference to {@code _pybridge.pack}, owned by the runtime
     * @param names which spellings of a record component's name are read
     */
    public FromPython(CApi api, PyTypes types, ExceptionTranslator errors, NumpyCodec numpy, long pack,
            NameMapping names) {
        this.api = api;
        this.types = types;
        this.numpy = numpy;
        this.scalars = new ScalarReader(api, types, errors);
        this.containers = new ContainerReader(api, types, errors, scalars, this, pack, names);
    }

    /** Connects handles: Python objects with no natural Java form come back as handles. */
    public void setBridge(ObjectBridge bridge) {
        this.bridge = bridge;
    }

    /** Converts {@code obj} (borrowed) to {@code type}; {@code void}/{@code Void} give null. */
    public Object convert(long obj, Type type) {
        return convert(obj, type, 0);
    }

    /** The natural Java value of {@code obj}. */
    public Object natural(long obj) {
        return natural(obj, 0);
    }

    /**
     * A value nested deeper than the calling thread's stack lets the converters go, short of
     * {@link #MAX_DEPTH}: a thread of a few hundred KiB runs Python itself on CPython 3.14+, and
     * converting nesting of hundreds of levels takes more Java stack than that. Each level turns
     * the overflow into this (if that overflows too, the level above does), so the levels above
     * still release what they hold and add their place to the path.
     */
    public static PythonConversionException nestedDeeperThanTheStack(String side) {
        return new PythonConversionException(side + " value nested deeper than this thread's stack allows (up to "
                + MAX_DEPTH + " levels convert on a thread with enough stack): call from a thread with more stack,"
                + " or flatten the value");
    }

    /** Converts an element {@code depth} levels down (containers call back here). */
    Object convert(long obj, Type type, int depth) {
        try {
            return convertLevel(obj, type, depth);
        }
        catch (StackOverflowError ex) {
            throw nestedDeeperThanTheStack("Python");
        }
    }

    private Object convertLevel(long obj, Type type, int depth) {
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
                return containers.map(obj, arguments[0], arguments[1], depth);
            }
            if (raw == Set.class || raw == LinkedHashSet.class) {
                return containers.set(obj, arguments[0], depth);
            }
            if (isList(raw)) {
                return containers.list(obj, arguments[0], depth);
            }
            if (isLazy(raw)) {
                return lazy(obj, raw, arguments[0]);
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
            return containers.array(obj, array.getGenericComponentType(), rawClass(array.getGenericComponentType()), depth);
        }
        throw new PythonConversionException("Unsupported result type " + type.getTypeName());
    }

    private static boolean isList(Class<?> raw) {
        return raw == List.class || raw == Collection.class || raw == Iterable.class || raw == ArrayList.class;
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
        if (scalars.reads(target)) {
            return scalars.read(obj, kind, target);
        }
        if (target == PythonObject.class) {
            return handleFor(obj);
        }
        if (target == NdArray.class || target.isArray() && kind == Kind.OTHER && isNumpyArray(obj)) {
            return fromNumpy(obj, target);
        }
        if (target == NdArray.NumpyView.class) {
            return NumpyCodec.toDirectView((NdArray) fromNumpy(obj, NdArray.class));
        }
        if (target == byte[].class) {
            scalars.expect(kind == Kind.BYTES || kind == Kind.BYTEARRAY, obj, target);
            return scalars.bytes(obj, kind);
        }
        if (target.isArray()) {
            return containers.array(obj, target.getComponentType(), target.getComponentType(), depth);
        }
        if (target == Number.class) {
            scalars.expect(kind == Kind.INT || kind == Kind.FLOAT, obj, target);
            return natural(obj, depth);
        }
        if (target.isRecord()) {
            return containers.record(obj, kind, target, depth);
        }
        if (target.isEnum()) {
            scalars.expect(kind == Kind.STR, obj, target);
            return scalars.enumConstant(target, scalars.string(obj));
        }
        if (target == Optional.class) {
            return Optional.ofNullable(natural(obj, depth));
        }
        if (isList(target)) {
            return containers.list(obj, Object.class, depth);
        }
        if (isLazy(target)) {
            return lazy(obj, target, Object.class);
        }
        if (target == Set.class || target == LinkedHashSet.class) {
            return containers.set(obj, Object.class, depth);
        }
        if (target == Map.class || target == LinkedHashMap.class) {
            return containers.map(obj, Object.class, Object.class, depth);
        }
        throw new PythonConversionException("Cannot convert Python " + scalars.typeName(obj) + " to " + target.getName()
                + ": no conversion to that Java type is supported");
    }

    /** Whether {@code raw} is read item by item from a Python iterator rather than taken whole. */
    private static boolean isLazy(Class<?> raw) {
        return raw == Iterator.class || raw == Stream.class || raw.getName().equals(ReactorItems.FLUX);
    }

    /**
     * {@code iter(obj)} behind a handle, read one item per request: an {@code Iterator}, a
     * {@code Stream} or a Reactor {@code Flux} of {@code itemType}. Any iterable works (a list
     * too), a generator being the case it is for.
     */
    private Object lazy(long obj, Class<?> raw, Type itemType) {
        ObjectBridge objects = bridge;
        if (objects == null) {
            throw new PythonConversionException("Iterators are not available while the interpreter boots");
        }
        long iterator = api.PyObject_GetIter(obj);
        if (iterator == 0) {
            api.PyErr_Clear(); // the TypeError says no more than this does
            throw new PythonConversionException("Cannot convert Python " + scalars.typeName(obj) + " to "
                    + raw.getName() + ": it is not iterable (a generator, an iterator or any iterable is needed)");
        }
        PythonItems items;
        try {
            items = objects.itemsOf(iterator, itemType);
        }
        finally {
            api.Py_DecRef(iterator); // the handle took its own reference
        }
        if (raw == Iterator.class) {
            return items;
        }
        if (raw == Stream.class) {
            return ItemStreams.stream(items);
        }
        return ReactorItems.flux(items);
    }

    private Object natural(long obj, int depth) {
        Kind kind = types.kindOf(obj);
        switch (kind) {
            case NONE:
                return null;
            case BOOL:
                return obj == types.trueObject;
            case INT:
                return scalars.integer(obj);
            case FLOAT:
                return scalars.floatValue(obj);
            case STR:
                return scalars.string(obj);
            case BYTES:
            case BYTEARRAY:
                return scalars.bytes(obj, kind);
            case LIST:
            case TUPLE:
                return containers.list(obj, Object.class, depth);
            case DICT:
                return containers.map(obj, Object.class, Object.class, depth);
            case SET:
                return containers.set(obj, Object.class, depth);
            default:
                if (isNumpyArray(obj)) {
                    return numpy.fromNumpy(obj);
                }
                if (bridge != null) {
                    return bridge.handleFor(obj);
                }
                throw new PythonConversionException("Python " + scalars.typeName(obj)
                        + " has no natural Java equivalent: request a specific Java type, or return "
                        + "a str, number, bytes, list, dict or set from Python");
        }
    }

    private boolean isNumpyArray(long obj) {
        return numpy.isArray(obj, types.typeOf(obj));
    }

    /** A numpy array as {@link NdArray}, or as a 1-D or 2-D primitive Java array of its dtype. */
    private Object fromNumpy(long obj, Class<?> target) {
        if (!isNumpyArray(obj)) {
            throw new PythonConversionException("Cannot convert Python " + scalars.typeName(obj)
                    + " to NdArray: a numpy array is needed");
        }
        NdArray array = numpy.fromNumpy(obj);
        return target == NdArray.class ? array : NumpyCodec.toJavaArray(array, target);
    }

    private Object handleFor(long obj) {
        ObjectBridge objects = bridge;
        if (objects == null) {
            throw new PythonConversionException("Handles are not available while the interpreter boots");
        }
        return objects.handleFor(obj);
    }

    /** The class of {@code type}: its raw class, an array class for a generic array, else Object. */
    public static Class<?> rawClass(Type type) {
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

    /** What an array's items are converted to: the boxed class of a primitive component, else its type. */
    public static Type itemType(Type componentType, Class<?> component) {
        return component.isPrimitive() ? MethodType.methodType(component).wrap().returnType() : componentType;
    }

    /** A new array of {@code component} holding {@code items}; None in a primitive array fails naming its index. */
    public static Object arrayOf(List<?> items, Class<?> component) {
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
}
