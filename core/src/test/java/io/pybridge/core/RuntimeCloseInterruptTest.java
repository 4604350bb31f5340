package io.pybridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.exception.PythonException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A runaway Python loop does not hang close(): it is interrupted, then Python finalizes. Own JVM. */
@CPythonTest
@Tag("isolated")
class RuntimeCloseInterruptTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void closeInterruptsARunawayLoop() throws Exception {
        PythonRuntime runtime = PythonRuntime.start(SharedRuntime.config().build());
        PythonTemplate python = new PythonTemplate(runtime);
        python.eval("1");
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread runaway = new Thread(() -> {
            try {
                python.call("pybridge_testmod", "spin", 600);
            }
            catch (Throwable ex) {
                outcome.set(ex);
            }
        });
        runaway.start();
        Thread.sleep(300);
        long begin = System.nanoTime();
        boolean finalized = runtime.close(Duration.ofMillis(500));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
        runaway.join(10_000);
        assertThat(finalized).isTrue();
        assertThat(tookMillis).isLessThan(5_000);
        assertThat(outcome.get()).isInstanceOf(PythonException.class);
        assertThat(((PythonException) outcome.get()).getPythonType()).isEqualTo("_pybridge.Interrupted");
        assertThat(runtime.state()).isEqualTo(PythonRuntime.State.CLOSED);
    }
}
