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

    /** Cases that must succeed on a thread of Java's default 1 MiB stack, whatever the Python. */
    private static final List<String> SHALLOW = List.of("json_500", "repr_500", "pickle_500", "python_900", "python_990");

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void recursionThroughCMatchesPythonsMainThreadFromEveryCaller() throws Exception {
        Map<String, String> expected = referenceOutcomes();
        assertThat(expected).containsEntry("sorted_key", "RecursionError").containsEntry("json_500", "ok");

        ChildJvm.Result child = ChildJvm.run(StackProbe.class, List.of(), Map.of());

        assertThat(child.exitCode()).as(child.describe()).isZero();
        List<String> lines = child.lines("case ");
        long callers = lines.stream().map(line -> line.split(" ")[1]).distinct().count();
        assertThat(callers).as(child.describe()).isGreaterThanOrEqualTo(5);
        assertThat(lines).as(child.describe()).hasSize((int) (expected.size() * callers));
        Map<String, String> small = new LinkedHashMap<>();
        for (String line : lines) {
            String[] parts = line.split(" ");
            String name = parts[0];
            String caller = parts[1];
            String outcome = parts[2];
            if (SHALLOW.contains(name) && (caller.equals("platform-256KiB") || caller.equals("platform-512KiB"))) {
                // Less stack than a main thread's 8 MiB: shallow recursion through C may run out
                // sooner than under python3 (documented per stack size), but only as RecursionError.
                assertThat(outcome).as("%s from a %s thread", name, caller).isIn(expected.get(name), "RecursionError");
                small.put(name + "@" + caller, outcome);
            }
            else {
                assertThat(outcome).as("%s from a %s thread (python3 main thread: %s)", name, caller,
                        expected.get(name)).isEqualTo(expected.get(name));
            }
        }
        assertThat(child.lines("health ")).containsExactly("45");
        System.out.println("StackRecursionTest: " + expected.size() + " cases x " + callers
                + " callers match python3's main thread: " + expected + "; on small stacks: " + small);
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
