package io.pybridge.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.exception.PythonClosedException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A call after close() fails with a clear exception from every kind of caller; nothing hangs or crashes. */
@CPythonTest
@Tag("isolated")
class CallAfterCloseTest {

    @Test
    void callsAfterCloseAreRefusedClearly() throws Exception {
        PythonRuntime runtime = PythonRuntime.start(SharedRuntime.config().build());
        PythonTemplate python = new PythonTemplate(runtime);
        assertThat(python.eval("1 + 1")).isEqualTo(2L);
        assertThat(runtime.close(java.time.Duration.ofSeconds(30))).isTrue();
        assertThat(runtime.state()).isEqualTo(PythonRuntime.State.CLOSED);
        assertThatThrownBy(() -> python.eval("1 + 1")).isInstanceOf(PythonClosedException.class);
        // From a thread that never called before (it would get a dedicated worker) and one with a big stack.
        for (long stack : new long[] { 1L << 20, 32L << 20 }) {
            FutureTask<Throwable> call = new FutureTask<>(() -> {
                try {
                    python.eval("1 + 1");
                    return null;
                }
                catch (Throwable thrown) {
                    return thrown;
                }
            });
            new Thread(null, call, "after-close", stack).start();
            assertThat(call.get(1, TimeUnit.MINUTES)).isInstanceOf(PythonClosedException.class);
        }
        assertThat(runtime.gateSnapshot().inFlight()).isZero();
    }
}
