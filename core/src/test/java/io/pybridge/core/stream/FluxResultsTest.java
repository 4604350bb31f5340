package io.pybridge.core.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PermitHolder;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.TypeRef;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.exception.PythonException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;

/**
 * Generator results as a Reactor {@code Flux}: items fetched only as requested, never on the
 * subscriber's thread, the generator closed on cancel.
 */
@CPythonTest
class FluxResultsTest {

    private final PythonTemplate python = SharedRuntime.template();

    @BeforeEach
    void reset() {
        python.call(StreamingResultsTest.MODULE, "reset");
    }

    private Map<String, Long> counted() {
        return python.callForObject(StreamingResultsTest.MODULE, "counted", new TypeRef<Map<String, Long>>() { });
    }

    private Flux<Long> numbers(int count) {
        return python.callForObject(StreamingResultsTest.MODULE, "numbers", new TypeRef<Flux<Long>>() { }, count);
    }

    /** Requests items one batch at a time, as a slow consumer does. */
    private static final class Requesting extends BaseSubscriber<Long> {

        final List<Long> items = new CopyOnWriteArrayList<>();

        final List<String> threads = new CopyOnWriteArrayList<>();

        final CountDownLatch done = new CountDownLatch(1);

        final AtomicReference<Throwable> error = new AtomicReference<>();

        volatile CountDownLatch received = new CountDownLatch(0);

        void request(int n, CountDownLatch until) {
            received = until;
            request(n);
        }

        @Override
        protected void hookOnSubscribe(Subscription subscription) {
            // nothing yet: the test requests
        }

        @Override
        protected void hookOnNext(Long value) {
            items.add(value);
            threads.add(Thread.currentThread().getName());
            received.countDown();
        }

        @Override
        protected void hookOnError(Throwable throwable) {
            error.set(throwable);
        }

        @Override
        protected void hookFinally(reactor.core.publisher.SignalType type) {
            done.countDown();
        }
    }

    @Test
    void itemsAreFetchedAsTheyAreRequestedOffTheSubscribersThread() throws Exception {
        Requesting subscriber = new Requesting();
        numbers(100).subscribe(subscriber);
        assertThat(counted()).containsEntry("yielded", 0L);
        CountDownLatch two = new CountDownLatch(2);
        subscriber.request(2, two);
        assertThat(two.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(subscriber.items).containsExactly(0L, 1L);
        assertThat(counted()).containsEntry("yielded", 2L); // nothing fetched ahead of demand
        CountDownLatch three = new CountDownLatch(3);
        subscriber.request(3, three);
        assertThat(three.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(subscriber.items).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(counted()).containsEntry("yielded", 5L);
        assertThat(subscriber.threads).allSatisfy(name -> assertThat(name).startsWith("boundedElastic"));
        subscriber.cancel();
        awaitClosed();
        assertThat(counted()).containsEntry("yielded", 5L).containsEntry("closed", 1L);
    }

    private void awaitClosed() throws InterruptedException {
        // The cancel runs the cleanup on the fetching thread once it is between items.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (counted().get("closed") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void aCancelNeverWaitsForThePermitOnTheCancellingThread() throws Exception {
        Requesting subscriber = new Requesting();
        numbers(100).subscribe(subscriber);
        CountDownLatch one = new CountDownLatch(1);
        subscriber.request(1, one);
        assertThat(one.await(60, TimeUnit.SECONDS)).isTrue();
        // The cancelling thread stands for a Netty event loop: with another thread holding the
        // permit (and the GIL), cancel() must return, leaving the close to a worker.
        Thread canceller = new Thread(subscriber::cancel, "event-loop-standin");
        try (PermitHolder held = PermitHolder.hold(python)) {
            canceller.start();
            canceller.join(30_000); // hang guard: it returns at once when right
            assertThat(canceller.isAlive()).as("cancel() waited for the permit").isFalse();
        }
        awaitClosed();
        assertThat(counted()).containsEntry("closed", 1L).containsEntry("yielded", 1L);
    }

    @Test
    void aFluxReadToTheEndFinishesTheGenerator() {
        assertThat(numbers(5).collectList().block(Duration.ofSeconds(60))).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(counted()).containsEntry("finished", 1L);
    }

    @Test
    void takeCancelsAndClosesTheGenerator() throws Exception {
        assertThat(numbers(1_000).take(3).collectList().block(Duration.ofSeconds(60))).containsExactly(0L, 1L, 2L);
        awaitClosed();
        assertThat(counted()).containsEntry("closed", 1L).containsEntry("yielded", 3L);
    }

    @Test
    void anExceptionInTheConsumerCancelsAndClosesTheGenerator() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        numbers(1_000).subscribe(i -> {
            if (i == 2) {
                throw new IllegalStateException("consumer failed");
            }
        }, error -> failed.countDown());
        assertThat(failed.await(60, TimeUnit.SECONDS)).isTrue();
        awaitClosed();
        assertThat(counted()).containsEntry("closed", 1L);
    }

    @Test
    void aPythonExceptionIsTheFluxsError() {
        Flux<Long> items = python.callForObject(StreamingResultsTest.MODULE, "fails_after", new TypeRef<Flux<Long>>() { }, 2);
        List<Long> seen = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        items.doOnNext(seen::add).doOnError(error::set).onErrorResume(ex -> Flux.empty()).blockLast(Duration.ofSeconds(60));
        assertThat(seen).containsExactly(0L, 1L);
        assertThat(error.get()).isInstanceOfSatisfying(PythonException.class,
                ex -> assertThat(ex.getPythonMessage()).isEqualTo("no item after 2"));
    }

    @Test
    void noneHasNoFluxForm() {
        Flux<String> items = python.callForObject(StreamingResultsTest.MODULE, "with_none", new TypeRef<Flux<String>>() { });
        AtomicReference<Throwable> error = new AtomicReference<>();
        List<String> seen = items.doOnError(error::set).onErrorResume(ex -> Flux.empty())
                .collectList().block(Duration.ofSeconds(60));
        assertThat(seen).containsExactly("a");
        assertThat(error.get()).isInstanceOf(PythonConversionException.class).hasMessageContaining("None");
    }

    @Test
    void aSecondSubscriptionIsRefused() {
        Flux<Long> items = numbers(3);
        assertThat(items.collectList().block(Duration.ofSeconds(60))).containsExactly(0L, 1L, 2L);
        AtomicReference<Throwable> error = new AtomicReference<>();
        items.doOnError(error::set).onErrorResume(ex -> Flux.empty()).blockLast(Duration.ofSeconds(60));
        assertThat(error.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("can be read once");
    }
}
