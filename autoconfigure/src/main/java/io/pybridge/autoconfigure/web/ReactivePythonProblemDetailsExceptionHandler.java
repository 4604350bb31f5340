package io.pybridge.autoconfigure.web;

import io.pybridge.core.exception.PythonBridgeException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.server.ServerWebExchange;

/**
 * WebFlux: a pybridge exception that escapes a controller becomes an RFC 9457 problem detail
 * ({@link PythonProblemDetails}). Ordered last, like its Spring MVC twin
 * {@link PythonProblemDetailsExceptionHandler}, and, like it, it rethrows an exception that only
 * has a pybridge cause or has a status of its own, which WebFlux passes on, unlogged, to the
 * error handling after it (Boot's {@code ErrorWebExceptionHandler} honours
 * {@code @ResponseStatus} and {@code ErrorResponse}).
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class ReactivePythonProblemDetailsExceptionHandler {

    private final PythonProblemDetails problems;

    private final ServerErrorIncludes includes;

    ReactivePythonProblemDetailsExceptionHandler(PythonProblemDetails problems, ServerErrorIncludes includes) {
        this.problems = problems;
        this.includes = includes;
    }

    /**
     * @param exception the exception the controller threw (WebFlux gives the outermost one to a
     *     parameter of type {@code Exception}), which may merely have a pybridge cause
     */
    @ExceptionHandler(PythonBridgeException.class)
    public ResponseEntity<ProblemDetail> handlePythonException(Exception exception, ServerWebExchange exchange)
            throws Exception {
        return problems.handle(exception, includes, exchange.getRequest().getQueryParams()::getFirst);
    }
}
