package io.pybridge.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonInterpreter;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.TypeRef;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** Client methods returning {@code Stream}, {@code Iterator} and {@code Flux} of a generator's items. */
@CPythonTest
class StreamingClientTest {

    @PythonCall(module = "pybridge_streams")
    @PythonExceptionMapping(python = "ValueError", java = IllegalArgumentException.class)
    interface Streams {

        Stream<Long> numbers(int count);

        @PythonCall(function = "numbers")
        Iterator<Long> numberIterator(int count);

        @PythonCall(function = "numbers")
        Flux<Long> numberFlux(int count);

        @PythonCall(function = "fails_after")
        Stream<Long> failing(int count);

        @PythonCall(function = "fails_after")
        Flux<Long> failingFlux(int count);

        @PythonCall(function = "tokens", interpreter = PythonInterpreter.POOL)
        Flux<String> pooledTokens(String text);
    }

    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    private final PythonTemplate python = SharedRuntime.template();

    private Streams streams;

    @BeforeEach
    void create() {
        python.call("pybridge_streams", "reset");
        streams = new PythonClientFactory(python, executor, null, true).create(Streams.class);
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private Map<String, Long> counted() {
        return python.callForObject("pybridge_streams", "counted", new TypeRef<Map<String, Long>>() { });
    }

    @Test
    void aStreamMethodReadsLazily() {
        try (Stream<Long> items = streams.numbers(1_000)) {
            assertThat(items.limit(3).collect(Collectors.toList())).containsExactly(0L, 1L, 2L);
        }
        assertThat(counted()).containsEntry("yielded", 3L).containsEntry("closed", 1L);
    }

    @Test
    void anIteratorMethodReadsLazily() throws Exception {
        Iterator<Long> items = streams.numberIterator(10);
        assertThat(items.next()).isEqualTo(0L);
        ((AutoCloseable) items).close();
        assertThat(counted()).containsEntry("yielded", 1L).containsEntry("closed", 1L);
    }

    @Test
    void anExceptionRaisedWhileReadingIsMappedLikeTheCallsOwn() {
        assertThatThrownBy(() -> streams.failing(2).forEach(i -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ValueError: no item after 2");
        assertThatThrownBy(() -> streams.failingFlux(2).blockLast(Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ValueError: no item after 2");
    }

    @Test
    void aFluxMethodCallsPythonOnlyWhenSubscribedAndOnEachSubscription() {
        AtomicInteger calls = new AtomicInteger();
        Streams counting = new PythonClientFactory(python, executor, invocation -> {
            calls.incrementAndGet();
            assertThat(Thread.currentThread().getName()).startsWith("boundedElastic");
            return invocation.proceed();
        }, true).create(Streams.class);
        Flux<Long> items = counting.numberFlux(3);
        assertThat(calls).hasValue(0);
        assertThat(items.collectList().block(Duration.ofSeconds(60))).containsExactly(0L, 1L, 2L);
        assertThat(items.collectList().block(Duration.ofSeconds(60))).containsExactly(0L, 1L, 2L);
        assertThat(calls).hasValue(2);
    }

    @Test
    void aPooledFluxMethodStreams() {
        List<String> tokens = streams.pooledTokens("the quick brown fox").collectList().block(Duration.ofSeconds(60));
        assertThat(tokens).containsExactly("the", "quick", "brown", "fox");
    }
}
