package io.pybridge.core.internal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.PythonRuntime;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.runtime.GateSnapshot;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code callTimingSample(1)} times every call, as before sampling. Own JVM. */
@CPythonTest
@Tag("isolated")
class EveryCallTimedTest {

    private static final int CALLS = 300;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyCallIsTimedWithOneInOne() {
        PythonRuntime runtime = PythonRuntime.start(SharedRuntime.config().callTimingSample(1).build());
        PythonTemplate python = new PythonTemplate(runtime);
        long start = System.nanoTime();
        long before = runtime.gateSnapshot().calls();
        for (int i = 0; i < CALLS; i++) {
            python.eval("1");
        }
        GateSnapshot since = runtime.gateSnapshot(Duration.ofNanos(System.nanoTime() - start));
        assertThat(since.calls() - before).isEqualTo(CALLS);
        assertThat(since.hold().samples()).isEqualTo(CALLS);
        assertThat(since.gilWait().samples()).isEqualTo(CALLS);
        assertThat(runtime.close(Duration.ofSeconds(10))).isTrue();
    }
}
