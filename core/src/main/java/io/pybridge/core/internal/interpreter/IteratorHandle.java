package io.pybridge.core.internal.interpreter;

import io.pybridge.core.internal.convert.PythonItems;
import java.lang.reflect.Type;
import org.jspecify.annotations.Nullable;

/**
 * A Python iterator's handle as the {@link PythonItems.ItemSource} of a lazy result: every item
 * and the close go through the handle's operations, so through the gate of the interpreter the
 * iterator belongs to (a pooled generator is read in its own sub-interpreter).
 */
final class IteratorHandle implements PythonItems.ItemSource {

    private final HandleOperations operations;

    /** The iterator; this source is its only user, and closes it. */
    private final Handle handle;

    IteratorHandle(HandleOperations operations, Handle handle) {
        this.operations = operations;
        this.handle = handle;
    }

    @Override
    public @Nullable Object next(Type type) {
        return operations.next(handle, type);
    }

    @Override
    public void close() {
        operations.closeIterator(handle);
    }
}
