package io.pybridge.autoconfigure.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.matrix.ChildJvm;
import io.pybridge.core.matrix.MatrixRuns;
import io.pybridge.core.matrix.SuiteLauncher;
import io.pybridge.core.matrix.TestPythons;
import io.pybridge.core.runtime.PythonInstallation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link ProcessApplicationScenario} in a child JVM with the Python the module's own tests
 * use (the first {@link TestPythons} finds): this module's own JVM shares one interpreter, booted
 * without worker processes, and CPython boots once per process.
 */
class ProcessApplicationTests {

    @Test
    void aSpringApplicationWithWorkerProcessesRunsItsClientThereAndReportsEachWorker() throws Exception {
        PythonInstallation python = TestPythons.all().values().iterator().next();
        Path log = Path.of("target", "process-application-" + python.version() + ".log");
        // The scenario takes seconds; the limit only guards against a hang.
        ChildJvm.Result child = ChildJvm.run(MatrixRuns.Jdk.current(), List.of("-Dpybridge.test.python="
                + python.executable()), SuiteLauncher.class.getName(),
                List.of("class", ProcessApplicationScenario.class.getName()), log, env -> { }, Duration.ofMinutes(10));
        String output = child.output();
        assertThat(child.finished()).as("the child JVM ended in time; its output:\n%s", output).isTrue();
        assertThat(output).as("Python %s in a child JVM:\n%s", python.version(), output)
                .containsPattern("(?m)^1 passed, 0 failed, 0 skipped$");
        assertThat(child.exitValue()).isZero();
    }
}
