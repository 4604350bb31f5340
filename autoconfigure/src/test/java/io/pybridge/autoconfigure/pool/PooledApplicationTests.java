package io.pybridge.autoconfigure.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.matrix.SuiteLauncher;
import io.pybridge.core.matrix.TestPythons;
import io.pybridge.core.runtime.PythonInstallation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.add("-Dpybridge.test.python=" + python.executable());
        command.add("-cp");
        String classPath = Optional.ofNullable(System.getProperty("surefire.test.class.path")).filter(p -> !p.isBlank())
                .orElse(System.getProperty("java.class.path"));
        command.add(classPath);
        command.add(SuiteLauncher.class.getName());
        command.add("class");
        command.add(PooledApplicationScenario.class.getName());
        Path log = Path.of("target", "pooled-application-" + python.version() + ".log");
        Files.createDirectories(log.getParent());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // The scenario takes seconds; the limit only guards against a hang.
        boolean finished = child.waitFor(10, TimeUnit.MINUTES);
        if (!finished) {
            child.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as("the child JVM ended in time; its output:\n%s", output).isTrue();
        assertThat(output).as("Python %s in a child JVM:\n%s", python.version(), output)
                .containsPattern("(?m)^1 passed, 0 failed, 0 skipped$");
        assertThat(child.exitValue()).isZero();
    }
}
