package io.pybridge.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.autoconfigure.PythonAutoConfiguration;
import io.pybridge.core.PythonTemplate;
import io.pybridge.core.exception.PythonBusyException;
import io.pybridge.core.exception.PythonError;
import io.pybridge.core.exception.PythonException;
import io.pybridge.core.exception.PythonTimeoutException;
import io.pybridge.core.exception.PythonWorkerDiedException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webflux.autoconfigure.HttpHandlerAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Python errors escaping controllers, in Spring MVC (MockMvc) and WebFlux (WebTestClient), raised
 * by the real CPython where Python raises them: the problem details, the statuses, what
 * {@code server.error.*} lets through, and the exceptions and advice left alone.
 */
class PythonProblemDetailsAutoConfigurationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class, PythonProblemDetailsAutoConfiguration.class,
                    JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
                    DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class))
            .withUserConfiguration(FailingController.class);

    private final ReactiveWebApplicationContextRunner reactive = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(PythonAutoConfiguration.class, PythonProblemDetailsAutoConfiguration.class,
                    JacksonAutoConfiguration.class, CodecsAutoConfiguration.class, HttpHandlerAutoConfiguration.class,
                    WebFluxAutoConfiguration.class, ErrorWebFluxAutoConfiguration.class))
            .withUserConfiguration(FailingController.class);

    @Test
    void aPythonErrorIsAProblemWithItsTypeAndMessageButNoTracebackByDefault() {
        servlet.run(context -> {
            MockHttpServletResponse response = get(context, "/value-error");
            assertThat(response.getStatus()).isEqualTo(500);
            assertThat(response.getContentType()).isEqualTo("application/problem+json");
            JsonNode problem = JSON.readTree(response.getContentAsString());
            assertThat(problem.get("status").intValue()).isEqualTo(500);
            assertThat(problem.get("title").stringValue()).isEqualTo("Internal Server Error");
            assertThat(problem.get("detail").stringValue()).isEqualTo("invalid literal for int() with base 10: 'x'");
            assertThat(problem.get("instance").stringValue()).isEqualTo("/value-error");
            assertThat(problem.get("pythonType").stringValue()).isEqualTo("ValueError");
            assertThat(problem.get("pythonMessage").stringValue()).isEqualTo("invalid literal for int() with base 10: 'x'");
            assertThat(problem.has("pythonTraceback")).isFalse();
            assertThat(response.getContentAsString()).doesNotContain("<pybridge>");
        });
    }

    @Test
    void theMessageIsLeftOutWhenTheApplicationSaysSo() {
        servlet.withPropertyValues("pybridge.web.problemdetails.include-message=never").run(context -> {
            JsonNode problem = JSON.readTree(get(context, "/value-error").getContentAsString());
            assertThat(problem.get("detail").stringValue()).isEqualTo("The Python code raised ValueError");
            assertThat(problem.get("pythonType").stringValue()).isEqualTo("ValueError");
            assertThat(problem.has("pythonMessage")).isFalse();
        });
    }

    @Test
    void theTracebackIsShownWhereBootWouldShowAStackTraceAndTheMessageAsConfigured() {
        servlet.withPropertyValues("server.error.include-stacktrace=on_param")
                .run(context -> {
                    JsonNode problem = JSON.readTree(get(context, "/value-error").getContentAsString());
                    assertThat(problem.get("detail").stringValue()).isEqualTo("invalid literal for int() with base 10: 'x'");
                    assertThat(problem.get("pythonMessage").stringValue()).isEqualTo("invalid literal for int() with base 10: 'x'");
                    assertThat(problem.has("pythonTraceback")).isFalse();
                    assertThat(JSON.readTree(get(context, "/value-error?trace=false").getContentAsString()).has("pythonTraceback"))
                            .isFalse();
                    JsonNode traced = JSON.readTree(get(context, "/value-error?trace=true").getContentAsString());
                    assertThat(traced.get("pythonTraceback").get(0).stringValue()).startsWith("File \"<pybridge>\", line 1");
                });
        servlet.withPropertyValues("pybridge.web.problemdetails.include-message=on_param").run(context -> {
            assertThat(JSON.readTree(get(context, "/value-error").getContentAsString()).has("pythonMessage")).isFalse();
            assertThat(JSON.readTree(get(context, "/value-error?message=true").getContentAsString())
                    .get("pythonMessage").stringValue()).startsWith("invalid literal");
        });
    }

    @Test
    void configuredStatusesMatchTheNearestClassOfTheMroAndShowTheClientItsMessage() {
        servlet.withPropertyValues("pybridge.web.problemdetails.statuses.ValueError=400",
                "pybridge.web.problemdetails.statuses.UnicodeError=422").run(context -> {
                    MockHttpServletResponse valueError = get(context, "/value-error");
                    assertThat(valueError.getStatus()).isEqualTo(400);
                    assertThat(JSON.readTree(valueError.getContentAsString()).get("detail").stringValue())
                            .isEqualTo("invalid literal for int() with base 10: 'x'");
                    // UnicodeDecodeError -> UnicodeError -> ValueError: the nearer entry wins.
                    MockHttpServletResponse decodeError = get(context, "/unicode-error");
                    assertThat(decodeError.getStatus()).isEqualTo(422);
                    JsonNode problem = JSON.readTree(decodeError.getContentAsString());
                    assertThat(problem.get("pythonType").stringValue()).isEqualTo("UnicodeDecodeError");
                    assertThat(problem.get("pythonMessage").stringValue()).contains("can't decode byte 0xff");
                    assertThat(get(context, "/zero-division").getStatus()).isEqualTo(500);
                });
    }

    @Test
    void aBusyRuntimeIsA503WithRetryAfterAndATimeLimitA504() {
        servlet.run(context -> {
            MockHttpServletResponse busy = get(context, "/busy");
            assertThat(busy.getStatus()).isEqualTo(503);
            assertThat(busy.getHeader("Retry-After")).isEqualTo("1");
            JsonNode problem = JSON.readTree(busy.getContentAsString());
            assertThat(problem.get("detail").stringValue()).isEqualTo("Python is busy with other calls; retry later");
            assertThat(problem.has("pythonType")).isFalse();
            MockHttpServletResponse stopped = get(context, "/time-limit");
            assertThat(stopped.getStatus()).isEqualTo(504);
            assertThat(stopped.getHeader("Retry-After")).isNull();
            assertThat(JSON.readTree(stopped.getContentAsString()).get("detail").stringValue())
                    .isEqualTo("The Python call exceeded its time limit and was stopped");
        });
        servlet.withPropertyValues("pybridge.web.problemdetails.retry-after=1500ms")
                .run(context -> assertThat(get(context, "/busy").getHeader("Retry-After")).isEqualTo("2"));
    }

    @Test
    void aDeadWorkerProcessIsA503WithRetryAfterThatNamesNoInternals() {
        servlet.run(context -> {
            MockHttpServletResponse died = get(context, "/worker-died");
            assertThat(died.getStatus()).isEqualTo(503);
            assertThat(died.getHeader("Retry-After")).isEqualTo("1");
            JsonNode problem = JSON.readTree(died.getContentAsString());
            assertThat(problem.get("title").stringValue()).isEqualTo("Python worker process ended");
            assertThat(problem.get("detail").stringValue()).isEqualTo("The Python worker process running the call ended "
                    + "before answering (a crash or a kill); it is being replaced, retry later");
            assertThat(died.getContentAsString()).doesNotContain("process-2", "4242", "SIGKILL", "pythonType");
        });
    }

    @Test
    void anApplicationsExceptionWithAPythonCauseKeepsItsOwnStatus() {
        servlet.run(context -> {
            MockHttpServletResponse response = get(context, "/mapped");
            assertThat(response.getStatus()).isEqualTo(409);
            assertThat(response.getContentAsString()).doesNotContain("pythonType");
            // An ErrorResponse with a Python cause, and a pybridge exception with @ResponseStatus.
            assertThat(get(context, "/mapped-error-response").getStatus()).isEqualTo(402);
            assertThat(get(context, "/own-status").getStatus()).isEqualTo(418);
        });
    }

    @Test
    void bootsOwnProblemDetailsTakeSpringsExceptionsAndLeavePythonsToUs() {
        servlet.withPropertyValues("spring.mvc.problemdetails.enabled=true").run(context -> {
            assertThat(JSON.readTree(get(context, "/value-error").getContentAsString()).get("pythonType").stringValue())
                    .isEqualTo("ValueError");
            MockHttpServletResponse errorResponse = get(context, "/mapped-error-response");
            assertThat(errorResponse.getStatus()).isEqualTo(402);
            assertThat(errorResponse.getContentAsString()).doesNotContain("pythonType");
        });
    }

    @Test
    void theApplicationsOwnAdviceWins() {
        servlet.withUserConfiguration(OwnAdvice.class).run(context -> {
            MockHttpServletResponse response = get(context, "/busy");
            assertThat(response.getStatus()).isEqualTo(429);
            assertThat(response.getContentAsString()).isEqualTo("busy, says the application");
            // Exceptions the application's advice does not handle are still ours.
            assertThat(get(context, "/time-limit").getStatus()).isEqualTo(504);
        });
    }

    @Test
    void anApplicationsPythonProblemDetailsBeanIsUsed() {
        servlet.withBean(PythonProblemDetails.class, () -> new PythonProblemDetails(Map.of("ValueError", 418), Duration.ZERO))
                .run(context -> {
                    assertThat(context).hasSingleBean(PythonProblemDetails.class);
                    assertThat(get(context, "/value-error").getStatus()).isEqualTo(418);
                    assertThat(get(context, "/busy").getHeader("Retry-After")).isEqualTo("0");
                });
    }

    @Test
    void offWithThePropertyAndOutsideWebApplications() {
        servlet.withPropertyValues("pybridge.web.problemdetails.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(PythonProblemDetails.class);
            assertThat(context).doesNotHaveBean(PythonProblemDetailsExceptionHandler.class);
        });
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PythonProblemDetailsAutoConfiguration.class))
                .run(context -> assertThat(context).doesNotHaveBean(PythonProblemDetails.class));
        servlet.run(context -> assertThat(context).hasSingleBean(PythonProblemDetailsExceptionHandler.class)
                .doesNotHaveBean(ReactivePythonProblemDetailsExceptionHandler.class));
    }

    @Test
    void aStatusThatIsNoErrorIsRefusedAtStartup() {
        servlet.withPropertyValues("pybridge.web.problemdetails.statuses.ValueError=200").run(context -> assertThat(context)
                .getFailure().rootCause().hasMessageContaining("pybridge.web.problemdetails.statuses[ValueError] is 200"));
    }

    @Test
    void webFluxAnswersTheSameProblems() {
        reactive.withPropertyValues("server.error.include-stacktrace=always").run(context -> {
            assertThat(context).hasSingleBean(ReactivePythonProblemDetailsExceptionHandler.class)
                    .doesNotHaveBean(PythonProblemDetailsExceptionHandler.class);
            WebTestClient client = WebTestClient.bindToApplicationContext(context).build();
            EntityExchangeResult<byte[]> valueError = client.get().uri("/value-error").exchange().expectBody().returnResult();
            assertThat(valueError.getStatus().value()).isEqualTo(500);
            assertThat(valueError.getResponseHeaders().getContentType()).hasToString("application/problem+json");
            JsonNode problem = JSON.readTree(valueError.getResponseBodyContent());
            assertThat(problem.get("pythonType").stringValue()).isEqualTo("ValueError");
            assertThat(problem.get("instance").stringValue()).isEqualTo("/value-error");
            assertThat(problem.get("pythonMessage").stringValue()).startsWith("invalid literal");
            assertThat(problem.get("pythonTraceback").get(0).stringValue()).startsWith("File \"<pybridge>\"");

            EntityExchangeResult<byte[]> busy = client.get().uri("/busy").exchange().expectBody().returnResult();
            assertThat(busy.getStatus().value()).isEqualTo(503);
            assertThat(busy.getResponseHeaders().getFirst("Retry-After")).isEqualTo("1");
            assertThat(client.get().uri("/time-limit").exchange().expectBody().returnResult().getStatus().value()).isEqualTo(504);

            // Boot's ErrorWebExceptionHandler answers the application's exception with its own status.
            EntityExchangeResult<byte[]> mapped = client.get().uri("/mapped").exchange().expectBody().returnResult();
            assertThat(mapped.getStatus().value()).isEqualTo(409);
            assertThat(new String(mapped.getResponseBodyContent())).doesNotContain("pythonType");
        });
        reactive.withPropertyValues("pybridge.web.problemdetails.include-message=on_param",
                "server.error.include-stacktrace=on_param")
                .run(context -> {
                    WebTestClient client = WebTestClient.bindToApplicationContext(context).build();
                    JsonNode plain = JSON.readTree(client.get().uri("/value-error").exchange().expectBody().returnResult()
                            .getResponseBodyContent());
                    assertThat(plain.has("pythonMessage")).isFalse();
                    assertThat(plain.has("pythonTraceback")).isFalse();
                    JsonNode asked = JSON.readTree(client.get().uri("/value-error?message=true&trace=true").exchange()
                            .expectBody().returnResult().getResponseBodyContent());
                    assertThat(asked.get("pythonMessage").stringValue()).startsWith("invalid literal");
                    assertThat(asked.get("pythonTraceback").isArray()).isTrue();
                    assertThat(client.get().uri("/own-status").exchange().expectBody().returnResult().getStatus().value())
                            .isEqualTo(418);
                });
        reactive.withUserConfiguration(OwnAdvice.class).run(context -> assertThat(WebTestClient.bindToApplicationContext(context)
                .build().get().uri("/busy").exchange().expectBody().returnResult().getStatus().value()).isEqualTo(429));
    }

    private static MockHttpServletResponse get(ApplicationContext context, String uri) throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) context).build();
        return mvc.perform(MockMvcRequestBuilders.get(uri)).andReturn().getResponse();
    }

    /** Raises in the real CPython where Python raises; throws pybridge's exceptions where pybridge would. */
    @RestController
    static class FailingController {

        private final PythonTemplate python;

        FailingController(PythonTemplate python) {
            this.python = python;
        }

        @GetMapping("/value-error")
        int valueError() {
            return python.eval("int('x')", Integer.class);
        }

        @GetMapping("/unicode-error")
        String unicodeError() {
            return python.eval("b'\\xff'.decode('utf-8')", String.class);
        }

        @GetMapping("/zero-division")
        int zeroDivision() {
            return python.eval("1 // 0", Integer.class);
        }

        @GetMapping("/busy")
        String busy() {
            throw new PythonBusyException(Duration.ofSeconds(2), 1, 3);
        }

        @GetMapping("/worker-died")
        String workerDied() {
            throw new PythonWorkerDiedException("process-2", 4242, null, 9, "process-2 (pid 4242) was killed by SIGKILL", "");
        }

        @GetMapping("/time-limit")
        String timeLimit() {
            throw new PythonTimeoutException("Client.score -> scoring.score", Duration.ofMillis(100), new TimeoutException());
        }

        /** What a {@code @PythonExceptionMapping} does: the application's exception, Python's as its cause. */
        @GetMapping("/mapped")
        String mapped() {
            try {
                return python.eval("int('x')", String.class);
            }
            catch (PythonException ex) {
                throw new QuotaExceededException(ex.getPythonMessage(), ex);
            }
        }

        @GetMapping("/mapped-error-response")
        String mappedErrorResponse() {
            try {
                return python.eval("int('x')", String.class);
            }
            catch (PythonException ex) {
                throw new ErrorResponseException(HttpStatus.PAYMENT_REQUIRED, ProblemDetail.forStatus(402), ex);
            }
        }

        @GetMapping("/own-status")
        String ownStatus() {
            throw new TeapotException();
        }
    }

    /** A pybridge exception whose class says its status: answered with it, not as a problem of ours. */
    @ResponseStatus(HttpStatus.I_AM_A_TEAPOT)
    static class TeapotException extends PythonException {

        TeapotException() {
            super("brewing failed", PythonError.reported("ValueError", "no tea"));
        }
    }

    @ResponseStatus(HttpStatus.CONFLICT)
    static class QuotaExceededException extends RuntimeException {

        QuotaExceededException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ControllerAdvice
    static class OwnAdvice {

        @ExceptionHandler(PythonBusyException.class)
        ResponseEntity<String> busy(PythonBusyException ex) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).body("busy, says the application");
        }
    }
}
