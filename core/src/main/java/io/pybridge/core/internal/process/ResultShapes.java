package io.pybridge.core.internal.process;

import io.pybridge.core.NdArray;
import io.pybridge.core.PythonObject;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.internal.convert.RecordMapping;
import io.pybridge.core.runtime.NameMapping;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.WeakHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.stream.BaseStream;
import org.jspecify.annotations.Nullable;

/**
 * The shape of a requested result {@link Type}: a small wire tree sent with each call that tells
 * the worker what to extract from the Python value before it leaves the process
 * ({@code pybridge_shapes.shaped}). The grammar:
 *
 * <ul>
 * <li>{@code null}: natural, the value as it is (scalars, {@code Object}, {@code NdArray}...);
 * <li>{@code "v"}: discard ({@code void}, {@code Void}), the worker sends None;
 * <li>{@code "i"}: a numpy array Java reads in place ({@link NdArray.NumpyView}): the worker writes
 *     a large one into a result block of its own rather than its arena;
 * <li>{@code ["r", [[name, altName or null, shape], ...]]}: a record, read component by component
 *     from a dict by key or from any other object by attribute, {@code name} first; the worker sends
 *     the list of component values, {@link WireTree#MISSING} for one found under neither name, and
 *     then one more item, {@code [python type name, "key" or "attribute"]}, for the message;
 * <li>{@code ["l", shape]}: list-like (lists, collections, sets, arrays): any iterable read as a list
 *     (a numpy array kept whole when nothing inside needs shaping);
 * <li>{@code ["m", keyShape, valueShape]}: a dict.
 * </ul>
 *
 * <p>{@code Optional<T>} has the shape of {@code T}. Types a worker cannot produce (lazy streams,
 * {@link PythonObject} handles, futures) are refused before the call. Shapes are cached per type
 * without holding it: a {@link ClassValue} for classes, weak keys for generic types, as the
 * runtime outlives an application restarted in place (see {@code RecordMapping}).
 */
public final class ResultShapes {

    /** Discard the result. */
    static final String VOID = "v";

    /** A numpy array read in place, in a result block. */
    static final String IN_PLACE = "i";

    static final String RECORD = "r";

    static final String LIST = "l";

    static final String MAP = "m";

    /** A shape that is {@code null}, boxed so caches can hold it. */
    private static final Object NATURAL = new Object();

    /** One shape per {@link NameMapping}, by ordinal. */
    private static final ClassValue<Object[]> CLASSES = new ClassValue<>() {
        @Override
        protected Object[] computeValue(Class<?> type) {
            return compute(type);
        }
    };

    /**
     * Generic types ({@code List<Rate>}, from a {@code TypeRef} or a method signature), held
     * weakly: the shapes hold only strings, so nothing here keeps a class loader reachable.
     */
    private static final Map<Type, Object[]> GENERIC = Collections.synchronizedMap(new WeakHashMap<>());

    private final NameMapping names;

    /** @param names how the runtime spells record components (decides the names read back) */
    public ResultShapes(NameMapping names) {
        this.names = names;
    }

    /** The shape of {@code type}; a type no worker result can become throws {@link PythonConversionException}. */
    public @Nullable Object of(Type type) {
        Object[] shapes = type instanceof Class<?> c ? CLASSES.get(c) : GENERIC.computeIfAbsent(type, ResultShapes::compute);
        Object shape = shapes[names.ordinal()];
        return shape == NATURAL ? null : shape;
    }

    private static Object[] compute(Type type) {
        Object[] shapes = new Object[NameMapping.values().length];
        for (NameMapping mapping : NameMapping.values()) {
            Object shape = shape(type, mapping, new ArrayList<>());
            shapes[mapping.ordinal()] = shape == null ? NATURAL : shape;
        }
        return shapes;
    }

    /**
     * @param path the types being shaped, enclosing {@code type}: a record met again inside itself
     *     ({@code record Node(List<Node> children)}) is left natural there, so the worker sends a dict
     *     as it is and {@link ResultReader} reads it by key
     */
    private static @Nullable Object shape(Type type, NameMapping names, List<Type> path) {
        if (path.contains(type)) {
            return null;
        }
        if (path.size() > 64) {
            throw new PythonConversionException("Cannot read " + type.getTypeName() + " from a worker process: its "
                    + "type nests deeper than 64 levels");
        }
        path.add(type);
        try {
            return shapeOnPath(type, names, path);
        }
        finally {
            path.remove(path.size() - 1);
        }
    }

    private static @Nullable Object shapeOnPath(Type type, NameMapping names, List<Type> path) {
        if (type instanceof Class<?> c) {
            return classShape(c, names, path);
        }
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (raw == Optional.class) {
                return shape(arguments[0], names, path);
            }
            if (raw == Map.class || raw == LinkedHashMap.class) {
                return tuple(MAP, shape(arguments[0], names, path), shape(arguments[1], names, path));
            }
            if (isListLike(raw)) {
                return tuple(LIST, shape(arguments[0], names, path));
            }
            return classShape(raw, names, path);
        }
        if (type instanceof WildcardType wildcard) {
            return shape(wildcard.getUpperBounds()[0], names, path);
        }
        if (type instanceof TypeVariable<?> variable) {
            return shape(variable.getBounds()[0], names, path);
        }
        if (type instanceof GenericArrayType array) {
            return tuple(LIST, shape(array.getGenericComponentType(), names, path));
        }
        throw new PythonConversionException("Unsupported result type " + type.getTypeName());
    }

    private static @Nullable Object classShape(Class<?> type, NameMapping names, List<Type> path) {
        refuseUnreadable(type);
        if (type == void.class || type == Void.class) {
            return VOID;
        }
        if (type == NdArray.NumpyView.class) {
            return IN_PLACE;
        }
        if (type == byte[].class) {
            return null; // bytes as they are: in-process byte[] takes only bytes and bytearray too
        }
        if (type.isArray()) {
            return tuple(LIST, shape(type.getComponentType(), names, path));
        }
        if (isListLike(type)) {
            return tuple(LIST, null);
        }
        if (type == Map.class || type == LinkedHashMap.class) {
            return tuple(MAP, null, null);
        }
        if (type.isRecord()) {
            RecordMapping mapping = RecordMapping.of(type);
            List<Object> components = new ArrayList<>(mapping.size());
            for (int i = 0; i < mapping.size(); i++) {
                components.add(tuple(mapping.readName(i), mapping.fallbackName(i, names),
                        shape(mapping.type(i), names, path)));
            }
            return tuple(RECORD, Collections.unmodifiableList(components));
        }
        return null;
    }

    /** An unmodifiable list (which may hold null): shapes are cached and shared. */
    private static List<@Nullable Object> tuple(@Nullable Object... items) {
        return Collections.unmodifiableList(Arrays.asList(items));
    }

    /** Lists, collections, iterables and sets: read as a list of items. */
    private static boolean isListLike(Class<?> raw) {
        return raw == List.class || raw == Collection.class || raw == Iterable.class || raw == ArrayList.class
                || raw == Set.class || raw == LinkedHashSet.class;
    }

    /** Refuses the types a worker process cannot give: lazy ones, handles, futures. */
    static void refuseUnreadable(Class<?> type) {
        String name = type.getName();
        if (type == Iterator.class || BaseStream.class.isAssignableFrom(type) || type == Spliterator.class
                || name.equals("reactor.core.publisher.Flux") || Flow.Publisher.class.isAssignableFrom(type)) {
            throw new PythonConversionException(name + " cannot be the result of a worker-process call: items cannot "
                    + "be read one by one from another process; read a list instead (List<T>)");
        }
        if (PythonObject.class.isAssignableFrom(type)) {
            throw new PythonConversionException(name + " cannot be the result of a worker-process call: handles stay "
                    + "in-process; return data (str, int, float, list, dict...) from the worker");
        }
        if (Future.class.isAssignableFrom(type) || CompletionStage.class.isAssignableFrom(type)
                || name.equals("reactor.core.publisher.Mono")) {
            throw new PythonConversionException(name + " cannot be the result of a worker-process call: request the "
                    + "value itself; the call is asynchronous through the API that made it");
        }
    }
}
