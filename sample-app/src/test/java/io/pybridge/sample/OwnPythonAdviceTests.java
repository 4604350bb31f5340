package io.pybridge.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.PythonOperations;
import io.pybridge.core.exception.PythonBusyException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * An application's own {@code @RestControllerAdvice} for a pybridge exception answers before the
 * starter's: here a busy interpreter becomes the application's 429 with its own Retry-After,
 * while the Python errors it does not handle stay the starter's.
 */
@SampleAppTest
class OwnPythonAdviceTests {

    @TestConfiguration(proxyBeanMethods = false)
    @RestControllerAdvice
    static class BusyAdvice {

        @ExceptionHandler(PythonBusyException.class)
        ResponseEntity<ProblemDetail> busy(PythonBusyException ex) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, "Slow down, please");
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header(HttpHeaders.RETRY_AFTER, "7").body(problem);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    PythonOperations python;

    @Test
    @Timeout(30)
    void theApplicationsAdviceAnswersABusyInterpreter() throws Exception {
        ApiClient api = new ApiClient(port);
        // Another caller holds the only permit for longer than the 2 s acquire timeout.
        try (HeldPermit held = HeldPermit.hold(python)) {
            ApiClient.Response response = api.post("/api/stats", "{\"values\":[1,2,3,4]}");
            SampleApplicationTests.assertProblem(response, 429, "Slow down, please");
            assertThat(response.retryAfter()).isEqualTo("7");
        }
        // A Python error this advice has no handler for is still the starter's 422.
        ApiClient.Response rejected = api.post("/api/stats", "{\"values\":[42]}");
        SampleApplicationTests.assertProblem(rejected, 422, "stdev requires at least two data points");
        assertThat(rejected.json().get("pythonType").stringValue()).isEqualTo("statistics.StatisticsError");
    }
}
