package io.pybridge.sample;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The whole application on a random port with the real embedded CPython.
 *
 * <p>CPython boots once per JVM and every test context reuses that interpreter, so settings of
 * the interpreter itself (such as the acquire timeout) come from whichever context starts first:
 * every test class uses this annotation so they all agree. The short acquire timeout lets
 * {@code SampleApplicationTests} provoke a 503 quickly; the caller turned away adds its wait to
 * the permit-wait window, so the health reports contention for the (shortened) health window.
 * The two worker processes of the sample's application.yml run beside the interpreter: the
 * dashboard's tests see them, and {@code /api/risk} runs in them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "pybridge.acquire-timeout=2s", "pybridge.health.window=2s" })
public @interface SampleAppTest {
}
