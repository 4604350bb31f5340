package io.pybridge.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the plugin's manifest and deciding whether a Python fits it. Pure: no interpreter. */
class PythonPackagesManifestTest {

    @TempDir
    Path dir;

    private static PythonInstallation python(String version, boolean freeThreaded) {
        return new PythonInstallation(Path.of("/x/libpython.so"), null, Path.of("/x"), null, version, List.of(),
                freeThreaded);
    }

    @Test
    void readsWhatThePluginWrites() throws Exception {
        Files.writeString(dir.resolve(PythonPackagesManifest.FILE), """
                # Written by pybridge-maven-plugin
                inputs=abc
                installed=greeting==1.0,shapes==2.0
                native=true
                python.abi=cp313
                python.platform=linux-x86_64
                python.version=3.13.5
                """);
        PythonPackagesManifest manifest = PythonPackagesManifest.read(dir).orElseThrow();
        assertThat(manifest).isEqualTo(new PythonPackagesManifest("3.13.5", "cp313", "linux-x86_64", true,
                List.of("greeting==1.0", "shapes==2.0")));
    }

    @Test
    void aFolderWithoutAManifestHasNone() {
        assertThat(PythonPackagesManifest.read(dir)).isEmpty();
    }

    @Test
    void theAbiTagFollowsTheVersionAndTheBuild() {
        assertThat(PythonPackagesManifest.abiOf(python("3.13.5", false))).isEqualTo("cp313");
        assertThat(PythonPackagesManifest.abiOf(python("3.13.0", true))).isEqualTo("cp313t");
        assertThat(PythonPackagesManifest.abiOf(python("3.11.2", false))).isEqualTo("cp311");
    }

    @Test
    void anotherMinorVersionOrBuildIsRefusedAnotherPatchIsNot() {
        PythonPackagesManifest pure = new PythonPackagesManifest("3.13.5", "cp313", "linux-x86_64", false, List.of());
        assertThat(pure.incompatibility(python("3.13.0", false), "linux-x86_64")).isEmpty();
        assertThat(pure.incompatibility(python("3.12.1", false), "linux-x86_64")).get().asString()
                .contains("installed for CPython 3.13.5 (cp313)", "boots CPython 3.12.1 (cp312)");
        assertThat(pure.incompatibility(python("3.13.0", true), "linux-x86_64")).get().asString().contains("cp313t");
    }

    @Test
    void thePlatformMattersOnlyForExtensionModules() {
        PythonPackagesManifest pure = new PythonPackagesManifest("3.13.5", "cp313", "linux-x86_64", false, List.of());
        PythonPackagesManifest compiled = new PythonPackagesManifest("3.13.5", "cp313", "linux-x86_64", true, List.of());
        assertThat(pure.incompatibility(python("3.13.5", false), "linux-aarch64")).isEmpty();
        assertThat(compiled.incompatibility(python("3.13.5", false), "linux-aarch64")).get().asString()
                .contains("built for linux-x86_64 but this machine is linux-aarch64");
        assertThat(compiled.incompatibility(python("3.13.5", false), null)).as("unknown platform: not compared").isEmpty();
    }
}
