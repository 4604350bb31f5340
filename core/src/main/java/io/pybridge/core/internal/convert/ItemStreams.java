package io.pybridge.core.internal.convert;

import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * A {@link PythonItems} as a sequential {@link Stream}: one item fetched per element the pipeline
 * asks for, none ahead. {@code Stream.close()} (try-with-resources) closes the Python iterator, and
 * so does an exception thrown by the pipeline's own code (a consumer, a mapper) while it handles an
 * item, since a stream given up that way is never closed by most callers.
 */
final class ItemStreams {

    private ItemStreams() {
    }

    static Stream<@Nullable Object> stream(PythonItems items) {
        return StreamSupport.stream(new ItemSpliterator(items), false).onClose(items::close);
    }

    private static final class ItemSpliterator extends Spliterators.AbstractSpliterator<@Nullable Object> {

        private final PythonItems items;

        ItemSpliterator(PythonItems items) {
            // Unknown size; ORDERED only: None items are null, and the order is Python's.
            super(Long.MAX_VALUE, Spliterator.ORDERED);
            this.items = items;
        }

        @Override
        public boolean tryAdvance(Consumer<? super @Nullable Object> action) {
            Object item = items.nextOrEnd();
            if (item == PythonItems.END) {
                return false;
            }
            try {
                action.accept(item);
            }
            catch (RuntimeException | Error ex) {
                items.closeAfter(ex);
                throw ex;
            }
            return true;
        }

        @Override
        public @Nullable Spliterator<@Nullable Object> trySplit() {
            return null; // a Python iterator is read in order, one item at a time
        }
    }
}
