package io.pybridge.core.client;

import io.pybridge.core.PythonInterpreter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a Python client. On an interface method: calling the method calls a Python function
 * (named after the method unless {@link #function()} says otherwise). On the interface: the
 * default module and settings of its methods, and the mark that makes Spring register the
 * interface as a bean.
 *
 * <pre>{@code
 * @PythonCall(module = "stats_service")
 * interface StatsClient {
 *     Summary describe(List<Double> values);                 // stats_service.describe(values)
 *     @PythonCall(function = "ratio")
 *     double similarity(String a, @Keyword("b") String other); // stats_service.ratio(a, b=other)
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface PythonCall {

    /** The Python module; on a method, overrides the interface's. */
    String module() default "";

    /** The Python function (methods only); defaults to the method name. */
    String function() default "";

    /**
     * The resilience4j instance name guarding the calls (Bulkhead, CircuitBreaker, Retry and
     * TimeLimiter instances of that name apply when configured); defaults to the interface's
     * value, then to the client's bean name.
     */
    String resilience() default "";

    /** When the Python functions are checked: at startup (fail fast) or at first call. */
    Validation validation() default Validation.DEFAULT;

    /**
     * Which interpreter the calls run in: {@link PythonInterpreter#POOL} for the pool of own-GIL
     * sub-interpreters (parallel, pure Python), {@link PythonInterpreter#MAIN} for the main one.
     * Empty (the default): the interface's setting, else the main interpreter. A client's
     * configured interpreter ({@code pybridge.clients.interpreter.<client>}) overrides both.
     */
    PythonInterpreter[] interpreter() default {};

    /** When to check that the Python function exists and accepts the method's parameters. */
    enum Validation {
        /** The interface's setting, else the factory's default (startup unless configured otherwise). */
        DEFAULT,
        /** When the client is created: a missing or incompatible function fails the application's startup. */
        EAGER,
        /** At the first call of each method, for modules that load late. */
        LAZY
    }
}
