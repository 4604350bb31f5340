package io.pybridge.core.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.TypeRef;
import io.pybridge.core.exception.PythonClosedException;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;

/** Streams still open when the runtime closes: a clear error to read, harmless to close. Own JVM. */
@CPythonTest
@Tag("isolated")
class StreamRuntimeCloseTest {

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void openStreamsFailClearlyOnceTheRuntimeClosed() {
        PythonRuntime runtime = PythonRuntime.start(SharedRuntime.config().build());
        PythonTemplate python = new PythonTemplate(runtime);
        Stream<Long> stream = python.callForObject(StreamingResultsTest.MODULE, "numbers", new TypeRef<Stream<Long>>() { }, 10);
        Iterator<Long> items = stream.iterator();
        assertThat(items.next()).isEqualTo(0L);
        Flux<Long> flux = python.callForObject(StreamingResultsTest.MODULE, "numbers", new TypeRef<Flux<Long>>() { }, 10);

        assertThat(runtime.close(Duration.ofSeconds(20))).isTrue();

        assertThatThrownBy(items::next).isInstanceOf(PythonClosedException.class);
        stream.close(); // Python is gone: nothing to release, nothing thrown
        assertThatThrownBy(() -> flux.blockLast(Duration.ofSeconds(60))).isInstanceOf(PythonClosedException.class);
    }
}
