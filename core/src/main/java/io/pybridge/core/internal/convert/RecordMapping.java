package io.pybridge.core.internal.convert;

import io.pybridge.core.PythonName;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.internal.capi.CStrings;
import io.pybridge.core.runtime.NameMapping;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/**
 * How a Java record maps to Python: a dict (or an object's attributes) keyed by component
 * name. Worked out once per record class, with both spellings of each name (as Java declares it,
 * and in snake_case), so the runtime's {@link NameMapping} picks one at use. Public for the
 * worker-process conversion ({@code internal.process}), which spells keys the same way as text.
 */
public final class RecordMapping {

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

    /** The components' Java names, for messages. */
    final String[] names;

    /** The key (or attribute) read first: the {@link PythonName} if given, else the Java name. */
    final byte[][] cNames;

    /**
     * The snake_case key under {@link NameMapping#SNAKE_CASE}: written in place of {@link #cNames},
     * read after it. Null when it is the same, or the component has a {@link PythonName}.
     */
    final byte[] @Nullable [] cSnakeNames;

    /** {@link #cNames} and {@link #cSnakeNames} as text, for messages. */
    private final String[] keys;

    private final @Nullable String[] snakeKeys;

    final Type[] types;

    final Class<?>[] rawTypes;

    private final Method[] accessors;

    private final Constructor<?> constructor;

    private RecordMapping(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        names = new String[components.length];
        cNames = new byte[components.length][];
        cSnakeNames = new byte[components.length][];
        keys = new String[components.length];
        snakeKeys = new String[components.length];
        types = new Type[components.length];
        rawTypes = new Class<?>[components.length];
        accessors = new Method[components.length];
        for (int i = 0; i < components.length; i++) {
            names[i] = components[i].getName();
            PythonName named = components[i].getAnnotation(PythonName.class);
            keys[i] = named == null ? names[i] : named.value();
            cNames[i] = CStrings.of(keys[i]);
            String snake = NameMapping.snakeCase(names[i]);
            if (named == null && !snake.equals(names[i])) {
                snakeKeys[i] = snake;
                cSnakeNames[i] = CStrings.of(snake);
            }
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

    /** The mapping of record class {@code type}, worked out on first use. */
    public static RecordMapping of(Class<?> type) {
        return CACHE.get(type);
    }

    /** The number of components. */
    public int size() {
        return names.length;
    }

    /** Component {@code i}'s name as Java declares it. */
    public String name(int i) {
        return names[i];
    }

    /** Component {@code i}'s generic type. */
    public Type type(int i) {
        return types[i];
    }

    /** Component {@code i}'s class. */
    public Class<?> rawType(int i) {
        return rawTypes[i];
    }

    /** The key component {@code i} is written with under {@code mapping}, as text. */
    public String writtenName(int i, NameMapping mapping) {
        String snake = mapping == NameMapping.SNAKE_CASE ? snakeKeys[i] : null;
        return snake == null ? keys[i] : snake;
    }

    /** The key read first for component {@code i}: its {@link PythonName} if given, else its Java name. */
    public String readName(int i) {
        return keys[i];
    }

    /** The key read after {@link #readName} under {@code mapping}, or null if none. */
    public @Nullable String fallbackName(int i, NameMapping mapping) {
        return mapping == NameMapping.SNAKE_CASE ? snakeKeys[i] : null;
    }

    /** The key component {@code i} is written with under {@code mapping}. */
    byte[] writtenKey(int i, NameMapping mapping) {
        byte[] snake = mapping == NameMapping.SNAKE_CASE ? cSnakeNames[i] : null;
        return snake == null ? cNames[i] : snake;
    }

    /** The key read after {@link #cNames} under {@code mapping}, or null if none. */
    byte @Nullable [] fallbackKey(int i, NameMapping mapping) {
        return mapping == NameMapping.SNAKE_CASE ? cSnakeNames[i] : null;
    }

    /** {@code 'fromUnit'} or {@code 'fromUnit' (nor 'from_unit')}: the keys looked for, for messages. */
    public String keysRead(int i, NameMapping mapping) {
        String snake = mapping == NameMapping.SNAKE_CASE ? snakeKeys[i] : null;
        return "'" + keys[i] + "'" + (snake == null ? "" : " (nor '" + snake + "')");
    }

    /** Component {@code component} of {@code record}. */
    public Object value(Object record, int component) {
        try {
            return accessors[component].invoke(record);
        }
        catch (ReflectiveOperationException ex) {
            throw new IllegalStateException("cannot read " + names[component] + " of " + record.getClass().getName(), ex);
        }
    }

    /** A new record of the components' values; a constructor that throws gives a {@link PythonConversionException}. */
    public Object create(Object[] values) {
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
