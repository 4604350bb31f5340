package io.pybridge.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonConditions;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** Client methods returning Reactor's Mono: lazy, awaited on the event loop, cancelled with the subscription. */
@CPythonTest
class MonoClientTest {

    @PythonCall(module = "pybridge_coroutines")
    @PythonExceptionMapping(python = "ValueError", java = IllegalArgumentException.class)
    interface ReactiveNaps {

        Mono<Long> nap(long n, @Keyword("seconds") double seconds);

        Mono<List<String>> words(String text);

        Mono<Void> forever(String tag);

        Mono<Object> broken(String message);

        /** A plain def: on the executor, as a CompletableFuture method. */
        Mono<Long> plain(long n);
    }

    private final PythonTemplate python = SharedRuntime.template();

    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    private ReactiveNaps naps;

    @BeforeEach
    void create() {
        python.call("pybridge_coroutines", "reset");
        naps = new PythonClientFactory(python, executor, null, false).create(ReactiveNaps.class);
    }

    @AfterEach
    void stopExecutor() throws InterruptedException {
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void aMonoCallsOnSubscriptionAndGivesTheAwaitedResult() throws Exception {
        Mono<Void> notYet = naps.forever("lazy");
        Thread.sleep(100);
        assertThat(python.eval("__import__('pybridge_coroutines').started", List.class)).isEmpty();
        assertThat(naps.nap(21, 0.01).block(Duration.ofSeconds(30))).isEqualTo(42L);
        assertThat(naps.words("a b").block(Duration.ofSeconds(30))).containsExactly("a", "b");
        assertThat(naps.plain(1).block(Duration.ofSeconds(30))).isEqualTo(2L);
        assertThatThrownBy(() -> naps.broken("bad").block(Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("ValueError: bad");
        assertThat(notYet).isNotNull();
    }

    @Test
    @Timeout(value = 1, unit = TimeUnit.MINUTES)
    void disposingTheSubscriptionCancelsTheTask() throws Exception {
        Disposable subscription = naps.forever("disposed").subscribe();
        PythonConditions.await(python, "'disposed' in __import__('pybridge_coroutines').started");
        subscription.dispose();
        PythonConditions.await(python, "'disposed' in __import__('pybridge_coroutines').cancelled");
    }
}
