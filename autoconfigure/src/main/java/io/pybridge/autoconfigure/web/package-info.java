/**
 * Python errors an HTTP client can read: a pybridge exception that escapes a controller, in a
 * Spring MVC or a WebFlux application, becomes an RFC 9457 problem detail
 * ({@link io.pybridge.autoconfigure.web.PythonProblemDetails}), answered by
 * {@link io.pybridge.autoconfigure.web.PythonProblemDetailsExceptionHandler} (MVC) or
 * {@link io.pybridge.autoconfigure.web.ReactivePythonProblemDetailsExceptionHandler} (WebFlux),
 * registered by {@link io.pybridge.autoconfigure.web.PythonProblemDetailsAutoConfiguration}.
 */
@NullMarked
package io.pybridge.autoconfigure.web;

import org.jspecify.annotations.NullMarked;
