package io.pybridge.core.client;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Passes a {@link PythonCall} method parameter as a keyword argument instead of a positional
 * one. The keyword is {@link #value()} (or the parameter's {@link io.pybridge.core.PythonName}),
 * exactly; else the parameter's name (compile with {@code -parameters}, as Spring Boot's build
 * plugins do) as the runtime's {@link io.pybridge.core.runtime.NameMapping} spells it:
 * {@code fromUnit} is {@code from_unit} by default, or {@code fromUnit} when the function takes
 * that spelling and not the other.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Keyword {

    /** The Python keyword, exactly; defaults to the parameter name, mapped. */
    String value() default "";
}
