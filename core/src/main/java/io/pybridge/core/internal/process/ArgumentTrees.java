package io.pybridge.core.internal.process;

import io.pybridge.core.runtime.NameMapping;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Placeholder until the conversion layer lands: plain values only. */
final class ArgumentTrees {

    private ArgumentTrees() {
    }

    static @Nullable Object of(@Nullable Object value, NameMapping names) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float number) {
            return number.doubleValue();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> tree = new LinkedHashMap<>();
            map.forEach((key, item) -> tree.put(of(key, names), of(item, names)));
            return tree;
        }
        if (value instanceof java.util.Set<?>) {
            return value;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> tree = new ArrayList<>();
            collection.forEach(item -> tree.add(of(item, names)));
            return tree;
        }
        return value;
    }
}
