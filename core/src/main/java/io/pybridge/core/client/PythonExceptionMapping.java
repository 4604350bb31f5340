package io.pybridge.core.client;

import io.pybridge.core.exception.PythonException;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns a Python exception raised by a client's functions into a Java exception, so circuit
 * breakers and {@code @ControllerAdvice} handlers can tell caller errors from failures:
 * {@code @PythonExceptionMapping(python = "ValueError", java = IllegalArgumentException.class)}.
 * The Python type matches itself and its subclasses among the built-ins (so {@code ValueError}
 * also covers {@code UnicodeDecodeError}), or a user type by its qualified name. The Java type
 * needs a {@code (String, Throwable)} or {@code (String)} constructor; the original
 * {@link PythonException} becomes its cause. Method mappings come before the
 * interface's, each in declaration order.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Repeatable(PythonExceptionMappings.class)
public @interface PythonExceptionMapping {

    /** The Python exception type, e.g. {@code ValueError} or {@code mymodule.QuotaError}. */
    String python();

    /** The Java exception to throw instead. */
    Class<? extends RuntimeException> java();
}
