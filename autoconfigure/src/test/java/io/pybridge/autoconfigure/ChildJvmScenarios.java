package io.pybridge.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.matrix.ChildJvm;
import io.pybridge.core.matrix.MatrixRuns;
import io.pybridge.core.matrix.SuiteLauncher;
import io.pybridge.core.runtime.PythonInstallation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Runs a scenario class (a JUnit class the module's own run leaves out) in a child JVM with a
 * given Python, and asserts it passed: for applications that need a runtime of their own (a pool,
 * worker processes), as CPython boots once per process and this module's JVM shares one.
 */
public final class ChildJvmScenarios {

    private ChildJvmScenarios() {
    }

    /**
     * @param logName the child's output file under {@code target/}, without the version and extension
     */
    public static void assertPasses(Class<?> scenario, PythonInstallation python, String logName) throws Exception {
        Path log = Path.of("target", logName + "-" + python.version() + ".log");
        // The scenarios take seconds; the limit only guards against a hang.
        ChildJvm.Result child = ChildJvm.run(MatrixRuns.Jdk.current(), List.of("-Dpybridge.test.python=" + python.executable()),
                SuiteLauncher.class.getName(), List.of("class", scenario.getName()), log, env -> { }, Duration.ofMinutes(10));
        String output = child.output();
        assertThat(child.finished()).as("the child JVM ended in time; its output:\n%s", output).isTrue();
        assertThat(output).as("Python %s in a child JVM:\n%s", python.version(), output)
                .containsPattern("(?m)^1 passed, 0 failed, 0 skipped$");
        assertThat(child.exitValue()).isZero();
    }
}
