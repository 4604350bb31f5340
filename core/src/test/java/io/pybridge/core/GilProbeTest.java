package io.pybridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
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
        // releasing the GIL; each further 'a' doubles it. The culprit says when it is a few
        // bytecodes from the match (on a busy machine, or after a hand-off to a worker, a fixed
        // sleep was not always enough for it to get there first).
        python.exec(String.join("\n",
                "def _gil_probe_culprit(started):",
                "    import re",
                "    pattern = re.compile(r'(a+)+$')",
                "    text = 'a' * 25 + 'b'",
                "    started(None)",
                "    return pattern.match(text)",
                ""));
        CountDownLatch started = new CountDownLatch(1);
        Function<Object, Object> signal = ignored -> {
            started.countDown();
            return null;
        };
        Thread culprit = new Thread(() -> python.call("__main__", "_gil_probe_culprit", signal));
        culprit.start();
        assertThat(started.await(50, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(50); // from the callback into the match: microseconds, holding the GIL
        long begin = System.nanoTime();
        assertThat(runtime.probeGil(Duration.ofMillis(200))).isEmpty();
        assertThat(runtime.probeGil(Duration.ofMillis(200))).isEmpty(); // the pending probe is shared
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin)).isLessThan(2_000);
        culprit.join();
        assertThat(runtime.probeGil(Duration.ofSeconds(5))).isPresent();
    }
}
