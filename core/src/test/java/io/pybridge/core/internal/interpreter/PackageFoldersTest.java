package io.pybridge.core.internal.interpreter;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pybridge.core.exception.PythonInitializationException;
import io.pybridge.core.exception.PythonInitializationException.Reason;
import io.pybridge.core.runtime.PythonInstallation;
import io.pybridge.core.runtime.PythonPackagesManifest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check before boot: packages made for another ABI stop the start, with the reason and an action. Pure. */
class PackageFoldersTest {

    @TempDir
    Path dir;

    private final PythonInstallation python312 = new PythonInstallation(Path.of("/x/libpython3.12.so"), null,
            Path.of("/x"), null, "3.12.1", List.of());

    @Test
    void packagesForAnotherAbiAreRefused() throws Exception {
        Path packages = Files.createDirectories(dir.resolve("packages"));
        Files.writeString(packages.resolve(PythonPackagesManifest.FILE), "python.version=3.13.5\npython.abi=cp313\n"
                + "python.platform=linux-x86_64\nnative=false\ninstalled=greeting==1.0\n");
        assertThatThrownBy(() -> PackageFolders.check(List.of(packages), python312))
                .isInstanceOfSatisfying(PythonInitializationException.class, ex -> {
                    org.assertj.core.api.Assertions.assertThat(ex.getReason()).isEqualTo(Reason.INCOMPATIBLE_PACKAGES);
                    org.assertj.core.api.Assertions.assertThat(ex.getAction()).contains("pybridge-maven-plugin");
                })
                .hasMessageContaining(packages.toString()).hasMessageContaining("cp313").hasMessageContaining("cp312");
    }

    @Test
    void matchingOrUnmarkedFoldersPass() throws Exception {
        Path matching = Files.createDirectories(dir.resolve("matching"));
        Files.writeString(matching.resolve(PythonPackagesManifest.FILE), "python.version=3.12.4\npython.abi=cp312\n");
        Path unmarked = Files.createDirectories(dir.resolve("by-hand"));
        assertThatCode(() -> PackageFolders.check(List.of(matching, unmarked), python312)).doesNotThrowAnyException();
    }
}
