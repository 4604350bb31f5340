package io.pybridge.core.client;

import io.pybridge.core.exception.PythonException;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Client methods that return items one at a time from a Python generator or iterator:
 * {@code Stream<T>}, {@code Iterator<T>} and, with Reactor, {@code Flux<T>}. The call makes the
 * generator (cheap: its body starts with the first item); the items are read afterwards, so what
 * a Python exception raised while reading one becomes must be mapped there too, by the method's
 * {@link PythonExceptionMapping}s.
 */
final class StreamingResults {

    private static final String FLUX = "reactor.core.publisher.Flux";

    private StreamingResults() {
    }

    /** Whether a method returning {@code type} streams its result. */
    static boolean isStreaming(Class<?> type) {
        return type == Stream.class || type == Iterator.class || type.getName().equals(FLUX);
    }

    /**
     * The method's result: a {@code Stream} or {@code Iterator} from the call made now, or a
     * {@code Flux} that makes the call when it is subscribed to, off the subscriber's thread.
     */
    static Object of(ClientMethod method, Callable<Object> call) throws Exception {
        Class<?> returns = method.method().getReturnType();
        if (returns.getName().equals(FLUX)) {
            return ReactorResults.flux(method, call);
        }
        Object result = call.call();
        if (result instanceof Stream<?> stream) {
            return StreamSupport.stream(new MappedSpliterator<>(stream.spliterator(), method), false).onClose(stream::close);
        }
        if (result instanceof Iterator<?> iterator) {
            return new MappedIterator<>(iterator, method);
        }
        return result; // null: the function returned None
    }

    /** The items of a stream, with a Python exception raised while reading one mapped. */
    private static final class MappedSpliterator<T> extends Spliterators.AbstractSpliterator<T> {

        private final Spliterator<T> items;

        private final ClientMethod method;

        MappedSpliterator(Spliterator<T> items, ClientMethod method) {
            super(items.estimateSize(), items.characteristics());
            this.items = items;
            this.method = method;
        }

        @Override
        public boolean tryAdvance(Consumer<? super T> action) {
            try {
                return items.tryAdvance(action);
            }
            catch (PythonException ex) {
                throw method.map(ex);
            }
        }
    }

    /** The items of an iterator, with a Python exception raised while reading one mapped. */
    private static final class MappedIterator<T> implements Iterator<T>, AutoCloseable {

        private final Iterator<T> items;

        private final ClientMethod method;

        MappedIterator(Iterator<T> items, ClientMethod method) {
            this.items = items;
            this.method = method;
        }

        @Override
        public boolean hasNext() {
            try {
                return items.hasNext();
            }
            catch (PythonException ex) {
                throw method.map(ex);
            }
        }

        @Override
        public @Nullable T next() {
            try {
                return items.next();
            }
            catch (PythonException ex) {
                throw method.map(ex);
            }
        }

        /** Closes the Python iterator (a generator's {@code finally} runs now). */
        @Override
        public void close() throws Exception {
            if (items instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
