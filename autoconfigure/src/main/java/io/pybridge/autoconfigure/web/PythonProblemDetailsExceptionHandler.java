package io.pybridge.autoconfigure.web;

import io.pybridge.core.exception.PythonBridgeException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Spring MVC: a pybridge exception that escapes a controller becomes an RFC 9457 problem detail
 * ({@link PythonProblemDetails}). Ordered last, so the first advice of the application that has
 * a handler for the exception (or for its cause) answers instead: Spring MVC asks the advice
 * beans in order and stops at the first one with a matching handler.
 *
 * <p>Spring matches an exception's cause too, so this handler is also found for an application's
 * exception whose cause is a pybridge exception (what a {@code @PythonExceptionMapping} makes).
 * It answers only a pybridge exception thrown as it is and without a status of its own; anything
 * else it rethrows, which Spring takes as "not handled here" and passes, unlogged, to the
 * resolvers after it ({@code @ResponseStatus}, {@code ErrorResponse}, then Boot's error page).
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class PythonProblemDetailsExceptionHandler {

    private final PythonProblemDetails problems;

    private final ServerErrorIncludes includes;

    PythonProblemDetailsExceptionHandler(PythonProblemDetails problems, ServerErrorIncludes includes) {
        this.problems = problems;
        this.includes = includes;
    }

    /**
     * @param exception the exception the controller threw (Spring gives the outermost one to a
     *     parameter of type {@code Exception}), which may merely have a pybridge cause
     */
    @ExceptionHandler(PythonBridgeException.class)
    public ResponseEntity<ProblemDetail> handlePythonException(Exception exception, HttpServletRequest request)
            throws Exception {
        return problems.handle(exception, includes, request::getParameter);
    }
}
