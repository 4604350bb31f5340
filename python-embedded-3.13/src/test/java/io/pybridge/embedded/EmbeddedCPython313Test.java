package io.pybridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.pybridge.core.matrix.ChildJvm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code pybridge-python-embedded-3.13} for real: an application with it (this module's test class
 * path stands for one) holds CPython 3.13.5 and no 3.14, and boots 3.13.5 in a JVM that has no
 * Python on its PATH and nothing configured.
 *
 * <p>pybridge-core's whole suite is not run on it here: {@code pybridge-python-embedded} runs it
 * on the default 3.14.3 on two JDKs, core's matrix runs it on the host's CPython 3.13, and the
 * code that boots a bundled CPython is the same for every version; another full run would add
 * about nine minutes to the build.
 */
class EmbeddedCPython313Test {

    private static final String VERSION = "3.13.5";

    /** Inside the build output: a clean build unpacks it afresh. */
    private static final Path CACHE = Path.of("target", "pybridge-cache").toAbsolutePath();

    @Test
    void theClasspathHoldsCPython313Only() {
        RelocatableCPython bundled = new RelocatableCPython();
        assertThat(bundled.isAvailable()).isTrue();
        assertThat(bundled.description()).isEqualTo("CPython " + VERSION + " (org.bytedeco:cpython, linux-x86_64)");
        assertThat(bundled.distributionLayout()).isEqualTo(new DistributionLayout("3.13"));
        assertThat(getClass().getClassLoader().getResource(RelocatableCPython.PREFIX + "libpython3.14.so.1.0"))
                .as("pybridge-python-embedded's CPython 3.14 is excluded").isNull();
    }

    @Test
    void bootsCPython313WithNoPythonOnTheHostAndNothingConfigured() throws Exception {
        ChildJvm.Result child = BootWithoutHostPython.inChildJvm(CACHE);
        String output = child.output();
        assertThat(child.finished()).as(output).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("version " + VERSION, "ctypes 42", "sum 332833500", "openssl OpenSSL 3")
                .contains("CPython " + VERSION + " (org.bytedeco:cpython, linux-x86_64), bundled with the application")
                .containsPattern("executable " + CACHE + "/cpython/cpython-" + VERSION
                        + "-linux-x86_64-[0-9a-f]+/bin/python3.13");
    }
}
