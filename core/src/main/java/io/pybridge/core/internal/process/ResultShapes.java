package io.pybridge.core.internal.process;

import io.pybridge.core.runtime.NameMapping;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/** Placeholder until the conversion layer lands: every result natural. */
final class ResultShapes {

    private ResultShapes() {
    }

    static @Nullable Object of(Type type, NameMapping names) {
        return type == void.class || type == Void.class ? "v" : null;
    }
}
