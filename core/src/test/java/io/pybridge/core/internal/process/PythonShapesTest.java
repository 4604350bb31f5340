package io.pybridge.core.internal.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The worker's side, {@code pybridge_shapes.shaped}, checked case by case by
 * {@code pybridge_shapes_check.py} in a {@code python3} process of its own (the one
 * {@code pybridge.test.python} names, else {@code python3} on the PATH, as {@code TestPythons}
 * finds it first). No interpreter is embedded: skipped where no python3 runs.
 */
class PythonShapesTest {

    @Test
    void shapedGivesTreesOfTheWireTypesOnly() throws IOException, InterruptedException, URISyntaxException {
        String python = python();
        assumeTrue(runs(python), () -> python + " does not run here");
        Path module = resource("/io/pybridge/core/internal/process/pybridge_shapes.py");
        Path check = resource("/io/pybridge/core/internal/process/pybridge_shapes_check.py");
        Process process = new ProcessBuilder(python, check.toString(), module.getParent().toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output.strip()).endsWith("OK");
    }

    private static String python() {
        String configured = System.getProperty("pybridge.test.python");
        return configured == null || configured.isBlank() ? "python3" : configured;
    }

    private static boolean runs(String python) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(python, "-c", "import sys; assert sys.version_info >= (3, 11)")
                    .redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(PythonShapesTest.class.getResource(name).toURI());
    }
}
