package io.pybridge.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class StartupEnvironmentTests {

    @Test
    void readsSpringsEnvironmentUntilDetachedThenAnswersWhatItReadAndAsksTheProcessForTheRest() {
        MockEnvironment spring = new MockEnvironment().withProperty("PYBRIDGE_CACHE_DIR", "/from/spring");
        StartupEnvironment variables = new StartupEnvironment(spring);
        assertThat(variables.apply("PYBRIDGE_CACHE_DIR")).isEqualTo("/from/spring");
        assertThat(variables.apply("PYBRIDGE_PYTHON_LIBRARY")).isNull();
        variables.detach();
        spring.setProperty("PYBRIDGE_CACHE_DIR", "/changed");
        spring.setProperty("PYBRIDGE_PYTHON_LIBRARY", "/changed/libpython.so");
        assertThat(variables.apply("PYBRIDGE_CACHE_DIR")).isEqualTo("/from/spring");
        assertThat(variables.apply("PYBRIDGE_PYTHON_LIBRARY")).isNull();
        assertThat(variables.apply("PATH")).isEqualTo(System.getenv("PATH"));
    }

    @Test
    void keepsNoReferenceToTheEnvironmentOnceDetached() throws InterruptedException {
        MockEnvironment spring = new MockEnvironment().withProperty("A", "1");
        WeakReference<MockEnvironment> environment = new WeakReference<>(spring);
        StartupEnvironment variables = new StartupEnvironment(spring);
        variables.apply("A");
        variables.detach();
        spring = null;
        for (int attempt = 0; attempt < 50 && environment.get() != null; attempt++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(environment.get()).isNull();
        assertThat(variables.apply("A")).isEqualTo("1");
    }
}
