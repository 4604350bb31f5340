package io.pybridge.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.TypeRef;
import io.pybridge.core.VirtualThreadExecutors;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.exception.PythonException;
import io.pybridge.core.exception.PythonFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generator and iterator results read lazily as {@code Iterator<T>} and {@code Stream<T>}
 * through the template: one item per request, each through the gate, the generator closed (its
 * {@code finally} run) when Java closes or gives up the stream.
 */
@CPythonTest
class StreamingResultsTest {

    static final String MODULE = "pybridge_streams";

    private final PythonTemplate python = SharedRuntime.template();

    @BeforeEach
    void reset() {
        python.call(MODULE, "reset");
    }

    private Map<String, Long> counted() {
        return python.callForObject(MODULE, "counted", new TypeRef<Map<String, Long>>() { });
    }

    private Stream<Long> numbers(int count) {
        return python.callForObject(MODULE, "numbers", new TypeRef<Stream<Long>>() { }, count);
    }

    @Test
    void aStreamReadsTheGeneratorOneItemPerRequest() {
        try (Stream<Long> items = numbers(10)) {
            assertThat(counted()).containsEntry("yielded", 0L); // the body starts with the first item
            Iterator<Long> iterator = items.iterator();
            assertThat(iterator.next()).isEqualTo(0L);
            assertThat(counted()).containsEntry("yielded", 1L);
            assertThat(iterator.next()).isEqualTo(1L);
            assertThat(counted()).containsEntry("yielded", 2L);
        }
        // Closing the stream closed the generator: its finally ran, in Python, before close returned.
        assertThat(counted()).containsEntry("closed", 1L).containsEntry("finished", 0L);
    }

    @Test
    void aStreamReadToTheEndFinishesTheGenerator() {
        try (Stream<Long> items = numbers(5)) {
            assertThat(items.map(i -> i * 10).collect(Collectors.toList())).containsExactly(0L, 10L, 20L, 30L, 40L);
        }
        assertThat(counted()).containsEntry("finished", 1L).containsEntry("closed", 0L);
    }

    @Test
    void aShortCircuitingStreamFetchesNoMoreThanItNeeds() {
        try (Stream<Long> items = numbers(1_000)) {
            assertThat(items.filter(i -> i % 2 == 1).limit(3).collect(Collectors.toList())).containsExactly(1L, 3L, 5L);
        }
        assertThat(counted()).containsEntry("yielded", 6L).containsEntry("closed", 1L);
    }

    /**
     * Tagged to run on the default interpreter only, not again in the interpreter matrix: half a
     * minute per Python on a busy box, for a property of the Java side (nothing buffered, nothing
     * kept); the item path itself is read on every Python by the other tests here.
     */
    @Test
    @Tag("default-interpreter")
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aMillionItemsAreReadWithFlatMemory() {
        int count = 1_000_000;
        AtomicLong consumed = new AtomicLong();
        AtomicLong mostAhead = new AtomicLong();
        long[] baseline = new long[1];
        long[] late = new long[1];
        try (Stream<String> words = python.callForObject(MODULE, "words", new TypeRef<Stream<String>>() { }, count)) {
            words.forEach(word -> {
                long n = consumed.incrementAndGet();
                assertThat(word).hasSize(100).startsWith(String.format("%08d", n - 1));
                if (n % 100_000 == 0) {
                    // Asked inside the pipeline: Python has produced no item Java has not taken.
                    mostAhead.accumulateAndGet(counted().get("yielded") - n, Math::max);
                    if (n == 100_000) {
                        baseline[0] = usedHeapAfterGc();
                    }
                    if (n == 900_000) {
                        late[0] = usedHeapAfterGc();
                    }
                }
            });
        }
        assertThat(consumed).hasValue(count);
        assertThat(mostAhead).hasValue(0);
        // 800,000 more strings of 100 characters held would be over 100 MiB; flat is a few MiB of noise.
        assertThat(late[0] - baseline[0]).isLessThan(32L << 20);
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
        }
        return used;
    }

    @Test
    void anExceptionMidStreamCarriesItsTracebackAndEndsTheStream() {
        List<Long> seen = new ArrayList<>();
        Stream<Long> items = python.callForObject(MODULE, "fails_after", new TypeRef<Stream<Long>>() { }, 3);
        assertThatThrownBy(() -> items.forEach(seen::add)).isInstanceOfSatisfying(PythonException.class, ex -> {
            assertThat(ex.getPythonType()).isEqualTo("ValueError");
            assertThat(ex.getPythonMessage()).isEqualTo("no item after 3");
            assertThat(ex.getPythonFrames()).extracting(PythonFrame::function).contains("fails_after");
            assertThat(ex.getPythonFrames()).extracting(PythonFrame::source)
                    .anySatisfy(line -> assertThat(line).contains("raise ValueError"));
        });
        assertThat(seen).containsExactly(0L, 1L, 2L);
        items.close(); // already released: nothing more happens
    }

    @Test
    void anExceptionInTheConsumerClosesTheGenerator() {
        Stream<Long> items = numbers(100);
        assertThatThrownBy(() -> items.forEach(i -> {
            if (i == 4) {
                throw new IllegalStateException("consumer failed at " + i);
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("consumer failed at 4");
        // Nobody closed the stream; the generator's finally ran anyway.
        assertThat(counted()).containsEntry("yielded", 5L).containsEntry("closed", 1L);
    }

    @Test
    void anIteratorIsLazyAndClosable() throws Exception {
        Iterator<Long> items = python.callForObject(MODULE, "numbers", new TypeRef<Iterator<Long>>() { }, 3);
        assertThat(counted()).containsEntry("yielded", 0L);
        assertThat(items.hasNext()).isTrue();
        assertThat(items.next()).isEqualTo(0L);
        assertThat(items).isInstanceOf(AutoCloseable.class);
        ((AutoCloseable) items).close();
        assertThat(counted()).containsEntry("closed", 1L);
        assertThat(items.hasNext()).isFalse();
        assertThatThrownBy(items::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void anyIterableStreamsAndNoneIsANullItem() {
        try (Stream<String> items = python.callForObject(MODULE, "with_none", new TypeRef<Stream<String>>() { })) {
            assertThat(items.collect(Collectors.toList())).containsExactly("a", null, "b");
        }
        try (Stream<String> items = python.callForObject(MODULE, "plain_iterator", new TypeRef<Stream<String>>() { })) {
            assertThat(items.collect(Collectors.toList())).containsExactly("x", "y");
        }
        Iterator<Object> raw = python.callForObject(MODULE, "tokens", Iterator.class, "a b");
        assertThat(raw.next()).isEqualTo("a");
    }

    @Test
    void aGeneratorConvertsToAListWhole() {
        assertThat(python.callForObject(MODULE, "numbers", new TypeRef<List<Long>>() { }, 4)).containsExactly(0L, 1L, 2L, 3L);
        assertThat(counted()).containsEntry("finished", 1L);
    }

    @Test
    void aValueThatIsNotIterableFailsToConvert() {
        assertThatThrownBy(() -> python.callForObject(MODULE, "not_a_generator", new TypeRef<Stream<Long>>() { }))
                .isInstanceOf(PythonConversionException.class)
                .hasMessageContaining("Cannot convert Python 'int' to java.util.stream.Stream: it is not iterable");
    }

    @Test
    void anItemThatDoesNotConvertEndsTheStream() {
        Stream<Integer> items = python.callForObject(MODULE, "tokens", new TypeRef<Stream<Integer>>() { }, "x y");
        assertThatThrownBy(() -> items.forEach(i -> { })).isInstanceOf(PythonConversionException.class);
    }

    @Test
    void pooledGeneratorsAreReadAndClosedInTheirOwnInterpreter(@TempDir Path folder) throws Exception {
        PythonTemplate pool = python.inPool();
        Path marker = folder.resolve("closed-in");
        long mainId = python.callForObject(MODULE, "interpreter_id", Long.class);
        List<Long> ids;
        try (Stream<Long> items = pool.callForObject(MODULE, "interpreter_items", new TypeRef<Stream<Long>>() { }, 50,
                marker.toString())) {
            ids = items.limit(20).collect(Collectors.toList());
        }
        assertThat(ids).hasSize(20).containsOnly(ids.get(0));
        assertThat(Files.readString(marker)).isEqualTo(String.valueOf(ids.get(0)));
        if (!SharedRuntime.get().poolMembers().isEmpty()) {
            assertThat(ids.get(0)).isNotEqualTo(mainId);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void virtualThreadsConsumeStreams() throws Exception {
        ExecutorService executor = VirtualThreadExecutors.perTask();
        try {
            List<Future<Long>> sums = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                PythonTemplate target = i % 2 == 0 ? python : python.inPool();
                sums.add(executor.submit(() -> {
                    try (Stream<Long> items = target.callForObject(MODULE, "numbers", new TypeRef<Stream<Long>>() { }, 1_000)) {
                        return items.mapToLong(Long::longValue).sum();
                    }
                }));
            }
            for (Future<Long> sum : sums) {
                assertThat(sum.get(60, TimeUnit.SECONDS)).isEqualTo(499_500L);
            }
        }
        finally {
            executor.shutdown();
        }
    }
}
