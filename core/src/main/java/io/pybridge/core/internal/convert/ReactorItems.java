package io.pybridge.core.internal.convert;

import io.pybridge.core.exception.PythonConversionException;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * A {@link PythonItems} as a Reactor {@link Flux}. Loaded only when a {@code Flux} is asked for,
 * so Reactor stays an optional dependency.
 *
 * <p>{@code Flux.generate} fetches one item per item requested ({@code request(n)} is the
 * back-pressure), and its cleanup closes the Python iterator on completion, error and cancel.
 * {@code subscribeOn(boundedElastic)} moves the subscription and, since it forwards every later
 * {@code request} there too, every fetch off the subscriber's thread: a Netty event loop never runs
 * Python, nor waits for a permit. The close after a cancel is moved there as well.
 */
final class ReactorItems {

    private ReactorItems() {
    }

    /** The class name {@link FromPython} compares, so that it never loads Reactor itself. */
    static final String FLUX = "reactor.core.publisher.Flux";

    static Flux<Object> flux(PythonItems items) {
        AtomicBoolean subscribed = new AtomicBoolean();
        return Flux.<Object, PythonItems>generate(() -> {
            if (!subscribed.compareAndSet(false, true)) {
                throw new IllegalStateException("This Flux reads a Python iterator, which can be read once: "
                        + "subscribe once, or call the Python function again (a Flux from a client method does)");
            }
            return items;
        }, (source, sink) -> {
            Object item = source.nextOrEnd();
            if (item == PythonItems.END) {
                sink.complete();
            }
            else if (item == null) {
                // Reactive Streams forbid null elements; None has no Flux form.
                source.close();
                sink.error(new PythonConversionException("The Python iterator yielded None, "
                        + "which a Flux cannot carry: yield a value, or ask for Stream<Optional<T>>/Iterator<T>"));
            }
            else {
                sink.next(item);
            }
            return source;
        }, ReactorItems::closeOffThread).subscribeOn(Schedulers.boundedElastic());
    }

    /**
     * The cleanup, which Reactor runs on whichever thread ends the subscription: a cancel comes
     * from the subscriber's thread (a Netty event loop, a servlet container thread when the client
     * went away), which must not wait for a permit, so the Python side is closed on
     * {@code boundedElastic}. Once exhausted or failed, the iterator is already released and the
     * close does nothing.
     */
    private static void closeOffThread(PythonItems items) {
        Schedulers.boundedElastic().schedule(items::close);
    }
}
