package io.pybridge.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * The resilience4j time limit on the similarity client stops difflib inside Python: with the
 * limit lowered to 100 ms, a 10,000-character comparison (~1.4 s of Python) is cut off with a
 * 504, and the interpreter answers the next request at once.
 */
@SampleAppTest
@TestPropertySource(properties = "resilience4j.timelimiter.instances.similarityClient.timeout-duration=100ms")
class SimilarityTimeLimitTests {

    @LocalServerPort
    int port;

    @Test
    void aSlowComparisonIsStoppedAndTheNextRequestIsServed() {
        ApiClient api = new ApiClient(port);
        // The context's first request initializes Spring MVC, Jackson and the validator (hundreds
        // of ms); it must not count against the time limit measured below.
        assertThat(api.post("/api/similarity", "{\"a\":\"warm\",\"b\":\"up\"}").status()).isEqualTo(200);
        // 300 distinct letters, none frequent enough for difflib's autojunk: ~1.4 s of Python.
        StringBuilder a = new StringBuilder();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            a.append((char) (0x100 + (i * 7) % 300));
            b.append((char) (0x100 + (i * 11) % 300));
        }
        long begin = System.nanoTime();
        ApiClient.Response slow = api.post("/api/similarity", "{\"a\":\"" + a + "\",\"b\":\"" + b + "\"}");
        long tookMillis = (System.nanoTime() - begin) / 1_000_000;
        SampleApplicationTests.assertProblem(slow, 504, "The Python call exceeded its time limit and was stopped");
        assertThat(slow.retryAfter()).as("the same input would be stopped again").isNull();
        // Stopped at the 100 ms limit, not after the ~1.4 s the comparison needs; the bound is a
        // hang guard (over 5x the ~150 ms measured), since this box may be busy.
        System.out.println("SimilarityTimeLimitTests: 504 after " + tookMillis + " ms (limit 100 ms)");
        assertThat(tookMillis).isLessThan(1_000);
        ApiClient.Response next = api.post("/api/similarity", "{\"a\":\"kitten\",\"b\":\"sitting\"}");
        assertThat(next.status()).as(next.toString()).isEqualTo(200);
        assertThat(next.json().get("ratio").doubleValue()).isEqualTo(0.6153846153846154);
    }
}
