package io.pybridge.core.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.CPythonTest;
import io.pybridge.core.SharedRuntime;
import io.pybridge.core.internal.interpreter.PythonLocator;
import io.pybridge.core.runtime.PythonInstallation;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Recursion through C behaves through pybridge exactly as under {@code python3} on its main
 * thread: for every case of {@code pybridge_deep.py}, from a 1 MiB platform thread, a pool thread
 * and (JDK 21+) a virtual thread. The reference is the same interpreter's executable running the
 * same file; the pybridge side runs in a child JVM, which a stack overflow in C would kill.
 */
@CPythonTest
class StackRecursionTest {

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void recursionThroughCMatchesPythonsMainThreadFromEveryCaller() throws Exception {
        Map<String, String> expected = referenceOutcomes();
        assertThat(expected).containsEntry("sorted_key", "RecursionError").containsEntry("json_500", "ok");

        ChildJvm.Result child = ChildJvm.run(StackProbe.class, List.of(), Map.of());

        assertThat(child.exitCode()).as(child.describe()).isZero();
        List<String> lines = child.lines("case ");
        int callers = Runtime.version().feature() >= 21 ? 3 : 2;
        assertThat(lines).as(child.describe()).hasSize(expected.size() * callers);
        for (String line : lines) {
            String[] parts = line.split(" ");
            assertThat(parts[2]).as("%s from a %s thread (python3 main thread: %s)", parts[0], parts[1],
                    expected.get(parts[0])).isEqualTo(expected.get(parts[0]));
        }
        assertThat(child.lines("health ")).containsExactly("45");
        System.out.println("StackRecursionTest: " + expected.size() + " cases x " + callers
                + " callers match python3's main thread: " + expected);
    }

    /** {@code python3 pybridge_deep.py} with the interpreter under test: outcome per case on its main thread. */
    private static Map<String, String> referenceOutcomes() throws Exception {
        PythonInstallation python = new PythonLocator(PythonRuntimeConfig.builder()
                .executable(blankToNull(System.getProperty("pybridge.test.python"))).build()).locate();
        Path script = SharedRuntime.testModules().resolve("pybridge_deep.py");
        Process process = new ProcessBuilder(python.executable().toString(), script.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        Map<String, String> outcomes = new LinkedHashMap<>();
        output.lines().map(line -> line.split(" ")).filter(parts -> parts.length == 2)
                .forEach(parts -> outcomes.put(parts[0], parts[1]));
        return outcomes;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
