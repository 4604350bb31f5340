package io.pybridge.core;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a scenario suite: its tests run real CPython (the shared embedded runtime, a runtime of
 * their own, a child JVM or a {@code python3} process), so they are slower and need an
 * interpreter; the interpreter matrix re-runs exactly these. Unmarked tests are pure unit tests
 * ({@code ./mvnw -pl core test-compile surefire:test@default-test -Dgroups='!cpython'} runs them alone).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("cpython")
public @interface CPythonTest {
}
