package io.pybridge.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which CPython the classpath holds decides every versioned name, without an interpreter: a fake
 * distribution in a folder stands for the jar.
 */
class DistributionLayoutTest {

    @TempDir
    Path dir;

    @Test
    void namesFollowTheVersion() {
        DistributionLayout layout = new DistributionLayout("3.14");
        assertThat(layout.library()).isEqualTo("libpython3.14.so.1.0");
        assertThat(layout.executable()).isEqualTo("bin/python3.14");
        assertThat(layout.patchlevel()).isEqualTo("include/python3.14/patchlevel.h");
        assertThat(layout.isRuntimeFile("lib/python3.14/os.py")).isTrue();
        assertThat(layout.isRuntimeFile("lib/python3.14/lib-dynload/_ctypes.cpython-314-x86_64-linux-gnu.so")).isTrue();
        assertThat(layout.isRuntimeFile("libpython3.14.so.1.0")).isTrue();
        assertThat(layout.isRuntimeFile("lib/python3.14/test/test_os.py")).isFalse();
        assertThat(layout.isRuntimeFile("include/python3.14/Python.h")).isFalse();
        assertThat(layout.isRuntimeFile("share/man/man1/python3.14.1")).isFalse();
        assertThat(layout.isRuntimeFile("lib/pkgconfig/python3.pc")).isFalse();
        assertThat(layout.isRuntimeFile("libjnipython.so")).isFalse();
        // Another version's folder named "test" is not this one's test suite.
        assertThat(new DistributionLayout("3.13").isRuntimeFile("lib/python3.13/test/test_os.py")).isFalse();
        assertThat(new DistributionLayout("3.13").isRuntimeFile("lib/python3.14/test/test_os.py")).isTrue();
    }

    @Test
    void theLibraryPresentTellsTheVersionAndTheNewestWins() {
        assertThat(DistributionLayout.find(Set.of("libpython3.13.so.1.0")::contains)).contains(new DistributionLayout("3.13"));
        assertThat(DistributionLayout.find(Set.of("libpython3.13.so.1.0", "libpython3.14.so.1.0")::contains))
                .contains(new DistributionLayout("3.14"));
        assertThat(DistributionLayout.find(Set.of("libpython3.9.so.1.0", "libpython3.so")::contains)).isEmpty();
    }

    @Test
    void aDistributionOfAnotherVersionIsDescribedAndUnpackedUnderItsOwnNames() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Path top = Files.createDirectories(classes.resolve(RelocatableCPython.PREFIX));
        Files.writeString(top.resolve("libpython3.12.so.1.0"), "ELF");
        Files.writeString(Files.createDirectories(top.resolve("bin")).resolve("python3.12"), "#!/bin/sh\n");
        Files.writeString(Files.createDirectories(top.resolve("lib/python3.12/test")).resolve("test_os.py"), "");
        Files.writeString(top.resolve("lib/python3.12/os.py"), "");
        Files.writeString(Files.createDirectories(top.resolve("include/python3.12")).resolve("patchlevel.h"),
                "#define PY_MINOR_VERSION 12\n#define PY_VERSION      \"3.12.9\"\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL() }, null)) {
            RelocatableCPython bundled = new RelocatableCPython(loader);
            assertThat(bundled.description()).isEqualTo("CPython 3.12.9 (org.bytedeco:cpython, linux-x86_64)");
            Path executable = bundled.executable(dir.resolve("cache"));
            assertThat(executable).endsWith(Path.of("bin", "python3.12")).isExecutable();
            Path home = executable.getParent().getParent();
            assertThat(home.getFileName().toString()).startsWith("cpython-3.12.9-linux-x86_64-");
            assertThat(home.resolve("lib/python3.12/os.py")).exists();
            assertThat(home.resolve("lib/python3.12/test")).doesNotExist();
            assertThat(home.resolve("include")).doesNotExist();
        }
    }

    @Test
    void withoutADistributionItIsUnavailableAndSaysWhatIsMissing() throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] { dir.toUri().toURL() }, null)) {
            RelocatableCPython bundled = new RelocatableCPython(loader);
            assertThat(bundled.isAvailable()).isFalse();
            assertThat(bundled.description()).isEqualTo("pybridge-python-embedded without org.bytedeco:cpython (linux-x86_64)");
            assertThatIllegalStateException().isThrownBy(() -> bundled.library(dir.resolve("cache")))
                    .withMessageContaining("org.bytedeco:cpython (classifier linux-x86_64) is missing");
        }
    }
}
