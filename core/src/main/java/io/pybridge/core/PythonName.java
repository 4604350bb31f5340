package io.pybridge.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The exact name a record component, or a {@code @Keyword} parameter of a client method, has in
 * Python, over the runtime's {@link io.pybridge.core.runtime.NameMapping} (whether snake_case or
 * exact): a record written to Python is a dict with this key, a record read from Python takes
 * this key or attribute and no other spelling, and a keyword argument goes by this name.
 *
 * <pre>{@code
 * record Conversion(@PythonName("from") String source, double amount) {}
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.RECORD_COMPONENT, ElementType.PARAMETER })
public @interface PythonName {

    /** The name in Python. */
    String value();
}
