package io.pybridge.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonInterpreter;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.client.PythonCall;
import io.pybridge.core.client.PythonClientFactory;
import io.pybridge.core.client.PythonExceptionMapping;
import io.pybridge.core.exception.PythonClientValidationException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code @PythonCall} clients aimed at the worker processes, by annotation and by configuration. */
@CPythonTest
class ProcessClientTest {

    @PythonCall(module = "pybridge_process", interpreter = PythonInterpreter.PROCESS)
    @PythonExceptionMapping(python = "ValueError", java = IllegalArgumentException.class)
    interface Worker {

        long pid();

        Map<String, Object> whoami(String tag);

        @PythonCall(module = "pybridge_testmod", function = "fail")
        void fail(String message);

        CompletableFuture<String> later(String value);

        @PythonCall(function = "later")
        String laterNow(String value);
    }

    @PythonCall(module = "pybridge_process")
    interface Plain {

        long pid();
    }

    interface Streaming {

        @PythonCall(module = "pybridge_streams", function = "numbers", interpreter = PythonInterpreter.PROCESS)
        Stream<Long> numbers(int count);
    }

    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    private final PythonTemplate python = SharedRuntime.template();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void anAnnotatedClientRunsInAWorker() throws Exception {
        Worker worker = new PythonClientFactory(python, executor, null, true).create(Worker.class);
        long jvm = ProcessHandle.current().pid();
        assertThat(worker.pid()).isNotEqualTo(jvm);
        assertThat(worker.whoami("x")).containsEntry("tag", "x");
        assertThatThrownBy(() -> worker.fail("bad")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad");
        assertThat(worker.later("a").get(60, TimeUnit.SECONDS)).isEqualTo("a");
        assertThat(worker.laterNow("b")).isEqualTo("b");
    }

    @Test
    void configurationMovesAWholeClientIntoTheWorkers() {
        Plain plain = new PythonClientFactory(python, executor, null, true, Map.of("plain", PythonInterpreter.PROCESS))
                .create(Plain.class);
        assertThat(plain.pid()).isNotEqualTo(ProcessHandle.current().pid());
        assertThat(SharedRuntime.get().processSnapshot()).extracting(snapshot -> snapshot.pid()).contains(plain.pid());
    }

    @Test
    void aStreamingMethodIsRefusedAtValidation() {
        assertThatThrownBy(() -> new PythonClientFactory(python, executor, null, true).create(Streaming.class))
                .isInstanceOf(PythonClientValidationException.class).hasMessageContaining("worker processes")
                .hasMessageContaining("List");
    }
}
