package io.pybridge.core.internal.convert;

import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.internal.capi.CStrings;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;

/**
 * How a Java record maps to Python: a dict (or an object's attributes) keyed by component
 * name. Worked out once per record class.
 */
final class RecordMapping {

    /**
     * Kept with each record class rather than in a map of pybridge's: the runtime outlives an
     * application restarted in place (DevTools), and a map keyed by the record classes would keep
     * every restart's class loader reachable.
     */
    private static final ClassValue<RecordMapping> CACHE = new ClassValue<>() {
        @Override
        protected RecordMapping computeValue(Class<?> type) {
            return new RecordMapping(type);
        }
    };

    final String[] names;

    final byte[][] cNames;

    final Type[] types;

    final Class<?>[] rawTypes;

    private final Method[] accessors;

    private final Constructor<?> constructor;

    private RecordMapping(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        names = new String[components.length];
        cNames = new byte[components.length][];
        types = new Type[components.length];
        rawTypes = new Class<?>[components.length];
        accessors = new Method[components.length];
        for (int i = 0; i < components.length; i++) {
            names[i] = components[i].getName();
            cNames[i] = CStrings.of(names[i]);
            types[i] = components[i].getGenericType();
            rawTypes[i] = components[i].getType();
            accessors[i] = components[i].getAccessor();
            accessors[i].setAccessible(true);
        }
        try {
            constructor = type.getDeclaredConstructor(rawTypes);
            constructor.setAccessible(true);
        }
        catch (NoSuchMethodException ex) {
            throw new IllegalStateException("record " + type.getName() + " has no canonical constructor", ex);
        }
    }

    static RecordMapping of(Class<?> type) {
        return CACHE.get(type);
    }

    Object value(Object record, int component) {
        try {
            return accessors[component].invoke(record);
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("cannot read " + names[component] + " of " + record.getClass().getName(), ex);
        }
    }

    Object create(Object[] values) {
        try {
            return constructor.newInstance(values);
        }
        catch (InvocationTargetException ex) {
            Throwable cause = ex.getCause();
            throw new PythonConversionException("The record constructor of "
                    + constructor.getDeclaringClass().getName() + " rejected the Python values: " + cause);
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("cannot create " + constructor.getDeclaringClass().getName(), ex);
        }
    }
}
