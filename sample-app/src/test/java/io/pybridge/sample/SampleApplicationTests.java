package io.pybridge.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.PythonOperations;
import java.time.Duration;
import java.util.Collections;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The endpoints over HTTP against the real embedded CPython: exact answers, every kind of bad
 * input as problem JSON, the 503 (with Retry-After) of a busy interpreter, and the actuator's health and metrics.
 */
@SampleAppTest
class SampleApplicationTests {

    @LocalServerPort
    int port;

    @Autowired
    PythonOperations python;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void statsOfFourValues() {
        ApiClient.Response response = api.post("/api/stats", "{\"values\":[1,2,3,4]}");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode json = response.json();
        assertThat(json.get("mean").doubleValue()).isEqualTo(2.5);
        assertThat(json.get("median").doubleValue()).isEqualTo(2.5);
        assertThat(json.get("stdev").doubleValue()).isEqualTo(1.2909944487358056);
        assertThat(json.propertyNames()).containsExactlyInAnyOrder("mean", "median", "stdev");
    }

    @Test
    void statsOfEightValuesWithFractionsAndNegatives() {
        JsonNode json = ok(api.post("/api/stats", "{\"values\":[2,4,4,4,5,5,7,9]}"));
        assertThat(json.get("mean").doubleValue()).isEqualTo(5.0);
        assertThat(json.get("median").doubleValue()).isEqualTo(4.5);
        assertThat(json.get("stdev").doubleValue()).isEqualTo(2.138089935299395);

        json = ok(api.post("/api/stats", "{\"values\":[-1.5, 0.25, 3.0]}"));
        assertThat(json.get("mean").doubleValue()).isEqualTo(0.5833333333333334);
        assertThat(json.get("median").doubleValue()).isEqualTo(0.25);
        assertThat(json.get("stdev").doubleValue()).isEqualTo(2.2684429314693664);
    }

    @Test
    void statsAcceptsExactlyTheMaximumNumberOfValues() {
        String values = IntStream.range(0, 100_000).mapToObj(Integer::toString).collect(Collectors.joining(","));
        JsonNode json = ok(api.post("/api/stats", "{\"values\":[" + values + "]}"));
        assertThat(json.get("mean").doubleValue()).isEqualTo(49999.5);
        assertThat(json.get("median").doubleValue()).isEqualTo(49999.5);
        assertThat(json.get("stdev").doubleValue()).isEqualTo(28867.657796687745);
    }

    @Test
    void similarityOfKittenAndSitting() {
        ApiClient.Response response = api.post("/api/similarity", "{\"a\":\"kitten\",\"b\":\"sitting\"}");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        JsonNode json = response.json();
        assertThat(json.get("ratio").doubleValue()).isEqualTo(0.6153846153846154);
        assertThat(json.propertyNames()).containsExactly("ratio");
    }

    @Test
    void similarityBounds() {
        assertThat(ok(api.post("/api/similarity", "{\"a\":\"same\",\"b\":\"same\"}")).get("ratio").doubleValue()).isEqualTo(1.0);
        assertThat(ok(api.post("/api/similarity", "{\"a\":\"abc\",\"b\":\"xyz\"}")).get("ratio").doubleValue()).isEqualTo(0.0);
        assertThat(ok(api.post("/api/similarity", "{\"a\":\"\",\"b\":\"\"}")).get("ratio").doubleValue()).isEqualTo(1.0);
        assertThat(ok(api.post("/api/similarity", "{\"a\":\"pybridge\",\"b\":\"python bridge\"}")).get("ratio").doubleValue())
                .isEqualTo(0.7619047619047619);
        // Non-ASCII text crosses to Python intact.
        assertThat(ok(api.post("/api/similarity", "{\"a\":\"naïve café\",\"b\":\"naïve café\"}")).get("ratio").doubleValue())
                .isEqualTo(1.0);
    }

    static Stream<Arguments> badInputs() {
        String tooLongText = "x".repeat(10_001);
        String tooManyValues = "{\"values\":[" + String.join(",", Collections.nCopies(100_001, "1")) + "]}";
        String overOneMegabyte = "{\"values\":[" + String.join(",", Collections.nCopies(120_000, "1.123456789")) + "]}";
        return Stream.of(
                // missing or null field
                Arguments.of("stats: missing values", "/api/stats", "{}", 400, "values is required"),
                Arguments.of("stats: null values", "/api/stats", "{\"values\":null}", 400, "values is required"),
                Arguments.of("similarity: missing b", "/api/similarity", "{\"a\":\"kitten\"}", 400, "b is required"),
                Arguments.of("similarity: missing both", "/api/similarity", "{}", 400, "a is required; b is required"),
                // wrong types
                Arguments.of("stats: values is a string", "/api/stats", "{\"values\":\"abc\"}", 400, "'values' must be an array, not a string"),
                Arguments.of("stats: values is a number", "/api/stats", "{\"values\":7}", 400, "'values' must be an array, not a number"),
                Arguments.of("stats: a string in the list", "/api/stats", "{\"values\":[1,\"x\",3]}", 400, "'values[1]' must be a number, not a string"),
                Arguments.of("stats: a numeric string is not coerced", "/api/stats", "{\"values\":[1,2,\"3\"]}", 400, "'values[2]' must be a number, not a string"),
                Arguments.of("stats: a boolean in the list", "/api/stats", "{\"values\":[true,2]}", 400, "'values[0]' must be a number, not a boolean"),
                Arguments.of("stats: null in the list", "/api/stats", "{\"values\":[1,null,3]}", 400, "values[1] must be a number, not null"),
                Arguments.of("stats: not finite", "/api/stats", "{\"values\":[1,1e999]}", 400, "values[1] must be a finite number"),
                Arguments.of("similarity: a is a number", "/api/similarity", "{\"a\":5,\"b\":\"x\"}", 400, "'a' must be a string, not a number"),
                Arguments.of("similarity: b is an array", "/api/similarity", "{\"a\":\"x\",\"b\":[\"y\"]}", 400, "'b' must be a string, not an array"),
                // not JSON, or not an object
                Arguments.of("stats: malformed JSON", "/api/stats", "{\"values\":[1,2", 400, "Malformed JSON"),
                Arguments.of("stats: empty body", "/api/stats", "", 400, "A JSON request body is required"),
                Arguments.of("stats: array body", "/api/stats", "[1,2]", 400, "The request body must be an object, not an array"),
                // rejected by Python: statistics.StatisticsError is a ValueError
                Arguments.of("stats: empty list", "/api/stats", "{\"values\":[]}", 422, "mean requires at least one data point"),
                Arguments.of("stats: one value", "/api/stats", "{\"values\":[42]}", 422, "stdev requires at least two data points"),
                // too large
                Arguments.of("similarity: text too long", "/api/similarity", "{\"a\":\"" + tooLongText + "\",\"b\":\"x\"}", 400,
                        "a must be at most 10000 characters long"),
                Arguments.of("stats: more than 100,000 values", "/api/stats", tooManyValues, 413,
                        "values has 100001 numbers; at most 100000 are accepted"),
                Arguments.of("stats: body over 1 MB", "/api/stats", overOneMegabyte, 413, "at most 1048576 are accepted"));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("badInputs")
    void badInputIsAProblemThatNamesIt(String name, String path, String body, int status, String detail) {
        assertProblem(api.post(path, body), status, detail);
    }

    @Test
    void chunkedBodyOverOneMegabyteIsCutOff() {
        String overOneMegabyte = "{\"values\":[" + String.join(",", Collections.nCopies(120_000, "1.123456789")) + "]}";
        assertProblem(api.postChunked("/api/stats", overOneMegabyte), 413, "larger than 1048576 bytes");
    }

    @Test
    void chunkedBodyUnderTheLimitIsServed() {
        JsonNode json = ok(api.postChunked("/api/stats", "{\"values\":[1,2,3,4]}"));
        assertThat(json.get("stdev").doubleValue()).isEqualTo(1.2909944487358056);
    }

    @Test
    void statisticsErrorNamesItsPythonType() {
        JsonNode problem = api.post("/api/stats", "{\"values\":[]}").json();
        assertThat(problem.get("pythonType").stringValue()).isEqualTo("statistics.StatisticsError");
        assertThat(problem.get("title").stringValue()).isEqualTo("Unprocessable Content");
        assertThat(problem.get("pythonMessage").stringValue()).isEqualTo("mean requires at least one data point");
        assertThat(problem.has("pythonTraceback")).as("never by default").isFalse();
    }

    @Test
    void validationErrorsListTheFields() {
        JsonNode problem = api.post("/api/stats", "{\"values\":[1,null]}").json();
        assertThat(problem.get("errors").get(0).get("field").stringValue()).isEqualTo("values[1]");
        assertThat(problem.get("errors").get(0).get("message").stringValue()).isEqualTo("must be a number, not null");
    }

    @Test
    @Timeout(30)
    void busyInterpreterIsA503() throws Exception {
        // Another caller holds the only permit (and the GIL) for longer than the 2 s acquire timeout.
        try (HeldPermit held = HeldPermit.hold(python)) {
            long start = System.nanoTime();
            ApiClient.Response response = api.post("/api/stats", "{\"values\":[1,2,3,4]}");
            assertProblem(response, 503, "Python is busy with other calls; retry later");
            assertThat(response.retryAfter()).isEqualTo("1");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
        }
        // Free again: served as usual.
        assertThat(ok(api.post("/api/stats", "{\"values\":[1,2,3,4]}")).get("mean").doubleValue()).isEqualTo(2.5);
    }

    @Test
    void healthShowsThePythonComponent() throws InterruptedException {
        ok(api.post("/api/stats", "{\"values\":[1,2,3,4]}"));
        // A 503 from busyInterpreterIsA503 (if it ran just before) reports contention for the
        // health window (2 s in these tests), then the interpreter is UP again.
        ApiClient.Response response = api.get("/actuator/health");
        for (int i = 0; i < 40 && response.status() != 200; i++) {
            Thread.sleep(100);
            response = api.get("/actuator/health");
        }
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        JsonNode health = response.json();
        assertThat(health.get("status").stringValue()).isEqualTo("UP");
        JsonNode python = health.get("components").get("python");
        assertThat(python.get("status").stringValue()).isEqualTo("UP");
        JsonNode details = python.get("details");
        assertThat(details.get("version").stringValue()).matches("3\\.\\d+\\.\\d+.*");
        assertThat(details.get("state").stringValue()).isEqualTo("RUNNING");
        assertThat(details.get("threadStates").get("live").intValue()).isPositive();
        assertThat(details.get("gil").get("permits").intValue()).isEqualTo(1);
        assertThat(details.get("gil").get("calls").longValue()).isPositive();
        assertThat(details.get("gil").get("probe").stringValue()).endsWith(" ms");
        // The two worker processes of application.yml: summed up in python, one component each.
        assertThat(details.get("processes").get("size").intValue()).isEqualTo(2);
        JsonNode processes = health.get("components").get("pythonProcesses");
        assertThat(processes.get("status").stringValue()).isEqualTo("UP");
        assertThat(processes.get("components").propertyNames()).containsExactly("process-1", "process-2");
        for (JsonNode worker : processes.get("components")) {
            assertThat(worker.get("status").stringValue()).isEqualTo("UP");
            assertThat(worker.get("details").get("pid").longValue()).isPositive();
        }
    }

    @Test
    void callsAreMeasured() {
        ok(api.post("/api/stats", "{\"values\":[1,2,3,4]}"));
        ok(api.post("/api/similarity", "{\"a\":\"kitten\",\"b\":\"sitting\"}"));
        api.post("/api/stats", "{\"values\":[1]}"); // a Python error is measured too

        ApiClient.Response all = api.get("/actuator/metrics/pybridge.call");
        assertThat(all.status()).as(all.toString()).isEqualTo(200);
        assertThat(all.json().get("name").stringValue()).isEqualTo("pybridge.call");
        assertThat(count(all.json())).isGreaterThanOrEqualTo(3);

        assertThat(count(api.get("/actuator/metrics/pybridge.call?tag=module:stats_service&tag=function:describe&tag=outcome:SUCCESS").json()))
                .isGreaterThanOrEqualTo(1);
        assertThat(count(api.get("/actuator/metrics/pybridge.call?tag=module:text_similarity&tag=function:ratio").json()))
                .isGreaterThanOrEqualTo(1);
        assertThat(count(api.get("/actuator/metrics/pybridge.call?tag=module:stats_service&tag=outcome:PYTHON_ERROR").json()))
                .isGreaterThanOrEqualTo(1);
        assertThat(api.get("/actuator/metrics/pybridge.permit.wait").status()).isEqualTo(200);
    }

    @Test
    void infoEndpointIsExposed() {
        assertThat(api.get("/actuator/info").status()).isEqualTo(200);
    }

    private static double count(JsonNode metric) {
        for (JsonNode measurement : metric.get("measurements")) {
            if (measurement.get("statistic").stringValue().equals("COUNT")) {
                return measurement.get("value").doubleValue();
            }
        }
        throw new AssertionError("no COUNT in " + metric);
    }

    static JsonNode ok(ApiClient.Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    /** An RFC 9457 problem with the status and a detail naming the problem, and no stack trace. */
    static void assertProblem(ApiClient.Response response, int status, String detail) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.contentType()).as(response.toString()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("status").intValue()).isEqualTo(status);
        assertThat(problem.get("detail").stringValue()).contains(detail);
        assertThat(problem.has("title")).isTrue();
        assertNoStackTrace(response.body());
    }

    static void assertNoStackTrace(String body) {
        assertThat(body).doesNotContain("\tat ", "at io.pybridge", "at java.", "at org.springframework", "Traceback",
                ".java:", "Exception", "\"trace\"");
    }
}
