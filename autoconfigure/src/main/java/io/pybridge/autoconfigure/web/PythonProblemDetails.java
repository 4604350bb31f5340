package io.pybridge.autoconfigure.web;

import io.pybridge.core.exception.PythonBridgeException;
import io.pybridge.core.exception.PythonBusyException;
import io.pybridge.core.exception.PythonCancelledException;
import io.pybridge.core.exception.PythonClosedException;
import io.pybridge.core.exception.PythonConversionException;
import io.pybridge.core.exception.PythonException;
import io.pybridge.core.exception.PythonFrame;
import io.pybridge.core.exception.PythonInterruptedException;
import io.pybridge.core.exception.PythonTimeoutException;
import io.pybridge.core.exception.PythonWorkerDiedException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ResponseStatus;

/**
 * What a pybridge exception is answered with over HTTP: an RFC 9457 problem detail whose status
 * says whose fault it is and whether to retry, whose {@code detail} names what happened, and, for
 * an exception Python raised, the problem properties {@code pythonType}, {@code pythonMessage}
 * and {@code pythonTraceback}.
 *
 * <table>
 * <caption>Statuses</caption>
 * <tr><th>Exception</th><th>Status</th></tr>
 * <tr><td>{@link PythonBusyException}</td><td>503, with {@code Retry-After}</td></tr>
 * <tr><td>{@link PythonTimeoutException} (a time limit stopped the call)</td><td>504</td></tr>
 * <tr><td>{@link PythonClosedException}, {@link PythonCancelledException},
 * {@link PythonInterruptedException}</td><td>503</td></tr>
 * <tr><td>{@link PythonWorkerDiedException} (the worker process running the call ended: a crash,
 * a kill; pybridge replaces it)</td><td>503, titled {@value #WORKER_DIED_TITLE}, with
 * {@code Retry-After}</td></tr>
 * <tr><td>any other {@link PythonException}</td><td>its type's entry in the configured statuses,
 * else 500</td></tr>
 * <tr><td>anything else ({@link PythonConversionException}, ...)</td><td>500</td></tr>
 * </table>
 *
 * <p>The message of an exception Python raised ({@code str(exception)}) is what lets a client
 * act on it, so it is in the problem as {@code pybridge.web.problemdetails.include-message} says
 * (always by default; never or on a request parameter where messages can tell internals), and
 * always where the status is a 4xx of the configured statuses (the application declared those
 * exceptions the client's doing). pybridge's own messages (permits, time limits, shutdown) are
 * for the log only. The traceback is in it only where {@code server.error.include-stacktrace}
 * lets Spring Boot show a stack trace.
 *
 * <p>An application's own exception handler can call {@link #response} for the pybridge
 * exceptions it does not treat itself.
 */
public final class PythonProblemDetails {

    /** The title of the problem answering a {@link PythonWorkerDiedException}. */
    static final String WORKER_DIED_TITLE = "Python worker process ended";

    private static final Log logger = LogFactory.getLog(PythonProblemDetails.class);

    private final Map<String, HttpStatusCode> statuses;

    private final String retryAfterSeconds;

    /**
     * @param statuses HTTP status by Python type name (a built-in's bare name, other classes
     *     qualified), each a 4xx or 5xx code
     * @param retryAfter the {@code Retry-After} of a busy runtime's 503, rounded up to seconds
     */
    public PythonProblemDetails(Map<String, Integer> statuses, Duration retryAfter) {
        Map<String, HttpStatusCode> codes = new LinkedHashMap<>();
        statuses.forEach((type, status) -> {
            if (status == null || status < 400 || status > 599) {
                throw new IllegalArgumentException("pybridge.web.problemdetails.statuses[" + type + "] is " + status
                        + "; a problem's status must be a 4xx or 5xx code");
            }
            codes.put(type, HttpStatusCode.valueOf(status));
        });
        if (retryAfter.isNegative()) {
            throw new IllegalArgumentException("pybridge.web.problemdetails.retry-after is " + retryAfter
                    + "; it must not be negative");
        }
        this.statuses = Map.copyOf(codes);
        long millis = retryAfter.toMillis();
        this.retryAfterSeconds = Long.toString(millis / 1000 + (millis % 1000 == 0 ? 0 : 1));
    }

    /**
     * The response to {@code exception}.
     *
     * @param includeMessage whether the message of an exception Python raised is shown here
     *     ({@code pybridge.web.problemdetails.include-message})
     * @param includeTraceback whether Spring Boot would show a stack trace here
     *     ({@code server.error.include-stacktrace})
     */
    public ResponseEntity<ProblemDetail> response(PythonBridgeException exception, boolean includeMessage,
            boolean includeTraceback) {
        Answer answer = answer(exception);
        log(exception, answer.status());
        boolean withMessage = answer.raisedByPython() && (includeMessage || answer.status().is4xxClientError());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(answer.status(),
                withMessage ? message(exception, answer.detail()) : answer.detail());
        if (exception instanceof PythonException python) {
            problem.setProperty("pythonType", python.getPythonType());
            if (withMessage) {
                problem.setProperty("pythonMessage", python.getPythonMessage());
            }
            if (includeTraceback) {
                problem.setProperty("pythonTraceback", python.getPythonFrames().stream().map(PythonFrame::toString).toList());
            }
        }
        if (exception instanceof PythonWorkerDiedException) {
            problem.setTitle(WORKER_DIED_TITLE);
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.status());
        // A worker that died is replaced within about a second: the same call then runs on the new one.
        if (exception instanceof PythonBusyException || exception instanceof PythonWorkerDiedException) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
        }
        return response.body(problem);
    }

    /**
     * What both advices answer to what a controller threw: a pybridge exception thrown as it is
     * and without a status of its own becomes its problem; anything else is rethrown, which
     * Spring takes as "not handled here" and passes on to the handling after the advice.
     *
     * @param parameters the request's first value of a query parameter by name, or null
     */
    ResponseEntity<ProblemDetail> handle(Exception exception, ServerErrorIncludes includes,
            Function<String, @Nullable String> parameters) throws Exception {
        if (!(exception instanceof PythonBridgeException python) || hasOwnStatus(exception)) {
            throw exception;
        }
        return response(python, includes.message(parameters), includes.stacktrace(parameters));
    }

    /**
     * Whether {@code exception} says itself how it is answered, with {@code @ResponseStatus} or
     * as an {@link ErrorResponse}: such an exception (an application's own, for example one a
     * {@code @PythonExceptionMapping} made) is left to the handlers that honour that.
     */
    public static boolean hasOwnStatus(Throwable exception) {
        return exception instanceof ErrorResponse
                || MergedAnnotations.from(exception.getClass(), SearchStrategy.TYPE_HIERARCHY).isPresent(ResponseStatus.class);
    }

    /** The status for a Python exception of {@code python}'s type: the nearest configured class of its MRO. */
    @Nullable HttpStatusCode configuredStatus(PythonException python) {
        if (statuses.isEmpty()) {
            return null;
        }
        for (String type : python.getPythonTypeHierarchy()) {
            HttpStatusCode status = statuses.get(type);
            if (status != null) {
                return status;
            }
        }
        // The hierarchy starts with the type; this covers an exception made by hand without it.
        return statuses.get(python.getPythonType());
    }

    private Answer answer(PythonBridgeException exception) {
        if (exception instanceof PythonBusyException) {
            return new Answer(HttpStatus.SERVICE_UNAVAILABLE, "Python is busy with other calls; retry later", false);
        }
        if (exception instanceof PythonTimeoutException) {
            return new Answer(HttpStatus.GATEWAY_TIMEOUT, "The Python call exceeded its time limit and was stopped",
                    false);
        }
        if (exception instanceof PythonClosedException) {
            return new Answer(HttpStatus.SERVICE_UNAVAILABLE, "The Python runtime is shutting down", false);
        }
        if (exception instanceof PythonCancelledException) {
            return new Answer(HttpStatus.SERVICE_UNAVAILABLE, "The Python call was cancelled before it started", false);
        }
        if (exception instanceof PythonInterruptedException) {
            return new Answer(HttpStatus.SERVICE_UNAVAILABLE, "The Python call was stopped before it finished", false);
        }
        if (exception instanceof PythonWorkerDiedException) {
            // Which worker, its pid, signal and last output are for the log only.
            return new Answer(HttpStatus.SERVICE_UNAVAILABLE, "The Python worker process running the call ended before "
                    + "answering (a crash or a kill); it is being replaced, retry later", false);
        }
        if (exception instanceof PythonException python) {
            HttpStatusCode configured = configuredStatus(python);
            return new Answer(configured != null ? configured : HttpStatus.INTERNAL_SERVER_ERROR,
                    "The Python code raised " + python.getPythonType(), true);
        }
        if (exception instanceof PythonConversionException) {
            return new Answer(HttpStatus.INTERNAL_SERVER_ERROR, "A value could not be converted between Java and Python",
                    false);
        }
        return new Answer(HttpStatus.INTERNAL_SERVER_ERROR, "The Python call failed", false);
    }

    /** The exception's own message: Python's {@code str(exception)}, or pybridge's message. */
    private static String message(PythonBridgeException exception, String fallback) {
        String message = exception instanceof PythonException python ? python.getPythonMessage() : exception.getMessage();
        return message == null || message.isEmpty() ? fallback : message;
    }

    /**
     * A handled exception reaches no other log: a failure (500) with its traceback, as the
     * servlet container would have logged it; another 5xx as one line; a client's error, and a
     * busy runtime (counted by the health and the metrics, and many at once under overload), at
     * debug.
     */
    private static void log(PythonBridgeException exception, HttpStatusCode status) {
        if (status.value() == HttpStatus.INTERNAL_SERVER_ERROR.value()) {
            logger.error("Python call failed; answered " + status.value(), exception);
        }
        else if (status.is5xxServerError() && !(exception instanceof PythonBusyException)) {
            if (logger.isWarnEnabled()) {
                logger.warn("Answered " + status.value() + ": " + firstLine(exception.getMessage()));
            }
        }
        else if (logger.isDebugEnabled()) {
            logger.debug("Answered " + status.value() + ": " + firstLine(exception.getMessage()));
        }
    }

    private static String firstLine(@Nullable String text) {
        if (text == null) {
            return "";
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end).stripTrailing();
    }

    /**
     * @param raisedByPython whether the message is Python's own ({@code str(exception)}), which the
     *     problem may show; pybridge's own messages (permits, timeouts, shutdown) are for the log
     */
    private record Answer(HttpStatusCode status, String detail, boolean raisedByPython) {
    }
}
