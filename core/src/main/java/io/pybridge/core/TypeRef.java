package io.pybridge.core;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/**
 * Captures a generic result type such as {@code List<Map<String, Double>>}:
 * {@code new TypeRef<List<Map<String, Double>>>() {}}.
 *
 * @param <T> the captured type
 */
public abstract class TypeRef<T> {

    private final Type type;

    protected TypeRef() {
        Type superclass = getClass().getGenericSuperclass();
        if (!(superclass instanceof ParameterizedType parameterized)) {
            throw new IllegalArgumentException("TypeRef must be created as an anonymous subclass with a type argument");
        }
        this.type = parameterized.getActualTypeArguments()[0];
    }

    /** The captured type. */
    public Type getType() {
        return type;
    }

    @Override
    public String toString() {
        return type.getTypeName();
    }
}
