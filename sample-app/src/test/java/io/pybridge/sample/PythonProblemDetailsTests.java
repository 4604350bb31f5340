package io.pybridge.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.PythonTemplate;
import io.pybridge.core.client.PythonCall;
import io.pybridge.core.client.PythonExceptionMapping;
import io.pybridge.sample.stats.StatsResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Python's errors as the starter answers them over HTTP, for the errors the sample's endpoints do
 * not raise themselves: a plain {@code ValueError} (a 422 with its message, by the sample's
 * {@code pybridge.web.problemdetails.statuses}), any other Python error (a 500 with its type
 * only), and an application exception mapped from a Python one with {@code @PythonExceptionMapping},
 * which keeps its own {@code @ResponseStatus}. The busy interpreter is in
 * {@code SampleApplicationTests}, the time limit in {@code SimilarityTimeLimitTests}, an advice of
 * the application's own in {@code OwnPythonAdviceTests}.
 */
@SampleAppTest
class PythonProblemDetailsTests {

    /** {@code stats_service.describe} with StatisticsError made the application's own exception. */
    @PythonCall(module = "stats_service")
    interface StrictStatsClient {

        @PythonExceptionMapping(python = "statistics.StatisticsError", java = TooFewValuesException.class)
        StatsResponse describe(double[] values);
    }

    /** The application's own exception: public, with the constructor a mapping needs. */
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    public static class TooFewValuesException extends RuntimeException {

        public TooFewValuesException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    @RestController
    static class FailingController {

        private final PythonTemplate python;

        private final StrictStatsClient strictStats;

        FailingController(PythonTemplate python, StrictStatsClient strictStats) {
            this.python = python;
            this.strictStats = strictStats;
        }

        @GetMapping("/test/value-error")
        int valueError() {
            return python.eval("int('twelve')", Integer.class);
        }

        @GetMapping("/test/key-error")
        int keyError() {
            return python.eval("{'a': 1}['secret-key']", Integer.class);
        }

        @GetMapping("/test/mapped")
        StatsResponse mapped() {
            return strictStats.describe(new double[] { 42 });
        }
    }

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void aValueErrorIsA422WithPythonsMessage() {
        ApiClient.Response response = api.get("/test/value-error");
        SampleApplicationTests.assertProblem(response, 422, "invalid literal for int() with base 10: 'twelve'");
        JsonNode problem = response.json();
        assertThat(problem.get("pythonType").stringValue()).isEqualTo("ValueError");
        assertThat(problem.get("instance").stringValue()).isEqualTo("/test/value-error");
    }

    @Test
    void anyOtherPythonErrorIsA500WithItsTypeAndMessageButNoTraceback() {
        ApiClient.Response response = api.get("/test/key-error");
        SampleApplicationTests.assertProblem(response, 500, "'secret-key'");
        assertThat(response.json().get("pythonType").stringValue()).isEqualTo("KeyError");
        assertThat(response.json().get("pythonMessage").stringValue()).isEqualTo("'secret-key'");
        assertThat(response.body()).doesNotContain("pythonTraceback");
    }

    @Test
    void aMappedExceptionKeepsItsOwnStatus() {
        ApiClient.Response response = api.get("/test/mapped");
        // ResponseStatusExceptionResolver's 400, rendered by Boot's error page: not our problem JSON.
        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.json().get("status").intValue()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("pythonType");
    }
}
