package io.pybridge.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.PythonTemplate;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * A stuck interpreter takes the instance out of load balancing and nothing more: with probes
 * on and no health group configured, {@code /actuator/health/readiness} answers 503
 * OUT_OF_SERVICE while C code holds the GIL beyond the probe timeout, and UP again after, while
 * {@code /actuator/health/liveness} stays UP throughout.
 */
@SampleAppTest
@TestPropertySource(properties = { "management.endpoint.health.probes.enabled=true",
        "pybridge.health.probe-timeout=200ms" })
class ReadinessTests {

    /** Hang guards only: the GIL is held for several seconds (longer on a busy machine). */
    private static final long STATE_CHANGE_NANOS = TimeUnit.SECONDS.toNanos(60);

    @LocalServerPort
    int port;

    @Autowired
    PythonTemplate python;

    @Test
    void readinessFollowsAStuckInterpreterAndLivenessStaysUp() throws Exception {
        ApiClient api = new ApiClient(port);
        // Probe groups show no components: that python is a member shows in the status changing below.
        assertThat(awaitReadiness(api, 200).body()).contains("\"UP\"");
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);

        // C code that keeps the GIL: a catastrophic regex runs in the re engine for several
        // seconds (each further 'a' doubles it; 25 take 2-3 s here).
        Thread culprit = new Thread(() -> python.eval("__import__('re').match(r'(a+)+$', 'a' * 27 + 'b')"),
                "gil-holder");
        culprit.start();
        try {
            ApiClient.Response stuck = awaitReadiness(api, 503);
            assertThat(stuck.body()).contains("OUT_OF_SERVICE");
            assertThat(api.get("/actuator/health").body()).as("the reason, in the full health").contains("no GIL within 200 ms");
            ApiClient.Response liveness = api.get("/actuator/health/liveness");
            assertThat(culprit.isAlive()).as("still holding the GIL while liveness was asked").isTrue();
            assertThat(liveness.status()).as(liveness.body()).isEqualTo(200);
            assertThat(liveness.body()).contains("UP");
        }
        finally {
            culprit.join(TimeUnit.MINUTES.toMillis(5));
        }
        assertThat(awaitReadiness(api, 200).body()).contains("UP");
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
    }

    private static ApiClient.Response awaitReadiness(ApiClient api, int status) throws InterruptedException {
        long deadline = System.nanoTime() + STATE_CHANGE_NANOS;
        ApiClient.Response response = api.get("/actuator/health/readiness");
        while (response.status() != status && System.nanoTime() < deadline) {
            Thread.sleep(100);
            response = api.get("/actuator/health/readiness");
        }
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        return response;
    }
}
