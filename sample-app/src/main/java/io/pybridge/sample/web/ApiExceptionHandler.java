package io.pybridge.sample.web;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * The API's own errors as RFC 9457 problem JSON ({@code application/problem+json}) whose
 * {@code detail} names the problem:
 * <ul>
 * <li>unreadable JSON, a value of the wrong type, a missing field: 400;</li>
 * <li>a body over {@code sample.max-request-size} or too many values: 413;</li>
 * <li>a resilience4j bulkhead full: 503.</li>
 * </ul>
 * Spring MVC's own exceptions (404, 405, 415, ...) keep the problem JSON of
 * {@link ResponseEntityExceptionHandler}. Python's errors are the starter's: a Python
 * {@code ValueError} (e.g. {@code statistics.StatisticsError}: too few values) is a 422 with
 * Python's message ({@code pybridge.web.problemdetails.statuses} in application.yml), a busy
 * interpreter a 503 with {@code Retry-After}, a call stopped by its time limit a 504, anything
 * else a 500 without message or traceback (both in the log). This advice has no handler for
 * {@code Exception}: one would answer Python's errors too, before the starter's.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    @ExceptionHandler(BulkheadFullException.class)
    ResponseEntity<ProblemDetail> bulkheadFull(BulkheadFullException ex) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "Too many similar requests at once; retry shortly");
        problem.setTitle("Busy");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        BodyTooLargeException tooLarge = cause(ex, BodyTooLargeException.class);
        if (tooLarge != null) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE,
                    "The request body is larger than " + tooLarge.getLimit() + " bytes");
            return handleExceptionInternal(ex, problem, headers, HttpStatus.CONTENT_TOO_LARGE, request);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, unreadableDetail(ex));
        problem.setTitle("Unreadable request body");
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("field", error.getField());
            entry.put("message", error.getDefaultMessage());
            errors.add(entry);
            messages.add(error.getField() + " " + error.getDefaultMessage());
        }
        ex.getBindingResult().getGlobalErrors().forEach(error -> messages.add(error.getDefaultMessage()));
        messages.sort(null); // the validator reports in no particular order
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, String.join("; ", messages));
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors);
        return handleExceptionInternal(ex, problem, headers, status, request);
    }

    /** What was wrong with the JSON, in the client's terms (JSON paths and types, not Java classes). */
    private static String unreadableDetail(HttpMessageNotReadableException ex) {
        MismatchedInputException mismatch = cause(ex, MismatchedInputException.class);
        if (mismatch != null) {
            String path = jsonPath(mismatch);
            String expected = describe(mismatch.getTargetType()) + found(mismatch.getCurrentToken());
            return path.isEmpty() ? "The request body must be " + expected : "'" + path + "' must be " + expected;
        }
        StreamReadException malformed = cause(ex, StreamReadException.class);
        if (malformed != null) {
            return "Malformed JSON: " + withoutSource(malformed.getOriginalMessage()) + where(malformed);
        }
        JacksonException other = cause(ex, JacksonException.class);
        if (other != null) {
            String path = jsonPath(other);
            return path.isEmpty() ? "Invalid JSON: " + other.getOriginalMessage()
                    : "Invalid JSON at '" + path + "': " + other.getOriginalMessage();
        }
        if (ex.getMessage() != null && ex.getMessage().startsWith("Required request body is missing")) {
            return "A JSON request body is required";
        }
        return "The request body could not be read as JSON";
    }

    /** Jackson's message without its "(start marker at [Source: REDACTED ...])" trailer. */
    private static String withoutSource(String message) {
        int source = message.indexOf(" (start marker at [Source:");
        if (source < 0) {
            source = message.indexOf(" at [Source:");
        }
        return source < 0 ? message : message.substring(0, source);
    }

    private static String where(JacksonException ex) {
        TokenStreamLocation location = ex.getLocation();
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** {@code values[1]} from Jackson's path of property names and indexes. */
    private static String jsonPath(JacksonException ex) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference reference : ex.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            }
            else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a different JSON value";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class && type != char.class)) {
            return "a number";
        }
        if (type == String.class || type == char.class || type == Character.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }

    private static String found(JsonToken token) {
        if (token == null) {
            return "";
        }
        return switch (token) {
            case VALUE_STRING -> ", not a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> ", not a number";
            case VALUE_TRUE, VALUE_FALSE -> ", not a boolean";
            case VALUE_NULL -> ", not null";
            case START_ARRAY -> ", not an array";
            case START_OBJECT -> ", not an object";
            default -> "";
        };
    }

    private static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
        for (Throwable current = ex; current != null; current = current.getCause()) {
            if (type.isInstance(current)) {
                return type.cast(current);
            }
            if (current.getCause() == current) {
                break;
            }
        }
        return null;
    }
}
