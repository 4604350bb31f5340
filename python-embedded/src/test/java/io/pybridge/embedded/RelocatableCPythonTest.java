package io.pybridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.internal.interpreter.PythonLocator;
import io.pybridge.core.matrix.ChildJvm;
import io.pybridge.core.matrix.MatrixRuns;
import io.pybridge.core.runtime.PythonInstallation;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The bundled CPython for real: unpacked from the {@code org.bytedeco:cpython} jar, booted in a
 * JVM that has no Python on its PATH, and put through pybridge-core's whole suite on JDK 17 and
 * the newest JDK 21+ found ({@link MatrixRuns}), like the host's Pythons in core's matrix.
 */
class RelocatableCPythonTest {

    /** What {@code pybridge-python-embedded} brings by default (the parent pom's {@code bytedeco-cpython.version}). */
    private static final String VERSION = "3.14.3";

    /** Inside the build output: a clean build unpacks it afresh. */
    private static final Path CACHE = Path.of("target", "pybridge-cache").toAbsolutePath();

    @Test
    void describesWhatItShips() {
        RelocatableCPython bundled = new RelocatableCPython();
        assertThat(bundled.isAvailable()).isTrue();
        assertThat(bundled.description()).isEqualTo("CPython " + VERSION + " (org.bytedeco:cpython, linux-x86_64)");
        assertThat(bundled.distributionLayout()).isEqualTo(new DistributionLayout("3.14"));
    }

    @Test
    void itIsChosenWhenNothingIsConfiguredAndAConfiguredPythonWins() throws Exception {
        PythonInstallation chosen = new PythonLocator(PythonRuntimeConfig.builder().environment(name -> null)
                .cacheDirectory(CACHE).build()).locate();
        assertThat(chosen.version()).isEqualTo(VERSION);
        assertThat(chosen.library().toRealPath()).startsWith(CACHE.toRealPath());
        // CPython 3.14 reports its prefix as <home>/bin/..: the locator normalises it, for the log and the health details.
        assertThat(chosen.home()).isEqualTo(chosen.library().getParent()).isEqualTo(chosen.home().normalize());
        // python3 of this machine (.ci/run installs Debian's): named explicitly, it wins.
        PythonInstallation configured = new PythonLocator(PythonRuntimeConfig.builder().environment(name -> null)
                .cacheDirectory(CACHE).executable("python3").build()).locate();
        assertThat(configured.library().toRealPath().startsWith(CACHE.toRealPath())).isFalse();
    }

    @Test
    void bootsWithNoPythonOnTheHostAndNothingConfigured() throws Exception {
        ChildJvm.Result child = BootWithoutHostPython.inChildJvm(CACHE);
        String output = child.output();
        assertThat(child.finished()).as(output).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("version " + VERSION, "ctypes 42", "sum 332833500", "openssl OpenSSL 3")
                .contains("bundled with the application").containsPattern("executable " + CACHE + "/cpython/cpython-"
                        + VERSION + "-linux-x86_64-[0-9a-f]+/bin/python3.14");
    }

    @Test
    void coreSuitePassesOnItOnEveryJdk() throws Exception {
        Path library = new RelocatableCPython().library(CACHE);
        Path executable = library.resolveSibling("bin/python3.14");
        // Asked like any executable: the locator finds its library next to its prefix (relocated build).
        PythonInstallation python = new PythonLocator(PythonRuntimeConfig.builder().executable(executable.toString())
                .environment(name -> null).build()).locate();
        assertThat(python.version()).isEqualTo(VERSION);
        assertThat(python.library().toRealPath()).isEqualTo(library.toRealPath());
        List<MatrixRuns.Jdk> jdks = MatrixRuns.jdks();
        if ("true".equals(System.getenv("CI"))) {
            assertThat(jdks).as("CI needs a JDK 21+ for the virtual-thread tests").anyMatch(j -> j.feature() >= 21);
        }
        List<String> isolated = MatrixRuns.isolatedTestClasses();
        assertThat(isolated).as("isolated core test classes found in the core test-jar").isNotEmpty();
        List<String> failures = new ArrayList<>();
        // JNA on a JDK 22+ is core's matrix's to check (on the host's first Python).
        MatrixRuns.jnaOnNewJdkCoveredElsewhere();
        for (MatrixRuns.Jdk jdk : jdks) {
            System.out.println("embedded: " + MatrixRuns.run(jdk, python, isolated, failures));
        }
        assertThat(failures).as(String.join("\n\n", failures)).isEmpty();
    }
}
