package io.pybridge.core.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.internal.interpreter.PythonLocator;
import io.pybridge.core.runtime.PythonInstallation;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs the core test suite again against every other CPython 3.11+ found on this machine and on
 * a JDK 21+ (for virtual threads), each in child JVMs, since CPython boots once per process.
 *
 * <p>Pythons are found by {@link TestPythons}; JDKs next to the running one and in
 * {@code PYBRIDGE_TEST_JDKS}.
 * Nothing is hard-coded. Free-threaded builds ({@code python3.13t}) found there are run like
 * the others. With {@code CI=true} a JDK 21+ must be found.
 */
@Tag("matrix")
class InterpreterMatrixTest {

    @Test
    void coreSuitePassesOnEveryInterpreterAndJdk() throws Exception {
        Map<Path, PythonInstallation> pythons = TestPythons.all();
        List<MatrixRuns.Jdk> jdks = MatrixRuns.jdks();
        MatrixRuns.Jdk current = MatrixRuns.Jdk.current();
        String defaultPython = String.valueOf(new PythonLocator(PythonRuntimeConfig.builder()
                .executable(blankToNull(System.getProperty("pybridge.test.python"))).build()).locate().library()
                .toRealPath());
        System.out.println("matrix: pythons " + pythons.values().stream()
                        .map(p -> p.version() + (p.freeThreaded() ? "t" : "")).toList()
                + ", JDKs " + jdks.stream().map(MatrixRuns.Jdk::feature).toList());
        if ("true".equals(System.getenv("CI"))) {
            assertThat(jdks).as("CI needs a JDK 21+ for the virtual-thread tests").anyMatch(j -> j.feature() >= 21);
        }
        List<String> isolated = MatrixRuns.isolatedTestClasses();
        List<String> report = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (PythonInstallation python : pythons.values()) {
            for (MatrixRuns.Jdk jdk : jdks) {
                boolean alreadyRun = jdk.home().equals(current.home())
                        && python.library().toRealPath().toString().equals(defaultPython);
                if (alreadyRun) {
                    continue;
                }
                report.add(MatrixRuns.run(jdk, python, isolated, failures));
            }
        }
        boolean numpyVerified = false;
        try (Stream<Path> logs = Files.list(Path.of("target", "matrix"))) {
            for (Path log : logs.filter(f -> f.toString().endsWith(".log")).toList()) {
                numpyVerified |= Files.readString(log).contains("numpy round trips verified");
            }
        }
        System.out.println("matrix: numpy conversions verified on at least one interpreter: " + numpyVerified);
        if ("true".equals(System.getenv("CI"))) {
            failures.addAll(numpyVerified ? List.of()
                    : List.of("no interpreter with numpy ran the numpy tests (.ci/run installs python3-numpy)"));
        }
        Path summary = Path.of("target", "matrix", "summary.txt");
        Files.createDirectories(summary.getParent());
        Files.write(summary, report);
        assertThat(failures).as(String.join("\n\n", failures)).isEmpty();
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
