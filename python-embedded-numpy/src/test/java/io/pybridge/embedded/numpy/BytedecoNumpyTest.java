package io.pybridge.embedded.numpy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pybridge.core.PythonRuntime;
import io.pybridge.core.exception.PythonInitializationException;
import io.pybridge.core.matrix.ChildJvm;
import io.pybridge.core.runtime.PythonInstallation;
import io.pybridge.core.runtime.PythonRuntimeConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code pybridge-python-embedded-numpy} for real: numpy from Maven Central imports and computes
 * (BLAS and LAPACK through the bundled OpenBLAS) in the embedded CPython 3.14, in-process and in
 * a worker process, on a JVM with no Python on its PATH and no {@code LD_LIBRARY_PATH}.
 */
class BytedecoNumpyTest {

    /** Inside the build output: a clean build unpacks it afresh. */
    private static final Path CACHE = Path.of("target", "pybridge-cache").toAbsolutePath();

    /**
     * The start of what {@link NumpyWithoutHostPython#COMPUTATION} gives: numpy's version and the
     * trace of {@code a @ a.T}, the sum of the squares of {@code a}'s entries (514 runs of 0..6,
     * 91 each, then 0 and 1: 46,775).
     */
    private static final String EXPECTED = "2.4.2 46775.000000 ";

    @Test
    void fitsCPython314Only() {
        BytedecoNumpy numpy = new BytedecoNumpy();
        assertThat(numpy.description()).isEqualTo("numpy 2.4.2 (org.bytedeco:numpy, linux-x86_64)");
        assertThat(numpy.incompatibility(python("3.14.3", false))).isEmpty();
        assertThat(numpy.incompatibility(python("3.13.5", false)))
                .hasValue("it holds extension modules for cp314, not for cp313");
        assertThat(numpy.incompatibility(python("3.14.3", true)))
                .hasValue("it holds extension modules for cp314, not for cp314t");
    }

    @Test
    void runsInProcessAndInAWorkerWithNoPythonOnTheHost() throws Exception {
        ChildJvm.Result child = NumpyWithoutHostPython.inChildJvm(CACHE);
        String output = child.output();
        assertThat(child.finished()).as(output).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        String inProcess = line(output, "in-process ");
        assertThat(inProcess).as(output).startsWith(EXPECTED);
        assertThat(line(output, "worker ")).as(output).isEqualTo(inProcess);
        assertThat(line(output, "in-process-file ")).as(output)
                .startsWith(CACHE + "/python-packages/numpy-2.4.2-linux-x86_64-");
        // Only the bundled OpenBLAS, in both places (this machine has Debian's too, in /lib).
        assertThat(line(output, "in-process-openblas ")).as(output)
                .matches(CACHE + "/native/openblas-linux-x86_64-[0-9a-f]+/libopenblas.so.0");
        assertThat(line(output, "worker-openblas ")).as(output)
                .matches(CACHE + "/native/openblas-linux-x86_64-[0-9a-f]+/libopenblas.so.0");
        assertThat(line(output, "worker-pid ")).as(output).isNotEqualTo(line(output, "jvm-pid "));
        assertThat(output).contains("numpy 2.4.2 (org.bytedeco:numpy, linux-x86_64), bundled with the application");
    }

    /**
     * In this JVM: the check comes before anything is unpacked or loaded, so nothing of that
     * Python or of numpy stays behind.
     */
    @Test
    void anotherPythonIsRefusedAtStartWithWhatNumpyWasBuiltFor() throws Exception {
        Path python3 = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python3), "no /usr/bin/python3");
        Process version = new ProcessBuilder(python3.toString(), "-c", "import sys; print('%d.%d' % sys.version_info[:2])")
                .redirectErrorStream(true).start();
        String shortVersion = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assumeTrue(version.waitFor() == 0 && !shortVersion.equals("3.14"), "/usr/bin/python3 is " + shortVersion);
        Path cache = CACHE.resolveSibling("pybridge-cache-refused");
        PythonInitializationException refused = assertThrows(
                PythonInitializationException.class, () -> PythonRuntime.start(PythonRuntimeConfig.builder()
                        .executable(python3.toString()).cacheDirectory(cache).build()));
        assumeTrue(refused.getReason() != PythonInitializationException.Reason.NO_SHARED_LIBRARY,
                "/usr/bin/python3 has no shared libpython here");
        assertThat(refused.getReason()).as(refused.getMessage())
                .isEqualTo(PythonInitializationException.Reason.INCOMPATIBLE_PACKAGES);
        assertThat(refused).hasMessageContaining("numpy 2.4.2 (org.bytedeco:numpy, linux-x86_64) is on the classpath but "
                + "cannot be used with CPython " + shortVersion)
                .hasMessageContaining("it holds extension modules for cp314, not for cp" + shortVersion.replace(".", ""));
        assertThat(cache.resolve("python-packages")).doesNotExist();
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()))
                .findFirst().orElse("(no line " + prefix.trim() + ")");
    }

    private static PythonInstallation python(String version, boolean freeThreaded) {
        return new PythonInstallation(Path.of("/usr/lib/libpython.so"), null, Path.of("/usr"), null, version, List.of(), freeThreaded);
    }
}
