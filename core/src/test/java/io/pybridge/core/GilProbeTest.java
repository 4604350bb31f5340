package io.pybridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The GIL probe answers within its timeout, also while C code holds the GIL. */
@CPythonTest
class GilProbeTest {

    private final PythonTemplate python = SharedRuntime.template();

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void probeFailsFastWhileCCodeHoldsTheGilAndRecoversAfter() throws Exception {
        PythonRuntime runtime = SharedRuntime.get();
        assertThat(runtime.probeGil(Duration.ofSeconds(5))).isPresent();
        // A catastrophic regex runs in C for seconds (2-3 s here, longer on a busy machine) without
        // releasing the GIL; each further 'a' doubles it.
        Thread culprit = new Thread(() -> python.eval("__import__('re').match(r'(a+)+$', 'a' * 25 + 'b')"));
        culprit.start();
        Thread.sleep(200);
        long begin = System.nanoTime();
        assertThat(runtime.probeGil(Duration.ofMillis(200))).isEmpty();
        assertThat(runtime.probeGil(Duration.ofMillis(200))).isEmpty(); // the pending probe is shared
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)).isLessThan(2_000);
        culprit.join();
        assertThat(runtime.probeGil(Duration.ofSeconds(5))).isPresent();
    }
}
