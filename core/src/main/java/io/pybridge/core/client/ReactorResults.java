package io.pybridge.core.client;

import io.pybridge.core.exception.PythonException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Reactor results of client methods ({@code Flux} of a generator, {@code Mono} of a coroutine or
 * any call): the one class of the package that names Reactor, loaded only for a method that
 * returns a Reactor type, so Reactor stays an optional dependency.
 */
final class ReactorResults {

    private ReactorResults() {
    }

    /**
     * A cold {@code Flux}: each subscription calls the Python function again, on a
     * {@code boundedElastic} thread (a Netty event loop must never wait for a permit or run
     * Python), and reads its items as they are requested; a Python exception, from the call or
     * from an item, is mapped by the method's {@link PythonExceptionMapping}s.
     */
    /**
     * A lazy {@code Mono}: nothing is called until it is subscribed to, then {@code start} runs on
     * Reactor's bounded-elastic scheduler (it may wait for a permit, which must never happen on a
     * Netty event-loop thread); cancelling the subscription cancels the future it started, and so
     * a coroutine's task. A null result completes the {@code Mono} empty.
     */
    static Mono<Object> mono(Supplier<CompletableFuture<Object>> start) {
        return Mono.fromFuture(start).subscribeOn(Schedulers.boundedElastic());
    }

    static Flux<Object> flux(ClientMethod method, Callable<Object> call) {
        return Flux.defer(() -> {
            Object result;
            try {
                result = call.call();
            }
            catch (Exception ex) {
                return Flux.error(ex);
            }
            if (result == null) {
                return Flux.empty(); // the function returned None
            }
            @SuppressWarnings("unchecked")
            Flux<Object> items = (Flux<Object>) result;
            return items;
        }).onErrorMap(PythonException.class, method::map).subscribeOn(Schedulers.boundedElastic());
    }
}
