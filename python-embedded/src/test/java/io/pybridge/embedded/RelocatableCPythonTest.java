package io.pybridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.internal.interpreter.PythonLocator;
import io.pybridge.core.matrix.ChildJvm;
import io.pybridge.core.matrix.MatrixRuns;
import io.pybridge.core.runtime.PythonInstallation;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bundled CPython for real: unpacked from the {@code org.bytedeco:cpython} jar, booted in a
 * JVM that has no Python on its PATH, and put through pybridge-core's whole suite on JDK 17 and
 * the newest JDK 21+ found ({@link MatrixRuns}), like the host's Pythons in core's matrix.
 */
class RelocatableCPythonTest {

    /** Inside the build output: a clean build unpacks it afresh. */
    private static final Path CACHE = Path.of("target", "pybridge-cache").toAbsolutePath();

    @Test
    void describesWhatItShips() {
        RelocatableCPython bundled = new RelocatableCPython();
        assertThat(bundled.isAvailable()).isTrue();
        assertThat(bundled.description()).isEqualTo("CPython 3.13.5 (org.bytedeco:cpython, linux-x86_64)");
        assertThat(RelocatableCPython.isRuntimeFile("lib/python3.13/os.py")).isTrue();
        assertThat(RelocatableCPython.isRuntimeFile("lib/python3.13/test/test_os.py")).isFalse();
        assertThat(RelocatableCPython.isRuntimeFile("include/python3.13/Python.h")).isFalse();
        assertThat(RelocatableCPython.isRuntimeFile("libjnipython.so")).isFalse();
    }

    @Test
    void itIsChosenWhenNothingIsConfiguredAndAConfiguredPythonWins() throws Exception {
        PythonInstallation chosen = new PythonLocator(PythonRuntimeConfig.builder().environment(name -> null)
                .cacheDirectory(CACHE).build()).locate();
        assertThat(chosen.version()).isEqualTo("3.13.5");
        assertThat(chosen.library().toRealPath()).startsWith(CACHE.toRealPath());
        // python3 of this machine (.ci/run installs Debian's): named explicitly, it wins.
        PythonInstallation configured = new PythonLocator(PythonRuntimeConfig.builder().environment(name -> null)
                .cacheDirectory(CACHE).executable("python3").build()).locate();
        assertThat(configured.library().toRealPath().startsWith(CACHE.toRealPath())).isFalse();
    }

    @Test
    void bootsWithNoPythonOnTheHostAndNothingConfigured() throws Exception {
        Path emptyPath = Files.createDirectories(Path.of("target", "empty-path").toAbsolutePath());
        // A hang guard: it takes seconds.
        ChildJvm.Result child = ChildJvm.run(MatrixRuns.Jdk.current(), List.of(), BootWithoutHostPython.class.getName(),
                List.of(), Path.of("target", "boot-without-host-python.log"), env -> {
                    env.keySet().removeIf(name -> name.startsWith("PYBRIDGE_") || name.startsWith("PYTHON")
                            || name.equals("LD_LIBRARY_PATH"));
                    env.put("PATH", emptyPath.toString()); // no python3, no pyenv shims
                    env.put(PythonRuntimeConfig.CACHE_DIR_ENV, CACHE.toString());
                }, Duration.ofMinutes(5));
        String output = child.output();
        assertThat(child.finished()).as(output).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("version 3.13.5", "ctypes 42", "sum 332833500", "openssl OpenSSL 3")
                .contains("bundled with the application").containsPattern("executable " + CACHE + "/cpython/cpython-3.13.5-linux-x86_64-[0-9a-f]+/bin/python3.13");
    }

    @Test
    void coreSuitePassesOnItOnEveryJdk() throws Exception {
        Path library = new RelocatableCPython().library(CACHE);
        Path executable = library.resolveSibling("bin/python3.13");
        // Asked like any executable: the locator finds its library next to its prefix (relocated build).
        PythonInstallation python = new PythonLocator(PythonRuntimeConfig.builder().executable(executable.toString())
                .environment(name -> null).build()).locate();
        assertThat(python.version()).isEqualTo("3.13.5");
        assertThat(python.library().toRealPath()).isEqualTo(library.toRealPath());
        List<MatrixRuns.Jdk> jdks = MatrixRuns.jdks();
        if ("true".equals(System.getenv("CI"))) {
            assertThat(jdks).as("CI needs a JDK 21+ for the virtual-thread tests").anyMatch(j -> j.feature() >= 21);
        }
        List<String> isolated = MatrixRuns.isolatedTestClasses();
        assertThat(isolated).as("isolated core test classes found in the core test-jar").isNotEmpty();
        List<String> failures = new ArrayList<>();
        for (MatrixRuns.Jdk jdk : jdks) {
            System.out.println("embedded: " + MatrixRuns.run(jdk, python, isolated, failures));
        }
        assertThat(failures).as(String.join("\n\n", failures)).isEmpty();
    }
}
