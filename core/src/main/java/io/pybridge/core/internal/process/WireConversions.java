package io.pybridge.core.internal.process;

import io.pybridge.core.runtime.NameMapping;

/**
 * The conversions of one runtime's worker processes, made once for its {@link NameMapping}: the
 * shapes' caches are shared by every call.
 */
record WireConversions(ArgumentTrees arguments, ResultShapes shapes, ResultReader reader) {

    static WireConversions of(NameMapping names) {
        return new WireConversions(new ArgumentTrees(names), new ResultShapes(names), new ResultReader(names));
    }
}
