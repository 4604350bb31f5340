package io.pybridge.autoconfigure.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.matrix.ChildJvm;
import io.pybridge.core.matrix.MatrixRuns;
import io.pybridge.core.matrix.SuiteLauncher;
import io.pybridge.core.matrix.TestPythons;
import io.pybridge.core.runtime.PythonInstallation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * Runs {@link PooledApplicationScenario} in a child JVM on the first CPython 3.12+ this machine
 * has ({@link TestPythons}): this module's own JVM shares one interpreter, booted without a pool,
 * and CPython boots once per process. Not applicable where no 3.12+ is found.
 */
@EnabledIf("hasSubInterpreters")
class PooledApplicationTests {

    static boolean hasSubInterpreters() throws IOException {
        return TestPythons.withSubInterpreters().isPresent();
    }

    @Test
    void aSpringApplicationWithAPoolRunsItsPooledClientsThereAndReportsEachInterpreter() throws Exception {
        PythonInstallation python = TestPythons.withSubInterpreters().orElseThrow();
        Path log = Path.of("target", "pooled-application-" + python.version() + ".log");
        // The scenario takes seconds; the limit only guards against a hang.
        ChildJvm.Result child = ChildJvm.run(MatrixRuns.Jdk.current(), List.of("-Dpybridge.test.python="
                + python.executable()), SuiteLauncher.class.getName(),
                List.of("class", PooledApplicationScenario.class.getName()), log, env -> { }, Duration.ofMinutes(10));
        String output = child.output();
        assertThat(child.finished()).as("the child JVM ended in time; its output:\n%s", output).isTrue();
        assertThat(output).as("Python %s in a child JVM:\n%s", python.version(), output)
                .containsPattern("(?m)^1 passed, 0 failed, 0 skipped$");
        assertThat(child.exitValue()).isZero();
    }
}
