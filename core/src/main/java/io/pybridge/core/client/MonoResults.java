package io.pybridge.core.client;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@code Mono} a client method returns. The only class of pybridge that names Reactor's
 * types: it is loaded only when such a method is called, so clients work without reactor-core.
 */
final class MonoResults {

    private MonoResults() {
    }

    /**
     * A lazy {@code Mono}: nothing is called until it is subscribed to, then {@code start} runs on
     * Reactor's bounded-elastic scheduler (it may wait for a permit, which must never happen on a
     * Netty event-loop thread); cancelling the subscription cancels the future it started, and so
     * a coroutine's task. A null result completes the {@code Mono} empty.
     */
    static Object lazy(Supplier<CompletableFuture<Object>> start) {
        return Mono.fromFuture(start).subscribeOn(Schedulers.boundedElastic());
    }
}
