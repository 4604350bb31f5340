package io.pybridge.core.internal.process;

import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/** Placeholder until the conversion layer lands: natural values, a few scalar types. */
final class ResultReader {

    private ResultReader() {
    }

    static @Nullable Object read(@Nullable Object value, Type type) {
        if (value == null || type == Object.class) {
            return value;
        }
        if ((type == Integer.class || type == int.class) && value instanceof Long number) {
            return Math.toIntExact(number);
        }
        if ((type == Double.class || type == double.class) && value instanceof Long number) {
            return number.doubleValue();
        }
        return value;
    }
}
